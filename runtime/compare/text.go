package compare

import (
	"encoding"
	"fmt"
	"reflect"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ayeaye-go/ayeaye/runtime/value"
)

var (
	nullPkg           = reflect.TypeFor[value.Null[int]]().PkgPath()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
)

// isNull reports whether t is a value.Null[X].
func isNull(t reflect.Type) bool {
	return t.Kind() == reflect.Struct && t.PkgPath() == nullPkg && strings.HasPrefix(t.Name(), "Null[")
}

// escape writes control characters and invalid UTF-8 as Go escapes, so
// a tab or newline in the data cannot break a report's lines.
func escape(s string) string {
	if !strings.ContainsFunc(s, unicode.IsControl) && utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case unicode.IsControl(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// clip shortens s to at most maxWidth runes, ending with "…" when cut.
func clip(s string, maxWidth int) string {
	if utf8.RuneCountInString(s) <= maxWidth {
		return s
	}
	n := 0
	for i := range s {
		if n == maxWidth-1 {
			return s[:i] + "…"
		}
		n++
	}
	return s
}
