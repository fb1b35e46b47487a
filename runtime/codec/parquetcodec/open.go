package parquetcodec

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"

	"github.com/ayeaye-go/ayeaye/runtime/codec"
)

// File is a Parquet file opened for one dataset: its footer read and each
// column of the dataset matched with a column of the file.
type File struct {
	spec   *Spec
	pf     *parquet.File
	name   string    // names the file in errors
	cols   []binding // per leaf of the spec
	def    []byte    // per spec node: the definition level at which it is present in the file
	rep    []byte    // per spec node: the repetition level of a repeated node in the file
	starts []int64   // index of the first row of each row group
	groups []int     // the row groups to read, in order
}

// binding says where a leaf of the spec is in the file and how its values
// convert.
type binding struct {
	col            int // the file's column index; -1 when the file lacks it
	typ            parquet.Type
	maxDef, maxRep byte
}

// Open reads the footer of the Parquet file r (size bytes) and matches
// its schema with the dataset's. Columns are matched by name, so their
// order does not matter, and columns the dataset does not have are never
// read. A column the dataset requires that the file lacks, a column of an
// incompatible type and a list where the dataset has a single value (or
// the reverse) are each reported, all at once, in a *codec.Error whose Err
// is a *SchemaError.
//
// o.File names the file in errors; o.RowGroups, when set, selects the row
// groups to read.
func Open(r io.ReaderAt, size int64, spec *Spec, o codec.Options) (*File, error) {
	return OpenColumns(r, size, spec, o, nil)
}

// OpenColumns is Open for reading some top-level columns only: want[i]
// says whether field i (in schema order) is read. Only those are checked,
// so a file whose other columns do not fit can still be read in part.
// A nil want means every column.
func OpenColumns(r io.ReaderAt, size int64, spec *Spec, o codec.Options, want []bool) (_ *File, err error) {
	pf, err := openFile(r, size, o.File, parquet.ReadBufferSize(256<<10))
	if err != nil {
		return nil, err
	}
	f := &File{
		spec: spec,
		pf:   pf,
		name: o.File,
		cols: make([]binding, len(spec.leaves)),
		def:  make([]byte, len(spec.nodes)),
		rep:  make([]byte, len(spec.nodes)),
	}
	for i := range f.cols {
		f.cols[i].col = -1
	}
	var probs []ColumnProblem
	root := pf.Root()
	for i, k := range spec.top {
		if want != nil && (i >= len(want) || !want[i]) {
			continue
		}
		n := spec.nodes[k]
		fc := child(root, n.name)
		if fc == nil {
			if isRequired(spec, n.name) {
				probs = append(probs, ColumnProblem{Column: n.name, Problem: "missing; the dataset's schema requires it"})
			}
			continue
		}
		probs = f.match(k, fc, 0, 0, true, probs)
	}
	if len(probs) > 0 {
		return nil, &codec.Error{File: o.File, Err: &SchemaError{Dataset: spec.name, Problems: probs},
			Hint: "convert the file, or change the dataset's schema to match it"}
	}
	var start int64
	for _, rg := range pf.RowGroups() {
		f.starts = append(f.starts, start)
		start += rg.NumRows()
	}
	if o.RowGroups == nil {
		f.groups = make([]int, len(f.starts))
		for i := range f.groups {
			f.groups[i] = i
		}
	} else {
		for _, g := range o.RowGroups {
			if g < 0 || g >= len(f.starts) {
				return nil, &codec.Error{File: o.File, Err: fmt.Errorf("row group %d does not exist; the file has %d", g, len(f.starts)),
					Hint: "list the row groups again: the file changed since they were listed"}
			}
		}
		f.groups = o.RowGroups
	}
	return f, nil
}

// RowGroups returns the number of rows in each row group of the Parquet
// file r (size bytes), for partitioning a large file by row group.
func RowGroups(r io.ReaderAt, size int64, file string) (_ []int64, err error) {
	pf, err := openFile(r, size, file)
	if err != nil {
		return nil, err
	}
	var out []int64
	for _, rg := range pf.RowGroups() {
		out = append(out, rg.NumRows())
	}
	return out, nil
}

// openFile checks the frame of a Parquet file, then reads its footer. The
// check comes first because the library trusts the footer length and
// would allocate whatever a damaged file claims.
func openFile(r io.ReaderAt, size int64, file string, opts ...parquet.FileOption) (_ *parquet.File, err error) {
	defer recoverCorrupt(file, &err)
	bad := func(err error) error {
		return &codec.Error{File: file, Err: fmt.Errorf("not a readable Parquet file: %w", err),
			Hint: "check that the file is Parquet and complete (a Parquet file ends with its footer, so a truncated copy cannot be read)"}
	}
	var head, tail [8]byte
	if size < 12 {
		return nil, bad(fmt.Errorf("it has %d bytes, fewer than the 12 of an empty Parquet file", size))
	}
	if _, err := r.ReadAt(head[:4], 0); err != nil {
		return nil, bad(err)
	}
	if _, err := r.ReadAt(tail[:], size-8); err != nil {
		return nil, bad(err)
	}
	if string(head[:4]) != "PAR1" || string(tail[4:]) != "PAR1" {
		return nil, bad(errors.New("it does not start and end with PAR1"))
	}
	if n := int64(binary.LittleEndian.Uint32(tail[:4])); n > size-12 {
		return nil, bad(fmt.Errorf("its footer claims %d bytes of a %d-byte file", n, size))
	}
	opts = append(opts, parquet.SkipPageIndex(true), parquet.SkipBloomFilters(true))
	pf, err := parquet.OpenFile(r, size, opts...)
	if err != nil {
		return nil, bad(err)
	}
	return pf, nil
}

