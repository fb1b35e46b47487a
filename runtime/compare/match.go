package compare

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sort"
)

// flat is one record as verify compares it: the exact part as text (the
// record's JSON with each float that has a tolerance replaced by ~), and
// those floats in order with their tolerances. Two records are the same
// when their exact parts are equal and each pair of floats is within its
// tolerance; without tolerances that is plain text equality.
type flat struct {
	i     int // the record's position in its run's output
	exact string
	nums  []float64
	tols  []*tolerance
}

// same reports whether a and b are the same record, and whether that
// took a tolerance (some float differs, within it).
func (a *flat) same(b *flat) (same, approx bool) {
	if a.exact != b.exact {
		return false, false
	}
	for k, x := range a.nums {
		y := b.nums[k]
		if !a.tols[k].equal(x, y) {
			return false, false
		}
		if math.Float64bits(x) != math.Float64bits(y) && !(math.IsNaN(x) && math.IsNaN(y)) {
			approx = true
		}
	}
	return true, approx
}

// comparison is the outcome of comparing two runs' versions of a
// dataset. For an ordered dataset, positions lists the positions (from 0)
// whose records differ, including those past the end of the shorter side;
// otherwise only[0] and only[1] list the records of A and of B that found
// no partner, by position.
type comparison struct {
	ordered   bool
	n         [2]int
	approx    bool // some records are the same only within tolerance
	positions []int
	only      [2][]int
}

func (c *comparison) same() bool {
	return len(c.positions) == 0 && len(c.only[0]) == 0 && len(c.only[1]) == 0
}

// flatten encodes every record for comparing.
func flatten(e *encoder, recs []any, r Rules) ([]*flat, error) {
	out := make([]*flat, len(recs))
	e.mask = r.tol != nil
	for i, rec := range recs {
		if err := e.record(rec, r.tol); err != nil {
			return nil, fmt.Errorf("record %d cannot be encoded to compare it: %w", i+1, err)
		}
		out[i] = &flat{i: i, exact: string(e.buf), nums: e.nums, tols: e.tols}
	}
	return out, nil
}

// compareRecords compares two versions of a dataset under its rules.
func compareRecords(e *encoder, a, b []any, r Rules) (*comparison, error) {
	fa, err := flatten(e, a, r)
	if err != nil {
		return nil, fmt.Errorf("run A: %w", err)
	}
	fb, err := flatten(e, b, r)
	if err != nil {
		return nil, fmt.Errorf("run B: %w", err)
	}
	c := &comparison{ordered: r.Ordered, n: [2]int{len(a), len(b)}}
	if r.Ordered {
		for i := range max(len(fa), len(fb)) {
			if i >= len(fa) || i >= len(fb) {
				c.positions = append(c.positions, i)
				continue
			}
			same, approx := fa[i].same(fb[i])
			if !same {
				c.positions = append(c.positions, i)
			}
			c.approx = c.approx || approx
		}
		return c, nil
	}
	c.only[0], c.only[1], c.approx = matchRecords(fa, fb)
	return c, nil
}

// matchRecords pairs the records of a with equal ones of b, in any order,
// and returns the positions of those left over on each side.
//
// Records are grouped by their exact part: only records of one group can
// be the same. Without tolerances a group's records are all equal, so
// counting settles it. With tolerances equality is not transitive (1.0 ~
// 1.5 ~ 2.0 with a tolerance of 0.5, yet 1.0 !~ 2.0), so within a group it
// is a matching problem, solved in two passes:
//
//  1. Sort both sides by their first tolerant float. The records of b
//     that can equal a record of a lie in a window around its value
//     (tolerance.window), found by binary search. Taking a's records in
//     ascending order, each takes the first free record of its window
//     that equals it in every float. With one tolerant float and an
//     absolute tolerance this greedy is a maximum matching; it also
//     settles at once the usual case where records that differ differ by
//     far more than the tolerance.
//  2. Each record of a still without a partner looks for an augmenting
//     path (Kuhn's algorithm): a partner whose own partner can move to
//     another record. That repairs the greedy's choices when several
//     floats interact. The work of both passes is bounded, so that a
//     pathological group (many records within tolerance of each other in
//     one float, yet unequal in another) cannot take cubic time; past the
//     bound the result so far stands, which can only report a difference
//     that a cleverer pairing would have avoided, never hide one.
func matchRecords(a, b []*flat) (onlyA, onlyB []int, approx bool) {
	type group struct{ a, b []*flat }
	groups := map[string]*group{}
	var order []*group
	for side, recs := range [2][]*flat{a, b} {
		for _, f := range recs {
			g := groups[f.exact]
			if g == nil {
				g = &group{}
				groups[f.exact] = g
				order = append(order, g)
			}
			if side == 0 {
				g.a = append(g.a, f)
			} else {
				g.b = append(g.b, f)
			}
		}
	}
	budget := 1 << 22
	for _, g := range order {
		var la, lb []*flat
		if len(g.a) > 0 && len(g.b) > 0 && len(g.a[0].nums) > 0 {
			var ap bool
			la, lb, ap = matchGroup(g.a, g.b, &budget)
			approx = approx || ap
		} else {
			n := min(len(g.a), len(g.b)) // all equal: the first n of each pair up
			la, lb = g.a[n:], g.b[n:]
		}
		for _, f := range la {
			onlyA = append(onlyA, f.i)
		}
		for _, f := range lb {
			onlyB = append(onlyB, f.i)
		}
	}
	slices.Sort(onlyA)
	slices.Sort(onlyB)
	return onlyA, onlyB, approx
}

