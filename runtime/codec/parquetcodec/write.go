package parquetcodec

import (
	"fmt"
	"io"
	"strings"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress"

	"github.com/ayeaye-go/ayeaye/runtime/codec"
)

// DefaultRowGroupRows is the number of rows per row group when
// codec.Options.RowGroupRows is 0. A writer holds a row group in memory
// until it is complete, and a column batch is a row group, so this bounds
// both; 128 Ki rows of a few dozen columns is tens of megabytes, and large
// enough for the columns to compress well.
const DefaultRowGroupRows = 1 << 17

// writeBatch is the number of rows a Writer hands to the Parquet library
// at once: enough to amortise its per-call work, few enough to stay in
// cache.
const writeBatch = 1024

// Compressions returns the page codecs a writer accepts in
// codec.Options.Compression, the default first.
func Compressions() []string { return []string{"snappy", "zstd", "gzip", "none"} }

func compression(name string) (compress.Codec, error) {
	switch name {
	case "", "snappy":
		return &parquet.Snappy, nil
	case "zstd":
		return &parquet.Zstd, nil
	case "gzip":
		return &parquet.Gzip, nil
	case "none":
		return &parquet.Uncompressed, nil
	}
	return nil, fmt.Errorf("unknown Parquet compression %q; use one of %s", name, strings.Join(Compressions(), ", "))
}

// Writer writes rows of type S, the dataset's Parquet row type, through
// the Parquet library's typed writer: the library maps the fields of S to
// columns once, when the writer is made, and copies values into column
// buffers without reflection after that. Generated writers convert each
// record into the row Next returns and call Commit.
type Writer[S any] struct {
	gw    *parquet.GenericWriter[S]
	rows  []S
	n     int
	file  string
	count int64 // rows written
	err   error
}

// NewWriter returns a writer of the dataset's rows to w. o.Compression
// chooses the page codec (snappy by default) and o.RowGroupRows the rows
// per row group (DefaultRowGroupRows by default); o.File names the output
// in errors.
func NewWriter[S any](w io.Writer, spec *Spec, o codec.Options) (*Writer[S], error) {
	c, err := compression(o.Compression)
	if err != nil {
		return nil, &codec.Error{File: o.File, Err: err}
	}
	rg := o.RowGroupRows
	if rg == 0 {
		rg = DefaultRowGroupRows
	}
	if rg < 0 {
		return nil, &codec.Error{File: o.File, Err: fmt.Errorf("row group size %d is negative", rg), Hint: "give the rows per row group as a positive number"}
	}
	gw := parquet.NewGenericWriter[S](w, spec.schema,
		parquet.Compression(c),
		parquet.MaxRowsPerRowGroup(int64(rg)),
		parquet.CreatedBy("ayeaye", "", ""),
		parquet.KeyValueMetadata("ayeaye.dataset", spec.name),
		parquet.KeyValueMetadata("ayeaye.fingerprint", spec.fingerprint),
	)
	return &Writer[S]{gw: gw, rows: make([]S, writeBatch), file: o.File}, nil
}

// Next returns the row to fill with the next record. The row still holds
// the values of an earlier record, so that slices can reuse their
// storage: the converter sets every field.
func (w *Writer[S]) Next() *S { return &w.rows[w.n] }

// Commit adds the row Next returned to the output. A record the converter
// refused is simply not committed, so the output stays as it was.
func (w *Writer[S]) Commit() error {
	if w.err != nil {
		return w.err
	}
	w.n++
	w.count++
	if w.n == len(w.rows) {
		return w.flush()
	}
	return nil
}

func (w *Writer[S]) flush() error {
	if w.n == 0 {
		return nil
	}
	_, err := w.gw.Write(w.rows[:w.n])
	w.n = 0
	if err != nil {
		w.err = &codec.Error{File: w.file, Err: fmt.Errorf("writing Parquet: %w", err)}
	}
	return w.err
}

// FieldError is the error for a value of field that Parquet cannot hold,
// in the record being written.
func (w *Writer[S]) FieldError(field string, err error) error {
	return &codec.Error{File: w.file, Row: w.count + 1, Field: field, Err: err}
}

// Close writes the buffered rows and the file's footer. It does not close
// the underlying writer.
func (w *Writer[S]) Close() error {
	if err := w.flush(); err != nil {
		return err
	}
	if err := w.gw.Close(); err != nil {
		w.err = &codec.Error{File: w.file, Err: fmt.Errorf("writing Parquet: %w", err)}
		return w.err
	}
	return nil
}
