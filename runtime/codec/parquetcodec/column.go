package parquetcodec

import (
	"errors"
	"fmt"
	"io"
	"time"
	"unsafe"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/encoding"

	"github.com/ayeaye-go/ayeaye/runtime/value"
)

// Column is a cursor over one leaf column of the dataset in the current
// row group of a Rows. It decodes a page at a time straight into a slice
// of T, so reading a column costs a loop over typed values: no
// reflection, no boxing into parquet.Value.
//
// Flat fields (a column of its own per field) are read in bulk with Read,
// ReadNull and ReadPtr. Nested fields (objects and lists) are assembled by
// generated code entry by entry with Def, Rep, Skip and Take, the
// definition and repetition levels of the Dremel encoding Parquet uses.
type Column[T any] struct {
	rows  *Rows
	field string
	b     binding
	cv    converter[T]
	pages parquet.Pages
	page  parquet.Page
	defs  []byte  // the page's definition levels; nil when the column has none
	reps  []byte  // the page's repetition levels; nil when the column has none
	n     int     // entries (levels) in the page
	li    int     // next entry
	vi    int     // next value
	nulls int     // entries of the page without a value
	vals  []T     // the page's values, unless it is dictionary-encoded
	idx   []int32 // the dictionary indexes of a dictionary-encoded page
	buf   []T     // storage for converted values, reused from page to page
	dict  parquet.Dictionary
	dvals []T // the converted values of dict
	end   bool
}

func bind[T any](r *Rows, leaf int, want target, mk func(parquet.Type) converter[T]) *Column[T] {
	l := r.f.spec.leaves[leaf]
	if l.target != want {
		panic(fmt.Sprintf("parquetcodec: leaf %d (%s) is read as %s, not %s", leaf, l.field, l.target, want))
	}
	c := &Column[T]{rows: r, field: l.field, b: r.f.cols[leaf], end: true}
	if c.b.col >= 0 {
		c.cv = mk(c.b.typ)
		r.cols = append(r.cols, c)
	}
	return c
}

// Bools binds leaf column leaf (in the dataset's column order) of r, read
// as bool. The other functions of this family bind leaves of the other
// types; generated code calls the one matching the leaf's type.
func Bools(r *Rows, leaf int) *Column[bool] { return bind(r, leaf, tBool, convBool) }

// Int8s binds an int8 leaf column; see Bools.
func Int8s(r *Rows, leaf int) *Column[int8] { return bind(r, leaf, tInt8, convInt8) }

// Int16s binds an int16 leaf column; see Bools.
func Int16s(r *Rows, leaf int) *Column[int16] { return bind(r, leaf, tInt16, convInt16) }

// Int32s binds an int32 leaf column; see Bools.
func Int32s(r *Rows, leaf int) *Column[int32] { return bind(r, leaf, tInt32, convInt32) }

// Int64s binds an int64 leaf column; see Bools.
func Int64s(r *Rows, leaf int) *Column[int64] { return bind(r, leaf, tInt64, convInt64) }

// Float32s binds a float32 leaf column; see Bools.
func Float32s(r *Rows, leaf int) *Column[float32] { return bind(r, leaf, tFloat32, convFloat32) }

// Float64s binds a float64 leaf column; see Bools.
func Float64s(r *Rows, leaf int) *Column[float64] { return bind(r, leaf, tFloat64, convFloat64) }

// Strings binds a string leaf column, which also holds enums; see Bools.
func Strings(r *Rows, leaf int) *Column[string] { return bind(r, leaf, tString, convString) }

// Times binds a date-time leaf column; times read in UTC. See Bools.
func Times(r *Rows, leaf int) *Column[time.Time] { return bind(r, leaf, tTime, convTime) }

// Dates binds a date leaf column; see Bools.
func Dates(r *Rows, leaf int) *Column[value.Date] { return bind(r, leaf, tDate, convDate) }

// Decimals binds a decimal leaf column; see Bools.
func Decimals(r *Rows, leaf int) *Column[value.Decimal] {
	return bind(r, leaf, tDecimal, convDecimal)
}

// Missing reports whether the file lacks the column; reads then give the
// zero value, or null.
func (c *Column[T]) Missing() bool { return c.b.col < 0 }

func (c *Column[T]) open(g int) (err error) {
	defer recoverCorrupt(c.rows.f.name, &err)
	c.close()
	c.pages = c.rows.f.pf.RowGroups()[g].ColumnChunks()[c.b.col].Pages()
	c.end = false
	c.dict, c.dvals = nil, c.dvals[:0]
	return nil
}

