// Package ir is the language-neutral description of datasets that sits
// between reading schemas and emitting code.
//
// Front ends (gen/schema) build it from JSON Schema documents; emitters
// (gen/golang) turn it into source. Neither side sees the other's world:
// nothing here mentions JSON Schema keywords or Go types. Names are kept as
// the schema spells them; turning them into identifiers is the emitter's job
// (gen/naming).
package ir

import "github.com/ayeaye-go/ayeaye/gen/diag"

// Dataset is one dataset schema: the record type and dataset-level facts.
type Dataset struct {
	// Name is the dataset's name: x-ayeaye.name, else the schema file's
	// base name without extension. Unique within a project.
	Name string
	// Source is the schema file, slash-separated and relative to the
	// project root (it is printed in generated headers and diagnostics).
	Source      string
	Title       string
	Description string
	// EngineURL is the default engine URL from x-ayeaye.engine_url; empty
	// when the schema gives none.
	EngineURL string
	// Keys are the property names of the key fields, in declared order.
	Keys []string
	// Ordered means the order of the records is part of the data
	// (x-ayeaye.ordered), as in a time series written in order: comparing
	// two versions of the dataset compares them position by position
	// rather than as collections.
	Ordered bool
	// Fingerprint identifies the schema's meaning: "sha256:" and the hex
	// digest of the schema document in canonical JSON (sorted keys, no
	// insignificant space), so reformatting a file does not change it.
	Fingerprint string
	// Canonical is that canonical JSON document.
	Canonical []byte
	// Record is the top-level record; its Path is empty.
	Record *Object
	// RecordName is x-ayeaye.record_name, the Go name of the record type
	// exactly as written; "" leaves the emitter's default, the singular
	// of Name.
	RecordName string
	// RecordOf is x-ayeaye.record: the name of the dataset whose records
	// this dataset's are, "" when the schema declares its own. Loading
	// makes Record, Keys and Ordered that dataset's (Record the same
	// *Object), so emitters declare the record type once and give both
	// datasets the same Go type; Canonical and Fingerprint stay this
	// dataset's, with the shared record written out in full.
	RecordOf    string
	RecordOfPos diag.Pos // where x-ayeaye.record is written
	Pos         diag.Pos
}

// Object is a record: the top-level one or a nested object.
type Object struct {
	// Path locates the object from the dataset record: nil for the record,
	// {"customer"} for a nested object in property "customer",
	// {"lines", "[]"} for the element object of array property "lines".
	Path        []string
	Description string
	Fields      []*Field // in the schema's property order
	// Closed means the schema forbids properties it does not list
	// (additionalProperties: false): JSON decoders reject unknown keys
	// instead of skipping them.
	Closed bool
}

// Field is one property of an object.
type Field struct {
	// Name is the property name exactly as the schema spells it; it is the
	// JSON key.
	Name string
	// Column is the CSV/TSV header for the field: x-ayeaye column override
	// (used when the sample data's header is not a valid property name),
	// else Name.
	Column      string
	Description string
	Required    bool
	// Default is the schema's default as raw JSON, or nil.
	Default []byte
	// JSONEncoded marks an array or object field that delimited formats
	// (CSV, TSV) store as JSON text in one column.
	JSONEncoded bool
	// Tolerance is how far apart two values of a number field (or of the
	// numbers in an array field) may be and still count as the same when
	// outputs are compared (x-ayeaye.tolerance); nil compares them exactly.
	Tolerance *Tolerance
	// ParquetEncoding is how Parquet files store the field's values (of
	// an array field: its elements), from x-ayeaye.parquet_encoding:
	// "plain", "byte_stream_split", "dictionary" or "delta"; "" leaves the
	// writer's default (dictionary for strings, plain otherwise).
	ParquetEncoding string
	// GoName is x-ayeaye.go_name, the field's Go name exactly as written;
	// "" leaves the emitter's default.
	GoName string
	Type   *Type
	Pos    diag.Pos
}

// Tolerance bounds the difference of two float values that count as equal:
// |a-b| <= max(Absolute, Relative*max(|a|,|b|)). Both are finite and
// non-negative, and Relative is below 1.
type Tolerance struct {
	Absolute float64
	Relative float64
}

