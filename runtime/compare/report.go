package compare

import (
	"fmt"
	"io"
	"math"
	"reflect"

	"github.com/ayeaye-go/ayeaye/internal/printable"
)

// maxFieldLines bounds the fields listed under one pair of records.
const maxFieldLines = 10

// sameMessage says how two versions of a dataset that compare equal are
// the same.
func sameMessage(c *comparison) string {
	msg := fmt.Sprintf("same records (%d)", c.n[0])
	if c.ordered {
		msg += " in the same order"
	}
	if c.approx {
		return msg + ", equal within the declared tolerances"
	}
	return msg + ", stored differently"
}

// report prints how two versions of dataset name differ: at most limit
// records each way (positions, for an ordered dataset), and under each
// pair of records that correspond (the same position, the same key, or
// the same but for tolerant floats) the fields that differ and by how
// much.
func (e *encoder) report(w io.Writer, name string, recs [2][]any, r Rules, c *comparison, limit int, redact func(string) string) {
	show := func(label string, rec any) {
		fmt.Fprintf(w, "  %s %s\n", label, redact(e.text(reflect.ValueOf(rec), nil)))
	}
	fields := func(a, b any) {
		var lines []string
		e.diffs("", reflect.ValueOf(a), reflect.ValueOf(b), r.tol, &lines)
		for i, l := range lines {
			if i == maxFieldLines {
				fmt.Fprintf(w, "      … and %d more fields\n", len(lines)-i)
				break
			}
			fmt.Fprintf(w, "      %s\n", redact(l))
		}
	}
	if c.ordered {
		fmt.Fprintf(w, "%s: differs: %d of %d records differ in place (the dataset is ordered)", name, len(c.positions), max(c.n[0], c.n[1]))
		if c.n[0] != c.n[1] {
			fmt.Fprintf(w, "; A has %d records, B has %d", c.n[0], c.n[1])
		}
		fmt.Fprintln(w)
		for k, i := range c.positions {
			if k == limit {
				fmt.Fprintf(w, "  … and %d more\n", len(c.positions)-k)
				break
			}
			switch {
			case i >= c.n[1]:
				show(fmt.Sprintf("record %d only in A", i+1), recs[0][i])
			case i >= c.n[0]:
				show(fmt.Sprintf("record %d only in B", i+1), recs[1][i])
			default:
				show(fmt.Sprintf("record %d in A", i+1), recs[0][i])
				show(fmt.Sprintf("record %d in B", i+1), recs[1][i])
				fields(recs[0][i], recs[1][i])
			}
		}
		return
	}
	fmt.Fprintf(w, "%s: differs: %d of %d records only in A, %d of %d only in B\n",
		name, len(c.only[0]), c.n[0], len(c.only[1]), c.n[1])
	pairs, rest := e.pairUp(recs, c.only, r)
	shown := 0
	for _, p := range pairs {
		if shown == limit {
			break
		}
		show("only in A", recs[0][p[0]])
		show("only in B", recs[1][p[1]])
		fields(recs[0][p[0]], recs[1][p[1]])
		shown++
	}
	for side, label := range [2]string{"only in A", "only in B"} {
		n := shown
		for _, i := range rest[side] {
			if n == limit {
				break
			}
			show(label, recs[side][i])
			n++
		}
		if more := len(c.only[side]) - n; more > 0 {
			fmt.Fprintf(w, "  %s … and %d more\n", label, more)
		}
	}
}

