package openlineage

import (
	"errors"
	"slices"
	"strings"

	"github.com/ayeaye-go/ayeaye/runtime/schema"
)

// elementField names an array's element in the schema facet, as
// OpenLineage's Spark integration does.
const elementField = "_element"

// SchemaFields lists the fields of a dataset's JSON Schema (the Schema of
// a generated dataset) for the OpenLineage schema facet, as RecordFields
// does. The schema is read by schema.FromJSON, with its limits; a
// reference it cannot resolve is an error.
func SchemaFields(doc []byte) ([]SchemaField, error) {
	rec, err := schema.FromJSON(doc)
	if err != nil {
		return nil, err
	}
	if rec == nil {
		return nil, errors.New("the schema is empty; a dataset schema is a JSON object with \"type\": \"object\" and \"properties\"")
	}
	if err := rec.Unresolved(); err != nil {
		return nil, err
	}
	return RecordFields(rec), nil
}

// RecordFields lists a record's fields for the schema facet, in the
// record's order (a generated dataset's is by name). Types are JSON
// Schema's, refined by format (timestamp, date, decimal, int32, …);
// objects are "struct" with nested fields, arrays are "array" with one
// nested field "_element". A recursive type is a "struct" without fields
// where it recurs.
func RecordFields(rec *schema.Record) []SchemaField {
	if rec == nil {
		return []SchemaField{}
	}
	return facetFields(rec.Fields)
}

func facetFields(fields []schema.Field) []SchemaField {
	out := make([]SchemaField, 0, len(fields))
	for i := range fields {
		f := facetField(fields[i].Name, &fields[i].Type)
		f.Description = fields[i].Description
		out = append(out, f)
	}
	return out
}

func facetField(name string, t *schema.Type) SchemaField {
	f := SchemaField{Name: name, Type: fieldType(t)}
	switch {
	case t.Ref != nil:
		// recurs here: the fields are listed above
	case f.Type == "struct":
		f.Fields = facetFields(t.Fields)
	case f.Type == "array" && t.Elem != nil:
		f.Fields = []SchemaField{facetField(elementField, t.Elem)}
	}
	return f
}

// fieldType names a type: JSON Schema's kind refined by format, "struct"
// for objects, "" when the schema does not say.
func fieldType(t *schema.Type) string {
	if t.Ref != nil && t.Ref.Recursive {
		return "struct"
	}
	var out []string
	for _, k := range t.Kinds() {
		name := k.String()
		switch k {
		case schema.Any:
			continue
		case schema.Object:
			name = "struct"
		case schema.String:
			switch t.Format {
			case "date-time":
				name = "timestamp"
			case "date", "time", "decimal", "duration":
				name = t.Format
			}
		case schema.Integer, schema.Number:
			if t.Format != "" {
				name = t.Format
			}
		}
		if !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	return strings.Join(out, "|")
}
