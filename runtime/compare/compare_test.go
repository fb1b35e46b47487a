package compare

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ayeaye-go/ayeaye/runtime/value"
)

// reading is a record with every place a tolerance can sit: a float, a
// nullable float, a float32, an array of floats, a nested object and
// array elements (through a $ref).
type reading struct {
	Sensor string              `json:"sensor"`
	Value  float64             `json:"value"`
	Ratio  value.Null[float64] `json:"ratio"`
	Small  float32             `json:"small"`
	Xs     []float64           `json:"xs"`
	Place  place               `json:"place"`
	Legs   []leg               `json:"legs"`
	Exact  float64             `json:"exact"`
}

type place struct {
	Lat  float64 `json:"lat"`
	Name string  `json:"name"`
}

type leg struct {
	Km *float64 `json:"km"`
}

const readingSchema = `{"$defs":{"Leg":{"type":"object","properties":{"km":{"type":["number","null"],"x-ayeaye":{"tolerance":0.5}}}}},
"type":"object","x-ayeaye":{"name":"readings","keys":["sensor"]%s},
"properties":{
 "sensor":{"type":"string"},
 "value":{"type":"number","x-ayeaye":{"tolerance":1E-6}},
 "ratio":{"type":["number","null"],"x-ayeaye":{"tolerance":{"relative":0.01}}},
 "small":{"type":"number","format":"float","x-ayeaye":{"tolerance":{"absolute":0.001,"relative":0}}},
 "xs":{"type":"array","items":{"type":"number"},"x-ayeaye":{"tolerance":0.1}},
 "place":{"type":"object","properties":{"lat":{"type":"number","x-ayeaye":{"tolerance":0.01}},"name":{"type":"string"}}},
 "legs":{"type":"array","items":{"$ref":"#/$defs/Leg"}},
 "exact":{"type":"number"}}}`

