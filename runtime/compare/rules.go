package compare

import (
	"fmt"
	"math"
)

// Rules are what a dataset's schema says about comparing two versions of
// it: whether record order is part of the data, its key fields (to show
// which records changed), and which floats may differ within a
// tolerance. The zero Rules compare every value exactly, in any order.
type Rules struct {
	// Ordered: record 1 is compared with record 1, record 2 with record
	// 2, and so on (x-ayeaye.ordered).
	Ordered bool
	// Keys name the fields that identify a record (x-ayeaye.keys): a
	// changed record is shown beside the record of the same key.
	Keys []string
	tol  *tolSpec // nil: every value is compared exactly
}

// Tolerant reports whether some float of the record may differ within a
// tolerance.
func (r Rules) Tolerant() bool { return r.tol != nil }

// tolerance bounds the difference of two floats that count as equal.
type tolerance struct{ abs, rel float64 }

// allowed is the largest difference that counts as equal for a and b.
func (t *tolerance) allowed(a, b float64) float64 {
	return max(t.abs, t.rel*max(math.Abs(a), math.Abs(b)))
}

// equal compares within the tolerance. NaN equals only NaN, and an
// infinity only the same infinity: no tolerance bridges those.
func (t *tolerance) equal(a, b float64) bool {
	switch {
	case math.IsNaN(a) || math.IsNaN(b):
		return math.IsNaN(a) && math.IsNaN(b)
	case math.IsInf(a, 0) || math.IsInf(b, 0):
		return a == b
	}
	return math.Abs(a-b) <= t.allowed(a, b)
}

// window is how far below or above a any b that equals it can lie:
// |a-b| <= max(abs, rel*max(|a|,|b|)) with |b| <= |a|+d gives
// d <= max(abs, rel*|a|/(1-rel)), finite because rel < 1.
func (t *tolerance) window(a float64) float64 {
	return max(t.abs, t.rel*math.Abs(a)/(1-t.rel))
}

func (t *tolerance) String() string {
	switch {
	case t.rel == 0:
		return fmt.Sprintf("%g", t.abs)
	case t.abs == 0:
		return fmt.Sprintf("%g relative", t.rel)
	}
	return fmt.Sprintf("%g or %g relative", t.abs, t.rel)
}

// tolSpec follows the shape of the record to the floats that have a
// tolerance. A nil *tolSpec has none below it.
type tolSpec struct {
	tol    *tolerance          // on this value; for an array, on each of its numbers
	fields map[string]*tolSpec // an object's properties
	items  *tolSpec            // an array's elements
}

func (s *tolSpec) field(name string) *tolSpec {
	if s == nil {
		return nil
	}
	return s.fields[name]
}

func (s *tolSpec) elem() *tolSpec {
	if s == nil {
		return nil
	}
	if s.items != nil {
		return s.items
	}
	if s.tol != nil {
		return s // an array of numbers: each number takes the property's tolerance
	}
	return nil
}
