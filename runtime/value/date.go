package value

import (
	"fmt"
	"strconv"
	"time"
)

// Date is a calendar date without a time zone: the JSON Schema format
// "date" (RFC 3339 full-date), written YYYY-MM-DD.
//
// A Date is valid when it names a real day in years 0000 to 9999, the
// dates that can be written as YYYY-MM-DD. The zero value, 0000-00-00, is
// not valid; generated code wraps optional dates in Null.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ParseDate parses a strict YYYY-MM-DD date and checks that the day exists
// (2024-02-29 does, 2023-02-29 does not). It does not allocate on success,
// and a returned *ParseError holds a copy of s, never s itself.
func ParseDate(s string) (Date, error) { return parseDate(s) }

func parseDate[T string | []byte](s T) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, dateSyntaxError(s)
	}
	y0, y1, y2, y3 := s[0]-'0', s[1]-'0', s[2]-'0', s[3]-'0'
	m0, m1, d0, d1 := s[5]-'0', s[6]-'0', s[8]-'0', s[9]-'0'
	// Any byte that is not a digit is greater than 9 after the unsigned
	// subtraction, so one comparison checks all eight.
	if max(y0, y1, y2, y3, m0, m1, d0, d1) > 9 {
		return Date{}, dateSyntaxError(s)
	}
	d := Date{
		Year:  int(y0)*1000 + int(y1)*100 + int(y2)*10 + int(y3),
		Month: time.Month(int(m0)*10 + int(m1)),
		Day:   int(d0)*10 + int(d1),
	}
	if d.Month < 1 || d.Month > 12 {
		return Date{}, newParseError("date", s, 5, fmt.Sprintf("month %02d is out of range 01-12", int(d.Month)))
	}
	if d.Day < 1 || d.Day > daysIn(d.Year, d.Month) {
		return Date{}, newParseError("date", s, 8, dayRangeReason(d))
	}
	return d, nil
}

// dateSyntaxError describes the first character that breaks the
// YYYY-MM-DD shape.
func dateSyntaxError[T string | []byte](s T) *ParseError {
	const shape = "YYYY-MM-DD"
	if len(s) == 0 {
		return newParseError("date", s, 0, "the text is empty")
	}
	for i := 0; i < len(shape); i++ {
		if i == len(s) {
			return newParseError("date", s, i, fmt.Sprintf("the text ends after %d characters", i))
		}
		c := s[i]
		if shape[i] == '-' && c != '-' {
			return newParseError("date", s, i, "unexpected "+quoteAt(s, i)+", want '-'")
		}
		if shape[i] != '-' && (c < '0' || c > '9') {
			return newParseError("date", s, i, "unexpected "+quoteAt(s, i)+", want a digit")
		}
	}
	return newParseError("date", s, len(shape), "unexpected "+quoteAt(s, len(shape))+" after the day")
}

func dayRangeReason(d Date) string {
	n := daysIn(d.Year, d.Month)
	r := fmt.Sprintf("day %02d is out of range 01-%02d for %s %04d", d.Day, n, d.Month, d.Year)
	if d.Month == time.February && n == 28 {
		r += " (not a leap year)"
	}
	return r
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

// daysIn returns the number of days in month m (1-12) of year y.
func daysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if isLeap(y) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// DateOf returns the date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// IsValid reports whether d is a real day in years 0000 to 9999: exactly
// the dates ParseDate accepts and AppendText writes.
func (d Date) IsValid() bool {
	return d.Year >= 0 && d.Year <= 9999 && d.Month >= 1 && d.Month <= 12 &&
		d.Day >= 1 && d.Day <= daysIn(d.Year, d.Month)
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// String returns d as YYYY-MM-DD. Fields out of range are printed as
// numbers (2023-02-30, 0000-00-00, 10000-01-01) so that mistakes are
// visible; such text does not parse back.
func (d Date) String() string {
	var buf [16]byte
	return string(d.Append(buf[:0]))
}

// Append appends d as String prints it. It is AppendText without the error,
// for generated writers that have validated values already.
func (d Date) Append(b []byte) []byte {
	if d.Year >= 0 && d.Year <= 9999 && d.Month >= 0 && d.Month <= 99 && d.Day >= 0 && d.Day <= 99 {
		y, m, dd := d.Year, int(d.Month), d.Day
		return append(b,
			byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
			byte('0'+m/10), byte('0'+m%10), '-',
			byte('0'+dd/10), byte('0'+dd%10))
	}
	b = appendPadded(b, d.Year, 4)
	b = append(b, '-')
	b = appendPadded(b, int(d.Month), 2)
	b = append(b, '-')
	return appendPadded(b, d.Day, 2)
}

// appendPadded appends v with at least width digits, after a '-' when
// negative.
func appendPadded(b []byte, v, width int) []byte {
	u := uint64(v)
	if v < 0 {
		b = append(b, '-')
		u = -u
	}
	var buf [20]byte
	digits := strconv.AppendUint(buf[:0], u, 10)
	for i := len(digits); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, digits...)
}

// AppendText implements encoding.TextAppender. It refuses invalid dates
// rather than write text that ParseDate would reject.
func (d Date) AppendText(b []byte) ([]byte, error) {
	if !d.IsValid() {
		return b, d.invalidError()
	}
	return d.Append(b), nil
}

func (d Date) invalidError() error {
	var reason string
	switch {
	case d.Year < 0 || d.Year > 9999:
		reason = fmt.Sprintf("year %d is out of range 0000-9999", d.Year)
	case d.Month < 1 || d.Month > 12:
		reason = fmt.Sprintf("month %02d is out of range 01-12", int(d.Month))
	default:
		reason = dayRangeReason(d)
	}
	return fmt.Errorf("cannot write invalid date %s: %s", d, reason)
}

// MarshalText implements encoding.TextMarshaler; see AppendText.
func (d Date) MarshalText() ([]byte, error) { return d.AppendText(make([]byte, 0, 10)) }

// UnmarshalText implements encoding.TextUnmarshaler with ParseDate's rules.
// It does not allocate on success.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := parseDate(b)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// MarshalJSON writes d as a JSON string, "2006-01-02".
func (d Date) MarshalJSON() ([]byte, error) {
	b, err := d.AppendText(append(make([]byte, 0, 12), '"'))
	if err != nil {
		return nil, err
	}
	return append(b, '"'), nil
}

// UnmarshalJSON reads a JSON string holding a date. JSON null leaves d
// unchanged, as encoding/json expects; use Null[Date] to record absence.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	s, err := jsonString(b, "date", `"2024-02-29"`)
	if err != nil {
		return err
	}
	return d.UnmarshalText(s)
}

