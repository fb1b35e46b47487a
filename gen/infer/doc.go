// Package infer writes a first dataset schema from sample data, so a new
// dataset starts from its real columns instead of a blank page. It backs
// "ayeaye-gen infer":
//
//	res, err := infer.Files([]string{"orders.csv", "more/orders-2.csv.gz"}, infer.Options{Enums: 8})
//	if err != nil {
//		return err // file:line:col: what is wrong, and a hint
//	}
//	os.Stdout.Write(res.Schema) // a JSON Schema 2020-12 document
//	for _, n := range res.Notes {
//		fmt.Fprintln(os.Stderr, n) // orders.csv: column "zip": chose string: ...
//	}
//
// Infer does the same for inputs that are not files on disk.
//
// # Inputs
//
// The extension picks the format: .csv, .tsv, .json (one array of
// objects), .ndjson or .jsonl (one object per line), each optionally
// followed by .gz. Delimited files are read with runtime/codec's
// CSVReader, the reader generated code uses, so quoting, nulls and errors
// are exactly what the generated readers will see: the first record is the
// header, an unquoted empty field is null and a quoted one ("") an empty
// string. JSON is walked token by token with encoding/json.
//
// Several inputs describe one dataset: their columns are merged in the
// order first seen, and a column missing from an input (or, in JSON, from
// some records) is optional rather than required.
//
// # Types
//
// Each column gets the narrowest type that every non-null value fits:
//
//	integer    base-10 integers within int64, no leading zeros
//	number     integers and decimals, with exponents too (integer ⊂ number)
//	boolean    true and false (also True, TRUE, False, FALSE)
//	date       YYYY-MM-DD naming a real day
//	date-time  RFC 3339 with an offset, as the runtime parses it
//	string     anything else
//
// A date column and a date-time column do not mix: the result is string.
// Nulls (an unquoted empty field, JSON null) make the type nullable,
// "type": [X, "null"]. In JSON inputs objects become nested objects and
// arrays become arrays, recursively; values of mixed JSON kinds become
// string, because a JSON reader accepts a string property only from JSON
// strings. A nested value in the record is marked x-ayeaye.json_encoded so
// the schema also works for CSV and TSV.
//
// Some choices are judgement calls, and each is explained by a Note:
//
//   - leading zeros ("007") make a string: such values are codes, and a
//     number would drop the zeros;
//   - integers too large for int64 make a string in delimited files (no
//     digit is lost) and a number in JSON;
//   - numbers that all have the same number of fraction digits ("12.50")
//     look like money: with Options.Decimal they become "format":
//     "decimal", exact; without, a float and a note suggesting -decimal;
//   - a column that mostly fits a type but not entirely becomes string,
//     and the note says how many values fit and quotes one that does not:
//     chose string: 3 values look like dates, 2 do not (e.g. "31/02/2026");
//   - timestamps without an offset, yes/no flags, quoted empty strings in
//     an otherwise numeric column and numbers written as JSON strings are
//     named as such.
//
// With Options.Enums n, a string column with at most n distinct values,
// each appearing twice on average, becomes an enum of those values
// (sorted, with null when the column is nullable), unless two values
// would get the same Go constant name.
//
// # Names
//
// A JSON key stays the property name, because it is the key the generated
// JSON readers look for. A header seen only in delimited files becomes a
// snake_case property name, read into words the way gen/naming reads names
// (unit price ($) -> unit_price, unitPrice -> unit_price, 2nd place ->
// x2nd_place, Größe -> größe), made unique, also as a Go name; when the
// name differs from the header the header is kept as "x-ayeaye":
// {"column": "<header>"}. Headers that cannot be a column (empty,
// repeated, with a tab or line break) get a made-up name and a note. The
// dataset name (x-ayeaye.name) is Options.Name, or the first file's base
// name made into [a-z][a-z0-9_]*.
//
// # Output
//
// The schema lists $schema, title (the first file's base name),
// description (where it came from), type, x-ayeaye, required and
// properties in column order, indented, so the same samples always give
// the same bytes. Before it is returned it is parsed with gen/schema, so
// ayeaye-gen accepts what infer writes.
//
// # Memory
//
// Memory does not grow with the number of rows: inputs are streamed, and
// each column keeps counters, a few examples of at most 40 bytes, and at
// most Options.Enums distinct values of at most 64 bytes. Options.Rows
// stops reading each input after that many records. What can grow is the
// number of columns, so an object with more than 4096 distinct keys (a
// map, not a record) and JSON nested deeper than 64 levels are errors.
package infer
