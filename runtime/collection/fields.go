package collection

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/schema"
)

// FieldJSON is one field of a dataset's record, as the graph shows it.
// Nested fields are listed after their parent with a dotted name
// ("address.city"; "lines[].sku" for objects inside arrays).
type FieldJSON struct {
	Name        string `json:"name"`
	Type        string `json:"type" jsonschema_description:"The field's type in words: integer, string (date-time), array of string, enum(a, b), object; nullable types end in | null."`
	Description string `json:"description,omitempty"`
}

// maxFields bounds what is listed, so that a fanned-out schema
// (definitions used many times over) cannot make the page unbounded;
// generated schemas are far smaller.
const maxFields = 2000

// SchemaFields lists the fields of a dataset from its JSON Schema (the
// canonical JSON that ayeaye-gen embeds in runtime.Dataset.Schema), as
// RecordFields does. An empty schema has no fields.
func SchemaFields(doc string) ([]FieldJSON, error) {
	rec, err := schema.FromJSON([]byte(doc))
	if err != nil {
		return nil, err
	}
	return RecordFields(rec), nil
}

// RecordFields lists the fields of a record in property-name order,
// nested object fields after their parent. A nil record has no fields. A
// reference the schema could not resolve, or one that leads back to
// itself, is shown as "$ref …"; a type that recurs through an object is
// an object whose fields are listed above it.
func RecordFields(rec *schema.Record) []FieldJSON {
	l := lister{out: []FieldJSON{}}
	if rec != nil {
		l.fields(rec.Fields, "")
	}
	return l.out
}

type lister struct {
	out       []FieldJSON
	truncated bool
}

func (l *lister) fields(fields []schema.Field, prefix string) {
	sorted := make([]*schema.Field, len(fields))
	for i := range fields {
		sorted[i] = &fields[i]
	}
	slices.SortStableFunc(sorted, func(a, b *schema.Field) int { return strings.Compare(a.Name, b.Name) })
	for _, f := range sorted {
		if len(l.out) >= maxFields {
			if !l.truncated {
				l.truncated = true
				l.out = append(l.out, FieldJSON{Name: "…", Type: fmt.Sprintf("only the first %d fields are listed", maxFields)})
			}
			return
		}
		name := prefix + f.Name
		typ, nested := describe(&f.Type)
		l.out = append(l.out, FieldJSON{Name: name, Type: typ, Description: f.Description})
		if len(nested) > 0 {
			sub := name + "."
			if strings.HasPrefix(typ, "array of ") {
				sub = name + "[]."
			}
			l.fields(nested, sub)
		}
	}
}

// describe names a type in words. nested are the fields that belong
// under it: an object's, or those of the objects of an array.
func describe(t *schema.Type) (typ string, nested []schema.Field) {
	if t.Ref != nil && (t.Ref.Err != nil || t.Kind == schema.Any) {
		return "$ref " + t.Ref.Ref, nil
	}
	if len(t.Enum) > 0 {
		return orNull("enum("+strings.Join(t.Enum, ", ")+")", t.Nullable), nil
	}
	kinds := t.Kinds()
	names := make([]string, len(kinds))
	for i, k := range kinds {
		names[i] = k.String()
	}
	switch base := strings.Join(names, " | "); base {
	case "array":
		item := "any"
		if t.Elem != nil {
			item, nested = describe(t.Elem)
		}
		if strings.Contains(item, " | ") {
			item = "(" + item + ")"
		}
		return orNull("array of "+item, t.Nullable), nested
	case "object":
		return orNull("object", t.Nullable), t.Fields
	default:
		if t.Format != "" {
			base += " (" + t.Format + ")"
		}
		return orNull(base, t.Nullable), nil
	}
}

func orNull(t string, nullable bool) string {
	if nullable {
		return t + " | null"
	}
	return t
}

// portFields lists a port's fields from its generated Record, or from its
// schema's JSON for a dataset generated without one.
func portFields(p runtime.DatasetReport) ([]FieldJSON, error) {
	if p.Record != nil {
		return RecordFields(p.Record), nil
	}
	return SchemaFields(p.Schema)
}