func (c *Column[T]) close() {
	if c.page != nil {
		parquet.Release(c.page)
		c.page = nil
	}
	if c.pages != nil {
		c.pages.Close()
		c.pages = nil
	}
	c.n, c.li, c.vi, c.nulls = 0, 0, 0, 0
	c.vals, c.idx = nil, nil
	c.end = true
}

// load reads the next page of the row group, returning io.EOF after the
// last one.
func (c *Column[T]) load() (err error) {
	defer recoverCorrupt(c.rows.f.name, &err)
	if c.page != nil {
		parquet.Release(c.page)
		c.page = nil
	}
	c.n, c.li, c.vi, c.nulls, c.vals, c.idx = 0, 0, 0, 0, nil, nil
	if c.pages == nil {
		return io.EOF
	}
	for {
		p, err := c.pages.ReadPage()
		if err != nil {
			return err
		}
		if p.NumValues() > 0 {
			c.page = p
			break
		}
		parquet.Release(p)
	}
	p := c.page
	n := int(p.NumValues())
	count := n
	c.defs, c.reps = nil, nil
	if c.b.maxDef > 0 {
		defs := p.DefinitionLevels()
		if len(defs) < n {
			return errors.New("a page has fewer definition levels than values")
		}
		c.defs = defs[:n]
		count = 0
		for _, d := range c.defs {
			if d == c.b.maxDef {
				count++
			} else if d > c.b.maxDef {
				return fmt.Errorf("a page has definition level %d, above the column's maximum %d", d, c.b.maxDef)
			}
		}
	}
	if c.b.maxRep > 0 {
		reps := p.RepetitionLevels()
		if len(reps) < n {
			return errors.New("a page has fewer repetition levels than values")
		}
		c.reps = reps[:n]
		for _, r := range c.reps {
			if r > c.b.maxRep {
				return fmt.Errorf("a page has repetition level %d, above the column's maximum %d", r, c.b.maxRep)
			}
		}
	}
	data := p.Data()
	if dict := p.Dictionary(); dict != nil {
		if err := c.loadDict(dict); err != nil {
			return err
		}
		if data.Kind() != encoding.Int32 {
			return kindError(&data, encoding.Int32)
		}
		idx := data.Int32()
		if len(idx) < count {
			return errShort
		}
		// Checked once here, so that reads index the dictionary freely.
		for _, i := range idx[:count] {
			if uint(i) >= uint(len(c.dvals)) {
				return fmt.Errorf("a page refers to dictionary entry %d of %d", i, len(c.dvals))
			}
		}
		c.idx = idx[:count]
	} else {
		vals, err := c.cv.conv(c.buf[:0], &data, count)
		if err != nil {
			return err
		}
		if !c.cv.alias {
			c.buf = vals
		}
		c.vals = vals
	}
	c.n, c.nulls = n, n-count
	return nil
}

// loadDict converts the values of a column chunk's dictionary once, so
// that each page maps its indexes to ready values.
func (c *Column[T]) loadDict(dict parquet.Dictionary) error {
	if dict == c.dict {
		return nil
	}
	p := dict.Page()
	data := p.Data()
	vals, err := c.cv.conv(c.dvals[:0], &data, int(p.NumValues()))
	if err != nil {
		return err
	}
	if c.cv.alias { // the dictionary's memory is the library's: copy it
		vals = append(c.dvals[:0], vals...)
	}
	c.dict, c.dvals = dict, vals
	return nil
}

// next makes sure an entry is ready, loading pages as needed; it returns
// false at the end of the row group or on an error, which it records.
func (c *Column[T]) next() bool {
	for c.li == c.n {
		if c.end {
			return false
		}
		if err := c.load(); err != nil {
			c.end = true
			if err != io.EOF {
				c.rows.fail(c.rows.columnError(c.field, err))
			}
			return false
		}
	}
	return true
}

var errEnded = errors.New("the column has fewer values than the row group has rows")

func (c *Column[T]) ended() error {
	if err := c.rows.Err(); err != nil {
		return err
	}
	err := c.rows.columnError(c.field, errEnded)
	c.rows.fail(err)
	return err
}

// value returns the i-th value of the page.
func (c *Column[T]) value(i int) T {
	if c.idx != nil {
		return c.dvals[c.idx[i]]
	}
	return c.vals[i]
}

// Grow returns dst resized to n elements, reusing its storage.
func Grow[T any](dst []T, n int) []T {
	if cap(dst) < n {
		return make([]T, n)
	}
	return dst[:n]
}

// Fill returns dst resized to n elements, each v: the values of a column
// the file lacks.
func Fill[T any](dst []T, n int, v T) []T {
	dst = Grow(dst, n)
	for i := range dst {
		dst[i] = v
	}
	return dst
}

