package schema

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
)

// FromJSON reads a dataset's JSON Schema document: the canonical JSON of
// a generated dataset (runtime.Dataset.Schema), or a foreign one such as
// a published manifest's. A blank document is no schema: nil, no error.
//
// Local references (#/$defs/Name, or any JSON Pointer into the document)
// are followed; one that leads back to a type enclosing it stops there,
// and one that cannot be resolved is kept as a Ref with its error.
// Keywords of no meaning here (title, pattern, allOf, …) are skipped;
// the ones FromJSON reads must be well formed, and an *Error names the
// schema object at fault by JSON Pointer and line and column.
func FromJSON(doc []byte) (*Record, error) {
	if len(bytes.TrimSpace(doc)) == 0 {
		return nil, nil
	}
	d, err := decode(doc)
	if err != nil {
		return nil, err
	}
	root, ok := d.root.(*object)
	if !ok {
		return nil, d.errAt(0, "", fmt.Sprintf("the schema is %s; a dataset schema is a JSON object with \"type\": \"object\" and \"properties\"", jsonKind(d.root)))
	}
	r := &reader{doc: d, enums: map[*object]enumInfo{}}
	rec := &Record{}
	if err := r.datasetFacts(root, rec); err != nil {
		return nil, err
	}
	node, ptr, refs, ref, err := r.deref(root, "", nil, nil)
	switch {
	case err != nil:
		return nil, err
	case ref != nil && ref.Recursive:
		return nil, r.errAt(root, "", "the schema's $ref leads back to itself; describe the record with \"type\": \"object\" and \"properties\"")
	case ref != nil:
		return nil, ref.Err
	}
	kinds, _, err := r.kinds(node, ptr)
	if err != nil {
		return nil, err
	}
	if len(kinds) > 0 && !slices.Contains(kinds, Object) {
		return nil, r.errAt(node, ptr, fmt.Sprintf("the schema's type is %s, not object; a dataset schema describes one record as an object", kindList(kinds)))
	}
	if rec.Fields, err = r.fields(node, ptr, 0, refs); err != nil {
		return nil, err
	}
	return rec, nil
}

type reader struct {
	doc   *document
	count int                  // fields and elements built, against MaxFields
	enums map[*object]enumInfo // each enum read once, shared by every use of its schema
}

func (r *reader) errAt(o *object, ptr, msg string) *Error {
	return r.doc.errAt(o.offset, ptr, msg)
}

// datasetFacts reads the top level's x-ayeaye keys and ordered.
func (r *reader) datasetFacts(root *object, rec *Record) error {
	x, err := r.extension(root, "")
	if err != nil || x == nil {
		return err
	}
	if v, ok := x.vals["keys"]; ok {
		keys, ok := v.([]any)
		for _, k := range keys {
			s, isStr := k.(string)
			ok = ok && isStr
			rec.Keys = append(rec.Keys, s)
		}
		if !ok {
			return r.errAt(x, "/x-ayeaye", "x-ayeaye.keys must list property names, e.g. [\"id\"]")
		}
	}
	if v, ok := x.vals["ordered"]; ok {
		b, ok := v.(bool)
		if !ok {
			return r.errAt(x, "/x-ayeaye", fmt.Sprintf("x-ayeaye.ordered is %s; it must be true or false", jsonKind(v)))
		}
		rec.Ordered = b
	}
	return nil
}

// extension returns the x-ayeaye object of schema o, or nil.
func (r *reader) extension(o *object, ptr string) (*object, error) {
	v, ok := o.vals["x-ayeaye"]
	if !ok {
		return nil, nil
	}
	x, ok := v.(*object)
	if !ok {
		return nil, r.errAt(o, ptr, fmt.Sprintf("x-ayeaye is %s; it must be an object of Aye-aye's settings", jsonKind(v)))
	}
	return x, nil
}

// typeOf reads the schema v of a field or of an array's elements. keep is
// false for the schema false, which no value matches.
func (r *reader) typeOf(v any, ptr string, depth int, refs []string, inherited *Tolerance) (t Type, desc string, keep bool, err error) {
	if depth > MaxDepth {
		return t, "", false, r.doc.errAt(r.offsetOf(v), ptr, fmt.Sprintf("types are nested deeper than %d levels; flatten the record", MaxDepth))
	}
	if r.count++; r.count > MaxFields {
		return t, "", false, r.doc.errAt(r.offsetOf(v), ptr, fmt.Sprintf("the schema has more than %d fields (counting each use of a $ref)", MaxFields))
	}
	switch s := v.(type) {
	case bool:
		return Type{Tolerance: inherited}, "", s, nil // true: anything goes
	case *object:
		tol := inherited
		// The site and each definition its $ref chain passes through may
		// describe the field; the first description wins, the last
		// tolerance (the definition's own beats the one of the $ref).
		visit := func(n *object, p string) error {
			d, e := r.str(n, p, "description")
			if e != nil {
				return e
			}
			if desc == "" {
				desc = d
			}
			own, e := r.tolerance(n, p)
			if own != nil {
				tol = own
			}
			return e
		}
		node, nptr, refs, ref, err := r.deref(s, ptr, refs, visit)
		switch {
		case err != nil:
			return t, "", false, err
		case ref != nil:
			return Type{Kind: r.refKind(ref), Tolerance: tol, Ref: ref}, desc, true, nil
		}
		t, err = r.typed(node, nptr, depth, refs, tol)
		return t, desc, err == nil, err
	}
	return t, "", false, r.doc.errAt(r.offsetOf(v), ptr, fmt.Sprintf("a field's schema must be an object (or true or false), not %s", jsonKind(v)))
}