// pairUp matches the records left over on each side that correspond: by
// the dataset's key when it has one, else, when it has tolerances, by the
// exact part (the same record but for floats out of tolerance). Without
// either, nothing says which record became which, and none pair up.
func (e *encoder) pairUp(recs [2][]any, only [2][]int, r Rules) (pairs [][2]int, rest [2][]int) {
	var key func(rec any) string
	switch {
	case len(r.Keys) > 0:
		key = func(rec any) string { return e.keyOf(rec, r.Keys) }
	case r.tol != nil:
		key = func(rec any) string {
			e.mask = true
			if e.record(rec, r.tol) != nil {
				return ""
			}
			return string(e.buf)
		}
	default:
		return nil, only
	}
	byKey := map[string][]int{}
	for _, j := range only[1] {
		if k := key(recs[1][j]); k != "" {
			byKey[k] = append(byKey[k], j)
		}
	}
	paired := map[int]bool{}
	for _, i := range only[0] {
		k := key(recs[0][i])
		if js := byKey[k]; k != "" && len(js) > 0 {
			pairs = append(pairs, [2]int{i, js[0]})
			byKey[k] = js[1:]
			paired[js[0]] = true
			continue
		}
		rest[0] = append(rest[0], i)
	}
	for _, j := range only[1] {
		if !paired[j] {
			rest[1] = append(rest[1], j)
		}
	}
	return pairs, rest
}

// unwrap follows pointers, interfaces and value.Null to the value, and
// reports null.
func unwrap(v reflect.Value) (reflect.Value, bool) {
	for v.IsValid() {
		switch {
		case (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) && !marshals(v.Type()):
			if v.IsNil() {
				return v, true
			}
			v = v.Elem()
		case isNull(v.Type()):
			if !v.FieldByName("Valid").Bool() {
				return v, true
			}
			v = v.FieldByName("V")
		default:
			return v, false
		}
	}
	return v, true
}

// diffs lists the fields where a and b differ, as
// "path: <a> in A, <b> in B", with how far apart differing numbers are
// and what their tolerance allows. Lists of different lengths are shown
// whole; of the same length, element by element (path[i]).
func (e *encoder) diffs(path string, a, b reflect.Value, spec *tolSpec, out *[]string) {
	add := func(suffix string) {
		p := path
		if p == "" {
			p = "the record"
		}
		ta, tb := e.text(a, spec), e.text(b, spec)
		*out = append(*out, fmt.Sprintf("%s: %s in A, %s in B%s", p, printable.Clip(printable.Escape(ta), 60), printable.Clip(printable.Escape(tb), 60), suffix))
	}
	ua, nullA := unwrap(a)
	ub, nullB := unwrap(b)
	if nullA || nullB || ua.Type() != ub.Type() {
		if nullA != nullB || (!nullA && e.text(a, spec) != e.text(b, spec)) {
			add("")
		}
		return
	}
	a, b = ua, ub
	t := a.Type()
	kind := t.Kind()
	switch {
	case (kind == reflect.Float32 || kind == reflect.Float64) && !marshals(t):
		x, y := a.Float(), b.Float()
		var tol *tolerance
		if spec != nil {
			tol = spec.tol
		}
		if tol != nil && tol.equal(x, y) || tol == nil && string(appendFloat(nil, x, t.Bits())) == string(appendFloat(nil, y, t.Bits())) {
			return
		}
		switch {
		case math.IsNaN(x) || math.IsNaN(y) || math.IsInf(x, 0) || math.IsInf(y, 0):
			add("")
		case tol != nil:
			add(fmt.Sprintf(", off by %.3g (allowed %.3g)", math.Abs(x-y), tol.allowed(x, y)))
		default:
			add(fmt.Sprintf(", off by %.3g", math.Abs(x-y)))
		}
	case kind == reflect.Struct && !marshals(t):
		for _, f := range e.structFields(t) {
			p := f.name
			if path != "" {
				p = path + "." + f.name
			}
			e.diffs(p, a.Field(f.index), b.Field(f.index), spec.field(f.name), out)
		}
	case (kind == reflect.Slice || kind == reflect.Array) && t.Elem().Kind() != reflect.Uint8 && !marshals(t):
		if a.Len() != b.Len() || kind == reflect.Slice && a.IsNil() != b.IsNil() {
			add("")
			return
		}
		for i := range a.Len() {
			e.diffs(fmt.Sprintf("%s[%d]", path, i), a.Index(i), b.Index(i), spec.elem(), out)
		}
	default:
		if e.text(a, spec) != e.text(b, spec) {
			add("")
		}
	}
}
