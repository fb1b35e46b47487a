package parquetcodec

import (
	"errors"
	"fmt"
	"io"
	"iter"

	"github.com/ayeaye-go/ayeaye/runtime/codec"
)

// ChunkRows is the number of rows a record reader decodes at a time: the
// columns of a chunk stay in the processor's cache while the records are
// handed out.
const ChunkRows = 1024

// Batch says which rows of a file a batch of columns holds.
type Batch struct {
	Group int   // the row group, from 0
	Row   int64 // the index in the file of the first row, from 0
	Len   int   // the number of rows
}

// Batches turns a batch reader's Next method into an iterator that yields
// one batch, refilled, until io.EOF, and stops after the first error,
// which it yields.
func Batches[B any](next func(*B) error) iter.Seq2[*B, error] {
	return func(yield func(*B, error) bool) {
		b := new(B)
		for {
			err := next(b)
			if err == io.EOF {
				return
			}
			if err != nil {
				yield(nil, err)
				return
			}
			if !yield(b, nil) {
				return
			}
		}
	}
}

// Rows walks the selected row groups of a File in chunks of rows. The
// columns bound to it (Int64s, Strings, …) follow it from row group to row
// group; columns that are not bound are never read, which is what makes
// reading a few columns of a wide file cheap.
//
// A Rows and its columns are not safe for concurrent use.
type Rows struct {
	f    *File
	cols []opener
	g    int   // index in f.groups of the current row group; -1 before the first
	left int64 // rows of the current row group not yet handed out
	row  int64 // index in the file of the first row of the current chunk
	next int64 // index in the file of the row after the current chunk
	err  error // sticky: the first error of a column read row by row

	skipBad bool     // record bad rows (Bad) instead of failing the chunk
	bad     []badRow // the bad rows of the current chunk
}

// badRow is a row of the current chunk whose values do not fit the
// dataset, and why.
type badRow struct {
	i   int
	err error
}

// opener is a column that follows Rows into each row group.
type opener interface {
	open(rg int) error
	close()
}

// Rows returns a walk over the file's selected row groups. Bind columns to
// it before the first call to Next.
func (f *File) Rows() *Rows { return &Rows{f: f, g: -1} }

// File returns the file the rows belong to.
func (r *Rows) File() *File { return r.f }

// Next moves to the next chunk of at most max rows (all the rows left in
// the row group when max is 0), within one row group, and returns its
// number of rows. It returns io.EOF after the last row of the last
// selected row group.
func (r *Rows) Next(max int) (int, error) {
	if r.err != nil {
		return 0, r.err
	}
	r.bad = r.bad[:0]
	for r.left == 0 {
		if r.g+1 >= len(r.f.groups) {
			r.close()
			return 0, io.EOF
		}
		r.g++
		g := r.f.groups[r.g]
		r.left = r.f.pf.RowGroups()[g].NumRows()
		r.next = r.f.starts[g]
		for _, c := range r.cols {
			if err := c.open(g); err != nil {
				r.err = err
				return 0, err
			}
		}
	}
	n := r.left
	if max > 0 && int64(max) < n {
		n = int64(max)
	}
	r.row = r.next
	r.next += n
	r.left -= n
	return int(n), nil
}

// Group returns the index in the file of the current row group.
func (r *Rows) Group() int {
	if r.g < 0 || r.g >= len(r.f.groups) {
		return -1
	}
	return r.f.groups[r.g]
}

// Row returns the index in the file (from 0) of the first row of the
// current chunk.
func (r *Rows) Row() int64 { return r.row }

// Err returns the first error met by a column read value by value (the
// nested fields); generated code checks it after each chunk.
func (r *Rows) Err() error { return r.err }

// Close releases the pages the columns hold. Next closes the rows after
// the last chunk; Close is for readers abandoned before the end.
func (r *Rows) Close() { r.close() }

func (r *Rows) close() {
	for _, c := range r.cols {
		c.close()
	}
}

func (r *Rows) fail(err error) {
	if r.err == nil {
		r.err = err
	}
}

// SkipBad makes the conversion errors of a row (an enum value the enum
// lacks, a null where the schema requires a value) belong to that row
// alone: Bad records them and the chunk reads on, so that a record reader
// can hand out the other rows and report each bad one in its place, and
// a run that skips bad records can skip it. Without it, Bad returns the
// error and the chunk fails, as column batches must: a batch has no room
// for a missing row.
func (r *Rows) SkipBad() { r.skipBad = true }

// Bad handles err, a conversion error of row i of the current chunk: it
// records it and returns nil after SkipBad, and returns it otherwise.
// Generated code fills the row's value with the zero value and reads on
// when it returns nil.
func (r *Rows) Bad(i int, err error) error {
	if !r.skipBad {
		return err
	}
	r.bad = append(r.bad, badRow{i, err})
	return nil
}

// RowErr returns the first error Bad recorded for row i of the current
// chunk, or nil.
func (r *Rows) RowErr(i int) error {
	if len(r.bad) == 0 { // the common case, kept small enough to inline
		return nil
	}
	return r.rowErr(i)
}

func (r *Rows) rowErr(i int) error {
	for _, b := range r.bad {
		if b.i == i {
			return b.err
		}
	}
	return nil
}

// Levels returns, per node of the dataset's Parquet schema, the
// definition level at which the node is present in the file and, for the
// repeated node of a list, the repetition level that continues the list.
// Generated code numbers the nodes depth first, as Spec does, and
// compares these with Column.Def and Column.Rep: the levels are the
// file's, which may make optional what the dataset requires, or write
// lists in an older form.
func (r *Rows) Levels() (def, rep []int) {
	def = make([]int, len(r.f.def))
	rep = make([]int, len(r.f.rep))
	for i := range def {
		def[i], rep[i] = int(r.f.def[i]), int(r.f.rep[i])
	}
	return def, rep
}

// NullError is the error for a null where the dataset's schema requires a
// value: field (as in "place.lat") in the i-th row of the current chunk.
func (r *Rows) NullError(i int, field string) error {
	if r.err != nil { // a column ended early: that is the problem
		return r.err
	}
	return &codec.Error{File: r.f.name, Row: r.row + int64(i) + 1, Group: r.Group() + 1, Field: field,
		Err:  errors.New("the file has a null here and the schema requires a value"),
		Hint: "make the property nullable in the schema (\"type\": [..., \"null\"]), or fill the nulls in the file"}
}

// ValueError is the error for a value of field, in the i-th row of the
// current chunk, that the schema does not allow: an enum value that is
// not one of the enum's.
func (r *Rows) ValueError(i int, field, text, expected string) error {
	return &codec.Error{File: r.f.name, Row: r.row + int64(i) + 1, Group: r.Group() + 1, Field: field, Text: text, Expected: expected}
}

// columnError wraps an error reading a column's pages.
func (r *Rows) columnError(field string, err error) error {
	var ce *codec.Error
	if errors.As(err, &ce) {
		return err
	}
	return &codec.Error{File: r.f.name, Field: field, Err: fmt.Errorf("reading row group %d: %w", r.Group(), err)}
}
