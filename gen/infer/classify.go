package infer

import (
	"bytes"

	"github.com/ayeaye-go/ayeaye/runtime/codec"
	"github.com/ayeaye-go/ayeaye/runtime/value"
)

// class is what one non-null scalar value looks like. Classes are decided
// by the same parsers the generated readers use (runtime/codec and
// runtime/value), so a column inferred as integer reads back as integer.
type class uint8

const (
	clsText        class = iota // fits nothing narrower than a string
	clsInt                      // a base-10 integer within int64, no leading zeros
	clsNumber                   // a number that is not clsInt (fraction or exponent)
	clsBool                     // true or false
	clsDate                     // YYYY-MM-DD naming a real day
	clsDateTime                 // RFC 3339 with an offset
	clsLeadingZero              // a number with a leading zero (007, 01.5): a code, not a quantity
	clsBigInt                   // an integer beyond the int64 range
	clsQuotedEmpty              // "" in a delimited file: an empty string, not null
)

// shape holds the facts about one value that notes and decimals need,
// beyond its class.
type shape struct {
	class class
	// scale is the number of fraction digits of a plain decimal
	// ("12.50" -> 2, "12" -> 0); -1 when the value is not a plain decimal
	// (an exponent, or not a number at all).
	scale int
	// yesNo marks yes/no/y/n in any case: flags that are not booleans.
	yesNo bool
	// naive marks a timestamp without a zone offset ("2026-01-02 10:00:00"),
	// which date-time cannot hold.
	naive bool
	// nullMarker marks text people write for a missing value (NA, NULL,
	// -), which readers take as text: only an empty field is null.
	nullMarker bool
}

// classifyText classifies a field of a delimited file. Empty text is
// handled by the caller (null, or a quoted empty string).
func classifyText(b []byte, zones *codec.Zones) shape {
	s := shape{class: clsText, scale: -1}
	switch {
	case isNumber(b):
		s.scale = plainScale(b)
		switch {
		case hasLeadingZero(b):
			s.class = clsLeadingZero
		case isInteger(b):
			s.class = clsInt
			if _, err := codec.ParseInt(b, 64); err != nil {
				s.class = clsBigInt
			}
		default:
			s.class = clsNumber
			if _, err := codec.ParseFloat(b, 64); err != nil {
				s.class = clsText // out of float64 range: 1e999
				s.scale = -1
			}
		}
	case isBoolWord(b):
		s.class = clsBool
	default:
		s.class, s.naive = classifyTime(b, zones)
		s.yesNo = s.class == clsText && isYesNo(b)
		s.nullMarker = s.class == clsText && isNullMarker(b)
	}
	return s
}

// classifyJSONNumber classifies the text of a JSON number token. JSON
// numbers cannot have leading zeros, so only int, big int and number
// remain.
func classifyJSONNumber(b []byte) shape {
	s := shape{class: clsNumber, scale: plainScale(b)}
	if isInteger(b) {
		s.class = clsInt
		if _, err := codec.ParseInt(b, 64); err != nil {
			s.class = clsBigInt
		}
	}
	return s
}

// classifyJSONString classifies a JSON string value. A JSON reader
// accepts a string only for string, date, date-time and textual decimal
// fields, so "42" in quotes stays text; scale records whether it looks like
// a decimal, for the note and -decimal.
func classifyJSONString(b []byte, zones *codec.Zones) shape {
	s := shape{class: clsText, scale: -1}
	if isNumber(b) && !hasLeadingZero(b) {
		s.scale = plainScale(b)
		return s
	}
	s.class, s.naive = classifyTime(b, zones)
	return s
}

// classifyTime tells dates and date-times from other text; naive reports
// a timestamp that lacks only its zone offset.
func classifyTime(b []byte, zones *codec.Zones) (c class, naive bool) {
	if len(b) == 10 && b[4] == '-' && b[7] == '-' {
		if _, err := value.ParseDate(string(b)); err == nil {
			return clsDate, false
		}
		return clsText, false
	}
	if len(b) < 19 || b[4] != '-' || b[7] != '-' || b[13] != ':' || b[16] != ':' {
		return clsText, false
	}
	if _, err := zones.ParseTime(b); err == nil {
		return clsDateTime, false
	}
	// "2026-01-02 10:00:00" and "2026-01-02T10:00:00": an offset is all
	// that is missing, which is worth saying in the note.
	if b[10] == ' ' || b[10] == 'T' || b[10] == 't' {
		fixed := make([]byte, 0, len(b)+1)
		fixed = append(fixed, b[:10]...)
		fixed = append(fixed, 'T')
		fixed = append(fixed, b[11:]...)
		fixed = append(fixed, 'Z')
		if _, err := zones.ParseTime(fixed); err == nil {
			return clsText, true
		}
	}
	return clsText, false
}

// isNumber reports whether b is a number in the plain syntax people write
// and strconv reads: an optional sign, digits with an optional fraction,
// an optional exponent. NaN, Inf, hex and digit separators are not
// numbers here, so they stay text.
func isNumber(b []byte) bool {
	i := 0
	if i < len(b) && (b[i] == '+' || b[i] == '-') {
		i++
	}
	intDigits := digitRun(b[i:])
	i += intDigits
	fracDigits := 0
	if i < len(b) && b[i] == '.' {
		i++
		fracDigits = digitRun(b[i:])
		i += fracDigits
	}
	if intDigits == 0 && fracDigits == 0 {
		return false
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		n := digitRun(b[i:])
		if n == 0 {
			return false
		}
		i += n
	}
	return i == len(b)
}

// isInteger reports whether a number (per isNumber) has no fraction and
// no exponent.
func isInteger(b []byte) bool {
	return bytes.IndexAny(b, ".eE") < 0
}

// hasLeadingZero reports whether a number's integer part has more than
// one digit and starts with 0, as codes and identifiers do ("007").
func hasLeadingZero(b []byte) bool {
	if len(b) > 0 && (b[0] == '+' || b[0] == '-') {
		b = b[1:]
	}
	return digitRun(b) > 1 && b[0] == '0'
}

// plainScale returns the number of fraction digits of a plain decimal
// (sign, digits, optional fraction), or -1 for anything else.
func plainScale(b []byte) int {
	if bytes.IndexAny(b, "eE") >= 0 {
		return -1
	}
	dot := bytes.IndexByte(b, '.')
	if dot < 0 {
		return 0
	}
	if dot == 0 || (dot == 1 && (b[0] == '+' || b[0] == '-')) {
		return -1 // ".5": value.ParseDecimal wants a digit before the point
	}
	return len(b) - dot - 1
}

func digitRun(b []byte) int {
	n := 0
	for n < len(b) && b[n] >= '0' && b[n] <= '9' {
		n++
	}
	return n
}

// isBoolWord accepts the spellings of true and false that both the
// generated readers (strconv.ParseBool) accept and people mean as
// booleans; 1/0 and t/f are left to integers and text.
func isBoolWord(b []byte) bool {
	switch string(b) {
	case "true", "True", "TRUE", "false", "False", "FALSE":
		return true
	}
	return false
}

func isYesNo(b []byte) bool {
	if len(b) > 3 {
		return false
	}
	switch string(bytes.ToLower(b)) {
	case "yes", "no", "y", "n":
		return true
	}
	return false
}

func isNullMarker(b []byte) bool {
	switch string(b) {
	case "NA", "N/A", "n/a", "NULL", "null", "Null", "None", "none", "nil", "-", "NaN", "nan":
		return true
	}
	return false
}
