package value

import (
	"math"
	"math/big"
	"math/bits"
)

// Every operation takes a fast path on int64 coefficients and checks for
// overflow; on overflow, or when an operand is already big, it redoes the
// work with math/big. fromBig moves results that fit back to int64.

// absU returns |c| as a uint64; it is exact for math.MinInt64 too.
func absU(c int64) uint64 {
	u := uint64(c)
	if c < 0 {
		u = -u
	}
	return u
}

// signed returns ±u as an int64 when it fits.
func signed(u uint64, neg bool) (int64, bool) {
	if neg {
		if u > 1<<63 {
			return 0, false
		}
		return -int64(u), true // -int64(1<<63) wraps to MinInt64, the right answer
	}
	if u > math.MaxInt64 {
		return 0, false
	}
	return int64(u), true
}

// mul64 returns c × m when it fits in an int64.
func mul64(c int64, m uint64) (int64, bool) {
	hi, lo := bits.Mul64(absU(c), m)
	if hi != 0 {
		return 0, false
	}
	return signed(lo, c < 0)
}

// Neg returns -d with the same scale.
func (d Decimal) Neg() Decimal {
	if d.big == nil {
		if d.coef != math.MinInt64 {
			return Decimal{coef: -d.coef, scale: d.scale}
		}
		return Decimal{big: new(big.Int).Neg(big.NewInt(d.coef)), scale: d.scale}
	}
	return fromBig(new(big.Int).Neg(d.big), d.scale)
}

// Abs returns |d| with the same scale.
func (d Decimal) Abs() Decimal {
	if d.Sign() < 0 {
		return d.Neg()
	}
	return d
}

// Add returns d + e. The result has the larger of the two scales, so
// 1.5 + 0.25 is 1.75 and 1.50 + 1 is 2.50.
func (d Decimal) Add(e Decimal) Decimal { return addSub(d, e, false) }

// Sub returns d - e, with the larger of the two scales.
func (d Decimal) Sub(e Decimal) Decimal { return addSub(d, e, true) }

func addSub(d, e Decimal, sub bool) Decimal {
	if d.big == nil && e.big == nil {
		a, b, s, ok := align64(d, e)
		if ok {
			if sub {
				if c := a - b; (a^b)&(a^c) >= 0 { // no signed overflow
					return Decimal{coef: c, scale: s}
				}
			} else if c := a + b; (a^c)&(b^c) >= 0 {
				return Decimal{coef: c, scale: s}
			}
		}
	}
	a, b, s := alignBig(d, e)
	z := new(big.Int)
	if sub {
		return fromBig(z.Sub(a, b), s)
	}
	return fromBig(z.Add(a, b), s)
}

// align64 returns the coefficients of d and e at their common (larger)
// scale, when both fit in an int64.
func align64(d, e Decimal) (a, b int64, scale int32, ok bool) {
	a, b = d.coef, e.coef
	switch {
	case d.scale < e.scale:
		a, ok = mulPow10(a, uint64(e.scale-d.scale))
		return a, b, e.scale, ok
	case e.scale < d.scale:
		b, ok = mulPow10(b, uint64(d.scale-e.scale))
		return a, b, d.scale, ok
	}
	return a, b, d.scale, true
}

// alignBig is align64 with math/big. The results may be d's or e's own
// big.Int, so callers must not modify them.
func alignBig(d, e Decimal) (a, b *big.Int, scale int32) {
	a, b = d.bigCoef(), e.bigCoef()
	switch {
	case d.scale < e.scale:
		a = new(big.Int).Mul(a, bigPow10(uint64(e.scale-d.scale)))
		return a, b, e.scale
	case e.scale < d.scale:
		b = new(big.Int).Mul(b, bigPow10(uint64(d.scale-e.scale)))
		return a, b, d.scale
	}
	return a, b, d.scale
}

