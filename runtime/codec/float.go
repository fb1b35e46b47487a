package codec

import (
	"math"
	"math/bits"
)

// The 128-bit powers of ten are emitted by a generator kept beside this
// file rather than computed at init: no start-up cost, no math/big in the
// programs that import the codec.
//go:generate go run float_tablegen.go

// pow10Min and pow10Max bound the decimal exponents of pow10Table. Any
// mantissa of at most 19 digits times 10^q with q outside them is zero,
// subnormal or infinite, which strconv handles.
const (
	pow10Min = -326
	pow10Max = 308
)

// parseDecimal converts the common shapes of a decimal number, an optional
// sign, digits around an optional point and an optional exponent
// ("-0.12345678901234567", "6.02214076e23"), with at most 19 significant
// digits, to the float64 strconv.ParseFloat(s, 64) gives. It reports
// false for every other input and whenever it cannot be sure of the
// rounding; the caller then asks strconv, which decides and errs.
func parseDecimal(b []byte) (float64, bool) {
	// One loop over digits and the point: this is the hot path of the
	// readers, and short values are mostly nothing else.
	i, neg := 0, false
	switch b[0] {
	case '-':
		i, neg = 1, true
	case '+':
		i = 1
	}
	start, dot := i, -1
	var mant uint64 // wraps past 19 digits, and is then unused
	for ; i < len(b); i++ {
		c := b[i]
		if c-'0' <= 9 {
			mant = mant*10 + uint64(c-'0')
			continue
		}
		if c != '.' || dot >= 0 {
			break
		}
		dot = i
	}
	nd, q := i-start, 0 // digits, and the power of ten they are scaled by
	if dot >= 0 {
		nd--
		q = dot + 1 - i
	}
	if nd == 0 || nd > 19 && significant(b[start:i]) > 19 {
		return 0, false
	}
	if i < len(b) {
		e, ok := exponent(b[i:])
		if !ok {
			return 0, false
		}
		q += e
	}
	// Clinger's fast path: the mantissa and the power of ten are both
	// exact in a float64, so one operation rounds correctly. Zero too.
	if mant <= 1<<53 && q >= -22 && q <= 22 {
		f := float64(mant)
		if q <= 0 {
			f /= exactPow10[-q]
		} else {
			f *= exactPow10[q]
		}
		if neg {
			f = -f
		}
		return f, true
	}
	if mant == 0 { // with an exponent outside ±22
		if neg {
			return math.Copysign(0, -1), true
		}
		return 0, true
	}
	if f, ok := eiselLemire(mant, q, neg); ok {
		return f, true
	}
	// Eisel–Lemire gives up on values that are exactly a float64 or exactly
	// half way between two, as 123456789012345.25 written "1.2345678901234525e+14":
	// its table rounds 10^q for q < 0 down, which puts them just below a
	// boundary. Such values are rare and read exactly another way.
	return dyadic(mant, q, neg)
}

// significant counts the digits of a run of digits and at most one point
// after its leading zeros, those the mantissa holds.
func significant(b []byte) int {
	n, lead := 0, true
	for _, c := range b {
		if c == '.' || lead && c == '0' {
			continue
		}
		lead = false
		n++
	}
	return n
}

// exponent reads (e|E)[+-]digits, the whole of b. Past 100000 it stops
// growing: the value is then far outside the table already, and the
// int cannot overflow.
func exponent(b []byte) (int, bool) {
	if b[0]|0x20 != 'e' || len(b) == 1 {
		return 0, false
	}
	i, neg := 1, false
	switch b[1] {
	case '-':
		i, neg = 2, true
	case '+':
		i = 2
	}
	if i == len(b) {
		return 0, false
	}
	e := 0
	for ; i < len(b); i++ {
		c := b[i] - '0'
		if c > 9 {
			return 0, false
		}
		if e < 100000 {
			e = e*10 + int(c)
		}
	}
	if neg {
		e = -e
	}
	return e, true
}

// pow5 are the powers of five a uint64 holds.
var pow5 = func() (p [28]uint64) {
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 5
	}
	return p
}()

