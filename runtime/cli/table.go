package cli

import (
	"bytes"
	"encoding"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/ayeaye-go/ayeaye/internal/printable"
	"github.com/ayeaye-go/ayeaye/runtime/value"
)

// column is one field of a record struct shown by peek: its JSON name
// (what schemas and files call it) and where it is in the struct.
type column struct {
	name  string
	index []int
}

// columnsOf lists the columns of record type t the way encoding/json
// names them: the json tag's name, else the field name; "-" and
// unexported fields are left out; embedded structs without a tag are
// flattened. A non-struct record is one column, "value".
func columnsOf(t reflect.Type) []column {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return []column{{name: "value"}}
	}
	return appendColumns(nil, t, nil)
}

func appendColumns(cols []column, t reflect.Type, prefix []int) []column {
	for i := range t.NumField() {
		f := t.Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if tag == "-" {
			continue
		}
		index := append(append([]int(nil), prefix...), i)
		if f.Anonymous && tag == "" && f.Type.Kind() == reflect.Struct {
			cols = appendColumns(cols, f.Type, index)
			continue
		}
		if !f.IsExported() {
			continue
		}
		if tag == "" {
			tag = f.Name
		}
		cols = append(cols, column{name: tag, index: index})
	}
	return cols
}

// row formats one record's cells in column order.
func row(rec any, cols []column, maxWidth int) []string {
	v := reflect.ValueOf(rec)
	for v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
	}
	cells := make([]string, len(cols))
	for i, c := range cols {
		f := v
		if c.index != nil {
			if v.Kind() != reflect.Struct {
				continue
			}
			f = v.FieldByIndex(c.index)
		}
		cells[i] = printable.Clip(printable.Escape(cell(f)), maxWidth)
	}
	return cells
}

var (
	timeType          = reflect.TypeFor[time.Time]()
	nullPkg           = reflect.TypeFor[value.Null[int]]().PkgPath()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
	stringerType      = reflect.TypeFor[fmt.Stringer]()
)

// isNull reports whether t is a value.Null[X].
func isNull(t reflect.Type) bool {
	return t.Kind() == reflect.Struct && t.PkgPath() == nullPkg && strings.HasPrefix(t.Name(), "Null[")
}

// cell formats one value for reading: empty for null and nil, RFC 3339
// for times, the canonical text of dates and decimals, compact JSON for
// lists, maps and structs.
func cell(v reflect.Value) string {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return ""
		}
		v = v.Elem()
	}
	if !v.IsValid() {
		return ""
	}
	t := v.Type()
	switch {
	case isNull(t):
		if !v.FieldByName("Valid").Bool() {
			return ""
		}
		return cell(v.FieldByName("V"))
	case t == timeType:
		return v.Interface().(time.Time).Format(time.RFC3339Nano)
	case t.Implements(textMarshalerType) && v.CanInterface():
		if b, err := v.Interface().(encoding.TextMarshaler).MarshalText(); err == nil {
			return string(b)
		}
	}
	if t.Implements(stringerType) && v.CanInterface() {
		return v.Interface().(fmt.Stringer).String()
	}
	switch v.Kind() {
	case reflect.String:
		return v.String()
	case reflect.Bool:
		return strconv.FormatBool(v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return strconv.FormatUint(v.Uint(), 10)
	case reflect.Float32, reflect.Float64:
		return strconv.FormatFloat(v.Float(), 'g', -1, t.Bits())
	case reflect.Slice, reflect.Map:
		if v.IsNil() {
			return ""
		}
		return compactJSON(v)
	case reflect.Array, reflect.Struct:
		return compactJSON(v)
	}
	if v.CanInterface() {
		return fmt.Sprint(v.Interface())
	}
	return ""
}

func compactJSON(v reflect.Value) string {
	if !v.CanInterface() {
		return ""
	}
	b, err := json.Marshal(v.Interface())
	if err != nil {
		return fmt.Sprint(v.Interface())
	}
	return string(b)
}

// table aligns tab-separated cells like text/tabwriter, without the
// trailing spaces tabwriter leaves after a row's last non-empty cell.
type table struct {
	out io.Writer
	buf bytes.Buffer
	tw  *tabwriter.Writer
}

func newTable(out io.Writer) *table {
	t := &table{out: out}
	t.tw = tabwriter.NewWriter(&t.buf, 0, 4, 2, ' ', 0)
	return t
}

// row writes one row of cells.
func (t *table) row(cells ...string) { fmt.Fprintln(t.tw, strings.Join(cells, "\t")) }

// flush writes the aligned table.
func (t *table) flush() {
	t.tw.Flush()
	for line := range strings.Lines(t.buf.String()) {
		fmt.Fprintln(t.out, strings.TrimRight(line, " \n"))
	}
	t.buf.Reset()
}
