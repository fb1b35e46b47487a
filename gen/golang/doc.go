// Package golang emits Go source for datasets described in the IR: one
// record struct per dataset (nested objects and enums become named types),
// and reflection-free readers and writers for CSV, TSV, JSON array
// documents, NDJSON and Parquet.
//
// The emitted code is built with github.com/dave/jennifer, so imports are
// managed and sorted for us, and every file is gofmt-formatted. Helpers the
// code needs at run time (parsers, the CSV scanner, the JSON lexer, civil
// dates, decimals, nullable values) live in runtime/codec and
// runtime/value, shared by every generated package rather than copied
// into each one.
//
// Only what depends on the fields is generated. For a dataset "people"
// whose record is Person, the emitted API is:
//
//	type Person struct{ … }                // people.go, with its enums
//	var PersonCodec *codec.Codec[Person]   // columns and per-record functions
//	var PeopleDataset *runtime.Dataset[Person] // for models; Formats from PersonCodec
//
// PersonCodec holds the record's columns in delimited files and four
// unexported functions, written field by field: decodePersonCSV (in
// people_csv.go) and appendPersonCSV, decodePersonJSON and
// appendPersonJSON (people_json.go). The readers and writers around them
// are generic and written once in runtime/codec, so code without the
// runtime still gets typed ones:
//
//	r, err := datasets.PersonCodec.NewCSVReader(f, codec.Options{})    // or NewTSVReader
//	for p, err := range r.All() { … }                                   // or r.Read(&p) until io.EOF
//	w, err := datasets.PersonCodec.NewNDJSONWriter(out, codec.Options{}) // or NewJSONWriter, NewCSVWriter
//	err = w.Write(&p); err = w.Close()                                  // Close flushes; out stays open
//
// Each record costs one call through a function value; the per-field code
// is direct calls. Every generated package also carries
//
//	const _ = codec.GeneratedV2RunGoGenerate
//
// a version guard: the runtime defines only its own version's constant,
// so code from an incompatible ayeaye-gen fails to build on that line,
// and the name says what to do. The names follow the rules in package
// gen/naming. A dataset that shares another's record (x-ayeaye.record)
// gets only its Dataset variable, of the other's type, with the other's
// Formats and Table.
//
// Parquet (people_parquet.go, when formats lists parquet) adds a row type
// whose struct tags spell the Parquet schema, and
//
//	var PersonParquetSpec *parquetcodec.Spec
//	func NewPersonParquetWriter(w io.Writer, o codec.Options) (*PersonParquetWriter, error)
//	func NewPersonParquetReader(r io.ReaderAt, size int64, o codec.Options) (*PersonParquetReader, error)
//	func NewPersonParquetColumns(r io.ReaderAt, size int64, o codec.Options, columns ...PersonColumn) (*PersonParquetColumns, error)
//	func (c *PersonParquetColumns) Next(b *PersonParquetBatch) error // a row group, column by column
//	func PersonParquetRowGroups(r io.ReaderAt, size int64) ([]int64, error)
//
// Readers decode columns into the record's own types with
// runtime/codec/parquetcodec, without reflection; the writer goes through
// the Parquet library's typed writer. Shapes the library's struct tags
// cannot express (nulls inside lists of lists, nullable lists inside
// lists) are reported as schema problems.
//
// The sql format (sql.go) emits the table descriptor of runtime/table,
// set as the Dataset's Table:
//
//	var PersonTable *table.Table[Person] // columns, key, Scan and Values; ayeaye-gen ddl prints the CREATE TABLE
//	func scanPersonSQL(r *table.Row, rec *Person) error
//	func appendPersonSQL(rec *Person, dst []any) ([]any, error)
//
// One column per top-level field, named by its property; arrays and
// objects are JSON columns, encoded and decoded with the JSON codecs
// above. TableSchema gives the same columns to ayeaye-gen ddl.
//
// The Dataset variable carries the schema twice: as canonical JSON
// (Schema, what manifests publish and fingerprints hash) and as a
// runtime/schema value (Record, record.go), which the run time reads
// instead of parsing the JSON:
//
//	Record: &schema.Record{Fields: []schema.Field{
//		{Name: "id", Required: true, Type: schema.Type{Kind: schema.Integer}},
//		{Name: "status", Type: schema.Type{Kind: schema.String, Enum: schema.Values(PersonStatusValues())}},
//	}, Keys: []string{"id"}},
//
// The golden tests check that every emitted Record equals
// schema.FromJSON of the emitted Schema.
package golang
