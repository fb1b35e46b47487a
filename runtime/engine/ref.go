package engine

import (
	"fmt"
	"regexp"
	"strings"
)

// RefNamePattern is a catalogue name, the location of a ref:// URL:
// slash-separated names such as team/dataset, each letters, digits, '_',
// '-' and '.'.
const RefNamePattern = `^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+$`

var refNameRE = regexp.MustCompile(RefNamePattern)

// checkRef keeps ref:// URLs to what the catalogue can resolve: a name and
// nothing else. Storage, compression and format belong to the published
// location the name stands for.
func checkRef(u URL) error {
	if len(u.Modifiers) > 0 {
		return fmt.Errorf("a ref names a dataset in the catalogue, whose entry says how it is stored; remove %q", strings.Join(u.Modifiers, "+")+"+")
	}
	if !refNameRE.MatchString(u.Location) {
		return fmt.Errorf("ref location %q is not a catalogue name; write ref://team/dataset (slash-separated names of letters, digits, '_', '-' and '.')", u.Location)
	}
	return nil
}
