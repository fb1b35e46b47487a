package codec

import (
	"bytes"
	"errors"
	"fmt"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/ayeaye-go/ayeaye/runtime/value"
)

// JSONLexer reads one JSON value (a record) from a byte slice, token by
// token, for generated decoders: no reflection, no maps, no allocation
// except for strings the record keeps. Strings are unescaped into a
// scratch buffer that is reused, so returned bytes are valid until the
// next call.
//
// Typed methods take the field name so that a bad value becomes an *Error
// naming file, line, column, field, text and expected type.
type JSONLexer struct {
	data    []byte
	pos     int
	file    string
	line    int // line of data[0] in the file
	col     int // column of data[0] in the file
	scratch []byte
	zones   *Zones
	strings arena
	keyOff  int // where the last key read by Key starts, for DuplicateKey
}

// maxDepth bounds nesting in Skip so hostile input cannot exhaust memory.
const maxDepth = 10000

// NewJSONLexer returns a lexer over data; line and col (1-based) place
// data[0] in the file for error messages.
func NewJSONLexer(data []byte, file string, line, col int) *JSONLexer {
	l := &JSONLexer{zones: &Zones{}}
	l.file = file
	l.Reset(data, line, col)
	return l
}

// Reset points the lexer at a new record, keeping its buffers.
func (l *JSONLexer) Reset(data []byte, line, col int) {
	l.data, l.pos, l.line, l.col = data, 0, line, col
}

func (l *JSONLexer) skipWS() {
	for l.pos < len(l.data) {
		switch l.data[l.pos] {
		case ' ', '\t', '\n', '\r':
			l.pos++
		default:
			return
		}
	}
}

// position turns a byte offset into a line and column of the file.
func (l *JSONLexer) position(off int) (int, int) {
	if off > len(l.data) {
		off = len(l.data)
	}
	line, col := l.line, l.col+off
	if nl := bytes.LastIndexByte(l.data[:off], '\n'); nl >= 0 {
		line += bytes.Count(l.data[:off], []byte{'\n'})
		col = off - nl
	}
	return line, col
}

func (l *JSONLexer) syntaxError(off int, format string, args ...any) error {
	line, col := l.position(off)
	got := "the end of the record"
	if off < len(l.data) {
		got = fmt.Sprintf("%q", l.data[off])
	}
	return &Error{File: l.file, Line: line, Column: col, Err: fmt.Errorf(format+", found "+got, args...)}
}

func (l *JSONLexer) valueError(off int, field, expected string, text []byte, err error) error {
	line, col := l.position(off)
	return newValueError(l.file, line, col, field, string(text), expected, err)
}

// Errorf reports a problem with the value that starts at off (from
// Offset) in field.
func (l *JSONLexer) Errorf(off int, field, expected string, text []byte) error {
	return l.valueError(off, field, expected, text, nil)
}

// Offset is the position of the next token, for Errorf.
func (l *JSONLexer) Offset() int {
	l.skipWS()
	return l.pos
}

// Pos is the lexer's position, for DuplicateKey. Unlike Offset it does
// not skip whitespace, so a decoder can take it for every object for
// nothing.
func (l *JSONLexer) Pos() int { return l.pos }

// BeginObject consumes '{'.
func (l *JSONLexer) BeginObject(field string) error {
	l.skipWS()
	if l.pos >= len(l.data) || l.data[l.pos] != '{' {
		if field != "" {
			return l.valueError(l.pos, field, "object", l.token(), nil)
		}
		return l.syntaxError(l.pos, "expected a JSON object")
	}
	l.pos++
	return nil
}

