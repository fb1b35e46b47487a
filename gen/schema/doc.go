// Package schema reads dataset schema files and builds the generator's
// intermediate representation (gen/ir) from them. It is the front end of
// ayeaye-gen, and this comment is the manual of the schema format.
//
// # Using the package
//
//	datasets, diags := schema.Load(root, []string{"schemas/orders.json", "schemas/lines.yaml"})
//	if len(diags) > 0 {
//		fmt.Fprintln(os.Stderr, diags) // every problem, in file order
//	}
//
// Load reads files relative to root and returns the datasets sorted by
// name; Parse does the same for one file already in memory. Neither stops
// at the first problem: each reports every problem it can find as a
// diag.Diagnostic with file:line:col (1-based, columns in bytes) and a
// hint, and neither panics on any input. When there is any diagnostic, no
// dataset is returned.
//
// # Schema files
//
// A dataset schema is a JSON Schema (draft 2020-12) document describing
// one record, written in JSON (.json) or YAML (.yaml, .yml); the extension
// decides. YAML is read as the JSON data model: anchors and aliases work,
// but merge keys (<<), custom tags and binary are errors, timestamps stay
// strings, and numbers such as 0x1F become JSON numbers. A file holds
// exactly one document. Duplicate keys are errors in both syntaxes.
//
// A minimal schema:
//
//	{
//	  "$schema": "https://json-schema.org/draft/2020-12/schema",
//	  "type": "object",
//	  "x-ayeaye": {"name": "orders", "keys": ["id"], "engine_url": "csv://{data_root}/orders.csv"},
//	  "properties": {
//	    "id":     {"type": "integer"},
//	    "amount": {"type": "string", "format": "decimal"},
//	    "status": {"enum": ["open", "paid"]}
//	  },
//	  "required": ["id", "amount"],
//	  "additionalProperties": false
//	}
//
// # The top level
//
// The document is the record: "type": "object" with "properties". It may
// also have "required", "additionalProperties" (true or false; false means
// generated JSON decoders reject unknown keys), "$defs", "$schema" (when
// present it must name draft 2020-12), "$id", "title" and "description"
// (kept as the dataset's title and description), and "x-ayeaye":
//
//	name        the dataset name, [a-z][a-z0-9_]*; default: the file name
//	            without extension, which must then match that pattern.
//	            Unique across the project.
//	engine_url  the default engine URL of the dataset, checked with the
//	            runtime's grammar and registry (package runtime/engine,
//	            CheckTemplate): unknown types, modifiers and options,
//	            bad option values and empty options are errors here,
//	            not in a run. {name} templates are left to each run's
//	            environment, and so is what their values could change.
//	keys        property names forming the dataset's key: each must be a
//	            required, non-nullable, non-nested property of the record.
//	ordered     true when the order of the records is part of the data
//	            (a time series written in order): verify then compares
//	            two runs' outputs record by record, position by position,
//	            instead of as collections in any order. Default false.
//	source      where the schema was imported from, written by ayeaye-gen
//	            import: {"manifest": "<the manifest it was given>",
//	            "fingerprint": "sha256:<the producer's schema
//	            fingerprint>"}. Both keys are required; it changes nothing
//	            in the generated code (only the fingerprint, like any
//	            change to the document).
//	record_name the Go name of the record type, used exactly as written
//	            (an exported Go identifier, e.g. "Movie"); default: the
//	            singular of the dataset name (package gen/naming).
//	record      the name of another dataset whose records this dataset's
//	            are: see Shared records below.
//
// Unknown x-ayeaye keys are errors.
//
// # Shared records
//
// Datasets that hold the same records in different places (a CSV file, a
// Parquet file, a SQL table) share one record type: the schema of the
// second names the first's dataset,
//
//	{"x-ayeaye": {"name": "readings_db", "record": "readings",
//	  "engine_url": "sqlite://{output_root}/r.db;table=readings"}}
//
// and both are *runtime.Dataset[Reading], so a copy is out.Write(&r).
// Such a schema needs no "type" or "properties"; when it lists them (for
// editors and readers), they, "required", "additionalProperties" and
// "$defs" must be the other schema's, property by property and in the
// same order, and keys and ordered too: each difference is an error at
// both positions. It may not set record_name, and ayeaye.yaml overrides
// name the dataset that declares the record. The named dataset must
// declare its own record (no chains). A record is named by its dataset
// rather than by a "$ref" to the other file: datasets are what the
// project, lineage and ayeaye.yaml speak of, so moving files changes
// nothing, while a "$ref" means "also valid against" in JSON Schema and
// would pull the other file's name and location in with it.
//
// The datasets stay distinct in the graph, manifests, contracts and
// lineage. Each has its own canonical schema: its document with the
// shared record's keywords written out (and without x-ayeaye.record), so
// its fingerprint changes when the shared record does and the schema it
// publishes in manifests stands on its own. Parse, which reads one file,
// refuses such a schema when it lists no properties; Load resolves it.
//
// # Property types
//
//	"type": "string"                                  string
//	"type": "string", "format": "date-time"           instant with offset (RFC 3339)
//	"type": "string", "format": "date"                calendar date (YYYY-MM-DD)
//	"type": "string", "format": "decimal"             exact decimal written as a JSON string
//	"type": "number", "format": "decimal"             exact decimal written as a JSON number
//	"type": "string", "format": "email" (uri, ...)    string; see below
//	"type": "integer"                                 64-bit integer
//	"type": "integer", "format": "int8|int16|int32|int64"
//	"type": "number"                                  64-bit float
//	"type": "number", "format": "float|double"        32- or 64-bit float
//	"type": "boolean"                                 boolean
//	"enum": ["a", "b"] (with "type": "string" or none) closed set of non-empty, unique strings
//	"type": "array", "items": {...}                   list of the items' type
//	"type": "object", "properties": {...}             nested record (with required, additionalProperties)
//	"$ref": "#/$defs/Name"                            the type defined under $defs
//
// Any type becomes nullable with "type": [X, "null"] (either order); an
// enum may then list null, and an enum without "type" that lists null is
// nullable. On "string", the other formats of JSON Schema 2020-12
// (duration, email, hostname, idn-email, idn-hostname, ipv4, ipv6, iri,
// iri-reference, json-pointer, regex, relative-json-pointer, time, uri,
// uri-reference, uri-template, uuid) are annotations on a plain string,
// not enforced; any other name is an error (with a "did you mean" hint),
// because it is no format at all or a misspelt one ("date-tme" would
// otherwise quietly make a string of a date-time). Unknown formats on
// integer and number are errors too. Nested
// objects and arrays are allowed; whether a dataset's storage formats can
// hold them is checked later, against the field's x-ayeaye.json_encoded.
//
// Every property may carry "x-ayeaye" with
//
//	column        the CSV/TSV header of the field (default: the property
//	              name); columns must be unique within an object and must
//	              not contain tabs or line breaks.
//	go_name       the Go name of the struct field, used exactly as written
//	              (an exported Go identifier, e.g. "Color").
//	enum_go_names on an enum property (or an array of enums): the Go names
//	              of some of its constants, used exactly as written, keyed
//	              by value: {"n/a": "StatusNA"}.
//	json_encoded  true to store an array or object property as JSON text
//	              in one column of a delimited format.
//	tolerance     how far two values may be apart and still count as the
//	              same when verify compares two runs' outputs; without it
//	              floats are compared exactly. A number is an absolute
//	              tolerance; {"absolute": A, "relative": R} (either or
//	              both) allows |a-b| <= max(A, R*max(|a|,|b|)). Both are
//	              finite and not negative, R is below 1. Only on "number"
//	              properties (nullable, float32 and $ref to a number too)
//	              and on arrays of numbers, where it applies to each
//	              number; for an object, put it on the number properties
//	              inside (also inside array elements and definitions).
//	              NaN equals only NaN, and an infinity only itself.
//	parquet_encoding
//	              how Parquet files store the values (an array's
//	              elements): "byte_stream_split" or "plain" for numbers
//	              (split keeps the bytes of each position together, so
//	              measurements compress well and decompress fast);
//	              "dictionary" (the default) or "plain" for strings and
//	              enums; "delta" or "plain" for integers, dates and
//	              date-times that are not nullable (sorted values become
//	              small differences). byte_stream_split dates from
//	              Parquet format 2.8 (2019): check that old consumers of
//	              the files read it.
//
// For example, a time series whose values may differ in the last bits
// between builds:
//
//	{
//	  "type": "object",
//	  "x-ayeaye": {"name": "readings", "ordered": true},
//	  "properties": {
//	    "at":    {"type": "string", "format": "date-time"},
//	    "value": {"type": "number", "x-ayeaye": {"tolerance": 1e-9}},
//	    "ratio": {"type": "number", "x-ayeaye": {"tolerance": {"absolute": 1e-12, "relative": 1e-6}}}
//	  }
//	}
//
// Neither changes the generated code: both reach verify through the
// schema the generated Dataset carries (its canonical JSON). Like any
// change to the document, they change the schema fingerprint; they do
// not change what the data means, so a producer's manifest that differs
// only there is still compatible (runtime/contract reads types only).
//
// # Definitions
//
// Shared schemas live under the top-level "$defs" and are used with
// "$ref": "#/$defs/Name" (JSON-pointer escapes ~0 and ~1 work). A
// definition used by several properties becomes one shared type in the
// generated code: an object definition is one ir.Object with Path
// {"$defs", "Name"}, an enum one ir.EnumType. A $ref may sit next to
// annotations, "default" and "x-ayeaye", but not next to type keywords.
// Recursive definitions are errors (records are finite trees), and so is
// every other $ref: to other files, to URLs, or into a definition.
// Unused definitions are checked too.
//
// # Annotations
//
// title, description, $comment, examples, deprecated, readOnly, writeOnly
// and default are allowed on any schema. "default" must be a valid value
// of the property's type (checked, including ranges, dates and enum
// members) and is kept as canonical JSON in ir.Field.Default.
//
// # Limits
//
// An object has at most MaxProperties (2,048) properties; a wider one is
// an error at its "properties" key. The readers and writers generated for
// an object hold a statement per property in one function, and the Go
// compiler's time and memory on such functions grow faster than their
// size: with every format, 2,048 mixed properties compile in about 16 s
// and 1.8 GB, 4,096 in over a minute and 3.9 GB. Split a wider dataset
// into narrower ones joined by their keys, or group properties into
// nested objects, each of which may have 2,048.
//
// An enum may have any number of values. Up to 256 its Valid method and
// parser are switches; beyond that they look values up in a map built on
// first use, so an enum of 200,000 values compiles in seconds.
//
// # Everything else is an error
//
// Aye-aye never silently ignores a keyword. Validation keywords (minimum,
// maxLength, pattern, const, ...) are errors because Aye-aye does not
// enforce them yet; composition (oneOf, anyOf, allOf, not, if/then/else)
// because a field needs one concrete type; patternProperties,
// prefixItems and the like because every property and element type must
// be declared; extensions other than x-ayeaye, and misspelt keywords
// (with a "did you mean" hint). The document is also validated against
// the JSON Schema 2020-12 meta-schema, whose findings are reported at the
// offending value unless a more specific message already covers it.
//
// # Fingerprints
//
// ir.Dataset.Canonical is the whole document as canonical JSON: object
// keys sorted bytewise, no insignificant white space, numbers as written,
// strings with minimal escaping. Fingerprint is "sha256:" and its hex
// digest, so reformatting a schema, or converting it between JSON and
// YAML, does not change its fingerprint, while any change of meaning
// (including descriptions and x-ayeaye) does.
package schema