func isRequired(s *Spec, name string) bool {
	for _, r := range s.required {
		if r == name {
			return true
		}
	}
	return false
}

func child(c *parquet.Column, name string) *parquet.Column {
	for _, x := range c.Columns() {
		if x.Name() == name {
			return x
		}
	}
	return nil
}

// match binds spec node k to file node fc, whose parent is present at
// definition level pd and repetition level pr. own is false when fc's own
// repetition was already counted: the element of a two-level list is its
// repeated node.
func (f *File) match(k int, fc *parquet.Column, pd, pr byte, own bool, probs []ColumnProblem) []ColumnProblem {
	n := f.spec.nodes[k]
	d, r := pd, pr
	if own {
		if !fc.Required() {
			d++
		}
		if fc.Repeated() {
			r++
		}
	}
	f.def[k], f.rep[k] = d, r
	bad := func(format string, args ...any) []ColumnProblem {
		return append(probs, ColumnProblem{Column: n.path, Problem: fmt.Sprintf(format, args...)})
	}
	if own && fc.Repeated() && n.kind != listNode && n.kind != repeatedNode {
		return bad("the file has a list here and the dataset a single value")
	}
	switch n.kind {
	case leafNode:
		if !fc.Leaf() {
			return bad("the file's values are %s and the dataset's are %ss", describeNode(fc), f.spec.leaves[n.leaf].target)
		}
		l := f.spec.leaves[n.leaf]
		if why := compatible(l.target, fc.Type()); why != "" {
			return bad("the file's values are %s; %s", describe(fc.Type()), why)
		}
		f.cols[n.leaf] = binding{col: fc.Index(), typ: fc.Type(), maxDef: byte(fc.MaxDefinitionLevel()), maxRep: byte(fc.MaxRepetitionLevel())}
	case recordNode:
		if fc.Leaf() || isList(fc) || isMap(fc) {
			return bad("the file's values are %s and the dataset's are objects", describeNode(fc))
		}
		for _, ck := range n.children {
			c := f.spec.nodes[ck]
			x := child(fc, c.name)
			if x == nil {
				probs = append(probs, ColumnProblem{Column: c.path, Problem: "missing; a nested object is read only when the file has all of its columns"})
				continue
			}
			probs = f.match(ck, x, d, r, true, probs)
		}
	case listNode:
		rk := n.children[0]
		ek := f.spec.nodes[rk].children[0]
		switch {
		case own && fc.Repeated():
			// A bare repeated field, as protobuf writes lists: no list
			// group, so the list is never null, and the values are the
			// elements.
			f.def[k], f.rep[k] = pd, pr
			f.def[rk], f.rep[rk] = d, r
			return f.match(ek, fc, d, r, false, probs)
		case !fc.Leaf() && (isList(fc) || len(fc.Columns()) == 1 && fc.Columns()[0].Repeated()):
			rc := fc.Columns()
			if len(rc) != 1 || !rc[0].Repeated() {
				return bad("the file's list group does not hold one repeated field")
			}
			rn := rc[0]
			f.def[rk], f.rep[rk] = d+1, r+1
			// The three-level form has one element field under the
			// repeated group; the legacy two-level forms make the
			// repeated field the element itself.
			if !rn.Leaf() && len(rn.Columns()) == 1 && rn.Name() != "array" && rn.Name() != fc.Name()+"_tuple" {
				return f.match(ek, rn.Columns()[0], d+1, r+1, true, probs)
			}
			return f.match(ek, rn, d+1, r+1, false, probs)
		default:
			return bad("the file's values are %s and the dataset's are lists", describeNode(fc))
		}
	}
	return probs
}

func isMap(c *parquet.Column) bool {
	if c.Leaf() {
		return false
	}
	if lt := c.Type().LogicalType(); lt != nil {
		_, ok := lt.Value.(*format.MapType)
		return ok
	}
	return false
}

func describeNode(c *parquet.Column) string {
	switch {
	case c.Leaf():
		return describe(c.Type())
	case isList(c):
		return "lists"
	case isMap(c):
		return "maps"
	}
	return "objects (groups of columns)"
}

// describe names a file's column type the way Parquet tools print it:
// the physical type, then the logical type.
func describe(t parquet.Type) string {
	s := t.Kind().String()
	if t.Kind() == parquet.FixedLenByteArray {
		s = fmt.Sprintf("FIXED_LEN_BYTE_ARRAY(%d)", t.Length())
	}
	if lt := t.LogicalType(); lt != nil && lt.Value != nil {
		s += " (" + lt.String() + ")"
	}
	return s
}

// ColumnProblem is one column of a file that does not fit the dataset.
type ColumnProblem struct {
	Column  string // dotted path in the dataset's schema
	Problem string
}

// SchemaError lists every column of a Parquet file that does not fit the
// dataset's schema.
type SchemaError struct {
	Dataset  string
	Problems []ColumnProblem
}

func (e *SchemaError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "the Parquet file does not fit dataset %q:", e.Dataset)
	for _, p := range e.Problems {
		fmt.Fprintf(&b, "\n\tcolumn %q: %s", p.Column, p.Problem)
	}
	return b.String()
}

// errCorrupt wraps panics of the Parquet library on malformed input.
var errCorrupt = errors.New("the Parquet file is corrupt")

// recoverCorrupt turns a panic while decoding a file into an error: the
// Parquet library panics on some malformed input, and bad input must be an
// error, never a crash.
func recoverCorrupt(file string, err *error) {
	if p := recover(); p != nil {
		*err = &codec.Error{File: file, Err: fmt.Errorf("%w: %v", errCorrupt, p)}
	}
}
