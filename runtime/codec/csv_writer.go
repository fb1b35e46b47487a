package codec

import (
	"io"
	"strconv"
	"time"

	"github.com/ayeaye-go/ayeaye/runtime/value"
)

// CSVWriter writes delimited text: UTF-8 without a byte order mark, LF line
// ends, and RFC 4180 quoting (a field is quoted when it holds the
// delimiter, a quote, CR or LF, or starts with a space or tab). Null is an
// empty field; an empty string of a nullable column is written "" so the
// two read back apart.
//
// Generated writers call one method per field, then EndRecord.
type CSVWriter struct {
	w     io.Writer
	buf   []byte
	delim byte
	n     int // fields written in the current record
	start int // where the current record starts in buf
	err   error
	quote [256]bool
	tmp   []byte // the scratch buffer of JSON-encoded columns
}

// NewCSVWriter returns a writer to w using o.Delimiter (',' if zero).
func NewCSVWriter(w io.Writer, o Options) *CSVWriter {
	d := o.Delimiter
	if d == 0 {
		d = ','
	}
	cw := &CSVWriter{w: w, buf: make([]byte, 0, flushAt+4096), delim: d}
	for _, c := range []byte{d, '"', '\r', '\n'} {
		cw.quote[c] = true
	}
	return cw
}

func (w *CSVWriter) sep() {
	if w.n > 0 {
		w.buf = append(w.buf, w.delim)
	}
	w.n++
}

// String writes s, quoting it when needed. An empty s is an empty field.
func (w *CSVWriter) String(s string) {
	w.sep()
	w.appendString(s)
}

// NullableString writes s as a value of a nullable column: an empty s is
// written "" so it does not read back as null.
func (w *CSVWriter) NullableString(s string) {
	w.sep()
	if s == "" {
		w.buf = append(w.buf, '"', '"')
		return
	}
	w.appendString(s)
}

// Bytes writes b like String.
func (w *CSVWriter) Bytes(b []byte) {
	w.sep()
	w.appendString(bytesString(b))
}

func (w *CSVWriter) appendString(s string) {
	needs := len(s) > 0 && (s[0] == ' ' || s[0] == '\t')
	if !needs {
		for i := 0; i < len(s); i++ {
			if w.quote[s[i]] {
				needs = true
				break
			}
		}
	}
	if !needs {
		w.buf = append(w.buf, s...)
		return
	}
	w.buf = append(w.buf, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			w.buf = append(w.buf, '"')
		}
		w.buf = append(w.buf, s[i])
	}
	w.buf = append(w.buf, '"')
}

// Scratch returns an empty buffer to build a JSON-encoded column's text
// in; WriteScratch writes it and keeps it for the next column, so that
// such columns cost no allocation per record.
func (w *CSVWriter) Scratch() []byte { return w.tmp[:0] }

// WriteScratch writes b, a buffer from Scratch, like Bytes, and returns it
// emptied for reuse.
func (w *CSVWriter) WriteScratch(b []byte) []byte {
	w.Bytes(b)
	w.tmp = b[:0]
	return w.tmp
}

// Null writes an empty field.
func (w *CSVWriter) Null() { w.sep() }

// Int writes an integer.
func (w *CSVWriter) Int(v int64) {
	w.sep()
	w.buf = strconv.AppendInt(w.buf, v, 10)
}

// Float writes the shortest text that reads back to the same bits; NaN
// and infinities are written as NaN, +Inf and -Inf.
func (w *CSVWriter) Float(f float64, bits int) {
	w.sep()
	w.buf = AppendFloat(w.buf, f, bits)
}

// Bool writes true or false.
func (w *CSVWriter) Bool(v bool) {
	w.sep()
	w.buf = strconv.AppendBool(w.buf, v)
}

// Time writes an RFC 3339 timestamp.
func (w *CSVWriter) Time(t time.Time) {
	w.sep()
	w.buf = AppendTime(w.buf, t)
}

// Date writes YYYY-MM-DD.
func (w *CSVWriter) Date(d value.Date) {
	w.sep()
	w.buf = d.Append(w.buf)
}

// Decimal writes an exact decimal in plain notation.
func (w *CSVWriter) Decimal(d value.Decimal) {
	w.sep()
	w.buf = d.Append(w.buf)
}

// EndRecord ends the line and flushes when the buffer is full.
func (w *CSVWriter) EndRecord() error {
	w.buf = append(w.buf, '\n')
	w.n = 0
	if len(w.buf) >= flushAt {
		return w.Flush()
	}
	w.start = len(w.buf)
	return w.err
}

// Discard drops the fields written since the last EndRecord, for a record
// that failed half way.
func (w *CSVWriter) Discard() {
	w.buf = w.buf[:w.start]
	w.n = 0
}

// Flush hands buffered bytes to the underlying writer.
func (w *CSVWriter) Flush() error {
	if w.err != nil {
		return w.err
	}
	if len(w.buf) > 0 {
		_, w.err = w.w.Write(w.buf)
		w.buf = w.buf[:0]
		w.start = 0
	}
	return w.err
}
