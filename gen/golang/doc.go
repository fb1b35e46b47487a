// Package golang emits Go source for datasets described in the IR: one
// record struct per dataset (nested objects and enums become named types),
// and reflection-free readers and writers for CSV, TSV, JSON array
// documents and NDJSON.
//
// The emitted code is built with github.com/dave/jennifer, so imports are
// managed and sorted for us, and every file is gofmt-formatted. Helpers the
// code needs at run time (parsers, the CSV scanner, the JSON lexer, civil
// dates, decimals, nullable values) live in runtime/codec and
// runtime/value, shared by every generated package rather than copied
// into each one.
//
// For a dataset "people" whose record is Person, the emitted API is:
//
//	type Person struct{ … }                 // people.go
//	var PersonFormats []codec.Format[Person] // every emitted format, for the runtime
//	func NewPersonCSVReader(r io.Reader, o codec.Options) (*PersonCSVReader, error)
//	func NewPersonTSVReader(r io.Reader, o codec.Options) (*PersonCSVReader, error)
//	func (r *PersonCSVReader) Read(rec *Person) error   // io.EOF at the end
//	func (r *PersonCSVReader) All() iter.Seq2[Person, error]
//	func NewPersonCSVWriter(w io.Writer, o codec.Options) (*PersonCSVWriter, error)
//	func (w *PersonCSVWriter) Write(rec *Person) error
//	func (w *PersonCSVWriter) Close() error              // flushes; w stays open
//
// and the same shape for JSON (PersonJSONReader, PersonJSONWriter) and
// NDJSON (PersonNDJSONReader, PersonNDJSONWriter).
package golang