// dyadic converts mant × 10^q when it equals an integer below 2^64 times a
// power of two, the only values that can be exactly a float64 or a tie:
// the integer is rounded once by the conversion to float64 (to nearest,
// ties to even), and the power of two then scales it exactly.
func dyadic(mant uint64, q int, neg bool) (float64, bool) {
	k := bits.TrailingZeros64(mant)
	odd := mant >> k
	var n uint64
	switch {
	case q >= 0 && q < len(pow5):
		hi, lo := bits.Mul64(odd, pow5[q])
		if hi != 0 {
			return 0, false
		}
		n, k = lo, k+q // mant·10^q = odd·5^q · 2^(k+q)
	case q < 0 && -q < len(pow5):
		if odd%pow5[-q] != 0 {
			return 0, false
		}
		n, k = odd/pow5[-q], k+q // mant·10^q = (odd/5^-q) · 2^(k+q)
	default:
		return 0, false
	}
	// k is in [-27, 63+27]: the scale is a normal float64 and so is the
	// product, which makes the multiplication exact.
	f := float64(n) * math.Float64frombits(uint64(1023+k)<<52)
	if neg {
		f = -f
	}
	return f, true
}

// eiselLemire computes the float64 nearest to mant × 10^q (mant > 0) with
// the Eisel–Lemire algorithm (Lemire, "Number Parsing at a Gigabyte per
// Second", 2021): the normalised mantissa times a 128-bit approximation of
// 10^q gives the top bits of the exact product, and a few bit tests tell
// whether they can be trusted. It reports false when they cannot, and
// for results that would be subnormal or infinite.
//
// Why the tests suffice: pow10Table holds T = floor(10^q·2^k) for the k
// that puts it in [2^127, 2^128), so the exact scaled product X satisfies
// w·T <= X < w·T + w, where w is mant shifted to set its top bit. The
// product's top word carries the 53 result bits and a rounding bit, so
// rounding from w·T is right unless adding less than w to it could carry
// into those bits (every bit below them set) or X may lie exactly half
// way between two floats (rounding bit set, every bit below it clear).
func eiselLemire(mant uint64, q int, neg bool) (float64, bool) {
	if q < pow10Min || q > pow10Max {
		return 0, false
	}
	lz := bits.LeadingZeros64(mant)
	w := mant << lz
	t := &pow10Table[q-pow10Min]

	// First w × the high 64 bits of T: the true product, in these units,
	// lies in [hi:lo, hi:lo + w).
	hi, lo := bits.Mul64(w, t[0])
	// The 54 bits used sit at the top of hi; the 9 bits below them are
	// tested (a 10th, when hi's top bit is set, is left out: it can only
	// make the test fail more often). Only when they are all set and lo
	// may carry into them is the low half of T needed.
	const below = 0x1FF
	if hi&below == below && lo+w < lo {
		hi2, lo2 := bits.Mul64(w, t[1])
		var c uint64
		lo, c = bits.Add64(lo, hi2, 0)
		hi += c
		// Now the product is exact up to less than w in the word below lo.
		if hi&below == below && lo == math.MaxUint64 && lo2+w < lo2 {
			return 0, false
		}
	}
	top := hi >> 63 // hi holds the top 63 or 64 bits of the 191- or 192-bit product
	m := hi >> (top + 9)
	// m holds the 53 result bits and the rounding bit. An exact tie whose
	// even neighbour is below (rounding bit set, last result bit clear)
	// cannot be told from a value just above it here.
	if lo == 0 && hi&below == 0 && m&3 == 1 {
		return 0, false
	}
	m = (m + 1) >> 1 // round half up: a tie that gets here goes to its even neighbour
	// Biased exponent: floor(log2 10^q) (exact on the table's range, as the
	// generator checks) plus what the shifts above took off.
	e := (217706*q)>>16 + 1086 + int(top) - lz
	if m == 1<<53 { // rounding carried into a new bit
		m >>= 1
		e++
	}
	if e <= 0 || e >= 0x7FF {
		return 0, false
	}
	fb := m&(1<<52-1) | uint64(e)<<52
	if neg {
		fb |= 1 << 63
	}
	return math.Float64frombits(fb), true
}