// offsetOf is where a value's enclosing schema starts, for errors about
// values that do not record their own offset.
func (r *reader) offsetOf(v any) int64 {
	if o, ok := v.(*object); ok {
		return o.offset
	}
	return 0
}

// typed reads a schema object that is not a $ref.
func (r *reader) typed(node *object, ptr string, depth int, refs []string, tol *Tolerance) (Type, error) {
	t := Type{Tolerance: tol}
	kinds, nullable, err := r.kinds(node, ptr)
	if err != nil {
		return t, err
	}
	t.Nullable = nullable
	if t.Format, err = r.str(node, ptr, "format"); err != nil {
		return t, err
	}
	enumKinds, err := r.enum(node, ptr, &t)
	if err != nil {
		return t, err
	}
	if len(kinds) == 0 {
		kinds = inferKinds(node, enumKinds)
	}
	if len(kinds) > 0 {
		t.Kind = kinds[0]
		if len(kinds) > 1 {
			t.Also = kinds[1:]
		}
	}
	if t.Is(Object) {
		if t.Fields, err = r.fields(node, ptr, depth, refs); err != nil {
			return t, err
		}
	}
	if items, ok := node.vals["items"]; ok && t.Is(Array) {
		elem, _, keep, err := r.typeOf(items, ptr+"/items", depth+1, refs, tol)
		if err != nil {
			return t, err
		}
		if keep {
			t.Elem = &elem
		}
	}
	return t, nil
}

// inferKinds is the type of a schema without "type": an object if it has
// properties, an array if it has items, else the types of its enum.
func inferKinds(node *object, enumKinds []Kind) []Kind {
	switch {
	case node.get("properties") != nil:
		return []Kind{Object}
	case node.get("items") != nil:
		return []Kind{Array}
	}
	return enumKinds
}

// fields reads the properties of an object schema; nil when it has none.
func (r *reader) fields(node *object, ptr string, depth int, refs []string) ([]Field, error) {
	raw, ok := node.vals["properties"]
	if !ok {
		return nil, nil
	}
	props, ok := raw.(*object)
	if !ok {
		return nil, r.errAt(node, ptr, fmt.Sprintf("\"properties\" is %s; it must be an object mapping each field name to its schema", jsonKind(raw)))
	}
	required, err := r.required(node, ptr)
	if err != nil {
		return nil, err
	}
	var out []Field
	for _, name := range props.keys {
		t, desc, keep, err := r.typeOf(props.vals[name], ptr+"/properties/"+pointerEscape(name), depth+1, refs, nil)
		if err != nil {
			return nil, err
		}
		if keep {
			out = append(out, Field{Name: name, Description: desc, Required: required[name], Type: t})
		}
	}
	return out, nil
}

func (r *reader) required(node *object, ptr string) (map[string]bool, error) {
	raw, ok := node.vals["required"]
	if !ok {
		return nil, nil
	}
	list, ok := raw.([]any)
	out := make(map[string]bool, len(list))
	for _, v := range list {
		s, isStr := v.(string)
		ok = ok && isStr
		out[s] = true
	}
	if !ok {
		return nil, r.errAt(node, ptr, "\"required\" must list property names, e.g. [\"id\"]")
	}
	return out, nil
}

// str reads an optional string keyword.
func (r *reader) str(node *object, ptr, key string) (string, error) {
	v, ok := node.vals[key]
	if !ok {
		return "", nil
	}
	s, ok := v.(string)
	if !ok {
		return "", r.errAt(node, ptr, fmt.Sprintf("%q is %s; it must be a string", key, jsonKind(v)))
	}
	return s, nil
}

func pointerEscape(s string) string {
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(s)
}

func kindList(kinds []Kind) string {
	names := make([]string, len(kinds))
	for i, k := range kinds {
		names[i] = k.String()
	}
	return strings.Join(names, "|")
}