// numClass orders floats totally: -Inf, finite, +Inf, NaN.
func numClass(x float64) int {
	switch {
	case math.IsNaN(x):
		return 3
	case math.IsInf(x, -1):
		return 0
	case math.IsInf(x, 1):
		return 2
	}
	return 1
}

func cmpNum(x, y float64) int {
	if c := cmp.Compare(numClass(x), numClass(y)); c != 0 || numClass(x) != 1 {
		return c
	}
	return cmp.Compare(x, y)
}

// matchGroup matches records with the same exact part; see matchRecords.
func matchGroup(a, b []*flat, budget *int) (onlyA, onlyB []*flat, approx bool) {
	byFirst := func(x, y *flat) int { return cmpNum(x.nums[0], y.nums[0]) }
	m := &groupMatch{a: slices.Clone(a), b: slices.Clone(b), budget: budget}
	slices.SortStableFunc(m.a, byFirst)
	slices.SortStableFunc(m.b, byFirst)
	m.partnerA = make([]int, len(m.a)) // index into b, or -1
	m.partnerB = make([]int, len(m.b)) // index into a, or -1
	for i := range m.partnerA {
		m.partnerA[i] = -1
	}
	for i := range m.partnerB {
		m.partnerB[i] = -1
	}
	m.greedy()
	m.augmentAll()
	for i, j := range m.partnerA {
		if j < 0 {
			onlyA = append(onlyA, m.a[i])
		} else if _, ap := m.a[i].same(m.b[j]); ap {
			approx = true
		}
	}
	for j, i := range m.partnerB {
		if i < 0 {
			onlyB = append(onlyB, m.b[j])
		}
	}
	return onlyA, onlyB, approx
}

// groupMatch is the state of matching one group: both sides sorted by
// their first tolerant float, and each record's partner on the other.
type groupMatch struct {
	a, b               []*flat
	partnerA, partnerB []int
	budget             *int
}

// window returns the range of b whose first float can equal a[i]'s.
func (m *groupMatch) window(i int) (lo, hi int) {
	b := m.b
	x := m.a[i].nums[0]
	if numClass(x) != 1 {
		lo = sort.Search(len(b), func(j int) bool { return cmpNum(b[j].nums[0], x) >= 0 })
		hi = sort.Search(len(b), func(j int) bool { return cmpNum(b[j].nums[0], x) > 0 })
		return lo, hi
	}
	w := m.a[i].tols[0].window(x)
	lo = sort.Search(len(b), func(j int) bool { return cmpNum(b[j].nums[0], x-w) >= 0 })
	hi = sort.Search(len(b), func(j int) bool { return cmpNum(b[j].nums[0], x+w) > 0 })
	return lo, hi
}

// greedy is pass 1: each record of a takes the first free equal one.
// next[j] skips runs of taken records of b, so a group of many equal
// records stays linear.
func (m *groupMatch) greedy() {
	next := make([]int, len(m.b)+1)
	for j := range next {
		next[j] = j
	}
	free := func(j int) int {
		for next[j] != j {
			next[j] = next[next[j]]
			j = next[j]
		}
		return j
	}
	for i := range m.a {
		lo, hi := m.window(i)
		for j := free(lo); j < hi; j = free(j + 1) {
			if *m.budget--; *m.budget < 0 {
				break
			}
			if same, _ := m.a[i].same(m.b[j]); same {
				m.partnerA[i], m.partnerB[j] = j, i
				next[j] = j + 1
				break
			}
		}
	}
}

// augmentAll is pass 2: an augmenting path from each record of a left
// without a partner.
func (m *groupMatch) augmentAll() {
	seen := make([]int, len(m.b)) // the search that last visited b[j], from 1
	search := 0
	var augment func(i int) bool
	augment = func(i int) bool {
		lo, hi := m.window(i)
		for j := lo; j < hi; j++ {
			if seen[j] == search {
				continue
			}
			if *m.budget--; *m.budget < 0 {
				return false
			}
			if same, _ := m.a[i].same(m.b[j]); !same {
				continue
			}
			seen[j] = search
			if m.partnerB[j] < 0 || augment(m.partnerB[j]) {
				m.partnerA[i], m.partnerB[j] = j, i
				return true
			}
		}
		return false
	}
	for i := range m.a {
		if m.partnerA[i] < 0 && *m.budget > 0 {
			search++
			augment(i)
		}
	}
}