// Key reads the next key of an object, or reports ok=false at its end.
// i counts the keys read so far (0 for the first call), which decides
// whether a comma is due.
func (l *JSONLexer) Key(i int) (key []byte, ok bool, err error) {
	l.skipWS()
	if l.pos < len(l.data) && l.data[l.pos] == '}' {
		l.pos++
		return nil, false, nil
	}
	if i > 0 {
		if l.pos >= len(l.data) || l.data[l.pos] != ',' {
			return nil, false, l.syntaxError(l.pos, "expected ',' or '}' after an object member")
		}
		l.pos++
		l.skipWS()
	}
	if l.pos >= len(l.data) || l.data[l.pos] != '"' {
		return nil, false, l.syntaxError(l.pos, "expected a string key")
	}
	l.keyOff = l.pos
	key, err = l.readString()
	if err != nil {
		return nil, false, err
	}
	l.skipWS()
	if l.pos >= len(l.data) || l.data[l.pos] != ':' {
		return nil, false, l.syntaxError(l.pos, "expected ':' after an object key")
	}
	l.pos++
	return key, true, nil
}

// BeginArray consumes '['.
func (l *JSONLexer) BeginArray(field string) error {
	l.skipWS()
	if l.pos >= len(l.data) || l.data[l.pos] != '[' {
		return l.valueError(l.pos, field, "array", l.token(), nil)
	}
	l.pos++
	return nil
}

// Elem reports whether another array element follows; i counts the
// elements read so far.
func (l *JSONLexer) Elem(i int) (bool, error) {
	l.skipWS()
	if l.pos < len(l.data) && l.data[l.pos] == ']' {
		l.pos++
		return false, nil
	}
	if i > 0 {
		if l.pos >= len(l.data) || l.data[l.pos] != ',' {
			return false, l.syntaxError(l.pos, "expected ',' or ']' after an array element")
		}
		l.pos++
	}
	return true, nil
}

// Null consumes a null literal if one is next.
func (l *JSONLexer) Null() bool {
	l.skipWS()
	if bytes.HasPrefix(l.data[l.pos:], []byte("null")) {
		l.pos += 4
		return true
	}
	return false
}

// End checks that nothing but white space follows the record.
func (l *JSONLexer) End() error {
	l.skipWS()
	if l.pos != len(l.data) {
		return l.syntaxError(l.pos, "expected the end of the record")
	}
	return nil
}

// token returns the literal at the current position for error messages.
func (l *JSONLexer) token() []byte {
	start := l.pos
	end := start
	for end < len(l.data) && end-start < 80 {
		c := l.data[end]
		if c == ',' || c == '}' || c == ']' || c == '\n' || (c == ' ' && l.data[start] != '"') {
			break
		}
		end++
	}
	return l.data[start:end]
}

// String reads a string value.
func (l *JSONLexer) String(field string) ([]byte, error) {
	l.skipWS()
	if l.pos >= len(l.data) || l.data[l.pos] != '"' {
		return nil, l.valueError(l.pos, field, "string", l.token(), nil)
	}
	return l.readString()
}

// Text reads a string value as a Go string.
func (l *JSONLexer) Text(field string) (string, error) {
	b, err := l.String(field)
	if err != nil {
		return "", err
	}
	return l.strings.string(b), nil
}

// readString reads the string at l.pos, unescaping into scratch only when
// it holds escapes.
func (l *JSONLexer) readString() ([]byte, error) {
	start := l.pos
	i := start + 1
	for i < len(l.data) {
		c := l.data[i]
		if c == '"' {
			l.pos = i + 1
			return l.data[start+1 : i], nil
		}
		if c == '\\' || c < 0x20 {
			break
		}
		i++
	}
	l.scratch = append(l.scratch[:0], l.data[start+1:i]...)
	for i < len(l.data) {
		c := l.data[i]
		switch {
		case c == '"':
			l.pos = i + 1
			return l.scratch, nil
		case c < 0x20:
			return nil, l.syntaxError(i, "control character in a string (escape it, e.g. \\n)")
		case c != '\\':
			l.scratch = append(l.scratch, c)
			i++
			continue
		}
		if i+1 >= len(l.data) {
			break
		}
		e := l.data[i+1]
		i += 2
		switch e {
		case '"', '\\', '/':
			l.scratch = append(l.scratch, e)
		case 'b':
			l.scratch = append(l.scratch, '\b')
		case 'f':
			l.scratch = append(l.scratch, '\f')
		case 'n':
			l.scratch = append(l.scratch, '\n')
		case 'r':
			l.scratch = append(l.scratch, '\r')
		case 't':
			l.scratch = append(l.scratch, '\t')
		case 'u':
			r, ok := hex4(l.data, i)
			if !ok {
				return nil, l.syntaxError(i-2, `invalid \u escape (want four hex digits)`)
			}
			i += 4
			if utf16.IsSurrogate(r) {
				if r2, ok := hex4(l.data, i+2); ok && l.data[i] == '\\' && l.data[i+1] == 'u' {
					if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
						r = d
						i += 6
					} else {
						r = utf8.RuneError
					}
				} else {
					r = utf8.RuneError
				}
			}
			l.scratch = utf8.AppendRune(l.scratch, r)
		default:
			return nil, l.syntaxError(i-2, "invalid escape \\%c", e)
		}
	}
	return nil, l.syntaxError(start, "unterminated string")
}

