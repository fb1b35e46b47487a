package schema

import (
	"fmt"
	"math"
	"strconv"

	"github.com/ayeaye-go/ayeaye/gen/ir"
)

const toleranceExample = `e.g. "tolerance": 1e-9, or {"absolute": 1e-9, "relative": 1e-6}`

// tolerance checks a property's x-ayeaye.tolerance: a non-negative number
// (an absolute tolerance), or an object with "absolute", "relative" or
// both. Only float values carry one: the other kinds are exact by nature,
// and a tolerance there would hide real differences. An array of numbers
// takes it for each of its numbers; an object's number properties take
// their own.
func (b *builder) tolerance(f *ir.Field, m *member, path []string) {
	if why, hint := toleranceOn(f.Type); why != "" {
		b.errOn(m.value, m.keyPos, hint, "%sx-ayeaye.tolerance applies only to number properties (or arrays of numbers), and this one is %s", prefix(path), why)
		return
	}
	v := m.value
	var tol ir.Tolerance
	switch v.kind {
	case numberNode:
		abs, ok := b.toleranceValue(v, "tolerance", path)
		if !ok {
			return
		}
		tol.Absolute = abs
	case objectNode:
		if len(v.members) == 0 {
			b.errOn(v, v.pos, "give \"absolute\", \"relative\" or both, or remove tolerance to compare exactly",
				"%sx-ayeaye.tolerance is empty", prefix(path))
			return
		}
		valid := []string{"absolute", "relative"}
		ok := true
		for i := range v.members {
			k := &v.members[i]
			switch k.key {
			case "absolute":
				x, good := b.toleranceValue(k.value, "tolerance.absolute", path)
				tol.Absolute, ok = x, ok && good
			case "relative":
				x, good := b.toleranceValue(k.value, "tolerance.relative", path)
				if good && x >= 1 {
					b.errOn(k.value, k.value.pos, "a relative tolerance is a fraction of the larger value, such as 1e-6; at 1 or more almost any two numbers would count as equal",
						"%sx-ayeaye.tolerance.relative is %s; it must be below 1", prefix(path), k.value.text)
					good = false
				}
				tol.Relative, ok = x, ok && good
			default:
				b.errOn(k.value, k.keyPos, extHint(k.key, valid), "%sunknown x-ayeaye.tolerance key %q", prefix(path), k.key)
				ok = false
			}
		}
		if !ok {
			return
		}
	default:
		b.errOn(v, v.pos, "write a number or an object, "+toleranceExample,
			"%sx-ayeaye.tolerance must be a number or an object, not %s", prefix(path), article(v.kind))
		return
	}
	f.Tolerance = &tol
}

// toleranceValue reads one tolerance number: finite and not negative.
func (b *builder) toleranceValue(v *node, key string, path []string) (float64, bool) {
	if v.kind != numberNode {
		b.errOn(v, v.pos, "write a number, "+toleranceExample,
			"%sx-ayeaye.%s must be a number, not %s", prefix(path), key, article(v.kind))
		return 0, false
	}
	x, err := strconv.ParseFloat(v.text, 64)
	switch {
	case err != nil || math.IsInf(x, 0):
		b.errOn(v, v.pos, "write a finite number such as 1e-9", "%sx-ayeaye.%s %s is out of range", prefix(path), key, short([]byte(v.text)))
		return 0, false
	case x < 0:
		b.errOn(v, v.pos, fmt.Sprintf("write the size of the allowed difference, %s", v.text[1:]),
			"%sx-ayeaye.%s is %s; it must not be negative", prefix(path), key, v.text)
		return 0, false
	}
	return x, true
}

// toleranceOn says why a value of type t cannot carry a tolerance, with a
// hint, or returns "" when it can: a float, or an array of floats at any
// depth.
func toleranceOn(t *ir.Type) (why, hint string) {
	elem := t
	for elem.Kind == ir.Array {
		elem = elem.Elem
	}
	switch elem.Kind {
	case ir.Float:
		return "", ""
	case ir.Decimal:
		return describeType(t), "remove it; decimals are exact and compared exactly (round them in the model if the last digits may vary)"
	case ir.Int:
		return describeType(t), "remove it; integers are compared exactly (use \"type\": \"number\" for measured values)"
	case ir.Record:
		return describeType(t), "put the tolerance on the number properties inside the object"
	}
	return describeType(t), "remove it; only floats (\"type\": \"number\") are compared within a tolerance"
}
