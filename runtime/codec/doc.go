// Package codec holds what generated readers and writers share: the
// Format table through which the runtime opens a dataset in any storage
// format without reflection, the CSV/TSV scanner and writer, the JSON
// lexer and writers, allocation-free parsers of numbers, times, dates and
// decimals, and Error, the one shape of a bad record.
//
// Generated code declares, per record type, a Codec[T]: the columns of
// delimited files and four functions that decode and append one record,
// field by field. The readers and writers around them are written once,
// here, as generic types (DelimitedReader, DelimitedWriter, JSONReader,
// JSONWriter) that Codec's methods return, and Codec.Formats makes the
// []Format[T] listing the formats ayeaye.yaml asked for. Each generated
// package also declares `const _ = codec.GeneratedV2RunGoGenerate`, so
// code from an incompatible ayeaye-gen fails to build with a name that
// says to run go generate (version.go). A Format has a reader constructor from an
// io.Reader (NewReader), a writer constructor to an io.Writer (NewWriter)
// and, for formats that need random access, a reader constructor from an
// io.ReaderAt and a size (NewReaderAt): Parquet keeps its schema and the
// index of its row groups in a footer at the end of the file. RowGroups
// lists a Parquet file's row groups, so that a large file can be read one
// group per partition through Options.RowGroups. The Parquet support
// itself lives in the subpackage parquetcodec, so that datasets without
// Parquet do not depend on a Parquet library.
//
// Options carry what an engine URL says about the encoding: delimiter,
// header, JSON indentation, and the Parquet writer's page compression and
// row group size.
//
// Every record that cannot be read or written is an *Error naming the
// file, the line and column (the row, for Parquet), the field, the text
// found and the type expected, with a hint when there is something to
// say, so that a user can go to the spot and fix it.
package codec
