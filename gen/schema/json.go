package schema

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/ayeaye-go/ayeaye/gen/diag"
)

// jsonSyntaxError is the first syntax error of a JSON file. Parsing stops
// there: after a syntax error nothing later in the file can be trusted.
type jsonSyntaxError struct {
	off  int
	msg  string
	hint string
}

// jsonReader is a small recursive-descent JSON parser that records where
// every key and value starts. encoding/json only reports byte offsets of
// tokens it has already consumed, which is awkward for keys, so a few
// hundred lines of scanner buy exact positions and messages that say what
// was expected.
type jsonReader struct {
	data  []byte
	off   int
	lines *lines
	err   *jsonSyntaxError
}

const syntaxHint = "fix the JSON syntax; a schema written in YAML must be in a .yaml or .yml file"

// parseJSON reads one JSON document into a positioned tree. Duplicate
// keys are reported in diags and the later value is dropped.
func parseJSON(file string, data []byte, diags *diag.List) *node {
	r := &jsonReader{data: data, lines: newLines(file, data)}
	if strings.HasPrefix(string(data), "\uFEFF") {
		r.off = 3 // a UTF-8 byte order mark some editors write
	}
	r.skipSpace()
	if r.off >= len(r.data) {
		diags.Add(r.lines.at(r.off), "write a JSON Schema object, e.g. {\"type\": \"object\", \"properties\": {...}}", "the file is empty")
		return nil
	}
	root := r.value(0, diags)
	if r.err == nil {
		r.skipSpace()
		if r.off < len(r.data) {
			r.fail(r.off, "invalid character %s after top-level value", r.quoteAt(r.off))
			r.err.hint = "a schema file holds exactly one JSON object; remove what follows it"
		}
	}
	if r.err != nil {
		hint := r.err.hint
		if hint == "" {
			hint = syntaxHint
		}
		diags.Add(r.lines.at(r.err.off), hint, "%s", r.err.msg)
		return nil
	}
	return root
}

func (r *jsonReader) fail(off int, format string, args ...any) {
	if r.err == nil {
		r.err = &jsonSyntaxError{off: off, msg: fmt.Sprintf(format, args...)}
	}
}

// failHint records a syntax error with a specific hint.
func (r *jsonReader) failHint(off int, hint, format string, args ...any) {
	if r.err == nil {
		r.fail(off, format, args...)
		r.err.hint = hint
	}
}

func (r *jsonReader) eof() {
	r.fail(len(r.data), "unexpected end of JSON input")
	r.err.hint = "the file ends inside a value; close every string, [ and {"
}

func (r *jsonReader) skipSpace() {
	for r.off < len(r.data) {
		switch r.data[r.off] {
		case ' ', '\t', '\n', '\r':
			r.off++
		default:
			return
		}
	}
}

// quoteAt describes the character at off the way encoding/json does: a
// Go rune literal such as 'x' or '\n'.
func (r *jsonReader) quoteAt(off int) string {
	c, _ := utf8.DecodeRune(r.data[off:])
	return strconv.QuoteRune(c)
}

// unexpected reports the character at r.off in the given context, with
// hints for the mistakes people actually make when writing JSON by hand.
func (r *jsonReader) unexpected(context string) {
	if r.off >= len(r.data) {
		r.eof()
		return
	}
	hint := ""
	switch c := r.data[r.off]; {
	case c == '\'':
		hint = "JSON strings use double quotes"
	case c == '/' || c == '#':
		hint = "JSON has no comments; use \"$comment\", or write the schema in YAML"
	case (c == '}' || c == ']') && r.off > 0 && r.prevNonSpace() == ',':
		hint = "JSON does not allow a trailing comma; remove it"
	case context == "looking for beginning of object key string" && (isIdentStart(c)):
		hint = "object keys are double-quoted strings in JSON"
	}
	r.failHint(r.off, hint, "invalid character %s %s", r.quoteAt(r.off), context)
}

func isIdentStart(c byte) bool {
	return c == '_' || c == '$' || (c|0x20) >= 'a' && (c|0x20) <= 'z'
}

