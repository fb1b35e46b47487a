package engine

import "errors"

// CheckTemplate checks an engine URL template, such as the default engine
// URL of a dataset schema (csv://{data_root}/people.csv), before the
// values of its {names} are known: the template syntax (see Expand) and
// everything Parse checks once the names are filled in that does not
// depend on their values. It is how a generator or a linter refuses
// cssv://{data_root}/x.csv or ;delimeter=tab long before a run would.
//
// What a name's value could change is left unchecked: the scheme when a
// name stands before "://" (or the template has no "://" of its own), an
// option whose name holds a {name}, the value of an option that holds one,
// and the whole-URL checks (a database location's shape, say) that pass
// once the names are given plausible values. A value is taken to hold no
// ';', so the options are the ones the template writes. Errors are *Error
// with offsets into the template.
func CheckTemplate(template string) error { return builtin.CheckTemplate(template) }

// CheckTemplate is the package-level CheckTemplate against this registry's
// types and modifiers.
func (r *Registry) CheckTemplate(template string) error {
	var h holes
	var text []byte
	err := scanTemplate(template, func(lit string, at int) {
		for i := range len(lit) {
			h.orig = append(h.orig, at+i)
		}
		text = append(text, lit...)
	}, func(name string, at int) error {
		// The name stands for its value: it reads sensibly in messages
		// and is a valid location.
		h.spans = append(h.spans, span{len(text), len(text) + len(name)})
		for range len(name) {
			h.orig = append(h.orig, at)
		}
		text = append(text, name...)
		return nil
	})
	if err != nil {
		return err
	}
	h.orig = append(h.orig, len(template))
	_, err = r.parse(string(text), &h)
	var e *Error
	if errors.As(err, &e) {
		e.Input, e.Offset = template, h.orig[min(max(e.Offset, 0), len(h.orig)-1)]
	}
	return err
}

// span is a [start, end) byte range.
type span struct{ start, end int }

// holes are where the names of a template stand in its expanded text,
// whose byte i came from byte orig[i] of the template. A nil *holes is a
// URL without templates.
type holes struct {
	spans []span
	orig  []int
}

// in reports whether any hole overlaps [start, end).
func (h *holes) in(start, end int) bool {
	if h == nil {
		return false
	}
	for _, s := range h.spans {
		if s.start < end && start < s.end {
			return true
		}
	}
	return false
}

// holedLocation is a location that every built-in Check accepts (a
// bucket/key, a host/database, a team/dataset), to tell a Check failure
// that a name's value could cure from one it could not.
const holedLocation = "x/x"
