package schema

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/ayeaye-go/ayeaye/gen/ir"
	"github.com/ayeaye-go/ayeaye/internal/listing"
)

// matches checks that the JSON value n is a valid value of type t, the
// way a decoder generated for t would see it. It returns "" when it is,
// else why not. Defaults are checked with it so that a generated default
// never fails to parse at run time.
func matches(n *node, t *ir.Type) string {
	if n.kind == nullNode {
		if t.Nullable {
			return ""
		}
		return "null is not allowed (the type is not nullable)"
	}
	want := func(k nodeKind) string {
		if n.kind == k {
			return ""
		}
		return fmt.Sprintf("want %s, got %s", article(k), article(n.kind))
	}
	switch t.Kind {
	case ir.String:
		return want(stringNode)
	case ir.Bool:
		return want(boolNode)
	case ir.Int:
		if w := want(numberNode); w != "" {
			return w
		}
		return intFits(n.text, t.Bits)
	case ir.Float:
		if w := want(numberNode); w != "" {
			return w
		}
		if _, err := strconv.ParseFloat(n.text, t.Bits); errors.Is(err, strconv.ErrRange) {
			return fmt.Sprintf("%s is out of range for a float%d", n.text, t.Bits)
		}
		return ""
	case ir.Decimal:
		if t.Textual {
			if w := want(stringNode); w != "" {
				return w + " (this decimal is written as a JSON string)"
			}
			if !validJSONNumber(n.text) {
				return fmt.Sprintf("%q is not a decimal number", n.text)
			}
			return ""
		}
		return want(numberNode)
	case ir.DateTime:
		if w := want(stringNode); w != "" {
			return w
		}
		if _, err := time.Parse(time.RFC3339Nano, n.text); err != nil {
			return fmt.Sprintf("%q is not an RFC 3339 date-time such as \"2024-01-31T12:00:00Z\"", n.text)
		}
		return ""
	case ir.Date:
		if w := want(stringNode); w != "" {
			return w
		}
		if _, err := time.Parse(time.DateOnly, n.text); err != nil {
			return fmt.Sprintf("%q is not a date such as \"2024-01-31\"", n.text)
		}
		return ""
	case ir.Enum:
		if w := want(stringNode); w != "" {
			return w
		}
		if !slices.Contains(t.Enum.Values, n.text) {
			return fmt.Sprintf("%q is not one of %s", n.text, listing.QuotedAnd(t.Enum.Values))
		}
		return ""
	case ir.Array:
		if w := want(arrayNode); w != "" {
			return w
		}
		for i, it := range n.items {
			if why := matches(it, t.Elem); why != "" {
				return fmt.Sprintf("element %d: %s", i, why)
			}
		}
		return ""
	case ir.Record:
		if w := want(objectNode); w != "" {
			return w
		}
		return objectMatches(n, t.Object)
	}
	return "the type is invalid"
}

func objectMatches(n *node, o *ir.Object) string {
	for _, m := range n.members {
		i := slices.IndexFunc(o.Fields, func(f *ir.Field) bool { return f.Name == m.key })
		if i < 0 {
			if o.Closed {
				return fmt.Sprintf("%q is not a property (additionalProperties is false)", m.key)
			}
			continue
		}
		if o.Fields[i].Type == nil {
			continue
		}
		if why := matches(m.value, o.Fields[i].Type); why != "" {
			return fmt.Sprintf("property %q: %s", m.key, why)
		}
	}
	for _, f := range o.Fields {
		if f.Required && n.get(f.Name) == nil {
			return fmt.Sprintf("required property %q is missing", f.Name)
		}
	}
	return ""
}

// intFits checks that a JSON number is an integer that fits in bits.
// JSON Schema counts 1.0 and 1e2 as integers, so those pass too.
func intFits(text string, bits int) string {
	lo, hi := int64(math.MinInt64)>>(64-bits), int64(math.MaxInt64)>>(64-bits)
	v, err := strconv.ParseInt(text, 10, 64)
	if err != nil {
		f, ferr := strconv.ParseFloat(text, 64)
		switch {
		case ferr != nil && !errors.Is(ferr, strconv.ErrRange):
			return fmt.Sprintf("%s is not a number", text)
		case f != math.Trunc(f):
			return fmt.Sprintf("%s is not an integer", text)
		case math.Abs(f) > 1<<53 || errors.Is(ferr, strconv.ErrRange):
			return fmt.Sprintf("%s is out of range for an int%d", text, bits)
		}
		v = int64(f)
	}
	if v < lo || v > hi {
		return fmt.Sprintf("%s is out of range for an int%d", text, bits)
	}
	return ""
}
