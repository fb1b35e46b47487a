package codec

import (
	"bytes"
	"io"
	"iter"
)

// Options are the settings a dataset's engine URL gives its codec.
type Options struct {
	// File names the data in errors ("people.csv:12:7: …").
	File string
	// Delimiter separates fields in delimited formats; 0 means ',' for
	// CSV and '\t' for TSV.
	Delimiter byte
	// NoHeader reads and writes delimited files without a header row; the
	// columns are then in schema order.
	NoHeader bool
	// Indent pretty-prints JSON array documents with this many spaces.
	Indent int
	// Header, when set, is the header row of a delimited file whose input
	// starts after it: a byte range of a large file read by one partition.
	Header []byte
	// Line is the line number of the input's first byte in its file (1
	// when zero), so errors in a byte range point at the right line.
	Line int
	// ExtraColumns lets a delimited file have columns the schema does not
	// name; they are skipped. The runtime sets it for an input whose
	// producer published a compatible schema with new fields.
	ExtraColumns bool

	// Compression is the codec a Parquet writer compresses pages with:
	// snappy (when empty), zstd, gzip or none. It is the engine URL's
	// ;compression= option. Whole-file compression of the other formats
	// is a gz or zst modifier of the URL instead.
	Compression string
	// RowGroupRows is the number of rows a Parquet writer puts in each row
	// group; 0 means the writer's default. Readers and partitions work
	// one row group at a time, so it bounds their memory.
	RowGroupRows int
	// RowGroups, when not nil, makes a Parquet reader read only these row
	// groups (0-based, in this order): one partition of a large file.
	RowGroups []int
}

// Reader reads records of type T. Read returns io.EOF after the last one.
type Reader[T any] interface {
	Read(rec *T) error
}

// Writer writes records of type T. Close finishes the document (a JSON
// array's closing bracket) and flushes; it does not close the underlying
// io.Writer.
type Writer[T any] interface {
	Write(rec *T) error
	Close() error
}

// Format is one storage format of a record type, as generated code
// declares it, so the runtime can open any dataset without reflection.
type Format[T any] struct {
	Name      string // csv, tsv, json, ndjson, parquet
	NewReader func(r io.Reader, o Options) (Reader[T], error)
	NewWriter func(w io.Writer, o Options) (Writer[T], error)

	// NewReaderAt, when set, is used instead of NewReader: the format
	// needs random access (Parquet keeps its schema and the index of its
	// row groups in a footer at the end of the file). The runtime gives it
	// the local file, or a temporary local copy of a blob or of a
	// compressed file, and its size in bytes.
	NewReaderAt func(r io.ReaderAt, size int64, o Options) (Reader[T], error)
	// RowGroups, when set, lists the row groups of a file by their number
	// of rows, so a partitioned model can read one group per partition
	// with Options.RowGroups.
	RowGroups func(r io.ReaderAt, size int64) ([]int64, error)
}

// flushAt is the buffered size at which writers hand bytes to the
// underlying io.Writer: big enough to amortise syscalls, small enough to
// stay in cache.
const flushAt = 64 << 10

// ReaderFunc adapts a generated reader constructor to Format.NewReader.
func ReaderFunc[T any, R Reader[T]](f func(io.Reader, Options) (R, error)) func(io.Reader, Options) (Reader[T], error) {
	return func(r io.Reader, o Options) (Reader[T], error) {
		rd, err := f(r, o)
		if err != nil {
			return nil, err
		}
		return rd, nil
	}
}

// WriterFunc adapts a generated writer constructor to Format.NewWriter.
func WriterFunc[T any, W Writer[T]](f func(io.Writer, Options) (W, error)) func(io.Writer, Options) (Writer[T], error) {
	return func(w io.Writer, o Options) (Writer[T], error) {
		wr, err := f(w, o)
		if err != nil {
			return nil, err
		}
		return wr, nil
	}
}

// ReaderAtFunc adapts a generated random-access reader constructor to
// Format.NewReaderAt.
func ReaderAtFunc[T any, R Reader[T]](f func(io.ReaderAt, int64, Options) (R, error)) func(io.ReaderAt, int64, Options) (Reader[T], error) {
	return func(r io.ReaderAt, size int64, o Options) (Reader[T], error) {
		rd, err := f(r, size, o)
		if err != nil {
			return nil, err
		}
		return rd, nil
	}
}

// ReadAllFunc makes a Format.NewReader out of a random-access reader
// constructor by reading the whole stream into memory first. It lets code
// that only has an io.Reader read a Parquet file; the runtime uses
// NewReaderAt and keeps large files out of memory.
func ReadAllFunc[T any](f func(io.ReaderAt, int64, Options) (Reader[T], error)) func(io.Reader, Options) (Reader[T], error) {
	return func(r io.Reader, o Options) (Reader[T], error) {
		data, err := io.ReadAll(r)
		if err != nil {
			return nil, err
		}
		return f(bytes.NewReader(data), int64(len(data)), o)
	}
}

// All returns the records of r as an iterator. It stops after the first
// error, which it yields with the zero record.
func All[T any](r Reader[T]) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var rec T
		for {
			err := r.Read(&rec)
			if err == io.EOF {
				return
			}
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			if !yield(rec, nil) {
				return
			}
		}
	}
}