// jsonString returns the contents of the JSON string b. Dates and decimals
// never need escapes, so a backslash is reported rather than decoded.
func jsonString(b []byte, typ, example string) ([]byte, error) {
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return nil, newParseError(typ, b, 0, "a JSON "+jsonKind(b)+" is not a "+typ+", want a JSON string like "+example)
	}
	s := b[1 : len(b)-1]
	for i, c := range s {
		if c == '\\' {
			return nil, newParseError(typ, s, i, "escape sequences are not allowed in a "+typ)
		}
	}
	return s, nil
}

func jsonKind(b []byte) string {
	if len(b) == 0 {
		return "empty value"
	}
	switch b[0] {
	case '{':
		return "object"
	case '[':
		return "array"
	case 't', 'f':
		return "boolean"
	case '"':
		return "string"
	}
	return "number"
}

// In returns midnight at the start of d in loc; a nil loc means UTC.
func (d Date) In(loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// AddDays returns the date n days after d (before, for negative n).
// Out-of-range fields are normalized first, as time.Date does, so
// 2023-02-30 plus 0 days is 2023-03-02.
func (d Date) AddDays(n int) Date { return dateFromDays(d.days() + int64(n)) }

// DaysSince returns the number of days from e to d: positive when d is
// after e.
func (d Date) DaysSince(e Date) int { return int(d.days() - e.days()) }

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday {
	// Day 0 of days() is 1970-01-01, a Thursday.
	w := (d.days() + 4) % 7
	if w < 0 {
		w += 7
	}
	return time.Weekday(w)
}

// Compare returns -1, 0 or +1 as d is before, equal to or after e. It
// orders by Year, then Month, then Day, which is calendar order for valid
// dates and a consistent total order for any others.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return cmpInt(d.Year, e.Year)
	case d.Month != e.Month:
		return cmpInt(int(d.Month), int(e.Month))
	}
	return cmpInt(d.Day, e.Day)
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// days returns the number of days from 1970-01-01 to d, with month
// overflow carried into the year and day overflow into the following
// days. It is Howard Hinnant's days_from_civil: pure integer arithmetic,
// no time.Time, valid for any year that does not overflow int64.
func (d Date) days() int64 {
	y, m := int64(d.Year), int64(d.Month)-1
	y += floorDiv(m, 12)
	m = m - floorDiv(m, 12)*12 + 1 // 1..12
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400      // [0, 399]
	mp := (m + 9) % 12      // months counted from March
	doy := (153*mp + 2) / 5 // day of the year of the month's first day
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	// Adding Day linearly is what carries day overflow into later months.
	return era*146097 + doe - 719468 + int64(d.Day) - 1
}

// dateFromDays is the inverse of days (Hinnant's civil_from_days).
func dateFromDays(z int64) Date {
	z += 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097                                  // [0, 146096]
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365 // [0, 399]
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100) // [0, 365]
	mp := (5*doy + 2) / 153                  // [0, 11]
	day := doy - (153*mp+2)/5 + 1            // [1, 31]
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return Date{Year: int(y), Month: time.Month(m), Day: int(day)}
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}
