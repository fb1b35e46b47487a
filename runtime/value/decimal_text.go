package value

import (
	"strconv"
)

// String returns d in plain notation with its scale, never an exponent:
// "-0.0015", "1500", "1.50".
func (d Decimal) String() string {
	var buf [24]byte
	return string(d.Append(buf[:0]))
}

// Append appends d as String prints it. It does not allocate beyond
// growing b unless the coefficient is big.
func (d Decimal) Append(b []byte) []byte {
	if d.big == nil {
		var buf [20]byte
		digits := strconv.AppendUint(buf[:0], absU(d.coef), 10)
		return appendPlain(b, d.coef < 0, digits, d.scale)
	}
	digits := d.big.Append(nil, 10)
	neg := digits[0] == '-'
	if neg {
		digits = digits[1:]
	}
	return appendPlain(b, neg, digits, d.scale)
}

// appendPlain appends the coefficient digits with a decimal point scale
// digits from the right, adding leading zeros as needed.
func appendPlain(b []byte, neg bool, digits []byte, scale int32) []byte {
	if neg {
		b = append(b, '-')
	}
	n, s := len(digits), int(scale)
	switch {
	case s == 0:
		return append(b, digits...)
	case n > s:
		b = append(b, digits[:n-s]...)
		b = append(b, '.')
		return append(b, digits[n-s:]...)
	}
	b = append(b, '0', '.')
	for i := n; i < s; i++ {
		b = append(b, '0')
	}
	return append(b, digits...)
}

// AppendText implements encoding.TextAppender; it never fails.
func (d Decimal) AppendText(b []byte) ([]byte, error) { return d.Append(b), nil }

// MarshalText implements encoding.TextMarshaler; it never fails.
func (d Decimal) MarshalText() ([]byte, error) { return d.Append(nil), nil }

// UnmarshalText implements encoding.TextUnmarshaler with ParseDecimal's
// rules. It does not allocate when the coefficient fits in an int64, so
// codecs holding a []byte field can call it instead of ParseDecimal.
func (d *Decimal) UnmarshalText(b []byte) error {
	v, err := parseDecimal(b)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// MarshalJSON writes d as a JSON number with its exact text, so 1.50 stays
// 1.50 and no digits are lost to float64.
func (d Decimal) MarshalJSON() ([]byte, error) { return d.Append(nil), nil }

// UnmarshalJSON reads a JSON number, or a JSON string holding one (as
// systems that fear float64 often write decimals). JSON null leaves d
// unchanged, as encoding/json expects; use Null[Decimal] to record
// absence.
func (d *Decimal) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	if len(b) > 0 && b[0] != '"' && b[0] != '{' && b[0] != '[' && b[0] != 't' && b[0] != 'f' {
		return d.UnmarshalText(b)
	}
	s, err := jsonString(b, "decimal", `12.50 or "12.50"`)
	if err != nil {
		return err
	}
	return d.UnmarshalText(s)
}

// float64Pow10 holds the powers of ten that float64 represents exactly. It
// is a read-only lookup table.
var float64Pow10 = [...]float64{
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
}

// Float64 returns the float64 nearest to d. It is lossy (0.1 has no exact
// float64) and exists for handing values to code that wants floats, such
// as statistics or plotting; keep money in Decimal. Values beyond the
// float64 range give ±Inf.
func (d Decimal) Float64() float64 {
	// When the coefficient and the power of ten are both exact float64s,
	// one IEEE division is correctly rounded.
	if d.big == nil && int(d.scale) < len(float64Pow10) && absU(d.coef) <= 1<<53 {
		return float64(d.coef) / float64Pow10[d.scale]
	}
	f, _ := strconv.ParseFloat(d.String(), 64) // correctly rounded; ±Inf on overflow
	return f
}
