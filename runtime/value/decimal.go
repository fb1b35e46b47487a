package value

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
)

// Decimal is an exact decimal number: the JSON Schema format "decimal". It
// is never converted through float64, so 0.1 + 0.2 is exactly 0.3.
//
// A Decimal is a coefficient and a scale, the number of digits after the
// decimal point: coefficient × 10^-scale. It keeps the scale it was
// written with, so "1.50" round-trips as "1.50", while Cmp and Equal
// compare numerically ("1.50" equals "1.5"). The scale is never negative:
// "1.5e3" is read as 1500 with scale 0.
//
// While the coefficient fits in an int64 (up to 18 significant digits
// always, 19 sometimes), values live in the struct and nothing allocates.
// Larger coefficients fall back to math/big and stay exact. The zero value
// is 0.
//
// Decimals are immutable values; copy them freely. Compare them with Cmp or
// Equal, not ==, which also compares the scale and the internal form.
type Decimal struct {
	coef  int64
	scale int32
	// big holds the coefficient when it does not fit in coef, and only
	// then, so each value has one representation. It is never modified
	// after it is stored, so copies can share it.
	big *big.Int
}

// maxExponent bounds the exponent ParseDecimal accepts, so that a short
// input such as "1e999999999" cannot expand to a gigabyte of digits.
const maxExponent = 9999

// pow10 holds 10^0 to 10^19, every power of ten that fits in a uint64. It
// is a read-only lookup table.
var pow10 = [20]uint64{
	1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
}

// ParseDecimal parses [+-]digits[.digits] with an optional exponent
// ([eE][+-]digits): "12", "-0.50", "1.5e3" (1500), "1.5e-3" (0.0015). The
// scale is the number of digits written after the point, less the
// exponent, and never below zero. A "-" on zero is dropped: "-0.00" is
// 0.00.
//
// NaN, infinities, empty text, spaces, thousands separators, ".5" and "5."
// are rejected with a *ParseError that says what was wrong and where.
// Exponents are limited to ±9999. ParseDecimal does not allocate when the
// coefficient fits in an int64, and the error never holds s itself.
func ParseDecimal(s string) (Decimal, error) { return parseDecimal(s) }

// MustParseDecimal is ParseDecimal for literals known to be valid, such as
// defaults in generated code and values in tests. It panics if s is not a
// decimal; never use it on data.
func MustParseDecimal(s string) Decimal {
	d, err := ParseDecimal(s)
	if err != nil {
		panic("value.MustParseDecimal: " + err.Error())
	}
	return d
}

func parseDecimal[T string | []byte](s T) (Decimal, error) {
	i := 0
	neg := false
	if len(s) > 0 && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		i = 1
	}
	// Accumulate every digit; wrap-around past 19 digits is harmless
	// because such inputs are re-read exactly by parseDecimalBig.
	var acc uint64
	start := i
	for ; i < len(s); i++ {
		c := s[i] - '0'
		if c > 9 {
			break
		}
		acc = acc*10 + uint64(c)
	}
	if i == start {
		return Decimal{}, decimalSyntaxError(s, i, "")
	}
	intEnd := i
	frac := 0
	if i < len(s) && s[i] == '.' {
		i++
		fstart := i
		for ; i < len(s); i++ {
			c := s[i] - '0'
			if c > 9 {
				break
			}
			acc = acc*10 + uint64(c)
		}
		frac = i - fstart
		if frac == 0 {
			return Decimal{}, decimalSyntaxError(s, i, "want a digit after the decimal point, e.g. 1.0")
		}
	}
	digits := intEnd - start + frac
	exp := 0
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		eneg := false
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			eneg = s[i] == '-'
			i++
		}
		estart := i
		for ; i < len(s); i++ {
			c := s[i] - '0'
			if c > 9 {
				break
			}
			if exp <= maxExponent { // stop growing; the range check below reports it
				exp = exp*10 + int(c)
			}
		}
		if i == estart {
			return Decimal{}, decimalSyntaxError(s, i, "want digits in the exponent, e.g. 1.5e3")
		}
		if exp > maxExponent {
			return Decimal{}, newParseError("decimal", s, estart, fmt.Sprintf("the exponent is out of range -%d to %d", maxExponent, maxExponent))
		}
		if eneg {
			exp = -exp
		}
	}
	if i != len(s) {
		return Decimal{}, decimalSyntaxError(s, i, "")
	}
	scale := int64(frac) - int64(exp)
	if scale > math.MaxInt32 {
		return Decimal{}, newParseError("decimal", s, intEnd, "too many digits after the decimal point")
	}
	if digits > 18 {
		return parseDecimalBig(s, start, intEnd, frac, neg, scale), nil
	}
	coef := int64(acc)
	if neg {
		coef = -coef
	}
	if scale < 0 {
		return shiftLeft(coef, uint64(-scale)), nil
	}
	return Decimal{coef: coef, scale: int32(scale)}, nil
}

