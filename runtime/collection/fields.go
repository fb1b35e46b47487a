package collection

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// FieldJSON is one field of a dataset's record, as the graph shows it.
// Nested fields are listed after their parent with a dotted name
// ("address.city"; "lines[].sku" for objects inside arrays).
type FieldJSON struct {
	Name        string `json:"name"`
	Type        string `json:"type" jsonschema_description:"The field's type in words: integer, string (date-time), array of string, enum(a, b), object; nullable types end in | null."`
	Description string `json:"description,omitempty"`
}

// maxFieldDepth and maxFields bound what is listed, so that a deep or
// fanned-out schema (definitions used many times over) cannot make the
// page unbounded; generated schemas are far smaller.
const (
	maxFieldDepth = 16
	maxFields     = 2000
)

// SchemaFields lists the fields of a dataset from its JSON Schema (the
// canonical JSON that ayeaye-gen embeds in runtime.Dataset.Schema), in
// property-name order, nested object fields after their parent. An empty
// schema has no fields. Keywords the graph has no words for are shown as
// "any" rather than refused: the schema was checked when it was generated.
func SchemaFields(schema string) ([]FieldJSON, error) {
	if strings.TrimSpace(schema) == "" {
		return []FieldJSON{}, nil
	}
	dec := json.NewDecoder(strings.NewReader(schema))
	dec.UseNumber() // enum members and the like keep their spelling
	var root any
	if err := dec.Decode(&root); err != nil {
		return nil, fmt.Errorf("the schema is not valid JSON: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("the schema has more than one JSON value; it must be one JSON Schema object")
	}
	obj, ok := root.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("the schema is a JSON %s; it must be a JSON Schema object with \"properties\"", jsonKind(root))
	}
	defs, _ := obj["$defs"].(map[string]any)
	w := fieldWalker{defs: defs, out: []FieldJSON{}}
	if err := w.properties(obj, "", 0); err != nil {
		return nil, err
	}
	return w.out, nil
}

type fieldWalker struct {
	defs      map[string]any
	out       []FieldJSON
	truncated bool
}

// properties lists the properties of the object schema s under prefix.
func (w *fieldWalker) properties(s map[string]any, prefix string, depth int) error {
	raw, ok := s["properties"]
	if !ok {
		return nil
	}
	props, ok := raw.(map[string]any)
	if !ok {
		return fmt.Errorf("%q of %s is a JSON %s; it must be an object of property schemas", "properties", where(prefix), jsonKind(raw))
	}
	names := make([]string, 0, len(props))
	for n := range props {
		names = append(names, n)
	}
	slices.Sort(names) // canonical JSON order; a map has none
	for _, n := range names {
		if len(w.out) >= maxFields {
			if !w.truncated {
				w.truncated = true
				w.out = append(w.out, FieldJSON{Name: "…", Type: fmt.Sprintf("only the first %d fields are listed", maxFields)})
			}
			return nil
		}
		name := prefix + n
		typ, nested, desc := w.describe(props[n], depth)
		w.out = append(w.out, FieldJSON{Name: name, Type: typ, Description: desc})
		if nested != nil && depth < maxFieldDepth {
			sub := name + "."
			if strings.HasPrefix(typ, "array of ") {
				sub = name + "[]."
			}
			if err := w.properties(nested, sub, depth+1); err != nil {
				return err
			}
		}
	}
	return nil
}

func where(prefix string) string {
	if prefix == "" {
		return "the record"
	}
	return "field " + strings.TrimSuffix(prefix, ".")
}

// describe names the type of the property schema p in words. nested is the
// object schema whose properties belong under the field (an object, or the
// objects of an array), or nil.
func (w *fieldWalker) describe(p any, depth int) (typ string, nested map[string]any, desc string) {
	s, ok := p.(map[string]any)
	if !ok {
		return "any", nil, "" // true, false or junk: nothing to say
	}
	desc, _ = s["description"].(string)
	// Follow "#/$defs/Name", as the generator does, a bounded number of
	// times so that a recursive definition cannot loop.
	for hops := 0; hops <= maxFieldDepth; hops++ {
		ref, isRef := s["$ref"].(string)
		if !isRef {
			break
		}
		def, found := w.def(ref)
		if !found || hops == maxFieldDepth {
			return "$ref " + ref, nil, desc
		}
		if desc == "" {
			desc, _ = def["description"].(string)
		}
		s = def
	}
	types, nullable := typeList(s["type"])
	if enum, ok := s["enum"].([]any); ok {
		var members []string
		for _, m := range enum {
			if m == nil {
				nullable = true
				continue
			}
			if str, ok := m.(string); ok {
				members = append(members, str)
			} else {
				b, _ := json.Marshal(m) // a decoded JSON value always marshals
				members = append(members, string(b))
			}
		}
		return orNull("enum("+strings.Join(members, ", ")+")", nullable), nil, desc
	}
	base := "any"
	switch len(types) {
	case 0:
		if _, hasProps := s["properties"]; hasProps {
			base = "object"
		}
	case 1:
		base = types[0]
	default:
		base = strings.Join(types, " | ")
	}
	switch base {
	case "array":
		if depth >= maxFieldDepth {
			return orNull("array", nullable), nil, desc
		}
		item, itemNested, _ := w.describe(s["items"], depth+1)
		if _, has := s["items"]; !has {
			item = "any"
		}
		if strings.Contains(item, " | ") {
			item = "(" + item + ")"
		}
		return orNull("array of "+item, nullable), itemNested, desc
	case "object":
		return orNull("object", nullable), s, desc
	}
	if f, ok := s["format"].(string); ok && f != "" {
		base += " (" + f + ")"
	}
	return orNull(base, nullable), nil, desc
}

// def resolves a local reference "#/$defs/Name" (with JSON-pointer and
// percent escapes, as the generator accepts them).
func (w *fieldWalker) def(ref string) (map[string]any, bool) {
	name, ok := strings.CutPrefix(ref, "#/$defs/")
	if !ok || w.defs == nil {
		return nil, false
	}
	name = unescapePointer(name)
	d, ok := w.defs[name].(map[string]any)
	return d, ok
}

func unescapePointer(s string) string {
	var b bytes.Buffer
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			b.WriteByte(unhex(s[i+1])<<4 | unhex(s[i+2]))
			i += 2
			continue
		}
		b.WriteByte(s[i])
	}
	return strings.NewReplacer("~1", "/", "~0", "~").Replace(b.String())
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

// typeList reads "type": "x" or "type": ["x", "null"], keeping the
// non-null types in the order written.
func typeList(t any) (types []string, nullable bool) {
	switch v := t.(type) {
	case string:
		if v == "null" {
			return nil, true
		}
		return []string{v}, false
	case []any:
		for _, x := range v {
			s, ok := x.(string)
			switch {
			case !ok:
			case s == "null":
				nullable = true
			default:
				types = append(types, s)
			}
		}
	}
	return types, nullable
}

func orNull(t string, nullable bool) string {
	if nullable {
		return t + " | null"
	}
	return t
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case json.Number:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	}
	return "object"
}
