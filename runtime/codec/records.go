package codec

import (
	"io"
	"iter"
)

// Codec is what generated code says about one record type T for the
// text formats: its columns in delimited files and four functions that
// read and write one record, field by field. Everything else (headers,
// delimiters, JSON arrays and lines, buffering) is written once, here, in
// the generic readers and writers its methods return. Each record costs
// one call through a function value; the per-field code inside it is
// direct calls the compiler can inline.
type Codec[T any] struct {
	// Columns are T's columns in delimited files, in schema order.
	Columns []Column
	// DecodeCSV reads the current row of csv into rec; idx holds the file
	// column of each schema column, -1 when the file lacks it.
	DecodeCSV func(csv *CSVReader, idx []int, rec *T) error
	// AppendCSV writes rec's fields to csv, without ending the record.
	AppendCSV func(csv *CSVWriter, rec *T) error
	// DecodeJSON reads one object from lx into rec.
	DecodeJSON func(lx *JSONLexer, field string, rec *T) error
	// AppendJSON appends rec to b as a JSON object.
	AppendJSON func(b []byte, rec *T) ([]byte, error)
}

// Formats returns the Format table of the named formats (csv, tsv, json,
// ndjson), in that order, for a Dataset's Formats.
func (c *Codec[T]) Formats(names ...string) []Format[T] {
	out := make([]Format[T], 0, len(names))
	for _, n := range names {
		f := Format[T]{Name: n}
		switch n {
		case "csv":
			f.NewReader, f.NewWriter = ReaderFunc[T](c.NewCSVReader), WriterFunc[T](c.NewCSVWriter)
		case "tsv":
			f.NewReader, f.NewWriter = ReaderFunc[T](c.NewTSVReader), WriterFunc[T](c.NewTSVWriter)
		case "json":
			f.NewReader, f.NewWriter = ReaderFunc[T](c.NewJSONReader), WriterFunc[T](c.NewJSONWriter)
		case "ndjson":
			f.NewReader, f.NewWriter = ReaderFunc[T](c.NewNDJSONReader), WriterFunc[T](c.NewNDJSONWriter)
		default:
			panic("codec: Codec.Formats has no format " + n + "; this is a bug in ayeaye-gen")
		}
		out = append(out, f)
	}
	return out
}

// DelimitedReader reads records of type T from CSV or TSV text.
type DelimitedReader[T any] struct {
	csv    *CSVReader
	idx    []int
	decode func(*CSVReader, []int, *T) error
}

// NewCSVReader reads the header row of comma-separated text from r and
// checks it against the schema: columns may come in any order; missing
// required columns and unknown columns are an error listing them. o.File
// names r in errors.
func (c *Codec[T]) NewCSVReader(r io.Reader, o Options) (*DelimitedReader[T], error) {
	if o.Delimiter == 0 {
		o.Delimiter = ','
	}
	return c.newDelimitedReader(r, o)
}

// NewTSVReader is NewCSVReader for tab-separated text.
func (c *Codec[T]) NewTSVReader(r io.Reader, o Options) (*DelimitedReader[T], error) {
	if o.Delimiter == 0 {
		o.Delimiter = '\t'
	}
	return c.newDelimitedReader(r, o)
}

func (c *Codec[T]) newDelimitedReader(r io.Reader, o Options) (*DelimitedReader[T], error) {
	x := &DelimitedReader[T]{csv: NewCSVReader(r, o), decode: c.DecodeCSV}
	if o.NoHeader {
		x.idx = x.csv.UseColumns(c.Columns)
		return x, nil
	}
	var err error
	if x.idx, err = x.csv.ReadHeader(c.Columns); err != nil {
		return nil, err
	}
	return x, nil
}

// Read reads the next record into rec. It returns io.EOF after the last
// one, and a *Error naming line, column and field for a bad value.
func (r *DelimitedReader[T]) Read(rec *T) error {
	if err := r.csv.Next(); err != nil {
		return err
	}
	return r.decode(r.csv, r.idx, rec)
}

// All returns the remaining records as an iterator. It stops after the
// first error, which it yields.
func (r *DelimitedReader[T]) All() iter.Seq2[T, error] { return All[T](r) }

// DelimitedWriter writes records of type T as CSV or TSV text.
type DelimitedWriter[T any] struct {
	csv    *CSVWriter
	append func(*CSVWriter, *T) error
}

// NewCSVWriter writes comma-separated text to w, starting with the
// header row unless o.NoHeader is set.
func (c *Codec[T]) NewCSVWriter(w io.Writer, o Options) (*DelimitedWriter[T], error) {
	if o.Delimiter == 0 {
		o.Delimiter = ','
	}
	return c.newDelimitedWriter(w, o)
}