// parseDecimalBig reads a coefficient of more than 18 digits exactly:
// the digits of s[start:intEnd] and the frac digits after the point.
func parseDecimalBig[T string | []byte](s T, start, intEnd, frac int, neg bool, scale int64) Decimal {
	buf := make([]byte, 0, 1+intEnd-start+frac)
	if neg {
		buf = append(buf, '-')
	}
	buf = append(buf, s[start:intEnd]...)
	if frac > 0 {
		buf = append(buf, s[intEnd+1:intEnd+1+frac]...)
	}
	z, _ := new(big.Int).SetString(string(buf), 10) // the caller checked the digits
	if scale < 0 {
		z.Mul(z, bigPow10(uint64(-scale)))
		scale = 0
	}
	return fromBig(z, int32(scale))
}

// decimalSyntaxError explains the character at byte i that stopped the
// parse; reason overrides the generic explanation.
func decimalSyntaxError[T string | []byte](s T, i int, reason string) *ParseError {
	if reason != "" {
		return newParseError("decimal", s, i, reason)
	}
	rest := strings.ToLower(string([]byte(s[min(i, len(s)):])))
	switch {
	case len(s) == 0:
		reason = "the text is empty"
	case rest == "nan" || rest == "inf" || rest == "infinity":
		reason = "NaN and infinity are not decimal numbers"
	case i == len(s):
		reason = "want a digit after the sign"
	case s[i] == '.' && (i == 0 || s[i-1] < '0' || s[i-1] > '9'):
		reason = "want a digit before the decimal point, e.g. 0.5"
	case s[i] == ',':
		reason = "unexpected ',' at byte " + strconv.Itoa(i) + "; write 1234.5, without thousands separators or a decimal comma"
	case s[i] == ' ' || s[i] == '\t':
		reason = "unexpected space at byte " + strconv.Itoa(i) + "; remove spaces around and inside the number"
	default:
		reason = "unexpected " + quoteAt(s, i)
	}
	return newParseError("decimal", s, i, reason)
}

// NewDecimal returns coef × 10^-scale: NewDecimal(150, 2) is 1.50. A
// negative scale multiplies: NewDecimal(15, -2) is 1500 with scale 0.
func NewDecimal(coef int64, scale int32) Decimal {
	if scale < 0 {
		return shiftLeft(coef, uint64(-int64(scale)))
	}
	return Decimal{coef: coef, scale: scale}
}

// DecimalFromInt returns i with scale 0.
func DecimalFromInt(i int64) Decimal { return Decimal{coef: i} }

// shiftLeft returns coef × 10^n with scale 0.
func shiftLeft(coef int64, n uint64) Decimal {
	if c, ok := mulPow10(coef, n); ok {
		return Decimal{coef: c}
	}
	z := big.NewInt(coef)
	return fromBig(z.Mul(z, bigPow10(n)), 0)
}

// mulPow10 returns c × 10^n when the product fits in an int64.
func mulPow10(c int64, n uint64) (int64, bool) {
	if c == 0 {
		return 0, true
	}
	if n >= uint64(len(pow10)) {
		return 0, false
	}
	return mul64(c, pow10[n])
}

// fromBig returns z × 10^-scale, moving z into the int64 field when it
// fits so that every value has a single representation. z must not be
// modified afterwards.
func fromBig(z *big.Int, scale int32) Decimal {
	if z.IsInt64() {
		return Decimal{coef: z.Int64(), scale: scale}
	}
	return Decimal{big: z, scale: scale}
}

// bigPow10 returns a new big.Int holding 10^n.
func bigPow10(n uint64) *big.Int {
	if n < uint64(len(pow10)) {
		return new(big.Int).SetUint64(pow10[n])
	}
	return new(big.Int).Exp(big.NewInt(10), new(big.Int).SetUint64(n), nil)
}

// bigCoef returns the coefficient as a big.Int; callers must not modify
// it, as it may be d's own.
func (d Decimal) bigCoef() *big.Int {
	if d.big != nil {
		return d.big
	}
	return big.NewInt(d.coef)
}

// Scale returns the number of digits after the decimal point.
func (d Decimal) Scale() int32 { return d.scale }

// Sign returns -1, 0 or +1 as d is negative, zero or positive.
func (d Decimal) Sign() int {
	if d.big != nil {
		return d.big.Sign()
	}
	return int64Sign(d.coef)
}

// IsZero reports whether d is zero, at any scale.
func (d Decimal) IsZero() bool { return d.big == nil && d.coef == 0 }

func int64Sign(c int64) int {
	switch {
	case c < 0:
		return -1
	case c > 0:
		return 1
	}
	return 0
}
