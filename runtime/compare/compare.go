package compare

import (
	"fmt"
	"io"
)

// Result is the outcome of comparing two versions of a dataset, A and B:
// whether they hold the same records under the dataset's rules, and what
// Report prints when they do not.
type Result struct {
	c     *comparison
	recs  [2][]any
	rules Rules
	e     *encoder
}

// Records compares a and b, two versions of one dataset's records (A and
// B), under r. Records are compared as encoding/json writes them, so the
// same records read from another format or byte form are the same. A
// record that cannot be encoded (a channel, a func) is an error naming
// its side and position.
func Records[T any](a, b []T, r Rules) (*Result, error) {
	res := &Result{recs: [2][]any{anys(a), anys(b)}, rules: r, e: &encoder{}}
	c, err := compareRecords(res.e, res.recs[0], res.recs[1], r)
	if err != nil {
		return nil, err
	}
	res.c = c
	return res, nil
}

func anys[T any](recs []T) []any {
	if out, ok := any(recs).([]any); ok {
		return out
	}
	out := make([]any, len(recs))
	for i, rec := range recs {
		out[i] = rec
	}
	return out
}

// Same reports whether A and B hold the same records.
func (r *Result) Same() bool { return r.c.same() }

// Approx reports whether some records are the same only within the
// declared tolerances.
func (r *Result) Approx() bool { return r.c.approx }

// Summary is one line: how A and B are the same, or how many records
// differ.
func (r *Result) Summary() string {
	c := r.c
	switch {
	case c.same():
		return sameMessage(c)
	case c.ordered:
		return fmt.Sprintf("%d of %d records differ in place (the dataset is ordered)", len(c.positions), max(c.n[0], c.n[1]))
	}
	return fmt.Sprintf("%d of %d records only in A, %d of %d only in B", len(c.only[0]), c.n[0], len(c.only[1]), c.n[1])
}

// Report prints, for the dataset called name, how A and B are the same,
// or how they differ: at most limit differing records each way
// (positions, for an ordered dataset), and under records that correspond
// (the same position, the same key, or the same but for a float out of
// tolerance) each field that differs, with both values and, for numbers,
// by how much and what the tolerance allows. redact (nil: none) is
// applied to every line that shows data.
func (r *Result) Report(w io.Writer, name string, limit int, redact func(string) string) {
	if redact == nil {
		redact = func(s string) string { return s }
	}
	if r.c.same() {
		fmt.Fprintf(w, "%s: %s\n", name, sameMessage(r.c))
		return
	}
	r.e.report(w, name, r.recs, r.rules, r.c, limit, redact)
}