func mustRules(t testing.TB, ordered bool) Rules {
	t.Helper()
	extra := ""
	if ordered {
		extra = `,"ordered":true`
	}
	r, err := ParseRules(fmt.Sprintf(readingSchema, extra))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// rd is a reading with the given sensor and value, the rest fixed.
func rd(sensor string, v float64) reading {
	km := 3.0
	return reading{Sensor: sensor, Value: v, Ratio: value.Some(100.0), Small: 0.5, Xs: []float64{1, 2},
		Place: place{Lat: 51.5, Name: "London"}, Legs: []leg{{Km: &km}}}
}

// with changes a copy of r.
func with(r reading, f func(*reading)) reading { f(&r); return r }

func anyRecs(rs ...reading) []any {
	out := make([]any, len(rs))
	for i := range rs {
		out[i] = rs[i]
	}
	return out
}

// TestParseRules reads the rules, and where the tolerances sit, from a
// schema, and refuses what ayeaye-gen would.
func TestParseRules(t *testing.T) {
	r := mustRules(t, true)
	if !r.Ordered || !slices.Equal(r.Keys, []string{"sensor"}) {
		t.Errorf("ordered %v, keys %q", r.Ordered, r.Keys)
	}
	got := map[string]string{}
	var walk func(path string, s *tolSpec)
	walk = func(path string, s *tolSpec) {
		if s == nil {
			return
		}
		if s.tol != nil {
			got[path] = s.tol.String()
		}
		for name, f := range s.fields {
			walk(strings.TrimPrefix(path+"."+name, "."), f)
		}
		if s.items != nil {
			walk(path+"[]", s.items)
		}
	}
	walk("", r.tol)
	want := map[string]string{
		"value": "1e-06", "ratio": "0.01 relative", "small": "0.001", "xs": "0.1", "xs[]": "0.1",
		"place.lat": "0.01", "legs[].km": "0.5",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("tolerances (-want +got):\n%s", d)
	}
	if r, err := ParseRules(""); err != nil || r.Ordered || r.tol != nil {
		t.Errorf("no schema: %+v, %v", r, err)
	}
	for _, bad := range []string{
		`{"properties":{"x":{"type":"number","x-ayeaye":{"tolerance":-1}}}}`,
		`{"properties":{"x":{"type":"number","x-ayeaye":{"tolerance":"1"}}}}`,
		`{"properties":{"x":{"type":"number","x-ayeaye":{"tolerance":{"relative":1}}}}}`,
		`{"properties":{"x":{"$ref":"#/$defs/Nope"}}}`,
		`{"properties":`,
	} {
		if _, err := ParseRules(bad); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}

func TestToleranceEqual(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	tests := []struct {
		tol  tolerance
		a, b float64
		want bool
	}{
		{tolerance{abs: 0.25}, 1, 1.25, true}, // the bound is included
		{tolerance{abs: 0.25}, 1, 1.2500001, false},
		{tolerance{rel: 0.01}, 100, 101, true},
		{tolerance{rel: 0.01}, 100, 101.1, false},
		{tolerance{rel: 0.01}, -100, -101, true},
		{tolerance{rel: 0.01}, 0, 1e-300, false},
		{tolerance{abs: 1e-9, rel: 0.01}, 0, 1e-10, true}, // absolute rescues values near zero
		{tolerance{}, 0, math.Copysign(0, -1), true},
		{tolerance{abs: 1}, nan, nan, true},
		{tolerance{abs: 1}, nan, 0, false},
		{tolerance{abs: 1}, 0, nan, false},
		{tolerance{abs: 1}, inf, inf, true},
		{tolerance{abs: 1}, -inf, -inf, true},
		{tolerance{abs: 1}, inf, -inf, false},
		{tolerance{abs: 1e308}, inf, math.MaxFloat64, false},
		{tolerance{rel: 0.5}, math.MaxFloat64, -math.MaxFloat64, false},
	}
	for _, tt := range tests {
		if got := tt.tol.equal(tt.a, tt.b); got != tt.want {
			t.Errorf("%v equal(%v, %v) = %v, want %v", tt.tol, tt.a, tt.b, got, tt.want)
		}
		if got := tt.tol.equal(tt.b, tt.a); got != tt.want {
			t.Errorf("%v equal(%v, %v) = %v, want %v (not symmetric)", tt.tol, tt.b, tt.a, got, tt.want)
		}
		// The window used to find candidates never excludes an equal value.
		if tt.want && !math.IsNaN(tt.a) && !math.IsInf(tt.a, 0) && math.Abs(tt.a-tt.b) > tt.tol.window(tt.a) {
			t.Errorf("%v: %v is outside the window of %v", tt.tol, tt.b, tt.a)
		}
	}
}

// TestCompareRecords covers order, tolerances at every depth, NaN and
// infinities, nulls and duplicates.
func TestCompareRecords(t *testing.T) {
	a1, a2, a3 := rd("a", 1), rd("b", 2), rd("c", 3)
	nudge := func(r reading) reading { return with(r, func(r *reading) { r.Value += 1e-7 }) }
	tests := []struct {
		name    string
		ordered bool
		a, b    []reading
		// ordered: differing positions; else the leftover positions of A
		// and of B
		positions    []int
		onlyA, onlyB []int
		approx       bool
	}{
		{name: "same", a: []reading{a1, a2}, b: []reading{a1, a2}},
		{name: "any order", a: []reading{a1, a2, a3}, b: []reading{a3, a1, a2}},
		{name: "duplicates count", a: []reading{a1, a1, a2}, b: []reading{a1, a2, a2}, onlyA: []int{1}, onlyB: []int{2}},
		{name: "one side empty", a: []reading{a1}, onlyA: []int{0}},
		{name: "within absolute tolerance", a: []reading{a1, a2}, b: []reading{nudge(a2), nudge(a1)}, approx: true},
		{name: "out of absolute tolerance", a: []reading{a1}, b: []reading{with(a1, func(r *reading) { r.Value += 1e-5 })}, onlyA: []int{0}, onlyB: []int{0}},
		{name: "relative tolerance", a: []reading{a1}, b: []reading{with(a1, func(r *reading) { r.Ratio.V = 100.99 })}, approx: true},
		{name: "out of relative tolerance", a: []reading{a1}, b: []reading{with(a1, func(r *reading) { r.Ratio.V = 98.9 })}, onlyA: []int{0}, onlyB: []int{0}},
		{name: "null is not a number", a: []reading{a1}, b: []reading{with(a1, func(r *reading) { r.Ratio = value.Null[float64]{} })}, onlyA: []int{0}, onlyB: []int{0}},
		{name: "float32", a: []reading{a1}, b: []reading{with(a1, func(r *reading) { r.Small += 0.0009 })}, approx: true},
		{name: "array of numbers", a: []reading{a1}, b: []reading{with(a1, func(r *reading) { r.Xs = []float64{1.05, 1.95} })}, approx: true},
		{name: "array of another length", a: []reading{a1}, b: []reading{with(a1, func(r *reading) { r.Xs = []float64{1} })}, onlyA: []int{0}, onlyB: []int{0}},
		{name: "nested object", a: []reading{a1}, b: []reading{with(a1, func(r *reading) { r.Place.Lat = 51.505 })}, approx: true},
		{name: "nested string is exact", a: []reading{a1}, b: []reading{with(a1, func(r *reading) { r.Place.Name = "london" })}, onlyA: []int{0}, onlyB: []int{0}},
		{name: "array elements through $ref", a: []reading{a1}, b: []reading{with(a1, func(r *reading) { km := 3.4; r.Legs = []leg{{Km: &km}} })}, approx: true},
		{name: "nil pointer is null", a: []reading{a1}, b: []reading{with(a1, func(r *reading) { r.Legs = []leg{{}} })}, onlyA: []int{0}, onlyB: []int{0}},
		{name: "float without tolerance is exact", a: []reading{a1}, b: []reading{with(a1, func(r *reading) { r.Exact = 1e-300 })}, onlyA: []int{0}, onlyB: []int{0}},
		{name: "NaN equals NaN", a: []reading{with(a1, func(r *reading) { r.Value, r.Exact = math.NaN(), math.NaN() })}, b: []reading{with(a1, func(r *reading) { r.Value, r.Exact = math.NaN(), math.NaN() })}},
		{name: "NaN is not a number", a: []reading{with(a1, func(r *reading) { r.Value = math.NaN() })}, b: []reading{a1}, onlyA: []int{0}, onlyB: []int{0}},
		{name: "infinities", a: []reading{with(a1, func(r *reading) { r.Value = math.Inf(1) }), with(a1, func(r *reading) { r.Value = math.Inf(-1) })},
			b: []reading{with(a1, func(r *reading) { r.Value = math.Inf(-1) }), with(a1, func(r *reading) { r.Value = math.Inf(1) })}},
		{name: "infinity is not large", a: []reading{with(a1, func(r *reading) { r.Value = math.Inf(1) })}, b: []reading{with(a1, func(r *reading) { r.Value = math.MaxFloat64 })}, onlyA: []int{0}, onlyB: []int{0}},
		{
			// Greedy would give a's first record the b record a's second
			// needs; the augmenting pass moves it.
			name:   "matching needs a second look",
			a:      []reading{with(a1, func(r *reading) { r.Value, r.Place.Lat = 0, 0 }), with(a1, func(r *reading) { r.Value, r.Place.Lat = 5e-7, 0.01 })},
			b:      []reading{with(a1, func(r *reading) { r.Value, r.Place.Lat = 1e-7, 0.01 }), with(a1, func(r *reading) { r.Value, r.Place.Lat = 2e-7, -0.01 })},
			approx: true,
		},
		{name: "ordered: same", ordered: true, a: []reading{a1, a2}, b: []reading{a1, a2}},
		{name: "ordered: order matters", ordered: true, a: []reading{a1, a2, a3}, b: []reading{a1, a3, a2}, positions: []int{1, 2}},
		{name: "ordered: within tolerance", ordered: true, a: []reading{a1, a2}, b: []reading{nudge(a1), a2}, approx: true},
		{name: "ordered: longer B", ordered: true, a: []reading{a1}, b: []reading{a1, a2, a3}, positions: []int{1, 2}},
		{name: "ordered: longer A", ordered: true, a: []reading{a1, a2}, b: []reading{nudge(a2)}, positions: []int{0, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := compareRecords(&encoder{}, anyRecs(tt.a...), anyRecs(tt.b...), mustRules(t, tt.ordered))
			if err != nil {
				t.Fatal(err)
			}
			got := [][]int{c.positions, c.only[0], c.only[1]}
			if d := cmp.Diff([][]int{tt.positions, tt.onlyA, tt.onlyB}, got); d != "" {
				t.Errorf("positions, only in A, only in B (-want +got):\n%s", d)
			}
			if c.approx != tt.approx {
				t.Errorf("approx = %v, want %v", c.approx, tt.approx)
			}
			if c.same() != (len(tt.positions)+len(tt.onlyA)+len(tt.onlyB) == 0) {
				t.Errorf("same() = %v", c.same())
			}
		})
	}
}

// TestEncoder checks that records print as encoding/json prints them,
// and that non-finite floats print instead of failing.
func TestEncoder(t *testing.T) {
	e := &encoder{}
	r := rd("a", 1e-7)
	r.Exact = 1e21
	if err := e.record(r, nil); err != nil {
		t.Fatal(err)
	}
	want := `{"sensor":"a","value":1e-7,"ratio":100,"small":0.5,"xs":[1,2],"place":{"lat":51.5,"name":"London"},"legs":[{"km":3}],"exact":1e+21}`
	if got := string(e.buf); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	r.Value, r.Exact, r.Xs = math.NaN(), math.Inf(-1), nil
	e.mask = true
	if err := e.record(r, mustRules(t, false).tol); err != nil {
		t.Fatal(err)
	}
	want = `{"sensor":"a","value":~,"ratio":~,"small":~,"xs":null,"place":{"lat":~,"name":"London"},"legs":[{"km":~}],"exact":-Inf}`
	if got := string(e.buf); got != want || len(e.nums) != 5 || !math.IsNaN(e.nums[0]) {
		t.Errorf("got  %s %v\nwant %s", got, e.nums, want)
	}
}

// TestReport prints the differences of an ordered and of an unordered
// dataset: positions or leftover records, and under corresponding ones
// the fields that differ and by how much.
func TestReport(t *testing.T) {
	a1, a2, a3 := rd("a", 1), rd("b", 2), rd("c", 3)
	far := with(a1, func(r *reading) { r.Value, r.Place.Lat, r.Xs = 1.5, 52, []float64{1, 2, 3} })
	tests := []struct {
		name    string
		ordered bool
		a, b    []reading
		want    string
	}{
		{"ordered", true, []reading{a1, a2, a3}, []reading{far, a2},
			`readings: differs: 2 of 3 records differ in place (the dataset is ordered); A has 3 records, B has 2
  record 1 in A {"sensor":"a","value":1,"ratio":100,"small":0.5,"xs":[1,2],"place":{"lat":51.5,"name":"London"},"legs":[{"km":3}],"exact":0}
  record 1 in B {"sensor":"a","value":1.5,"ratio":100,"small":0.5,"xs":[1,2,3],"place":{"lat":52,"name":"London"},"legs":[{"km":3}],"exact":0}
      value: 1 in A, 1.5 in B, off by 0.5 (allowed 1e-06)
      xs: [1,2] in A, [1,2,3] in B
      place.lat: 51.5 in A, 52 in B, off by 0.5 (allowed 0.01)
  … and 1 more
`},
		{"unordered, by key", false, []reading{a1, a2, a3}, []reading{a3, with(a2, func(r *reading) { r.Ratio.V = 50 }), far, rd("d", 4)},
			`readings: differs: 2 of 3 records only in A, 3 of 4 only in B
  only in A {"sensor":"a","value":1,"ratio":100,"small":0.5,"xs":[1,2],"place":{"lat":51.5,"name":"London"},"legs":[{"km":3}],"exact":0}
  only in B {"sensor":"a","value":1.5,"ratio":100,"small":0.5,"xs":[1,2,3],"place":{"lat":52,"name":"London"},"legs":[{"km":3}],"exact":0}
      value: 1 in A, 1.5 in B, off by 0.5 (allowed 1e-06)
      xs: [1,2] in A, [1,2,3] in B
      place.lat: 51.5 in A, 52 in B, off by 0.5 (allowed 0.01)
  only in A … and 1 more
  only in B … and 2 more
`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustRules(t, tt.ordered)
			e := &encoder{}
			c, err := compareRecords(e, anyRecs(tt.a...), anyRecs(tt.b...), r)
			if err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			e.report(&out, "readings", [2][]any{anyRecs(tt.a...), anyRecs(tt.b...)}, r, c, 1, func(s string) string { return s })
			if d := cmp.Diff(tt.want, out.String()); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

// pt is a record of the matching fuzz test: an exact part and two
// tolerant floats.
type pt struct {
	K string  `json:"k"`
	X float64 `json:"x"`
	Y float64 `json:"y"`
}

// FuzzMatchRecords checks the matching against brute force: it pairs as
// many records as a maximum matching does, every pair is equal, and no
// record is used twice.
func FuzzMatchRecords(f *testing.F) {
	f.Add([]byte{1, 2, 3}, []byte{3, 2, 1})
	f.Add([]byte{0, 0, 7}, []byte{0, 7, 7})
	f.Add([]byte{0, 40, 200}, []byte{201, 41, 1})
	f.Add([]byte{}, []byte{5})
	r, err := ParseRules(`{"properties":{"k":{"type":"string"},"x":{"type":"number","x-ayeaye":{"tolerance":1}},"y":{"type":"number","x-ayeaye":{"tolerance":{"relative":0.2}}}}}`)
	if err != nil {
		f.Fatal(err)
	}
	gen := func(bs []byte) []any {
		var out []any
		for _, b := range bs[:min(len(bs), 24)] {
			y := float64(b>>5) + 1
			if b>>5 == 7 {
				y = math.NaN()
			}
			out = append(out, pt{K: string(rune('a' + b%2)), X: float64(b>>1%8) * 0.75, Y: y})
		}
		return out
	}
	f.Fuzz(func(t *testing.T, as, bs []byte) {
		a, b := gen(as), gen(bs)
		e := &encoder{}
		fa, err := flatten(e, a, r)
		if err != nil {
			t.Fatal(err)
		}
		fb, _ := flatten(e, b, r)
		onlyA, onlyB, _ := matchRecords(fa, fb)
		if len(a)-len(onlyA) != len(b)-len(onlyB) {
			t.Fatalf("%d of A matched, %d of B", len(a)-len(onlyA), len(b)-len(onlyB))
		}
		if !sort.IntsAreSorted(onlyA) || !sort.IntsAreSorted(onlyB) || len(slices.Compact(slices.Clone(onlyA))) != len(onlyA) {
			t.Fatalf("leftovers not sorted or repeated: %v %v", onlyA, onlyB)
		}
		if got, best := len(a)-len(onlyA), maxMatching(fa, fb); got != best {
			t.Fatalf("matched %d pairs, a maximum matching has %d\nA %v\nB %v", got, best, a, b)
		}
	})
}

// maxMatching is the size of a maximum matching of equal records, by
// Kuhn's algorithm over every pair.
func maxMatching(a, b []*flat) int {
	partner := make([]int, len(b))
	for i := range partner {
		partner[i] = -1
	}
	var try func(i int, seen []bool) bool
	try = func(i int, seen []bool) bool {
		for j := range b {
			if same, _ := a[i].same(b[j]); same && !seen[j] {
				seen[j] = true
				if partner[j] < 0 || try(partner[j], seen) {
					partner[j] = i
					return true
				}
			}
		}
		return false
	}
	n := 0
	for i := range a {
		if try(i, make([]bool, len(b))) {
			n++
		}
	}
	return n
}
