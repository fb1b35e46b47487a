package value

import (
	"fmt"
	"unicode/utf8"
)

// ParseError reports text that is not a valid Date or Decimal.
//
// Codecs that report their own position and value can use Reason and Want
// on their own; Error joins everything into one sentence.
type ParseError struct {
	Type   string // "date" or "decimal"
	Input  string // a copy of the rejected text, shortened to about 64 bytes
	Offset int    // byte offset in the text where the problem was found
	Reason string // what is wrong, e.g. "month 13 is out of range 01-12"
	Want   string // what would have been accepted, with an example
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("invalid %s %q: %s; want %s", e.Type, e.Input, e.Reason, e.Want)
}

const (
	wantDate    = "a date as YYYY-MM-DD, e.g. 2024-02-29"
	wantDecimal = "a decimal number such as 12, -0.50 or 1.5e3"
	maxQuoted   = 64
)

// newParseError copies the input rather than keeping s, so that s never
// escapes and callers can pass string(b) to the parsers without a heap
// allocation. It is only reached on the error path.
func newParseError[T string | []byte](typ string, s T, off int, reason string) *ParseError {
	in := []byte(s) // a copy for both string and []byte
	if len(in) > maxQuoted {
		in = append(in[:maxQuoted-3], "..."...)
	}
	return &ParseError{Type: typ, Input: string(in), Offset: off, Reason: reason, Want: wantOf(typ)}
}

func wantOf(typ string) string {
	if typ == "date" {
		return wantDate
	}
	return wantDecimal
}

// quoteAt names the character at byte i of s for messages: 'x', or
// "end of text" when i is past the end.
func quoteAt[T string | []byte](s T, i int) string {
	if i >= len(s) {
		return "end of text"
	}
	end := min(i+utf8.UTFMax, len(s))
	r, size := utf8.DecodeRune([]byte(s[i:end]))
	if r == utf8.RuneError && size <= 1 {
		return fmt.Sprintf("byte 0x%02x (not UTF-8) at byte %d", s[i], i)
	}
	return fmt.Sprintf("%q at byte %d", r, i)
}
