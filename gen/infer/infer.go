package infer

import (
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/ayeaye-go/ayeaye/gen/naming"
	"github.com/ayeaye-go/ayeaye/gen/schema"
	"github.com/ayeaye-go/ayeaye/internal/listing"
	"github.com/ayeaye-go/ayeaye/runtime/codec"
)

// Options control inference. The zero value infers from every record,
// with no enums and no decimals, and names the dataset after the first
// input.
type Options struct {
	// Name is the dataset name (x-ayeaye.name); "" derives it from the
	// first input's file name. It must match [a-z][a-z0-9_]*.
	Name string
	// Rows reads at most this many records of each input; 0 reads all.
	Rows int
	// Enums makes a string column with at most this many distinct values,
	// each seen at least twice on average, an enum; 0 makes no enums.
	Enums int
	// Decimal makes a number column whose values all have the same number
	// of fraction digits ("12.50") an exact decimal (format: decimal)
	// rather than a float.
	Decimal bool
}

// Input is one sample file.
type Input struct {
	// Name is the file's name as the user gave it: notes and errors
	// show it, and its extension picks the format (see Format).
	Name string
	// Open opens the file's bytes (compressed, for .gz). It may be called
	// again to find the line of a problem in a JSON file.
	Open func() (io.ReadCloser, error)
}

// Result is an inferred schema and what is worth telling about it.
type Result struct {
	// Schema is the JSON Schema document, indented, ending in a newline.
	Schema []byte
	// Name is the dataset name in the schema.
	Name string
	// Notes explain the columns whose type was a judgement call, in
	// column order.
	Notes []Note
}

// Note explains one choice about one column.
type Note struct {
	File    string // the input the note is about
	Column  string // the column: "price", or "customer.city" and "tags[]" inside JSON values
	Message string // what was chosen and why, e.g. `chose string: 3 values look like dates, 2 do not (e.g. "31/02/2026")`
}

func (n Note) String() string {
	return fmt.Sprintf("%s: column %q: %s", n.File, n.Column, n.Message)
}

// Format is the storage format of a sample.
type Format string

// The formats inference reads.
const (
	CSV    Format = "csv"
	TSV    Format = "tsv"
	JSON   Format = "json"   // one array of objects
	NDJSON Format = "ndjson" // one object per line
)

// FormatOf tells the format of a file from its name: .csv, .tsv, .json,
// .ndjson or .jsonl, in any case, each optionally followed by .gz
// (gzipped).
func FormatOf(name string) (f Format, gzipped bool, err error) {
	base := strings.ToLower(filepath.Base(name))
	base, gzipped = strings.CutSuffix(base, ".gz")
	switch filepath.Ext(base) {
	case ".csv":
		return CSV, gzipped, nil
	case ".tsv":
		return TSV, gzipped, nil
	case ".json":
		return JSON, gzipped, nil
	case ".ndjson", ".jsonl":
		return NDJSON, gzipped, nil
	}
	return "", false, fmt.Errorf("%s: cannot tell the format from the file name\n\thint: name the file .csv, .tsv, .json (one array of objects), .ndjson or .jsonl (one object per line), optionally followed by .gz", name)
}

// Files infers a schema from files on disk.
func Files(paths []string, o Options) (*Result, error) {
	inputs := make([]Input, len(paths))
	for i, p := range paths {
		inputs[i] = Input{Name: p, Open: func() (io.ReadCloser, error) { return os.Open(p) }}
	}
	return Infer(inputs, o)
}

// errSelfCheck marks an inferred schema that gen/schema refuses: a bug
// here, never a problem with the input.
var errSelfCheck = errors.New("internal error: the inferred schema is not valid")

// Infer reads the inputs one after the other, each in constant memory,
// and returns the schema of a record that holds them all: the union of
// their columns in the order first seen, each column typed to fit every
// value of every input. A column absent from some input, or some JSON
// record, is optional.
func Infer(inputs []Input, o Options) (*Result, error) {
	switch {
	case len(inputs) == 0:
		return nil, errors.New("no input files\n\thint: name one or more sample files: .csv, .tsv, .json, .ndjson or .jsonl, optionally .gz")
	case o.Rows < 0:
		return nil, fmt.Errorf("the number of rows to read is %d\n\thint: give a positive number, or 0 to read every row", o.Rows)
	case o.Enums < 0:
		return nil, fmt.Errorf("the enum limit is %d\n\thint: give the largest number of distinct values an enum may have, or 0 for no enums", o.Enums)
	case o.Name != "" && !ValidName(o.Name):
		return nil, fmt.Errorf("dataset name %q is not valid: it must match [a-z][a-z0-9_]*\n\thint: try %q", o.Name, DatasetName(o.Name))
	}
	for _, in := range inputs {
		if in.Open == nil {
			return nil, fmt.Errorf("%s: the input has no Open function", in.Name)
		}
	}
	st := &state{o: o, inputs: inputs, rec: newObject(""), rows: make([]int, len(inputs))}
	for i := range inputs {
		if err := st.read(i); err != nil {
			return nil, err
		}
		st.markMissing(i)
	}
	namer, err := naming.New(nil)
	if err != nil {
		return nil, err
	}
	b := &builder{o: o, inputs: inputs, namer: namer}
	required, props, ok := b.object(st.rec, true)
	if !ok {
		return nil, fmt.Errorf("%s: found no columns to describe\n\thint: a sample needs a header row (CSV, TSV) or objects with keys (JSON)", names(inputs))
	}
	title := baseName(inputs[0].Name)
	name := o.Name
	if name == "" {
		name = DatasetName(title)
	}
	d := doc{
		{"$schema", "https://json-schema.org/draft/2020-12/schema"},
		{"title", title},
		{"description", st.description()},
		{"type", "object"},
		{"x-ayeaye", doc{{"name", name}}},
	}
	if len(required) > 0 {
		d = d.add("required", required)
	}
	d = d.add("properties", props)
	out := d.encode()
	if _, diags := schema.Parse(name+".json", out); len(diags) > 0 {
		return nil, fmt.Errorf("%w; please report this with the sample:\n%v\n%s", errSelfCheck, diags, out)
	}
	return &Result{Schema: out, Name: name, Notes: b.notes}, nil
}