// Read reads the next n values of a flat column into dst, reusing its
// storage. A null is an error when strict (the schema requires the
// property; after Rows.SkipBad the row's error, see Rows.Bad) and reads
// as dflt otherwise, as an absent value would.
func (c *Column[T]) Read(dst []T, n int, strict bool, dflt T) ([]T, error) {
	if c.Missing() {
		return Fill(dst, n, dflt), nil
	}
	dst = Grow(dst, n)
	for i := 0; i < n; {
		if !c.next() {
			return dst, c.ended()
		}
		k := min(n-i, c.n-c.li)
		if c.nulls == 0 {
			if c.idx != nil {
				for j, x := range c.idx[c.vi : c.vi+k] {
					dst[i+j] = c.dvals[x]
				}
			} else {
				copy(dst[i:i+k], c.vals[c.vi:c.vi+k])
			}
			c.vi += k
		} else {
			for j, d := range c.defs[c.li : c.li+k] {
				if d == c.b.maxDef {
					dst[i+j] = c.value(c.vi)
					c.vi++
				} else {
					if strict {
						if err := c.rows.Bad(i+j, c.rows.NullError(i+j, c.field)); err != nil {
							return dst, err
						}
					}
					dst[i+j] = dflt
				}
			}
		}
		c.li += k
		i += k
	}
	return dst, nil
}

// ReadNull reads the next n values of a flat nullable column into dst,
// reusing its storage.
func (c *Column[T]) ReadNull(dst []value.Null[T], n int) ([]value.Null[T], error) {
	if c.Missing() {
		return Fill(dst, n, value.Null[T]{}), nil
	}
	dst = Grow(dst, n)
	for i := 0; i < n; {
		if !c.next() {
			return dst, c.ended()
		}
		k := min(n-i, c.n-c.li)
		if c.nulls == 0 {
			for j := range k {
				dst[i+j] = value.Null[T]{V: c.value(c.vi + j), Valid: true}
			}
			c.vi += k
		} else {
			for j, d := range c.defs[c.li : c.li+k] {
				if d == c.b.maxDef {
					dst[i+j] = value.Null[T]{V: c.value(c.vi), Valid: true}
					c.vi++
				} else {
					dst[i+j] = value.Null[T]{}
				}
			}
		}
		c.li += k
		i += k
	}
	return dst, nil
}

// ReadPtr reads the next n values of a flat nullable column into dst as
// pointers (nil for null), for records that represent nullable fields as
// pointers. The values live in one new array per call.
func (c *Column[T]) ReadPtr(dst []*T, n int) ([]*T, error) {
	nulls, err := c.ReadNull(nil, n)
	dst = Grow(dst, n)
	vals := make([]T, n)
	for i, v := range nulls {
		dst[i] = nil
		if v.Valid {
			vals[i] = v.V
			dst[i] = &vals[i]
		}
	}
	return dst, err
}

// Def returns the definition level of the next entry: how many of the
// optional and repeated nodes above the value are present. Compare it
// with Rows.Def of a node to know whether the node is present. At the end
// of the column it returns -1 and records an error in the Rows.
func (c *Column[T]) Def() int {
	if !c.next() {
		c.ended()
		return -1
	}
	if c.defs == nil {
		return int(c.b.maxDef)
	}
	return int(c.defs[c.li])
}

// Rep returns the repetition level of the next entry: 0 starts a new row,
// and Rows.Rep(k) continues the list of repeated node k. At the end of the
// column it returns 0.
func (c *Column[T]) Rep() int {
	if !c.next() || c.reps == nil {
		return 0
	}
	return int(c.reps[c.li])
}

// Skip consumes an entry that holds no value of this column: a null, an
// empty list, or a value of a null parent.
func (c *Column[T]) Skip() {
	if !c.next() {
		c.ended()
		return
	}
	if c.defs == nil || c.defs[c.li] == c.b.maxDef {
		c.vi++
	}
	c.li++
}

// Take consumes an entry holding a value and returns the value.
func (c *Column[T]) Take() T {
	var v T
	if !c.next() {
		c.ended()
		return v
	}
	if c.defs != nil && c.defs[c.li] != c.b.maxDef {
		c.rows.fail(c.rows.columnError(c.field, errors.New("a value is null where its levels say it is present")))
		c.li++
		return v
	}
	v = c.value(c.vi)
	c.vi++
	c.li++
	return v
}

// Bytes views s as bytes without copying, for the generated enum parsers,
// which only compare them.
func Bytes(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }
