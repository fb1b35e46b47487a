package compare

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"strconv"
	"strings"
)

// encoder writes records as the JSON verify compares and prints:
// encoding/json's form (struct fields in order under their json names,
// value.Null as the value or null), except that NaN and infinities are
// written as NaN, +Inf and -Inf instead of failing. With mask set, each
// float that has a tolerance is written as ~ and collected in nums, so
// that the text holds the exact part of the record.
type encoder struct {
	buf    []byte
	mask   bool
	nums   []float64
	tols   []*tolerance
	fields map[reflect.Type][]jsonField
}

// jsonField is a struct field as encoding/json names it.
type jsonField struct {
	index int
	name  string
	key   []byte // "name":
}

var marshalerType = reflect.TypeFor[json.Marshaler]() // textMarshalerType and isNull are in table.go

// marshals reports whether encoding/json encodes t with a method of its
// own (time.Time, value.Date, value.Decimal, enums with MarshalText).
func marshals(t reflect.Type) bool {
	return t.Implements(marshalerType) || t.Implements(textMarshalerType) ||
		reflect.PointerTo(t).Implements(marshalerType) || reflect.PointerTo(t).Implements(textMarshalerType)
}

func (e *encoder) structFields(t reflect.Type) []jsonField {
	if fs, ok := e.fields[t]; ok {
		return fs
	}
	var fs []jsonField
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch name {
		case "-":
			continue
		case "":
			name = f.Name
		}
		key, _ := json.Marshal(name)
		fs = append(fs, jsonField{index: i, name: name, key: append(key, ':')})
	}
	if e.fields == nil {
		e.fields = map[reflect.Type][]jsonField{}
	}
	e.fields[t] = fs
	return fs
}

// record encodes one record, resetting the buffer and the numbers.
func (e *encoder) record(rec any, spec *tolSpec) error {
	e.buf, e.nums, e.tols = e.buf[:0], nil, nil
	return e.value(reflect.ValueOf(rec), spec)
}

// text encodes v for printing, without masking.
func (e *encoder) text(v reflect.Value, spec *tolSpec) string {
	saved, mask := e.buf, e.mask
	e.buf, e.mask = nil, false
	if err := e.value(v, spec); err != nil {
		e.buf = append(e.buf[:0], "(cannot encode: "+err.Error()+")"...)
	}
	s := string(e.buf)
	e.buf, e.mask = saved, mask
	return s
}

func (e *encoder) value(v reflect.Value, spec *tolSpec) error {
	if !v.IsValid() {
		e.buf = append(e.buf, "null"...)
		return nil
	}
	t := v.Type()
	switch {
	case isNull(t):
		if !v.FieldByName("Valid").Bool() {
			e.buf = append(e.buf, "null"...)
			return nil
		}
		return e.value(v.FieldByName("V"), spec)
	case t.Kind() == reflect.Float32 || t.Kind() == reflect.Float64:
		if !marshals(t) {
			e.float(v.Float(), t.Bits(), spec)
			return nil
		}
	case t.Kind() == reflect.Pointer || t.Kind() == reflect.Interface:
		if v.IsNil() {
			e.buf = append(e.buf, "null"...)
			return nil
		}
		if t.Kind() == reflect.Interface || !marshals(t) {
			return e.value(v.Elem(), spec)
		}
	case t.Kind() == reflect.Struct && !marshals(t):
		e.buf = append(e.buf, '{')
		for i, f := range e.structFields(t) {
			if i > 0 {
				e.buf = append(e.buf, ',')
			}
			e.buf = append(e.buf, f.key...)
			if err := e.value(v.Field(f.index), spec.field(f.name)); err != nil {
				return err
			}
		}
		e.buf = append(e.buf, '}')
		return nil
	case (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) && t.Elem().Kind() != reflect.Uint8 && !marshals(t):
		if t.Kind() == reflect.Slice && v.IsNil() {
			e.buf = append(e.buf, "null"...) // as encoding/json writes it
			return nil
		}
		e.buf = append(e.buf, '[')
		for i := range v.Len() {
			if i > 0 {
				e.buf = append(e.buf, ',')
			}
			if err := e.value(v.Index(i), spec.elem()); err != nil {
				return err
			}
		}
		e.buf = append(e.buf, ']')
		return nil
	}
	// Strings, integers, booleans, dates, decimals, times, maps: exactly as
	// encoding/json writes them.
	b, err := json.Marshal(v.Interface())
	if err != nil {
		return err
	}
	e.buf = append(e.buf, b...)
	return nil
}

// float writes f as encoding/json does, or as NaN, +Inf, -Inf; or as ~
// when it has a tolerance and the encoder masks.
func (e *encoder) float(f float64, bits int, spec *tolSpec) {
	if e.mask && spec != nil && spec.tol != nil {
		e.buf = append(e.buf, '~')
		e.nums = append(e.nums, f)
		e.tols = append(e.tols, spec.tol)
		return
	}
	e.buf = appendFloat(e.buf, f, bits)
}

// appendFloat formats like encoding/json (shortest text that reads back
// to the same bits; exponent form outside [1e-6, 1e21)).
func appendFloat(b []byte, f float64, bits int) []byte {
	switch {
	case math.IsNaN(f):
		return append(b, "NaN"...)
	case math.IsInf(f, 1):
		return append(b, "+Inf"...)
	case math.IsInf(f, -1):
		return append(b, "-Inf"...)
	}
	abs, format := math.Abs(f), byte('f')
	if abs != 0 {
		if bits == 64 && (abs < 1e-6 || abs >= 1e21) || bits == 32 && (float32(abs) < 1e-6 || float32(abs) >= 1e21) {
			format = 'e'
		}
	}
	start := len(b)
	b = strconv.AppendFloat(b, f, format, -1, bits)
	if format == 'e' {
		// 1e-07 becomes 1e-7, as encoding/json writes it.
		n := len(b)
		if n-start >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

// keyOf is the text of a record's key fields, "" when the dataset has no
// keys or the record is not a struct.
func (e *encoder) keyOf(rec any, keys []string) string {
	v := reflect.ValueOf(rec)
	for v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
	}
	if len(keys) == 0 || v.Kind() != reflect.Struct {
		return ""
	}
	var b bytes.Buffer
	for _, k := range keys {
		for _, f := range e.structFields(v.Type()) {
			if f.name == k {
				b.WriteString(e.text(v.Field(f.index), nil))
				b.WriteByte(0)
			}
		}
	}
	return b.String()
}