// read reads input i in its format.
func (st *state) read(i int) (err error) {
	in := st.inputs[i]
	format, gzipped, err := FormatOf(in.Name)
	if err != nil {
		return err
	}
	r, closeAll, err := open(in, gzipped)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := closeAll(); err == nil && cerr != nil {
			err = fmt.Errorf("%s: %w", in.Name, cerr)
		}
	}()
	switch format {
	case CSV:
		return st.readDelimited(r, i, ',')
	case TSV:
		return st.readDelimited(r, i, '\t')
	}
	r, skipped := skipBOM(r)
	err = st.readJSON(r, i, format == JSON)
	var ie *inputError
	if !errors.As(err, &ie) {
		return err
	}
	// Find the line and column by reading the input again: the decoder
	// knows only a byte offset, and keeping line starts would cost memory.
	e := &codec.Error{File: in.Name, Err: errors.New(ie.msg), Hint: ie.hint}
	if ie.offset < 0 {
		return e
	}
	if again, closeAgain, oerr := open(in, gzipped); oerr == nil {
		e.Line, e.Column, _ = position(again, ie.offset+skipped)
		closeAgain()
	}
	return e
}

// open opens an input, decompressing it when gzipped; closeAll closes
// everything it opened.
func open(in Input, gzipped bool) (r io.Reader, closeAll func() error, err error) {
	f, err := in.Open()
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", in.Name, unwrapPath(err))
	}
	if !gzipped {
		return f, f.Close, nil
	}
	zr, err := gzip.NewReader(f)
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("%s: cannot decompress: %v\n\thint: the .gz suffix says the file is gzipped; remove the suffix if it is not", in.Name, err)
	}
	return gzipReader{zr}, func() error {
		zerr := zr.Close()
		return errors.Join(zerr, f.Close())
	}, nil
}

// gzipReader marks decompression errors, which would otherwise read like
// problems with the data ("unexpected EOF").
type gzipReader struct{ r io.Reader }

func (g gzipReader) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	if err != nil && err != io.EOF {
		err = &gzipError{err}
	}
	return n, err
}

type gzipError struct{ err error }

func (e *gzipError) Error() string {
	return "cannot decompress: " + e.err.Error() + "; the gzip data is cut short or damaged"
}

func (e *gzipError) Unwrap() error { return e.err }

// unwrapPath drops the path from an *os.PathError: messages name the file.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// markMissing records, for each column of the record, the first input
// with records that lacks it, so the note on an optional column can name
// it.
func (st *state) markMissing(file int) {
	for _, c := range st.rec.cols {
		if c.missingFile >= 0 {
			continue
		}
		if c.firstFile == file {
			// New in this file: missing from every earlier file with records.
			for j := range file {
				if st.rows[j] > 0 {
					c.missingFile = j
					break
				}
			}
			continue
		}
		if st.rows[file] > 0 && c.lastFile != file {
			c.missingFile = file
		}
	}
}

// description says where the schema came from, for the reader of the
// schema file, using base names so it does not depend on where the
// samples were.
func (st *state) description() string {
	parts := make([]string, len(st.inputs))
	for i, in := range st.inputs {
		f, _, _ := FormatOf(in.Name)
		unit := "records"
		if f == CSV || f == TSV {
			unit = "rows"
		}
		n := fmt.Sprintf("%d %s", st.rows[i], unit)
		if st.rows[i] == 1 {
			n = "1 " + strings.TrimSuffix(unit, "s")
		}
		if st.o.Rows > 0 && st.rows[i] == st.o.Rows {
			n = "the first " + n
		}
		parts[i] = fmt.Sprintf("%s (%s)", filepath.Base(in.Name), n)
	}
	return "Inferred by ayeaye-gen infer from " + list(parts) + ". Check the types, add a description and keys, and keep the file as the dataset's schema."
}

// list joins "a", "a and b", "a, b and c".
func list(s []string) string {
	if len(s) <= 1 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

func names(inputs []Input) string {
	s := make([]string, len(inputs))
	for i, in := range inputs {
		s[i] = in.Name
	}
	return listing.Join(s, ", ")
}

// baseName is a file's name without directory, .gz and format extension:
// "data/Sales 2026.csv.gz" -> "Sales 2026".
func baseName(path string) string {
	base := filepath.Base(path)
	if strings.HasSuffix(strings.ToLower(base), ".gz") {
		base = base[:len(base)-3]
	}
	return strings.TrimSuffix(base, filepath.Ext(base))
}
