package engine

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ayeaye-go/ayeaye/internal/suggest"
)

// Error is a problem with an engine URL or a location template. It says
// what is wrong, at which byte offset of the input, and how to fix it.
type Error struct {
	What   string // "engine URL" or "template"
	Input  string // the text that was parsed; secrets are redacted when printed
	Offset int    // 0-based byte offset of the problem in Input
	Msg    string // what is wrong
	Hint   string // how to fix it; may be empty
}

func (e *Error) Error() string {
	var b strings.Builder
	in := e.Input
	if e.What == "engine URL" {
		// The input has been through template expansion, so it may carry a
		// secret; an error message ends up in logs.
		in = redactRaw(in)
	}
	fmt.Fprintf(&b, "%s %q: at offset %d: %s", e.What, in, e.Offset, e.Msg)
	if e.Hint != "" {
		b.WriteString("; ")
		b.WriteString(e.Hint)
	}
	return b.String()
}

func urlErr(input string, off int, hint, format string, args ...any) *Error {
	return &Error{What: "engine URL", Input: input, Offset: off, Msg: fmt.Sprintf(format, args...), Hint: hint}
}

// nearest returns the known name closest to name when it is close enough
// to be a likely typo, else "".
func nearest(name string, known []string) string {
	best, bestDist := "", 0
	lower := strings.ToLower(name)
	for _, k := range known {
		d := suggest.Distance(lower, k)
		if best == "" || d < bestDist {
			best, bestDist = k, d
		}
	}
	// Allow one edit for short names, about a third of the letters for longer
	// ones: "cvs" finds "csv" (a transposition is two edits, so short names
	// get two), "delimeter" finds "delimiter", "xml" finds nothing.
	limit := max(2, len(name)/3)
	if best == "" || bestDist > limit || bestDist >= len(name) {
		return ""
	}
	return best
}

// didYouMean formats a suggestion plus the full list of valid names.
func didYouMean(name string, known []string, noun string) string {
	known = slices.Clone(known)
	slices.Sort(known)
	var b strings.Builder
	if s := nearest(name, known); s != "" {
		fmt.Fprintf(&b, "did you mean %q? ", s)
	}
	fmt.Fprintf(&b, "valid %s: %s", noun, strings.Join(known, ", "))
	return b.String()
}
