package parquetcodec

// Dict is a column of a batch held as dictionary codes, the way Parquet
// stores a dictionary-encoded column and Arrow a dictionary array: the
// value of row i is Values[Codes[i]]. Reading one costs a copy of the
// page's codes, not a value per row, and each distinct value is converted
// once per row group; code that groups or counts by the column can key
// on the code instead of the value.
//
// Values holds each dictionary entry once, in the file's order, then the
// values of any page the file did not dictionary-encode; it may hold
// values no row uses, and may be the reader's own: read it, do not change
// it. Like the rest of a batch, a Dict is refilled by the next read: keep
// what you need before it.
type Dict[T any] struct {
	Codes  []int32
	Values []T

	own  []T  // storage for Values when they are not the column's dictionary
	owns bool // Values is own
}

// Len returns the number of rows.
func (d *Dict[T]) Len() int { return len(d.Codes) }

// At returns the value of row i.
func (d *Dict[T]) At(i int) T { return d.Values[d.Codes[i]] }

// Slice returns the column's values one per row, appended to dst[:0]:
// for code that wants a plain slice and accepts its cost.
func (d *Dict[T]) Slice(dst []T) []T {
	dst = Grow(dst, len(d.Codes))
	for i, c := range d.Codes {
		dst[i] = d.Values[c]
	}
	return dst
}

// reset empties d for n rows; Values alias shared, the column's
// converted dictionary, when it is not nil.
func (d *Dict[T]) reset(n int, shared []T) {
	d.Codes = Grow(d.Codes, n)
	d.Values, d.owns = shared, false
}

// add appends v to Values, moving them to d's own storage first, and
// returns v's code.
func (d *Dict[T]) add(v T) int32 {
	d.ensureOwn()
	d.Values = append(d.Values, v)
	d.own = d.Values
	return int32(len(d.Values) - 1)
}

func (d *Dict[T]) ensureOwn() {
	if !d.owns {
		d.own = append(d.own[:0], d.Values...)
		d.Values, d.owns = d.own, true
	}
}

// ReadDict reads the next n values of a flat column into d, as codes into
// the column chunk's dictionary when the file dictionary-encodes the
// column (as Aye-aye's writer does for strings), and as values appended to
// d.Values otherwise. A null is an error when strict and reads as dflt
// otherwise, as in Read.
func (c *Column[T]) ReadDict(d *Dict[T], n int, strict bool, dflt T) error {
	if c.Missing() {
		d.reset(n, nil)
		d.Values = append(d.own[:0], dflt)
		d.own, d.owns = d.Values, true
		clear(d.Codes)
		return nil
	}
	d.reset(n, nil)
	base := int32(-1) // where the dictionary starts in d.Values, once known
	null := int32(-1) // the code of dflt, once added
	for i := 0; i < n; {
		if !c.next() {
			return c.ended()
		}
		k := min(n-i, c.n-c.li)
		if c.idx != nil && base < 0 {
			if len(d.Values) == 0 && !d.owns {
				d.Values, base = c.dvals, 0
			} else { // plain pages came first: the dictionary goes after them
				d.ensureOwn()
				base = int32(len(d.Values))
				d.Values = append(d.Values, c.dvals...)
				d.own = d.Values
			}
		}
		codes := d.Codes[i : i+k]
		switch {
		case c.nulls == 0 && c.idx != nil && base == 0:
			copy(codes, c.idx[c.vi:c.vi+k])
			c.vi += k
		default:
			for j := range codes {
				if c.defs != nil && c.defs[c.li+j] != c.b.maxDef {
					if strict {
						if err := c.rows.Bad(i+j, c.rows.NullError(i+j, c.field)); err != nil {
							return err
						}
					}
					if null < 0 {
						null = d.add(dflt)
					}
					codes[j] = null
					continue
				}
				if c.idx != nil {
					codes[j] = base + c.idx[c.vi]
				} else {
					codes[j] = d.add(c.vals[c.vi])
				}
				c.vi++
			}
		}
		c.li += k
		i += k
	}
	return nil
}