// Mul returns d × e. The scale is the sum of the scales, as in school
// arithmetic: 1.5 × 0.25 is 0.375 and 1.50 × 2.0 is 3.000; Round the
// result to the scale you need. Mul panics if the sum of the scales
// exceeds math.MaxInt32, which only repeated multiplication of values
// with thousands of decimal places can reach.
func (d Decimal) Mul(e Decimal) Decimal {
	s := int64(d.scale) + int64(e.scale)
	if s > math.MaxInt32 {
		panic("value.Decimal.Mul: the scale of the product exceeds math.MaxInt32")
	}
	if d.big == nil && e.big == nil {
		hi, lo := bits.Mul64(absU(d.coef), absU(e.coef))
		if hi == 0 {
			if c, ok := signed(lo, (d.coef < 0) != (e.coef < 0)); ok {
				return Decimal{coef: c, scale: int32(s)}
			}
		}
	}
	return fromBig(new(big.Int).Mul(d.bigCoef(), e.bigCoef()), int32(s))
}

// Cmp returns -1, 0 or +1 as d is numerically less than, equal to or
// greater than e. Scale does not matter: 1.5 and 1.50 compare equal.
func (d Decimal) Cmp(e Decimal) int {
	sd, se := d.Sign(), e.Sign()
	if sd != se || sd == 0 {
		return cmpInt(sd, se)
	}
	if d.big == nil && e.big == nil {
		if a, b, _, ok := align64(d, e); ok {
			return cmpInt64(a, b)
		}
	}
	a, b, _ := alignBig(d, e)
	return a.Cmp(b)
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Equal reports whether d and e are numerically equal, whatever their
// scales.
func (d Decimal) Equal(e Decimal) bool { return d.Cmp(e) == 0 }

// Round returns d rounded to scale digits after the point, halves away
// from zero: 2.345 to 2 places is 2.35 and -2.345 is -2.35. The result
// has exactly that scale, so rounding 1.5 to 2 places gives 1.50. A
// negative scale rounds to tens, hundreds and so on and returns scale 0:
// 1250 rounded to -2 is 1300.
func (d Decimal) Round(scale int32) Decimal {
	if scale >= d.scale {
		return d.rescale(scale)
	}
	k := uint64(int64(d.scale) - int64(scale)) // digits to drop, > 0
	target := max(scale, 0)
	pad := uint64(int64(target) - int64(scale)) // zeros to restore when scale < 0
	if d.big == nil {
		q := roundDiv64(d.coef, k)
		if c, ok := mulPow10(q, pad); ok {
			return Decimal{coef: c, scale: target}
		}
		z := big.NewInt(q)
		return fromBig(z.Mul(z, bigPow10(pad)), target)
	}
	p := bigPow10(k)
	q, r := new(big.Int).QuoRem(d.big, p, new(big.Int))
	r.Abs(r).Lsh(r, 1)
	if r.Cmp(p) >= 0 {
		q.Add(q, big.NewInt(int64(d.big.Sign())))
	}
	if pad > 0 {
		q.Mul(q, bigPow10(pad))
	}
	return fromBig(q, target)
}

// roundDiv64 returns c / 10^k rounded half away from zero.
func roundDiv64(c int64, k uint64) int64 {
	u := absU(c)
	var q uint64
	if k < uint64(len(pow10)) {
		p := pow10[k]
		q = u / p
		if u%p >= p/2 { // p is even, so this is 2·rem >= p
			q++
		}
	} // else 10^k > 2·|c| and the quotient rounds to 0
	if c < 0 {
		return -int64(q)
	}
	return int64(q)
}

// rescale returns d with a larger scale, padding the coefficient with
// zeros.
func (d Decimal) rescale(scale int32) Decimal {
	n := uint64(int64(scale) - int64(d.scale))
	if n == 0 {
		return d
	}
	if d.big == nil {
		if c, ok := mulPow10(d.coef, n); ok {
			return Decimal{coef: c, scale: scale}
		}
	}
	return fromBig(new(big.Int).Mul(d.bigCoef(), bigPow10(n)), scale)
}
