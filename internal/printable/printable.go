// Package printable makes data safe to print in aligned text: tables,
// reports. Data can hold tabs, newlines and broken UTF-8; printed raw
// they would break the lines a reader relies on.
package printable

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Escape writes control characters and invalid UTF-8 as Go escapes.
func Escape(s string) string {
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

// Clip shortens s to at most maxWidth runes, ending with "…" when cut;
// maxWidth <= 0 keeps it whole.
func Clip(s string, maxWidth int) string {
	if maxWidth <= 0 || utf8.RuneCountInString(s) <= maxWidth {
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
