package table

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/ayeaye-go/ayeaye/runtime/codec"
	"github.com/ayeaye-go/ayeaye/runtime/value"
)

// Row is the current row of a query as a generated Scan function reads
// it: one typed accessor per kind, by column index in Schema order. The
// reader owns the Row and reuses it, and its scan destinations, for
// every row, so scanning allocates only what the values themselves need.
//
// An accessor of a NULL column returns an error naming the column: call
// Null first for a nullable field.
type Row struct {
	d     Dialect
	where string // names the table in errors
	cols  []Column
	n     int64 // 1-based number of the current row
	cells []Cell
	dest  []any // the driver's scan destinations of cells
	lx    *codec.JSONLexer
}

// newRow makes the Row of a query over cols, with drv's scan
// destinations. Each column's cell kind is what the dialect sends: SQLite
// keeps instants and dates as text, the servers as date-times.
func newRow(d Dialect, drv Driver, where string, cols []Column) *Row {
	r := &Row{d: d, where: where, cols: cols, cells: make([]Cell, len(cols)), dest: make([]any, len(cols))}
	for i, c := range cols {
		cell := &r.cells[i]
		switch {
		case c.Kind == Int:
			cell.Kind = CellInt
		case c.Kind == Float:
			cell.Kind = CellFloat
		case c.Kind == Bool:
			cell.Kind = CellBool
		case (c.Kind == DateTime || c.Kind == Date) && d != SQLite:
			cell.Kind = CellTime
		}
		if r.dest[i] = drv.Target(cell); r.dest[i] == nil {
			r.dest[i] = cell.sqlTarget()
		}
	}
	return r
}

// Number is the 1-based number of the current row in the query's result.
func (r *Row) Number() int64 { return r.n }

// Null reports whether column i is NULL.
func (r *Row) Null(i int) bool { return !r.cells[i].valid() }

// errorf describes a bad value in column i.
func (r *Row) errorf(i int, text, expected string, err error, hint string) error {
	return &codec.Error{File: r.where, Row: r.n, Field: r.cols[i].Name, Text: text, Expected: expected, Err: err, Hint: hint}
}

func (r *Row) nullError(i int) error {
	return &codec.Error{File: r.where, Row: r.n, Field: r.cols[i].Name,
		Err:  fmt.Errorf("NULL in a field the schema requires"),
		Hint: "make the field nullable in the schema (type [..., \"null\"]), or fill the NULLs in the table"}
}

// String returns column i of a string or enum field.
func (r *Row) String(i int) (string, error) {
	if r.Null(i) {
		return "", r.nullError(i)
	}
	return r.cells[i].Text.String, nil
}

// Int returns column i of an integer field of the given width, refusing
// values the width cannot hold (SQLite stores every integer in 64 bits).
func (r *Row) Int(i, bits int) (int64, error) {
	if r.Null(i) {
		return 0, r.nullError(i)
	}
	v := r.cells[i].Int.Int64
	if bits < 64 {
		if lim := int64(1) << (bits - 1); v < -lim || v >= lim {
			return 0, r.errorf(i, fmt.Sprint(v), fmt.Sprintf("integer (int%d)", bits), fmt.Errorf("out of range"),
				fmt.Sprintf("widen the field (an override to int%d or more in ayeaye.yaml), or fix the value", 2*bits))
		}
	}
	return v, nil
}

// Float returns column i of a number field.
func (r *Row) Float(i int) (float64, error) {
	if r.Null(i) {
		return 0, r.nullError(i)
	}
	return r.cells[i].Float.Float64, nil
}

// Bool returns column i of a boolean field.
func (r *Row) Bool(i int) (bool, error) {
	if r.Null(i) {
		return false, r.nullError(i)
	}
	return r.cells[i].Bool.Bool, nil
}

// Time returns column i of a date-time field, in UTC: every dialect
// stores the instant, not the offset it was written with.
func (r *Row) Time(i int) (time.Time, error) {
	if r.Null(i) {
		return time.Time{}, r.nullError(i)
	}
	c := &r.cells[i]
	if c.Kind == CellTime {
		if c.Special != "" {
			return time.Time{}, r.errorf(i, c.Special, "date-time", nil, "a date-time field holds finite instants only")
		}
		return c.Time.Time.UTC(), nil
	}
	t, err := parseSQLiteTime(c.Text.String)
	if err != nil {
		return time.Time{}, r.errorf(i, c.Text.String, "date-time (RFC 3339)", nil, "")
	}
	return t, nil
}

// parseSQLiteTime reads the text SQLite holds for a date-time: RFC 3339
// as this package writes it, or SQLite's own "YYYY-MM-DD HH:MM:SS[.fff]"
// (UTC) as datetime() writes it.
func parseSQLiteTime(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), nil
	}
	for _, layout := range []string{"2006-01-02 15:04:05.999999999Z07:00", "2006-01-02 15:04:05.999999999"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("not a date-time")
}

// Date returns column i of a date field.
func (r *Row) Date(i int) (value.Date, error) {
	if r.Null(i) {
		return value.Date{}, r.nullError(i)
	}
	c := &r.cells[i]
	if c.Kind == CellTime {
		if c.Special != "" {
			return value.Date{}, r.errorf(i, c.Special, "date", nil, "a date field holds real days only")
		}
		t := c.Time.Time
		return value.Date{Year: t.Year(), Month: t.Month(), Day: t.Day()}, nil
	}
	d, err := value.ParseDate(c.Text.String)
	if err != nil {
		// A column declared DATE reaches us as the driver's time.Time,
		// formatted by database/sql as RFC 3339.
		t, terr := parseSQLiteTime(c.Text.String)
		if terr != nil {
			return value.Date{}, r.errorf(i, c.Text.String, "date (YYYY-MM-DD)", nil, "")
		}
		return value.Date{Year: t.Year(), Month: t.Month(), Day: t.Day()}, nil
	}
	return d, nil
}

// Decimal returns column i of a decimal field. MariaDB's DECIMAL(65,30)
// pads every value to 30 decimals; the padding zeros are dropped, so
// 12.50 reads back as 12.5: the same number, with its shortest scale.
func (r *Row) Decimal(i int) (value.Decimal, error) {
	if r.Null(i) {
		return value.Decimal{}, r.nullError(i)
	}
	s := r.cells[i].Text.String
	if r.d == MySQL && strings.IndexByte(s, '.') >= 0 {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	d, err := value.ParseDecimal(s)
	if err != nil {
		return value.Decimal{}, r.errorf(i, s, "decimal", nil, "")
	}
	return d, nil
}

// JSON returns a lexer over column i of an array or object field, for the
// generated JSON decoder. Its errors name the table, the row and the byte
// offset in the JSON text.
func (r *Row) JSON(i int) (*codec.JSONLexer, error) {
	if r.Null(i) {
		return nil, r.nullError(i)
	}
	s := r.cells[i].Text.String
	if r.lx == nil {
		r.lx = codec.NewJSONLexer(nil, r.where, 1, 1)
	}
	r.lx.Reset([]byte(s), int(min(r.n, math.MaxInt32)), 1)
	return r.lx, nil
}

// EnumError is the error for an enum column holding text the schema
// does not allow; expected lists the allowed values.
func (r *Row) EnumError(i int, text, expected string) error {
	return r.errorf(i, text, expected, nil, "add the value to the enum in the schema, or fix the row")
}