func (r *jsonReader) prevNonSpace() byte {
	for i := r.off - 1; i >= 0; i-- {
		switch c := r.data[i]; c {
		case ' ', '\t', '\n', '\r':
		default:
			return c
		}
	}
	return 0
}

func (r *jsonReader) value(depth int, diags *diag.List) *node {
	if depth > maxDepth {
		r.failHint(r.off, "a dataset schema never needs this much nesting", "values nested deeper than %d levels", maxDepth)
		return nil
	}
	if r.off >= len(r.data) {
		r.eof()
		return nil
	}
	n := &node{pos: r.lines.at(r.off)}
	switch c := r.data[r.off]; {
	case c == '{':
		n.kind = objectNode
		r.object(n, depth, diags)
	case c == '[':
		n.kind = arrayNode
		r.array(n, depth, diags)
	case c == '"':
		n.kind = stringNode
		n.text = r.str()
	case c == '-' || c >= '0' && c <= '9':
		n.kind = numberNode
		n.text = r.number()
	case c == 't':
		n.kind, n.boolean = boolNode, true
		r.literal("true")
	case c == 'f':
		n.kind = boolNode
		r.literal("false")
	case c == 'n':
		n.kind = nullNode
		r.literal("null")
	default:
		r.unexpected("looking for beginning of value")
	}
	if r.err != nil {
		return nil
	}
	return n
}

func (r *jsonReader) literal(word string) {
	for i := 0; i < len(word); i++ {
		if r.off >= len(r.data) {
			r.eof()
			return
		}
		if r.data[r.off] != word[i] {
			r.fail(r.off, "invalid character %s in literal %s (expecting '%c')", r.quoteAt(r.off), word, word[i])
			return
		}
		r.off++
	}
}

func (r *jsonReader) object(n *node, depth int, diags *diag.List) {
	r.off++ // {
	seen := map[string]diag.Pos{}
	r.skipSpace()
	if r.off < len(r.data) && r.data[r.off] == '}' {
		r.off++
		return
	}
	for {
		r.skipSpace()
		if r.off >= len(r.data) || r.data[r.off] != '"' {
			r.unexpected("looking for beginning of object key string")
			return
		}
		keyPos := r.lines.at(r.off)
		key := r.str()
		if r.err != nil {
			return
		}
		r.skipSpace()
		if r.off >= len(r.data) || r.data[r.off] != ':' {
			r.unexpected("after object key")
			return
		}
		r.off++
		r.skipSpace()
		v := r.value(depth+1, diags)
		if r.err != nil {
			return
		}
		if first, dup := seen[key]; dup {
			diags.Add(keyPos, "remove one of them; JSON readers disagree on which one wins",
				"duplicate key %q (first at %d:%d)", key, first.Line, first.Col)
		} else {
			seen[key] = keyPos
			n.members = append(n.members, member{key: key, keyPos: keyPos, value: v})
		}
		r.skipSpace()
		if r.off >= len(r.data) {
			r.eof()
			return
		}
		switch r.data[r.off] {
		case ',':
			r.off++
		case '}':
			r.off++
			return
		default:
			r.unexpected("after object key:value pair")
			return
		}
	}
}

func (r *jsonReader) array(n *node, depth int, diags *diag.List) {
	r.off++ // [
	r.skipSpace()
	if r.off < len(r.data) && r.data[r.off] == ']' {
		r.off++
		return
	}
	for {
		r.skipSpace()
		v := r.value(depth+1, diags)
		if r.err != nil {
			return
		}
		n.items = append(n.items, v)
		r.skipSpace()
		if r.off >= len(r.data) {
			r.eof()
			return
		}
		switch r.data[r.off] {
		case ',':
			r.off++
		case ']':
			r.off++
			return
		default:
			r.unexpected("after array element")
			return
		}
	}
}

