package openlineage

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// Limits that keep a hostile or broken schema from costing more than a
// real one could: nesting depth, and fields in all (local $refs can
// otherwise expand a small document exponentially).
const (
	maxSchemaDepth  = 64
	maxSchemaFields = 10000
	maxJSONDepth    = 512
)

// elementField names an array's element in the schema facet, as
// OpenLineage's Spark integration does.
const elementField = "_element"

// SchemaFields lists the fields of a dataset's JSON Schema (the Schema of
// a generated dataset) for the OpenLineage schema facet, in the order the
// document lists its properties. Types are JSON Schema's, refined by
// format (timestamp, date, decimal, int32, …); objects are "struct" with
// nested fields, arrays are "array" with one nested field "_element".
// Local $refs (#/$defs/…) are followed; a recursive type stops at the
// point where it recurs.
func SchemaFields(schema []byte) ([]SchemaField, error) {
	dec := json.NewDecoder(bytes.NewReader(schema))
	dec.UseNumber()
	root, err := decodeValue(dec, 0)
	if err != nil {
		return nil, fmt.Errorf("not valid JSON: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("not valid JSON: unexpected data after the schema at byte %d", dec.InputOffset())
	}
	obj, ok := root.(*object)
	if !ok {
		return nil, errors.New("the schema is not a JSON object; a dataset schema is an object with \"type\": \"object\" and \"properties\"")
	}
	r := &schemaReader{root: obj}
	node, path, refs, err := r.deref(obj, "", nil)
	if errors.Is(err, errRecursive) {
		return nil, errors.New("the schema's $ref leads back to itself; the record's schema needs \"properties\"")
	}
	if err != nil {
		return nil, err
	}
	if t := typeNames(node.get("type")); len(t) > 0 && !slices.Contains(t, "object") {
		return nil, fmt.Errorf("the schema's type is %s, not object; a dataset schema describes one record as an object", strings.Join(t, "|"))
	}
	if node.get("properties") == nil {
		return nil, errors.New("the schema has no \"properties\"; list the record's fields under \"properties\"")
	}
	return r.properties(node, path, 0, refs)
}

// object is a JSON object that remembers its key order, which
// encoding/json's maps forget.
type object struct {
	keys []string
	vals map[string]any
}

func (o *object) get(k string) any {
	if o == nil {
		return nil
	}
	return o.vals[k]
}

func (o *object) str(k string) string {
	s, _ := o.get(k).(string)
	return s
}

// decodeValue reads one JSON value: *object, []any, string, json.Number,
// bool or nil.
func decodeValue(dec *json.Decoder, depth int) (any, error) {
	if depth > maxJSONDepth {
		return nil, fmt.Errorf("nested deeper than %d levels at byte %d", maxJSONDepth, dec.InputOffset())
	}
	tok, err := dec.Token()
	if err != nil {
		if err == io.EOF {
			return nil, io.ErrUnexpectedEOF
		}
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			o := &object{vals: map[string]any{}}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				k := kt.(string) // the decoder only yields string keys inside objects
				v, err := decodeValue(dec, depth+1)
				if err != nil {
					return nil, err
				}
				if _, dup := o.vals[k]; !dup {
					o.keys = append(o.keys, k)
				}
				o.vals[k] = v
			}
			_, err := dec.Token()
			return o, err
		case '[':
			a := []any{}
			for dec.More() {
				v, err := decodeValue(dec, depth+1)
				if err != nil {
					return nil, err
				}
				a = append(a, v)
			}
			_, err := dec.Token()
			return a, err
		}
		return nil, fmt.Errorf("unexpected %q at byte %d", t, dec.InputOffset())
	default:
		return t, nil
	}
}

type schemaReader struct {
	root  *object
	count int
}

// properties lists the fields of an object schema.
func (r *schemaReader) properties(node *object, path string, depth int, refs []string) ([]SchemaField, error) {
	props := node.get("properties")
	if props == nil {
		return nil, nil
	}
	po, ok := props.(*object)
	if !ok {
		return nil, fmt.Errorf("%s/properties is not an object; it maps each field name to its schema", path)
	}
	fields := make([]SchemaField, 0, len(po.keys))
	for _, name := range po.keys {
		f, keep, err := r.field(name, po.vals[name], path+"/properties/"+pointerEscape(name), depth+1, refs)
		if err != nil {
			return nil, err
		}
		if keep {
			fields = append(fields, f)
		}
	}
	return fields, nil
}

// field describes one property. keep is false for the schema false, a
// field that can never be present.
func (r *schemaReader) field(name string, v any, path string, depth int, refs []string) (f SchemaField, keep bool, err error) {
	if depth > maxSchemaDepth {
		return f, false, fmt.Errorf("%s: fields are nested deeper than %d levels", path, maxSchemaDepth)
	}
	if r.count++; r.count > maxSchemaFields {
		return f, false, fmt.Errorf("%s: the schema has more than %d fields (counting each use of a $ref)", path, maxSchemaFields)
	}
	f.Name = name
	switch s := v.(type) {
	case bool:
		return f, s, nil // true: anything goes, so no type
	case *object:
		f.Description = s.str("description")
		node, npath, refs, err := r.deref(s, path, refs)
		if errors.Is(err, errRecursive) {
			f.Type = "struct" // the type recurs here; its fields are listed above
			return f, true, nil
		}
		if err != nil {
			return f, false, err
		}
		if f.Description == "" {
			f.Description = node.str("description")
		}
		f.Type = fieldType(node)
		switch f.Type {
		case "struct":
			if f.Fields, err = r.properties(node, npath, depth, refs); err != nil {
				return f, false, err
			}
		case "array":
			if items := node.get("items"); items != nil {
				el, keep, err := r.field(elementField, items, npath+"/items", depth+1, refs)
				if err != nil {
					return f, false, err
				}
				if keep {
					f.Fields = []SchemaField{el}
				}
			}
		}
		return f, true, nil
	default:
		return f, false, fmt.Errorf("%s: a field's schema must be an object (or true/false), not %s", path, jsonKind(v))
	}
}

