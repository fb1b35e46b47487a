package codec

import (
	"errors"
	"strconv"
	"time"
	"unsafe"
)

// These parsers take the bytes of one field and never allocate on success.
// Errors are plain causes; readers wrap them in *Error with the position.

var (
	errEmpty    = errors.New("empty value")
	errSyntax   = errors.New("invalid syntax")
	errRange    = errors.New("value out of range")
	errTimeForm = errors.New(`want RFC 3339, e.g. "2006-01-02T15:04:05Z" or "2006-01-02T15:04:05.5+02:00"`)
)

// bytesString views b as a string without copying. The string must not
// outlive the call it is passed to; strconv copies what it keeps in errors.
func bytesString(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// ParseInt parses a base-10 integer of the given bit size (8, 16, 32, 64).
// A leading '+' is accepted; spaces, underscores and other bases are not.
func ParseInt(b []byte, bits int) (int64, error) {
	if len(b) == 0 {
		return 0, errEmpty
	}
	neg := false
	s := b
	switch s[0] {
	case '-':
		neg = true
		s = s[1:]
	case '+':
		s = s[1:]
	}
	if len(s) == 0 || len(s) > 19 {
		if len(s) > 19 && allDigits(s) {
			return 0, errRange
		}
		return 0, errSyntax
	}
	var u uint64
	for _, c := range s {
		d := c - '0'
		if d > 9 {
			return 0, errSyntax
		}
		u = u*10 + uint64(d)
	}
	// 19 digits cannot overflow uint64, so the bound check below is exact.
	limit := uint64(1) << (bits - 1)
	if neg {
		if u > limit {
			return 0, errRange
		}
		return -int64(u), nil
	}
	if u >= limit {
		return 0, errRange
	}
	return int64(u), nil
}

func allDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// ParseFloat parses a number of the given bit size (32 or 64) exactly as
// strconv does, so written floats read back bit for bit. Plain decimals of
// up to 19 significant digits, exponents included, are converted here for
// 64 bits (parseDecimal, float.go); everything else, 32 bits included
// (rounding to float32 needs its own algorithm), goes to strconv, which
// also gives the errors.
func ParseFloat(b []byte, bits int) (float64, error) {
	if len(b) == 0 {
		return 0, errEmpty
	}
	if bits == 64 {
		if f, ok := parseDecimal(b); ok {
			return f, nil
		}
	}
	f, err := strconv.ParseFloat(bytesString(b), bits)
	if err != nil {
		var ne *strconv.NumError
		if errors.As(err, &ne) {
			return 0, ne.Err
		}
		return 0, err
	}
	return f, nil
}

// exactPow10 are the powers of ten a float64 holds exactly.
var exactPow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// ParseBool accepts true/false in the spellings strconv.ParseBool knows
// (1, t, T, TRUE, true, True and their false counterparts).
func ParseBool(b []byte) (bool, error) {
	if len(b) == 0 {
		return false, errEmpty
	}
	v, err := strconv.ParseBool(bytesString(b))
	if err != nil {
		return false, errSyntax
	}
	return v, nil
}

// Zones caches the fixed time zones met while parsing timestamps, so that
// "…+02:00" on every row does not allocate a new *time.Location per row.
// Each reader owns one; it is not safe for concurrent use.
type Zones struct {
	offsets []int
	locs    []*time.Location
}

func (z *Zones) fixed(offset int) *time.Location {
	if offset == 0 {
		return time.UTC
	}
	for i, o := range z.offsets {
		if o == offset {
			return z.locs[i]
		}
	}
	loc := time.FixedZone("", offset)
	z.offsets = append(z.offsets, offset)
	z.locs = append(z.locs, loc)
	return loc
}

// ParseTime parses an RFC 3339 timestamp ("2006-01-02T15:04:05.999999999Z07:00";
// 't' and 'z' in lower case are accepted, as RFC 3339 allows). Offsets
// other than Z give a fixed zone taken from z.
func (z *Zones) ParseTime(b []byte) (time.Time, error) {
	if len(b) == 0 {
		return time.Time{}, errEmpty
	}
	// 2006-01-02T15:04:05Z is the shortest form.
	if len(b) < 20 || b[4] != '-' || b[7] != '-' || (b[10] != 'T' && b[10] != 't') || b[13] != ':' || b[16] != ':' {
		return time.Time{}, errTimeForm
	}
	year, ok1 := digits(b[0:4])
	month, ok2 := digits(b[5:7])
	day, ok3 := digits(b[8:10])
	hour, ok4 := digits(b[11:13])
	minute, ok5 := digits(b[14:16])
	sec, ok6 := digits(b[17:19])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) {
		return time.Time{}, errTimeForm
	}
	rest := b[19:]
	nsec := 0
	if rest[0] == '.' || rest[0] == ',' {
		n := 1
		scale := 100000000
		for n < len(rest) && rest[n] >= '0' && rest[n] <= '9' {
			if scale == 0 {
				return time.Time{}, errTimeForm // more than nanoseconds
			}
			nsec += int(rest[n]-'0') * scale
			scale /= 10
			n++
		}
		if n == 1 {
			return time.Time{}, errTimeForm
		}
		rest = rest[n:]
	}
	var loc *time.Location
	switch {
	case len(rest) == 1 && (rest[0] == 'Z' || rest[0] == 'z'):
		loc = time.UTC
	case len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':':
		oh, ok1 := digits(rest[1:3])
		om, ok2 := digits(rest[4:6])
		if !ok1 || !ok2 || oh > 23 || om > 59 {
			return time.Time{}, errTimeForm
		}
		off := oh*3600 + om*60
		if rest[0] == '-' {
			off = -off
		}
		loc = z.fixed(off)
	default:
		return time.Time{}, errTimeForm
	}
	if month < 1 || month > 12 || day < 1 || day > daysIn(month, year) || hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, errRange
	}
	return time.Date(year, time.Month(month), day, hour, minute, sec, nsec, loc), nil
}

func digits(b []byte) (int, bool) {
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// AppendTime formats t as RFC 3339 with as many fractional digits as it
// needs, the form ParseTime reads back to the same instant and offset.
func AppendTime(b []byte, t time.Time) []byte { return t.AppendFormat(b, time.RFC3339Nano) }

// AppendFloat formats f with the fewest digits that read back to the same
// bits.
func AppendFloat(b []byte, f float64, bits int) []byte {
	return strconv.AppendFloat(b, f, 'g', -1, bits)
}
