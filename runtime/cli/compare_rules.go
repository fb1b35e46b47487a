package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
)

// rules is what a dataset's schema says about comparing two versions of
// it: whether record order is part of the data, its key fields (to show
// which records changed), and which floats may differ within a tolerance.
// ayeaye-gen has checked the schema; rules reads the canonical JSON the
// generated Dataset carries, so declaring them needs no generated code.
type rules struct {
	ordered bool
	keys    []string
	tol     *tolSpec // nil: every value is compared exactly
}

// tolerance bounds the difference of two floats that count as equal.
type tolerance struct{ abs, rel float64 }

// allowed is the largest difference that counts as equal for a and b.
func (t *tolerance) allowed(a, b float64) float64 {
	return max(t.abs, t.rel*max(math.Abs(a), math.Abs(b)))
}

// equal compares within the tolerance. NaN equals only NaN, and an
// infinity only the same infinity: no tolerance bridges those.
func (t *tolerance) equal(a, b float64) bool {
	switch {
	case math.IsNaN(a) || math.IsNaN(b):
		return math.IsNaN(a) && math.IsNaN(b)
	case math.IsInf(a, 0) || math.IsInf(b, 0):
		return a == b
	}
	return math.Abs(a-b) <= t.allowed(a, b)
}

// window is how far below or above a any b that equals it can lie:
// |a-b| <= max(abs, rel*max(|a|,|b|)) with |b| <= |a|+d gives
// d <= max(abs, rel*|a|/(1-rel)), finite because rel < 1.
func (t *tolerance) window(a float64) float64 {
	return max(t.abs, t.rel*math.Abs(a)/(1-t.rel))
}

func (t *tolerance) String() string {
	switch {
	case t.rel == 0:
		return fmt.Sprintf("%g", t.abs)
	case t.abs == 0:
		return fmt.Sprintf("%g relative", t.rel)
	}
	return fmt.Sprintf("%g or %g relative", t.abs, t.rel)
}

// tolSpec follows the shape of the record to the floats that have a
// tolerance. A nil *tolSpec has none below it.
type tolSpec struct {
	tol    *tolerance          // on this value; for an array, on each of its numbers
	fields map[string]*tolSpec // an object's properties
	items  *tolSpec            // an array's elements
}

func (s *tolSpec) field(name string) *tolSpec {
	if s == nil {
		return nil
	}
	return s.fields[name]
}

func (s *tolSpec) elem() *tolSpec {
	if s == nil {
		return nil
	}
	if s.items != nil {
		return s.items
	}
	if s.tol != nil {
		return s // an array of numbers: each number takes the property's tolerance
	}
	return nil
}

// parseRules reads the rules from a dataset's JSON Schema; an empty schema
// (a hand-written Dataset) compares exactly, in any order.
func parseRules(schema string) (rules, error) {
	var r rules
	if strings.TrimSpace(schema) == "" {
		return r, nil
	}
	dec := json.NewDecoder(strings.NewReader(schema))
	dec.UseNumber() // tolerances as written: 1E-6 is read exactly as ayeaye-gen read it
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		return r, fmt.Errorf("the dataset's schema is not JSON: %w", err)
	}
	if x, ok := doc["x-ayeaye"].(map[string]any); ok {
		r.ordered, _ = x["ordered"].(bool)
		keys, _ := x["keys"].([]any)
		for _, k := range keys {
			if s, ok := k.(string); ok {
				r.keys = append(r.keys, s)
			}
		}
	}
	defs, _ := doc["$defs"].(map[string]any)
	var err error
	r.tol, err = specOf(doc, defs, nil, 0)
	return r, err
}

// specOf builds the tolSpec of schema s; inherited is the tolerance of
// the array property s is the items of.
func specOf(s map[string]any, defs map[string]any, inherited *tolerance, depth int) (*tolSpec, error) {
	if depth > 64 {
		return nil, fmt.Errorf("the dataset's schema nests too deeply")
	}
	spec := &tolSpec{tol: inherited}
	if x, ok := s["x-ayeaye"].(map[string]any); ok && x["tolerance"] != nil {
		t, err := toleranceOf(x["tolerance"])
		if err != nil {
			return nil, err
		}
		spec.tol = t
	}
	if ref, ok := s["$ref"].(string); ok {
		def, _ := defs[strings.TrimPrefix(ref, "#/$defs/")].(map[string]any)
		if def == nil {
			return nil, fmt.Errorf("the dataset's schema refers to %q, which it does not define", ref)
		}
		inner, err := specOf(def, defs, spec.tol, depth+1)
		if err != nil || inner == nil {
			return nilIfEmpty(spec), err
		}
		return inner, nil
	}
	if props, ok := s["properties"].(map[string]any); ok {
		for name, p := range props {
			pm, ok := p.(map[string]any)
			if !ok {
				continue
			}
			f, err := specOf(pm, defs, nil, depth+1)
			if err != nil {
				return nil, fmt.Errorf("property %q: %w", name, err)
			}
			if f != nil {
				if spec.fields == nil {
					spec.fields = map[string]*tolSpec{}
				}
				spec.fields[name] = f
			}
		}
	}
	if items, ok := s["items"].(map[string]any); ok {
		var err error
		if spec.items, err = specOf(items, defs, spec.tol, depth+1); err != nil {
			return nil, err
		}
	}
	return nilIfEmpty(spec), nil
}

func nilIfEmpty(s *tolSpec) *tolSpec {
	if s.tol == nil && s.fields == nil && s.items == nil {
		return nil
	}
	return s
}

// toleranceOf reads x-ayeaye.tolerance: a number, or {absolute, relative}.
func toleranceOf(v any) (*tolerance, error) {
	num := func(v any, what string) (float64, error) {
		n, ok := v.(json.Number)
		if !ok {
			return 0, fmt.Errorf("x-ayeaye.%s must be a number", what)
		}
		f, err := n.Float64()
		if err != nil || f < 0 || math.IsInf(f, 0) {
			return 0, fmt.Errorf("x-ayeaye.%s is %s; it must be a finite number, not negative", what, n)
		}
		return f, nil
	}
	var t tolerance
	var err error
	switch v := v.(type) {
	case json.Number:
		t.abs, err = num(v, "tolerance")
	case map[string]any:
		if a, ok := v["absolute"]; ok && err == nil {
			t.abs, err = num(a, "tolerance.absolute")
		}
		if r, ok := v["relative"]; ok && err == nil {
			t.rel, err = num(r, "tolerance.relative")
			if err == nil && t.rel >= 1 {
				err = fmt.Errorf("x-ayeaye.tolerance.relative is %s; it must be below 1", r)
			}
		}
	default:
		err = fmt.Errorf("x-ayeaye.tolerance must be a number or an object")
	}
	if err != nil {
		return nil, fmt.Errorf("the dataset's schema: %w (run ayeaye-gen vet)", err)
	}
	return &t, nil
}

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
