// Package parquetcodec is the runtime half of Aye-aye's Parquet datasets:
// what the code ayeaye-gen emits for the parquet format calls. It is built
// on github.com/parquet-go/parquet-go and kept apart from package codec so
// that datasets without Parquet do not depend on a Parquet library.
//
// # What the generated code looks like
//
// For a dataset "readings" whose record is Reading, ayeaye-gen emits a row
// type whose fields and struct tags spell the Parquet schema, a Spec made
// from it once at initialisation, and the API
//
//	var ReadingParquetSpec *parquetcodec.Spec // ReadingParquetSpec.Schema() is the Parquet schema
//	func NewReadingParquetWriter(w io.Writer, o codec.Options) (*ReadingParquetWriter, error)
//	func NewReadingParquetReader(r io.ReaderAt, size int64, o codec.Options) (*ReadingParquetReader, error)
//	func NewReadingParquetColumns(r io.ReaderAt, size int64, o codec.Options, columns ...ReadingColumn) (*ReadingParquetColumns, error)
//	func ReadingParquetRowGroups(r io.ReaderAt, size int64) ([]int64, error)
//
// The record reader has the Read and All methods of every format. The
// column reader yields a ReadingParquetBatch per row group, one slice per
// column asked for (the others stay nil and are never decoded). Strings
// that are never null come as a Dict, codes into the row group's
// dictionary, so that a batch costs a code per row rather than a string:
//
//	c, err := datasets.NewReadingParquetColumns(f, size, codec.Options{},
//		datasets.ReadingColumnSensor, datasets.ReadingColumnValue)
//	for b, err := range c.All() {
//		for i := range b.Len {
//			sum[b.Sensor.At(i)] += b.Value[i]
//		}
//	}
//
// # How reading works, and why
//
// Open reads a file's footer and matches each column of the dataset with
// a column of the file by name. A Rows walks the selected row groups; a
// Column bound to it decodes one leaf column a page at a time, straight
// from the library's decoded page into a slice of the Go type (int64,
// string, time.Time, value.Decimal, …), converting the representation
// when the file's differs. Dictionary pages are converted once per column
// chunk, so a dictionary-encoded string column costs one string per
// distinct value; ReadDict hands out the page's codes themselves. Nothing goes through reflection or parquet.Value boxes,
// which is what makes the generated reader several times faster than the
// library's reflection-based reader.
//
// Flat fields are read in bulk (Read, ReadNull, ReadPtr). Nested objects
// and lists are assembled by generated code from the definition and
// repetition levels of their leaves (Def, Rep, Skip, Take), compared with
// the levels Rows.Levels gives for each node of the schema in this file.
//
// # What a file may differ in
//
// A file written by another tool is read when it fits the dataset:
//
//   - columns in any order, and columns the dataset does not have;
//   - optional where the dataset requires a value: a null is then an error
//     naming the row and field when the schema requires the property, and
//     reads as the default (or zero) otherwise, as an absent value does;
//   - a missing top-level column the schema does not require (every row
//     holds the default);
//   - wider or older representations: INT32 (signed, or unsigned up to 32
//     bits) for 64-bit integers, FLOAT for doubles, any TIMESTAMP unit or
//     legacy INT96 for date-times (read in UTC; a timestamp without zone is
//     taken as UTC), DECIMAL of any precision, scale and physical type, or
//     plain integers, for decimals, BYTE_ARRAY with STRING, ENUM, JSON or
//     no annotation for strings and enums;
//   - lists in the standard three-level form with any names, the legacy
//     two-level forms, or bare repeated fields as protobuf writes them.
//
// Anything else is refused before reading, in one *codec.Error whose Err is
// a *SchemaError listing every column that does not fit and why. Nested
// objects and lists are read only when the file has all their columns.
//
// # What the writer writes
//
// Writer hands rows to the library's typed writer, which maps the row
// type to columns once and copies values without reflection. Arrays are
// LIST groups, nullable values optional nodes, enums STRING, date-times
// TIMESTAMP(NANOS) adjusted to UTC (1677 to 2262: other instants are an
// error, not a silent overflow), dates DATE and decimals DECIMAL(p,s).
// A Parquet column has one precision and one scale, and the schema
// vocabulary declares neither for a decimal, so the generator writes
// DECIMAL(38,9) (DecimalPrecision, DecimalScale) in a 16-byte
// FIXED_LEN_BYTE_ARRAY; DecimalInt32, DecimalInt64 and DecimalFixed write
// any DECIMAL(p,s) in the physical type Parquet recommends for p. Decimals
// read back with s digits after the point, equal in value; a value with
// more digits, before or after the point, is an error rather than rounded,
// and the generator refuses a default that does not fit. Strings are
// dictionary-encoded; pages are
// compressed with snappy unless codec.Options.Compression says zstd, gzip
// or none; a row group holds codec.Options.RowGroupRows rows
// (DefaultRowGroupRows by default). The file's metadata names the dataset
// and its schema fingerprint (ayeaye.dataset, ayeaye.fingerprint).
//
// # Row groups and partitions
//
// RowGroups lists a file's row groups by size; codec.Options.RowGroups
// makes readers read only some of them, so a partitioned model can give
// each partition a row group of a large file.
//
// # Bad rows
//
// A row whose value the schema refuses (an enum value the enum lacks, a
// null where a value is required) is an error naming the file, row, row
// group and field. Record readers call Rows.SkipBad, so the error is
// Read's in that row's place and the rows after it read on, which lets a
// run that skips bad records reject and count it as it does a bad CSV
// line; column batches, which have no room for a missing row, fail.
//
// Damaged files are errors, never crashes: the frame is checked before the
// library reads the footer, and its panics on malformed pages are
// recovered into errors.
package parquetcodec
