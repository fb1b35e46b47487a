package codec

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"unicode/utf8"
)

const hexDigits = "0123456789abcdef"

// jsonSafe marks the ASCII bytes that need no escaping in a JSON string.
var jsonSafe = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// AppendJSONString appends s as a JSON string. Invalid UTF-8 becomes
// U+FFFD, as encoding/json does; HTML characters are not escaped.
func AppendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if jsonSafe[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		// U+2028 and U+2029 break JavaScript parsers of JSON lines.
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

var errNonFinite = errors.New("JSON cannot hold NaN or infinite numbers")

// AppendJSONFloat appends f as a JSON number with the fewest digits that
// read back to the same bits. NaN and infinities are an error.
func AppendJSONFloat(b []byte, f float64, bits int) ([]byte, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return b, errNonFinite
	}
	return AppendFloat(b, f, bits), nil
}

// WriteError describes a value of field that cannot be written.
func WriteError(field string, err error) error {
	e := &Error{Field: field, Err: err}
	if err == errNonFinite {
		e.Hint = "store NaN and infinities as null (make the field nullable), or write CSV"
	}
	return e
}

// NDJSONWriter writes one JSON record per line. Generated writers append
// a record to Buffer() and hand the result to Commit.
type NDJSONWriter struct {
	w   io.Writer
	buf []byte
	err error
}

// NewNDJSONWriter returns a writer to w.
func NewNDJSONWriter(w io.Writer, o Options) *NDJSONWriter {
	return &NDJSONWriter{w: w, buf: make([]byte, 0, flushAt+4096)}
}

// Buffer returns the buffer to append the next record to. A record that
// fails half way is dropped simply by not committing it.
func (w *NDJSONWriter) Buffer() []byte { return w.buf }

// Commit ends the record appended to b with a newline.
func (w *NDJSONWriter) Commit(b []byte) error {
	w.buf = append(b, '\n')
	if len(w.buf) >= flushAt {
		return w.Close()
	}
	return w.err
}

// Close flushes buffered records.
func (w *NDJSONWriter) Close() error {
	if w.err == nil && len(w.buf) > 0 {
		_, w.err = w.w.Write(w.buf)
		w.buf = w.buf[:0]
	}
	return w.err
}

// JSONArrayWriter writes records as one JSON array document, one element
// per line, or indented when Options.Indent is set.
type JSONArrayWriter struct {
	w      io.Writer
	buf    []byte
	indent string
	tmp    bytes.Buffer
	start  int // where the element being written starts in buf
	n      int
	err    error
}

// NewJSONArrayWriter returns a writer to w.
func NewJSONArrayWriter(w io.Writer, o Options) *JSONArrayWriter {
	aw := &JSONArrayWriter{w: w, buf: make([]byte, 0, flushAt+4096)}
	if o.Indent > 0 {
		aw.indent = fmt.Sprintf("%*s", o.Indent, "")
	}
	aw.buf = append(aw.buf, '[')
	return aw
}

// Buffer returns the buffer to append the next element to, after the
// separator. An element that fails half way is dropped by not committing
// it.
func (w *JSONArrayWriter) Buffer() []byte {
	b := w.buf
	if w.n > 0 {
		b = append(b, ',')
	}
	b = append(b, '\n')
	b = append(b, w.indent...)
	w.start = len(b)
	return b
}

// Commit keeps the element appended to b.
func (w *JSONArrayWriter) Commit(b []byte) error {
	if w.indent != "" {
		start := w.start
		w.tmp.Reset()
		if err := json.Indent(&w.tmp, b[start:], w.indent, w.indent); err != nil {
			return err
		}
		b = append(b[:start], w.tmp.Bytes()...)
	}
	w.buf = b
	w.n++
	if len(w.buf) >= flushAt {
		_, w.err = w.w.Write(w.buf)
		w.buf = w.buf[:0]
	}
	return w.err
}

// Close writes the closing bracket and flushes. The writer cannot be used
// afterwards.
func (w *JSONArrayWriter) Close() error {
	if w.err != nil {
		return w.err
	}
	if w.n > 0 {
		w.buf = append(w.buf, '\n')
	}
	w.buf = append(w.buf, ']', '\n')
	_, w.err = w.w.Write(w.buf)
	w.buf = w.buf[:0]
	if w.err == nil {
		w.err = errors.New("the JSON array writer is closed")
		return nil
	}
	return w.err
}
