package codec

import (
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
	Name      string // csv, tsv, json, ndjson
	NewReader func(r io.Reader, o Options) (Reader[T], error)
	NewWriter func(w io.Writer, o Options) (Writer[T], error)
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
