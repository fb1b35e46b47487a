package sqlite

import (
	"cmp"
	"strings"
)

// The decimal collation (see runtime/table's decimal.go for why): SQLite
// calls compareDecimalText to compare two decimal texts of a column or
// argument under COLLATE ayeaye_decimal.

// compareDecimalText orders two texts as decimal numbers, exactly: -12.5
// < -3 < 0 = -0 = 0.00 < 9 < 12.5 = 12.50 < 1.3e2 < Inf. A text that is
// not a number (NaN, 'abc') sorts after every number, and such texts
// among themselves by their bytes, so that the order is total, as SQLite
// requires of a collation.
func compareDecimalText(a, b string) int {
	x, okA := parseDecimalText(a)
	y, okB := parseDecimalText(b)
	switch {
	case okA && okB:
		return x.cmp(y)
	case okA:
		return -1
	case okB:
		return 1
	}
	return strings.Compare(a, b)
}

// decimalText is a number written as text, [+-]digits[.digits][e[+-]digits]
// or [+-]Inf, without allocating: its value is 0.<digits> × 10^point, its
// significant digits those of intDigits then fracDigits.
type decimalText struct {
	neg, inf, zero        bool
	intDigits, fracDigits string // no leading zeros before, no trailing zeros after
	point                 int
}

// maxExponent bounds exponents, so that the arithmetic on them cannot
// overflow; larger ones saturate, which keeps their order.
const maxExponent = 1 << 40

func parseDecimalText(s string) (decimalText, bool) {
	var d decimalText
	if s != "" && (s[0] == '-' || s[0] == '+') {
		d.neg, s = s[0] == '-', s[1:]
	}
	if strings.EqualFold(s, "inf") || strings.EqualFold(s, "infinity") {
		d.inf = true
		return d, true
	}
	i := digitsEnd(s, 0)
	intPart := s[:i]
	frac := ""
	if i < len(s) && s[i] == '.' {
		j := digitsEnd(s, i+1)
		frac, i = s[i+1:j], j
	}
	if intPart == "" && frac == "" {
		return d, false
	}
	exp := 0
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		var ok bool
		if exp, i, ok = parseExponent(s, i+1); !ok {
			return d, false
		}
	}
	if i != len(s) {
		return d, false
	}
	d.intDigits = strings.TrimLeft(intPart, "0")
	d.fracDigits = strings.TrimRight(frac, "0")
	if d.intDigits != "" {
		d.point = len(d.intDigits) + exp
		return d, true
	}
	lead := len(d.fracDigits) - len(strings.TrimLeft(d.fracDigits, "0"))
	d.fracDigits = d.fracDigits[lead:]
	d.zero = d.fracDigits == ""
	d.point = exp - lead
	return d, true
}

func digitsEnd(s string, i int) int {
	for i < len(s) && '0' <= s[i] && s[i] <= '9' {
		i++
	}
	return i
}

// parseExponent reads [+-]digits at s[i:], saturating at maxExponent.
func parseExponent(s string, i int) (exp, end int, ok bool) {
	neg := false
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		neg, i = s[i] == '-', i+1
	}
	end = digitsEnd(s, i)
	if end == i {
		return 0, end, false
	}
	for _, c := range s[i:end] {
		exp = min(exp*10+int(c-'0'), maxExponent)
	}
	if neg {
		exp = -exp
	}
	return exp, end, true
}

func (x decimalText) sign() int {
	switch {
	case x.zero:
		return 0
	case x.neg:
		return -1
	}
	return 1
}

func (x decimalText) cmp(y decimalText) int {
	if sx, sy := x.sign(), y.sign(); sx != sy {
		return cmp.Compare(sx, sy)
	}
	c := x.cmpMagnitude(y)
	if x.neg && !x.zero {
		return -c
	}
	return c
}

// cmpMagnitude compares |x| and |y|, of the same sign and not zero.
func (x decimalText) cmpMagnitude(y decimalText) int {
	switch {
	case x.inf || y.inf:
		return compareBools(x.inf, y.inf)
	case x.zero:
		return 0
	case x.point != y.point:
		return cmp.Compare(x.point, y.point)
	}
	n := max(len(x.intDigits)+len(x.fracDigits), len(y.intDigits)+len(y.fracDigits))
	for k := range n {
		if c := cmp.Compare(int(x.digit(k)), int(y.digit(k))); c != 0 {
			return c
		}
	}
	return 0
}

// digit is the k-th significant digit, '0' past the last.
func (x decimalText) digit(k int) byte {
	if k < len(x.intDigits) {
		return x.intDigits[k]
	}
	if k -= len(x.intDigits); k < len(x.fracDigits) {
		return x.fracDigits[k]
	}
	return '0'
}

func compareBools(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}
