package schema

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// maxJSONDepth bounds how deeply the document's JSON nests, so that
// decoding cannot exhaust the stack. It follows from MaxDepth: a field at
// that depth sits within a few JSON levels per type level; the rest is
// room for keywords FromJSON does not read.
const maxJSONDepth = 8 * MaxDepth

// object is a JSON object that remembers its key order, which
// encoding/json's maps forget, and where it starts in the document.
type object struct {
	keys   []string
	vals   map[string]any
	offset int64 // of its '{'
}

func (o *object) get(k string) any {
	if o == nil {
		return nil
	}
	return o.vals[k]
}

// document is a decoded schema document: the root and the text, to turn
// offsets into lines and columns.
type document struct {
	text []byte
	root any
}

// decode reads exactly one JSON value: *object, []any, string,
// json.Number, bool or nil.
func decode(text []byte) (*document, error) {
	dec := json.NewDecoder(bytes.NewReader(text))
	dec.UseNumber() // tolerances and enum members keep their spelling
	d := &document{text: text}
	root, err := d.value(dec, 0)
	if err != nil {
		return nil, d.syntax(dec, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, d.errAt(dec.InputOffset(), "", "the schema has data after its JSON value; a schema document is one JSON object")
	}
	d.root = root
	return d, nil
}

func (d *document) value(dec *json.Decoder, depth int) (any, error) {
	if depth > maxJSONDepth {
		return nil, errTooDeep
	}
	start := dec.InputOffset()
	tok, err := dec.Token()
	if err != nil {
		if err == io.EOF {
			return nil, io.ErrUnexpectedEOF
		}
		return nil, err
	}
	delim, ok := tok.(json.Delim)
	if !ok {
		return tok, nil
	}
	switch delim {
	case '{':
		o := &object{vals: map[string]any{}, offset: start + int64(skipSpace(d.text[start:]))}
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return nil, err
			}
			k := kt.(string) // inside an object the decoder yields only string keys
			v, err := d.value(dec, depth+1)
			if err != nil {
				return nil, err
			}
			if _, dup := o.vals[k]; !dup {
				o.keys = append(o.keys, k) // a repeated key: the last value wins, in the first one's place
			}
			o.vals[k] = v
		}
		_, err := dec.Token()
		return o, err
	case '[':
		a := []any{}
		for dec.More() {
			v, err := d.value(dec, depth+1)
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
		_, err := dec.Token()
		return a, err
	}
	return nil, fmt.Errorf("unexpected %q", delim) // the decoder reports stray closers itself
}

var errTooDeep = errors.New("nested deeper than " + strconv.Itoa(maxJSONDepth) + " levels")

func skipSpace(b []byte) int {
	for i, c := range b {
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != ',' && c != ':' {
			return i
		}
	}
	return len(b)
}

// syntax turns a decoding error into a positioned one.
func (d *document) syntax(dec *json.Decoder, err error) *Error {
	off := dec.InputOffset()
	var se *json.SyntaxError
	msg := err.Error()
	switch {
	case errors.Is(err, errTooDeep):
		return d.errAt(off, "", "the schema is "+err.Error()+" of JSON; a dataset schema needs far fewer")
	case errors.As(err, &se):
		off = se.Offset
	case errors.Is(err, io.ErrUnexpectedEOF):
		off, msg = int64(len(d.text)), "the document ends early"
	}
	return d.errAt(off, "", "the schema is not valid JSON: "+msg)
}

// errAt makes an error at a byte offset of the document.
func (d *document) errAt(off int64, pointer, msg string) *Error {
	e := &Error{Pointer: pointer, Msg: msg, Line: 1, Column: 1}
	if off > int64(len(d.text)) {
		off = int64(len(d.text))
	}
	for _, c := range d.text[:max(off, 0)] {
		if c == '\n' {
			e.Line, e.Column = e.Line+1, 1
		} else {
			e.Column++
		}
	}
	return e
}

// jsonKind names the JSON type of a decoded value, with its article.
func jsonKind(v any) string {
	switch v.(type) {
	case *object:
		return "an object"
	case []any:
		return "an array"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	}
	return "null"
}

// appendJSON writes a decoded value as compact JSON (an enum member that
// is not a string).
func appendJSON(b []byte, v any) []byte {
	switch v := v.(type) {
	case *object:
		b = append(b, '{')
		for i, k := range v.keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSON(b, k)
			b = appendJSON(append(b, ':'), v.vals[k])
		}
		return append(b, '}')
	case []any:
		b = append(b, '[')
		for i, e := range v {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSON(b, e)
		}
		return append(b, ']')
	case string:
		q, _ := json.Marshal(v) // a string always marshals
		return append(b, q...)
	case json.Number:
		return append(b, v...)
	case bool:
		return strconv.AppendBool(b, v)
	}
	return append(b, "null"...)
}
