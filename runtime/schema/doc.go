// Package schema is the run time's one description of a dataset's record:
// its fields, their kinds, widths and formats, nullability, enum values,
// nested objects and array elements, and what comparing two versions of
// the dataset needs (tolerances, keys, whether order matters).
//
// # Where a Record comes from
//
// ayeaye-gen writes each dataset's Record into the generated code as a Go
// value, next to the schema's canonical JSON:
//
//	var Orders = &runtime.Dataset[Order]{
//		Name:   "orders",
//		Schema: `{"properties":{"id":{"type":"integer"},…},…}`,
//		Record: &schema.Record{Fields: []schema.Field{{Name: "id", Required: true, Type: schema.Type{Kind: schema.Integer}}, …}},
//	}
//
// so a program never parses its own schemas. FromJSON reads the JSON for
// everything else: the schema a producer published in a manifest, and
// datasets generated before Records were emitted. The generator's tests
// check, for every golden case, that the value it writes equals FromJSON
// of the JSON it writes, so the two cannot drift apart.
//
// # Reading a Record
//
// A Record is a tree of Fields. Each Field embeds its Type: Kind is the
// JSON type (String, Integer, Number, Boolean, Array, Object, or Any when
// the schema does not say), Format refines it as the schema wrote it
// ("int32", "date-time", "decimal", …; Type.Bits turns widths into
// numbers), Nullable says null is allowed, Enum lists the allowed values.
// An Array's element type is Elem; an Object's properties are Fields.
//
//	for _, f := range rec.Fields {
//		if f.Kind == schema.Array && f.Elem != nil && f.Elem.Kind == schema.Object {
//			// f.Elem.Fields are the fields of each element
//		}
//	}
//
// Four readers share it: runtime/contract classifies schema changes
// between a consumer and a producer, runtime/collection lists fields in
// the graph, runtime/openlineage writes the schema facet, and output
// comparison (verify, modeltest) takes Tolerance, Keys and Ordered.
//
// # Foreign schemas
//
// FromJSON reads any JSON Schema document that describes a record as an
// object, not only what ayeaye-gen accepts: unions of types (Type.Also),
// enums of numbers, references anywhere in the document. A reference
// that leads back into a type that encloses it stops there (Ref.Recursive,
// no fields below); one that cannot be resolved is kept as a Ref with its
// Err, which Record.Unresolved returns for readers that need every type.
//
// # Limits
//
// MaxDepth bounds nesting and MaxFields the number of fields and
// elements, counting each use of a definition; the document's JSON may
// nest a few levels per type level more. Beyond them, and for keywords
// FromJSON reads but finds malformed, it returns an *Error that names the
// schema object by JSON Pointer, line and column, and says how to fix it.
package schema
