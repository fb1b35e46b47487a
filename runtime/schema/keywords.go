package schema

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
)

var kindByName = map[string]Kind{"string": String, "integer": Integer, "number": Number, "boolean": Boolean, "array": Array, "object": Object}

// kinds reads "type": a name or a list of names. "null" makes the type
// nullable rather than being a kind; a schema without "type" has no kinds.
func (r *reader) kinds(node *object, ptr string) (kinds []Kind, nullable bool, err error) {
	raw, ok := node.vals["type"]
	if !ok {
		return nil, false, nil
	}
	var names []any
	switch v := raw.(type) {
	case string:
		names = []any{v}
	case []any:
		names = v
	default:
		return nil, false, r.errAt(node, ptr, fmt.Sprintf("\"type\" is %s; write a type name such as \"string\", or a list such as [\"string\", \"null\"]", jsonKind(raw)))
	}
	for _, n := range names {
		s, _ := n.(string)
		k, known := kindByName[s]
		switch {
		case s == "null":
			nullable = true
		case !known:
			return nil, false, r.errAt(node, ptr, fmt.Sprintf("\"type\" lists %s, which is not a JSON Schema type: use string, integer, number, boolean, array, object or null", describeValue(n)))
		case !slices.Contains(kinds, k):
			kinds = append(kinds, k)
		}
	}
	return kinds, nullable, nil
}

func describeValue(v any) string {
	if s, ok := v.(string); ok {
		return fmt.Sprintf("%q", s)
	}
	return jsonKind(v)
}

// enum reads "enum" into t: its members, and null as nullability. It
// returns the kinds of the members, for a schema that gives no "type".
func (r *reader) enum(node *object, ptr string, t *Type) ([]Kind, error) {
	raw, ok := node.vals["enum"]
	if !ok {
		return nil, nil
	}
	vals, ok := raw.([]any)
	if !ok {
		return nil, r.errAt(node, ptr, fmt.Sprintf("\"enum\" is %s; it must list the allowed values, e.g. [\"open\", \"closed\"]", jsonKind(raw)))
	}
	e, seen := r.enums[node]
	if !seen {
		// Read once per schema object: a definition used many times over
		// shares one list, so a large enum costs its size once.
		e = readEnum(vals)
		r.enums[node] = e
	}
	t.Nullable = t.Nullable || e.null
	t.Enum = e.members
	return e.kinds, nil
}

// enumInfo is an enum as FromJSON keeps it.
type enumInfo struct {
	members []string
	kinds   []Kind
	null    bool
}

func readEnum(vals []any) enumInfo {
	var e enumInfo
	for _, v := range vals {
		var k Kind
		switch v := v.(type) {
		case nil:
			e.null = true
			continue
		case string:
			k = String
			e.members = append(e.members, v)
		case json.Number:
			k = Number
			e.members = append(e.members, string(v))
		case bool:
			k = Boolean
			e.members = append(e.members, strconv.FormatBool(v))
		default:
			// An object or array member: shown as JSON, with no kind of
			// its own to lend the type.
			e.members = append(e.members, string(appendJSON(nil, v)))
			continue
		}
		if !slices.Contains(e.kinds, k) {
			e.kinds = append(e.kinds, k)
		}
	}
	return e
}

// tolerance reads x-ayeaye.tolerance of a schema object: a number (an
// absolute tolerance) or {"absolute": …, "relative": …}; nil when absent.
func (r *reader) tolerance(node *object, ptr string) (*Tolerance, error) {
	x, err := r.extension(node, ptr)
	if err != nil || x == nil {
		return nil, err
	}
	raw, ok := x.vals["tolerance"]
	if !ok {
		return nil, nil
	}
	bad := func(what string) error {
		return r.errAt(node, ptr, "x-ayeaye.tolerance "+what+`; write e.g. "tolerance": 1e-9, or {"absolute": 1e-9, "relative": 1e-6} (ayeaye-gen vet checks it)`)
	}
	var t Tolerance
	switch v := raw.(type) {
	case json.Number:
		f, ok := finite(v)
		if !ok {
			return nil, bad(fmt.Sprintf("is %s; it must be a finite number, not negative", v))
		}
		t.Absolute = f
	case *object:
		for _, k := range v.keys {
			n, isNum := v.vals[k].(json.Number)
			f, ok := finite(n)
			switch {
			case k != "absolute" && k != "relative":
				return nil, bad(fmt.Sprintf("has the unknown key %q", k))
			case !isNum || !ok:
				return nil, bad(fmt.Sprintf("%s must be a finite number, not negative", k))
			case k == "absolute":
				t.Absolute = f
			case f >= 1:
				return nil, bad(fmt.Sprintf("relative is %s; it must be below 1", n))
			default:
				t.Relative = f
			}
		}
	default:
		return nil, bad(fmt.Sprintf("is %s; it must be a number or an object", jsonKind(raw)))
	}
	return &t, nil
}

func finite(n json.Number) (float64, bool) {
	f, err := n.Float64()
	return f, err == nil && f >= 0 && !math.IsInf(f, 0)
}