// NewTSVWriter is NewCSVWriter for tab-separated text.
func (c *Codec[T]) NewTSVWriter(w io.Writer, o Options) (*DelimitedWriter[T], error) {
	if o.Delimiter == 0 {
		o.Delimiter = '\t'
	}
	return c.newDelimitedWriter(w, o)
}

func (c *Codec[T]) newDelimitedWriter(w io.Writer, o Options) (*DelimitedWriter[T], error) {
	x := &DelimitedWriter[T]{csv: NewCSVWriter(w, o), append: c.AppendCSV}
	if !o.NoHeader {
		for _, col := range c.Columns {
			x.csv.String(col.Name)
		}
		if err := x.csv.EndRecord(); err != nil {
			return nil, err
		}
	}
	return x, nil
}

// Write writes one record. A record that cannot be written (a NaN in a
// JSON-encoded column) is an error and leaves the output as it was.
func (w *DelimitedWriter[T]) Write(rec *T) error {
	if err := w.append(w.csv, rec); err != nil {
		w.csv.Discard()
		return err
	}
	return w.csv.EndRecord()
}

// Close flushes buffered records. It does not close the underlying writer.
func (w *DelimitedWriter[T]) Close() error { return w.csv.Flush() }

// JSONReader reads records of type T from one JSON array document of
// objects, or from newline-delimited JSON, one object per line. Keys the
// schema does not name are skipped; a key it names given twice in one
// object is an error.
type JSONReader[T any] struct {
	// One of the two is set: a branch per record, not a call through an
	// interface, picks it.
	array  *JSONArrayReader
	lines  *NDJSONReader
	decode func(*JSONLexer, string, *T) error
}

// NewJSONReader returns a reader of a JSON array document r; o.File names
// r in errors.
func (c *Codec[T]) NewJSONReader(r io.Reader, o Options) (*JSONReader[T], error) {
	return &JSONReader[T]{array: NewJSONArrayReader(r, o), decode: c.DecodeJSON}, nil
}

// NewNDJSONReader returns a reader of newline-delimited JSON r; o.File
// names r in errors.
func (c *Codec[T]) NewNDJSONReader(r io.Reader, o Options) (*JSONReader[T], error) {
	return &JSONReader[T]{lines: NewNDJSONReader(r, o), decode: c.DecodeJSON}, nil
}

// Read reads the next record into rec. It returns io.EOF after the last
// one, and a *Error naming line, column and field for a bad value.
func (r *JSONReader[T]) Read(rec *T) error {
	var lx *JSONLexer
	var err error
	if r.lines != nil {
		lx, err = r.lines.Next()
	} else {
		lx, err = r.array.Next()
	}
	if err != nil {
		return err
	}
	if err := r.decode(lx, "", rec); err != nil {
		return err
	}
	return lx.End()
}

// All returns the remaining records as an iterator. It stops after the
// first error, which it yields.
func (r *JSONReader[T]) All() iter.Seq2[T, error] { return All[T](r) }

// JSONWriter writes records of type T as one JSON array document, or as
// newline-delimited JSON.
type JSONWriter[T any] struct {
	array  *JSONArrayWriter
	lines  *NDJSONWriter
	append func([]byte, *T) ([]byte, error)
}

// NewJSONWriter returns a writer of one JSON array document to w.
func (c *Codec[T]) NewJSONWriter(w io.Writer, o Options) (*JSONWriter[T], error) {
	return &JSONWriter[T]{array: NewJSONArrayWriter(w, o), append: c.AppendJSON}, nil
}

// NewNDJSONWriter returns a writer of newline-delimited JSON to w.
func (c *Codec[T]) NewNDJSONWriter(w io.Writer, o Options) (*JSONWriter[T], error) {
	return &JSONWriter[T]{lines: NewNDJSONWriter(w, o), append: c.AppendJSON}, nil
}

// Write writes one record. A record that cannot be written (a NaN
// number) is an error and leaves the output as it was before the call.
func (w *JSONWriter[T]) Write(rec *T) error {
	if w.lines != nil {
		b, err := w.append(w.lines.Buffer(), rec)
		if err != nil {
			return err
		}
		return w.lines.Commit(b)
	}
	b, err := w.append(w.array.Buffer(), rec)
	if err != nil {
		return err
	}
	return w.array.Commit(b)
}

// Close flushes buffered records, after ending the array of a JSON
// document. It does not close the underlying writer.
func (w *JSONWriter[T]) Close() error {
	if w.lines != nil {
		return w.lines.Close()
	}
	return w.array.Close()
}