// Kind is the shape of a value.
type Kind int

const (
	String   Kind = iota + 1
	Int           // signed integer of Type.Bits bits
	Float         // IEEE 754 number of Type.Bits bits
	Bool          //
	DateTime      // an instant with a zone offset (RFC 3339)
	Date          // a calendar date without zone (YYYY-MM-DD)
	Decimal       // an exact decimal number; never a float
	Enum          // one of a closed set of strings, Type.Enum
	Array         // a list of Type.Elem
	// Record is a nested record, Type.Object. (The constant cannot be
	// called Object: that name is the struct type.)
	Record
)

var kindNames = [...]string{
	String: "string", Int: "integer", Float: "number", Bool: "boolean",
	DateTime: "date-time", Date: "date", Decimal: "decimal", Enum: "enum",
	Array: "array", Record: "object",
}

func (k Kind) String() string {
	if k > 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "invalid"
}

// Type is the type of a field or of an array element.
type Type struct {
	Kind Kind
	// Bits is the width of Int (8, 16, 32, 64) and Float (32, 64) kinds.
	Bits int
	// Nullable means null is a valid value, distinct from absent.
	Nullable bool
	Enum     *EnumType // Kind == Enum
	Elem     *Type     // Kind == Array
	Object   *Object   // Kind == Record
	// Textual marks a Decimal written as a JSON string ("12.50") rather
	// than a JSON number (12.50), so encoders keep the schema's choice.
	Textual bool
	// Format is the schema's spelling of the refinement ("int64", "email",
	// "date-time"; "" when it gives none): Kind and Bits say what it
	// means, Format what to print, as the run-time schema model does.
	Format string
}

// EnumType is a closed set of string values.
type EnumType struct {
	// Path names the enum like Object.Path: the property path from the
	// record, e.g. {"status"}.
	Path   []string
	Values []string // in schema order; unique
	// GoNames are x-ayeaye.enum_go_names: the Go name of the constant of
	// each value, exactly as written, or "" for the emitter's default; nil
	// when none is given.
	GoNames []string
}

// Nested reports whether values of t need a format that can hold
// structure (JSON), or JSON encoding inside a delimited format.
func (t *Type) Nested() bool { return t.Kind == Array || t.Kind == Record }

// Objects returns every object of the dataset, the record first, then
// nested ones depth-first in field order. Emitters use it to declare types.
// An object shared through a schema definition ($defs) is listed once, at
// its first use.
func (d *Dataset) Objects() []*Object {
	var out []*Object
	seen := map[*Object]bool{}
	var walkType func(t *Type)
	var walk func(o *Object)
	walk = func(o *Object) {
		if seen[o] {
			return
		}
		seen[o] = true
		out = append(out, o)
		for _, f := range o.Fields {
			walkType(f.Type)
		}
	}
	walkType = func(t *Type) {
		switch t.Kind {
		case Record:
			walk(t.Object)
		case Array:
			walkType(t.Elem)
		}
	}
	walk(d.Record)
	return out
}

// Enums returns every enum type of the dataset in the order Objects visits
// their fields; an enum shared through a definition is listed once.
func (d *Dataset) Enums() []*EnumType {
	var out []*EnumType
	seen := map[*EnumType]bool{}
	var walkType func(t *Type)
	walkType = func(t *Type) {
		switch t.Kind {
		case Enum:
			if !seen[t.Enum] {
				seen[t.Enum] = true
				out = append(out, t.Enum)
			}
		case Array:
			walkType(t.Elem)
		}
	}
	for _, o := range d.Objects() {
		for _, f := range o.Fields {
			walkType(f.Type)
		}
	}
	return out
}

// Driver is a package that a project's programs link by blank import
// because its engine URLs name what the package provides: a SQL
// database's driver, object storage, a cloud's blob driver.
type Driver struct {
	Import string // the import path
	// Users are what names it, sorted: dataset names, and ayeaye.yaml
	// entries written as "catalogue team/name" or "environment NAME".
	Users []string
}
