package cli_test

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestOutputOverInput: a -set that points an output at the model's own
// input is refused before anything runs, naming both, and the input stays.
func TestOutputOverInput(t *testing.T) {
	p := newProject(t)
	input := filepath.Join(p.dir, "data", "favourite_colours.csv")
	before := readFile(t, input)
	for _, args := range [][]string{
		{"run", "-set", "colour_popularity=json://" + input, "popularity"},
		{"run", "-set", "colour_popularity=json://" + filepath.Join(p.dir, "data", ".", "..", "data", "favourite_colours.csv"), "-all"},
	} {
		_, errOut, code := p.run(t, args...)
		if code == 0 || !strings.Contains(errOut, "output colour_popularity (field Popularity) resolves to where input favourite_colours (field Answers) is read from") {
			t.Errorf("%v: exit %d, stderr:\n%s", args, code, errOut)
		}
		if got := readFile(t, input); got != before {
			t.Fatalf("%v: the input was replaced", args)
		}
	}
}

// TestSetTwice: one dataset given two locations is a usage error, not
// last-wins.
func TestSetTwice(t *testing.T) {
	p := newProject(t)
	_, errOut, code := p.run(t, "run", "-set", "colour_popularity=mem://a", "-set", "colour_popularity=mem://b", "popularity")
	if code != 2 || !strings.Contains(errOut, "dataset colour_popularity is given twice") {
		t.Errorf("exit %d, stderr:\n%s", code, errOut)
	}
}