func hex4(b []byte, i int) (rune, bool) {
	if i+4 > len(b) {
		return 0, false
	}
	var r rune
	for _, c := range b[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// number returns the bytes of the number literal at l.pos.
func (l *JSONLexer) number() []byte {
	start := l.pos
	i := start
	for i < len(l.data) {
		c := l.data[i]
		if (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E' {
			i++
			continue
		}
		break
	}
	l.pos = i
	return l.data[start:i]
}

// Int reads an integer of the given bits.
func (l *JSONLexer) Int(field string, bits int) (int64, error) {
	l.skipWS()
	start := l.pos
	b := l.number()
	if len(b) == 0 { // not a number at all: a string, null, an object…
		return 0, l.valueError(start, field, intName(bits), l.token(), nil)
	}
	v, err := ParseInt(b, bits)
	if err != nil {
		return 0, l.valueError(start, field, intName(bits), b, err)
	}
	return v, nil
}

// Float reads a number of the given bits.
func (l *JSONLexer) Float(field string, bits int) (float64, error) {
	l.skipWS()
	start := l.pos
	b := l.number()
	if len(b) == 0 {
		return 0, l.valueError(start, field, floatName(bits), l.token(), nil)
	}
	v, err := ParseFloat(b, bits)
	if err != nil {
		return 0, l.valueError(start, field, floatName(bits), b, err)
	}
	return v, nil
}

// Bool reads true or false.
func (l *JSONLexer) Bool(field string) (bool, error) {
	l.skipWS()
	rest := l.data[l.pos:]
	switch {
	case bytes.HasPrefix(rest, []byte("true")):
		l.pos += 4
		return true, nil
	case bytes.HasPrefix(rest, []byte("false")):
		l.pos += 5
		return false, nil
	}
	return false, l.valueError(l.pos, field, "boolean", l.token(), nil)
}

// Time reads an RFC 3339 timestamp string.
func (l *JSONLexer) Time(field string) (time.Time, error) {
	start := l.Offset()
	b, err := l.String(field)
	if err != nil {
		return time.Time{}, l.valueError(start, field, "date-time string", l.token(), nil)
	}
	t, err := l.zones.ParseTime(b)
	if err != nil {
		return time.Time{}, l.valueError(start, field, "date-time", b, err)
	}
	return t, nil
}

// Date reads a YYYY-MM-DD string.
func (l *JSONLexer) Date(field string) (value.Date, error) {
	start := l.Offset()
	b, err := l.String(field)
	if err != nil {
		return value.Date{}, l.valueError(start, field, "date string (YYYY-MM-DD)", l.token(), nil)
	}
	d, err := value.ParseDate(string(b))
	if err != nil {
		return value.Date{}, l.valueError(start, field, "date (YYYY-MM-DD)", b, err)
	}
	return d, nil
}

// Decimal reads an exact decimal written as a JSON number or string.
func (l *JSONLexer) Decimal(field string) (value.Decimal, error) {
	start := l.Offset()
	var b []byte
	if l.pos < len(l.data) && l.data[l.pos] == '"' {
		var err error
		if b, err = l.readString(); err != nil {
			return value.Decimal{}, err
		}
	} else {
		b = l.number()
	}
	if len(b) == 0 {
		return value.Decimal{}, l.valueError(start, field, "decimal", l.token(), nil)
	}
	d, err := value.ParseDecimal(string(b))
	if err != nil {
		return value.Decimal{}, l.valueError(start, field, "decimal", b, err)
	}
	return d, nil
}

var errDepth = errors.New("nesting is too deep")

// Skip skips one value of any kind, for keys the schema does not name.
func (l *JSONLexer) Skip() error {
	l.skipWS()
	if l.pos >= len(l.data) {
		return l.syntaxError(l.pos, "expected a value")
	}
	switch c := l.data[l.pos]; {
	case c == '"':
		_, err := l.readString()
		return err
	case c == '{' || c == '[':
		return l.skipNested()
	case c == 't' && bytes.HasPrefix(l.data[l.pos:], []byte("true")):
		l.pos += 4
	case c == 'f' && bytes.HasPrefix(l.data[l.pos:], []byte("false")):
		l.pos += 5
	case c == 'n' && bytes.HasPrefix(l.data[l.pos:], []byte("null")):
		l.pos += 4
	case c == '-' || (c >= '0' && c <= '9'):
		if _, err := ParseFloat(l.number(), 64); err != nil && err != errRange {
			return l.syntaxError(l.pos, "invalid number")
		}
	default:
		return l.syntaxError(l.pos, "expected a value")
	}
	return nil
}

// skipNested skips an object or array without recursion, checking
// brackets pair up.
func (l *JSONLexer) skipNested() error {
	var stack []byte
	for l.pos < len(l.data) {
		c := l.data[l.pos]
		switch c {
		case '"':
			if _, err := l.readString(); err != nil {
				return err
			}
			continue
		case '{', '[':
			if len(stack) >= maxDepth {
				return l.syntaxError(l.pos, "%v", errDepth)
			}
			stack = append(stack, c)
		case '}', ']':
			open := byte('{')
			if c == ']' {
				open = '['
			}
			if len(stack) == 0 || stack[len(stack)-1] != open {
				return l.syntaxError(l.pos, "mismatched bracket")
			}
			stack = stack[:len(stack)-1]
			if len(stack) == 0 {
				l.pos++
				return nil
			}
		}
		l.pos++
	}
	return l.syntaxError(l.pos, "unterminated object or array")
}

// UnknownKey reports a key that a closed object (additionalProperties:
// false) does not allow.
func (l *JSONLexer) UnknownKey(key []byte, known string) error {
	line, col := l.position(l.pos)
	return &Error{File: l.file, Line: line, Column: col, Err: fmt.Errorf("unknown key %q", key),
		Hint: "the schema allows only " + known}
}

// DuplicateKey reports key, just read by Key, as given a second time in
// the object that starts at start (from Pos or Offset before BeginObject): a
// record holds one value per field, so neither value may silently win.
// It runs only on this error, so it reads the object again to say where
// the first key is rather than have every decoder remember positions.
func (l *JSONLexer) DuplicateKey(start int, key []byte) error {
	name := string(key)
	line, col := l.position(l.keyOff)
	first := ""
	c := &JSONLexer{data: l.data, pos: start, line: l.line, col: l.col, zones: l.zones}
	if c.BeginObject("") == nil {
		for i := 0; ; i++ {
			k, ok, err := c.Key(i)
			if err != nil || !ok || c.keyOff >= l.keyOff {
				break
			}
			if string(k) == name {
				fl, fc := c.position(c.keyOff)
				first = fmt.Sprintf(" (first at %d:%d)", fl, fc)
				break
			}
			if c.Skip() != nil {
				break
			}
		}
	}
	return &Error{File: l.file, Line: line, Column: col, Field: name,
		Err:  fmt.Errorf("duplicate key %q in one object%s", name, first),
		Hint: "a record holds one value per field: remove one of the two keys"}
}

// Missing reports a required key absent from an object.
func (l *JSONLexer) Missing(field string) error {
	line, col := l.position(l.pos)
	return &Error{File: l.file, Line: line, Column: col, Field: field,
		Err:  errors.New("required key is missing from the object"),
		Hint: "add the key, or make the field optional by removing it from the schema's required list"}
}