// number scans a number literal by the JSON grammar and returns it as
// written: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (r *jsonReader) number() string {
	start := r.off
	digits := func() bool {
		n := 0
		for r.off < len(r.data) && r.data[r.off] >= '0' && r.data[r.off] <= '9' {
			r.off++
			n++
		}
		return n > 0
	}
	bad := func() string {
		if r.off >= len(r.data) {
			r.eof()
		} else {
			r.fail(r.off, "invalid character %s in numeric literal", r.quoteAt(r.off))
		}
		return ""
	}
	if r.data[r.off] == '-' {
		r.off++
	}
	if r.off < len(r.data) && r.data[r.off] == '0' {
		r.off++
	} else if !digits() {
		return bad()
	}
	if r.off < len(r.data) && r.data[r.off] == '.' {
		r.off++
		if !digits() {
			return bad()
		}
	}
	if r.off < len(r.data) && (r.data[r.off] == 'e' || r.data[r.off] == 'E') {
		r.off++
		if r.off < len(r.data) && (r.data[r.off] == '+' || r.data[r.off] == '-') {
			r.off++
		}
		if !digits() {
			return bad()
		}
	}
	return string(r.data[start:r.off])
}

// str scans a string literal starting at the opening quote and returns
// its value.
func (r *jsonReader) str() string {
	r.off++ // opening quote
	var b []byte
	start := r.off
	for {
		if r.off >= len(r.data) {
			r.eof()
			return ""
		}
		c := r.data[r.off]
		switch {
		case c == '"':
			s := string(r.data[start:r.off])
			if b != nil {
				s = string(append(b, r.data[start:r.off]...))
			}
			r.off++
			return s
		case c < 0x20:
			r.failHint(r.off, "write line breaks and tabs inside strings as \\n and \\t",
				"invalid character %s in string literal", r.quoteAt(r.off))
			return ""
		case c == '\\':
			b = append(b, r.data[start:r.off]...)
			b = r.escape(b)
			if r.err != nil {
				return ""
			}
			start = r.off
		case c >= utf8.RuneSelf:
			ru, size := utf8.DecodeRune(r.data[r.off:])
			if ru == utf8.RuneError && size == 1 {
				r.failHint(r.off, "save the file as UTF-8", "invalid UTF-8 byte 0x%02x in string literal", c)
				return ""
			}
			r.off += size
		default:
			r.off++
		}
	}
}

// escape decodes one backslash escape at r.off and appends it to b.
func (r *jsonReader) escape(b []byte) []byte {
	r.off++ // backslash
	if r.off >= len(r.data) {
		r.eof()
		return b
	}
	c := r.data[r.off]
	r.off++
	switch c {
	case '"', '\\', '/':
		return append(b, c)
	case 'b':
		return append(b, '\b')
	case 'f':
		return append(b, '\f')
	case 'n':
		return append(b, '\n')
	case 'r':
		return append(b, '\r')
	case 't':
		return append(b, '\t')
	case 'u':
		ru := r.hex4()
		if r.err != nil {
			return b
		}
		if utf16.IsSurrogate(ru) {
			// A surrogate pair is two escapes; a lone half decodes to
			// U+FFFD as in encoding/json.
			if r.off+1 < len(r.data) && r.data[r.off] == '\\' && r.data[r.off+1] == 'u' {
				save := r.off
				r.off += 2
				lo := r.hex4()
				if r.err != nil {
					return b
				}
				if pair := utf16.DecodeRune(ru, lo); pair != utf8.RuneError {
					return utf8.AppendRune(b, pair)
				}
				r.off = save
			}
			ru = utf8.RuneError
		}
		return utf8.AppendRune(b, ru)
	}
	r.off--
	r.failHint(r.off, `valid escapes are \" \\ \/ \b \f \n \r \t and \uXXXX`,
		"invalid character %s in string escape code", r.quoteAt(r.off))
	return b
}

func (r *jsonReader) hex4() rune {
	var v rune
	for range 4 {
		if r.off >= len(r.data) {
			r.eof()
			return 0
		}
		c := r.data[r.off]
		var d byte
		switch {
		case c >= '0' && c <= '9':
			d = c - '0'
		case c >= 'a' && c <= 'f':
			d = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			d = c - 'A' + 10
		default:
			r.failHint(r.off, `a \u escape takes exactly four hex digits`,
				"invalid character %s in \\u hexadecimal character escape", r.quoteAt(r.off))
			return 0
		}
		v = v<<4 | rune(d)
		r.off++
	}
	return v
}