var errRecursive = errors.New("recursive $ref")

// deref follows $ref chains from node to the schema they name. refs are
// the references followed on the way from the root, to stop recursion;
// it returns them with this chain's added.
func (r *schemaReader) deref(node *object, path string, refs []string) (*object, string, []string, error) {
	for {
		ref, ok := node.get("$ref").(string)
		if !ok {
			if node.get("$ref") != nil {
				return nil, "", nil, fmt.Errorf("%s/$ref is not a string; write \"$ref\": \"#/$defs/name\"", path)
			}
			return node, path, refs, nil
		}
		if slices.Contains(refs, ref) {
			return nil, "", nil, errRecursive
		}
		refs = append(refs[:len(refs):len(refs)], ref) // copy: siblings share the parent's slice
		target, err := r.resolve(ref)
		if err != nil {
			return nil, "", nil, fmt.Errorf("%s/$ref: %w", path, err)
		}
		t, ok := target.(*object)
		if !ok {
			return nil, "", nil, fmt.Errorf("%s/$ref %q names %s, not a schema object", path, ref, jsonKind(target))
		}
		node, path = t, strings.TrimPrefix(ref, "#")
	}
}

// resolve finds a local reference "#/a/b" (a JSON Pointer in a URL
// fragment) in the root document.
func (r *schemaReader) resolve(ref string) (any, error) {
	frag, ok := strings.CutPrefix(ref, "#")
	if !ok {
		return nil, fmt.Errorf("%q is not a local reference; only references inside the document (#/$defs/name) are supported", ref)
	}
	frag, err := url.PathUnescape(frag)
	if err != nil {
		return nil, fmt.Errorf("%q is not a valid URL fragment: %v", ref, err)
	}
	var cur any = r.root
	if frag == "" {
		return cur, nil
	}
	if !strings.HasPrefix(frag, "/") {
		return nil, fmt.Errorf("%q is not a JSON Pointer; write #/$defs/name", ref)
	}
	for _, tok := range strings.Split(frag[1:], "/") {
		tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
		switch c := cur.(type) {
		case *object:
			v, ok := c.vals[tok]
			if !ok {
				return nil, fmt.Errorf("%q names nothing: there is no %q", ref, tok)
			}
			cur = v
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(c) {
				return nil, fmt.Errorf("%q names nothing: %q is not an index of an array of %d", ref, tok, len(c))
			}
			cur = c[i]
		default:
			return nil, fmt.Errorf("%q names nothing: %q is inside %s", ref, tok, jsonKind(c))
		}
	}
	return cur, nil
}

// fieldType names a field's type: JSON Schema's type refined by format,
// "struct" for objects, "" when the schema does not say.
func fieldType(node *object) string {
	types := typeNames(node.get("type"))
	if len(types) == 0 {
		switch {
		case node.get("properties") != nil:
			types = []string{"object"}
		case node.get("items") != nil:
			types = []string{"array"}
		case node.get("enum") != nil:
			types = enumTypes(node.get("enum"))
		}
	}
	format := node.str("format")
	out := make([]string, 0, len(types))
	for _, t := range types {
		switch t {
		case "object":
			t = "struct"
		case "string":
			switch format {
			case "date-time":
				t = "timestamp"
			case "date", "time", "decimal", "duration":
				t = format
			}
		case "integer", "number":
			if format != "" {
				t = format
			}
		}
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return strings.Join(out, "|")
}

// typeNames reads "type": a name or a list of names, without "null"
// (nullability is not part of the facet's type).
func typeNames(v any) []string {
	var names []string
	switch t := v.(type) {
	case string:
		names = []string{t}
	case []any:
		for _, e := range t {
			if s, ok := e.(string); ok {
				names = append(names, s)
			}
		}
	}
	return slices.DeleteFunc(names, func(s string) bool { return s == "null" })
}

// enumTypes infers the types of an enum without "type" from its values.
func enumTypes(v any) []string {
	vals, _ := v.([]any)
	var types []string
	for _, e := range vals {
		var t string
		switch e.(type) {
		case string:
			t = "string"
		case json.Number:
			t = "number"
		case bool:
			t = "boolean"
		default:
			continue
		}
		if !slices.Contains(types, t) {
			types = append(types, t)
		}
	}
	return types
}

func jsonKind(v any) string {
	switch v.(type) {
	case *object:
		return "an object"
	case []any:
		return "an array"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	}
	return "null"
}

// pointerEscape escapes a name for use in a JSON Pointer path.
func pointerEscape(s string) string {
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(s)
}
