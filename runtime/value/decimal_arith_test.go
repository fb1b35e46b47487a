package value

import (
	"math"
	"math/big"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

func TestDecimalArithmetic(t *testing.T) {
	const big20 = "12345678901234567890"
	tests := []struct {
		a, b          string
		add, sub, mul string
		cmp           int
	}{
		{"0.1", "0.2", "0.3", "-0.1", "0.02", -1},
		{"1.50", "1", "2.50", "0.50", "1.50", 1},
		{"1.5", "1.50", "3.00", "0.00", "2.250", 0},
		{"-1.5", "0.25", "-1.25", "-1.75", "-0.375", -1},
		{"0", "-0.00", "0.00", "0.00", "0.00", 0},
		{"9223372036854775807", "1", "9223372036854775808", "9223372036854775806", "9223372036854775807", 1},
		{"-9223372036854775808", "1", "-9223372036854775807", "-9223372036854775809", "-9223372036854775808", -1},
		{"-9223372036854775808", "-1", "-9223372036854775809", "-9223372036854775807", "9223372036854775808", -1},
		{"9223372036854775807", "0.1", "9223372036854775807.1", "9223372036854775806.9", "922337203685477580.7", 1},
		{"4294967296", "4294967296", "8589934592", "0", "18446744073709551616", 0},
		{big20, "1", "12345678901234567891", "12345678901234567889", big20, 1},
		{big20, "-" + big20, "0", "24691357802469135780", "-152415787532388367501905199875019052100", 1},
		{big20 + ".5", big20 + ".50", "24691357802469135781.00", "0.00", "152415787532388367514250878776253619990.250", 0},
		{"1e-30", "1", "1.000000000000000000000000000001", "-0.999999999999999999999999999999", "0.000000000000000000000000000001", -1},
		{"1", "1e-30", "1.000000000000000000000000000001", "0.999999999999999999999999999999", "0.000000000000000000000000000001", 1},
		{"-1e25", "1e-5", "-9999999999999999999999999.99999", "-10000000000000000000000000.00001", "-100000000000000000000.00000", -1},
		{"99999999999999999999", "-99999999999999999998", "1", "199999999999999999997", "-9999999999999999999700000000000000000002", 1},
	}
	for _, tt := range tests {
		a, b := dec(tt.a), dec(tt.b)
		check := func(op, got, want string) {
			t.Helper()
			if got != want {
				t.Errorf("%s %s %s = %s, want %s", tt.a, op, tt.b, got, want)
			}
		}
		check("+", a.Add(b).String(), tt.add)
		check("+", b.Add(a).String(), tt.add) // commutes, same scale
		check("-", a.Sub(b).String(), tt.sub)
		check("*", a.Mul(b).String(), tt.mul)
		check("*", b.Mul(a).String(), tt.mul)
		check("cmp", strconv.Itoa(a.Cmp(b)), strconv.Itoa(tt.cmp))
		check("cmp⁻¹", strconv.Itoa(b.Cmp(a)), strconv.Itoa(-tt.cmp))
		check("==", strconv.FormatBool(a.Equal(b)), strconv.FormatBool(tt.cmp == 0))
		for _, r := range []Decimal{a.Add(b), a.Sub(b), a.Mul(b)} {
			if r.big != nil && r.big.IsInt64() {
				t.Errorf("%s op %s: result %s kept an int64 coefficient in big", tt.a, tt.b, r)
			}
		}
	}
}

func TestNegAbsSign(t *testing.T) {
	tests := []struct {
		in, neg, abs string
		sign         int
	}{
		{"0", "0", "0", 0},
		{"-0.00", "0.00", "0.00", 0},
		{"1.50", "-1.50", "1.50", 1},
		{"-1.50", "1.50", "1.50", -1},
		{"-9223372036854775808", "9223372036854775808", "9223372036854775808", -1},
		{"9223372036854775808", "-9223372036854775808", "9223372036854775808", 1},
		{"-123456789012345678901.5", "123456789012345678901.5", "123456789012345678901.5", -1},
	}
	for _, tt := range tests {
		d := dec(tt.in)
		if got := d.Neg().String(); got != tt.neg {
			t.Errorf("%s.Neg() = %s, want %s", tt.in, got, tt.neg)
		}
		if got := d.Abs().String(); got != tt.abs {
			t.Errorf("%s.Abs() = %s, want %s", tt.in, got, tt.abs)
		}
		if got := d.Sign(); got != tt.sign {
			t.Errorf("%s.Sign() = %d, want %d", tt.in, got, tt.sign)
		}
		if got := d.IsZero(); got != (tt.sign == 0) {
			t.Errorf("%s.IsZero() = %v", tt.in, got)
		}
		if n := d.Neg(); n.big != nil && n.big.IsInt64() {
			t.Errorf("%s.Neg() kept an int64 coefficient in big", tt.in)
		}
	}
}

func TestRound(t *testing.T) {
	tests := []struct {
		in    string
		scale int32
		want  string
	}{
		{"2.345", 2, "2.35"},
		{"-2.345", 2, "-2.35"},
		{"2.344", 2, "2.34"},
		{"2.5", 0, "3"},
		{"-2.5", 0, "-3"},
		{"2.4999", 0, "2"},
		{"0.5", 0, "1"},
		{"0.49", 0, "0"},
		{"-0.49", 0, "0"},
		{"1.5", 2, "1.50"},
		{"1.5", 1, "1.5"},
		{"-0.00", 1, "0.0"},
		{"1250", -2, "1300"},
		{"1249", -2, "1200"},
		{"-1250", -2, "-1300"},
		{"1250.75", -1, "1250"},
		{"1255", -1, "1260"},
		{"999.5", 0, "1000"},
		{"49", -2, "0"},
		{"50", -2, "100"},
		{"9223372036854775807", -1, "9223372036854775810"}, // overflows into big
		{"-9223372036854775808", -19, "-10000000000000000000"},
		{"9223372036854775807", -19, "10000000000000000000"},
		{"4999999999999999999", -19, "0"},
		{"5000000000000000000", -19, "10000000000000000000"},
		{"9223372036854775807", -20, "0"},
		{"-0.9223372036854775807", 0, "-1"},
		{"0.4999999999999999999", 0, "0"},
		{"0.00000000000000000000000005", 25, "0.0000000000000000000000001"},
		{"0.00000000000000000000000004", 25, "0.0000000000000000000000000"},
		{"12345678901234567890.5", 0, "12345678901234567891"},
		{"-12345678901234567890.5", 0, "-12345678901234567891"},
		{"-12345678901234567890.49", 0, "-12345678901234567890"},
		{"12345678901234567890.125", 2, "12345678901234567890.13"},
		{"12345678901234567890", -5, "12345678901234600000"},
		{"12345678901234567890", 3, "12345678901234567890.000"},
		{"92233720368547758.07", 3, "92233720368547758.070"},
		{"922337203685477580.7", 2, "922337203685477580.70"}, // rescale overflows into big
	}
	for _, tt := range tests {
		got := dec(tt.in).Round(tt.scale)
		if got.String() != tt.want {
			t.Errorf("%s.Round(%d) = %s, want %s", tt.in, tt.scale, got, tt.want)
		}
		if want := max(tt.scale, 0); got.Scale() != want {
			t.Errorf("%s.Round(%d).Scale() = %d, want %d", tt.in, tt.scale, got.Scale(), want)
		}
		if got.big != nil && got.big.IsInt64() {
			t.Errorf("%s.Round(%d) kept an int64 coefficient in big", tt.in, tt.scale)
		}
	}
}

func TestMulScaleOverflowPanics(t *testing.T) {
	d := NewDecimal(1, math.MaxInt32)
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), "exceeds math.MaxInt32") {
			t.Errorf("recover() = %v, want the scale overflow panic", r)
		}
	}()
	d.Mul(NewDecimal(1, 1))
}

// randomDecimal returns decimal text whose coefficient is chosen to hit
// the int64 boundary, small values and big ones, at scales that force
// alignment overflow.
func randomDecimal(r *rand.Rand) string {
	var coef string
	switch r.IntN(5) {
	case 0:
		coef = strconv.FormatInt(r.Int64N(1000)-500, 10)
	case 1:
		coef = strconv.FormatInt(int64(r.Uint64()), 10)
	case 2: // near ±2^63
		v := new(big.Int).Lsh(big.NewInt(1), 63)
		v.Add(v, big.NewInt(r.Int64N(5)-2))
		if r.IntN(2) == 0 {
			v.Neg(v)
		}
		coef = v.String()
	case 3:
		coef = strconv.FormatInt(r.Int64N(1e12), 10)
	default: // 20 to 40 digits
		n := 20 + r.IntN(21)
		var sb strings.Builder
		if r.IntN(2) == 0 {
			sb.WriteByte('-')
		}
		sb.WriteByte(byte('1' + r.IntN(9)))
		for range n - 1 {
			sb.WriteByte(byte('0' + r.IntN(10)))
		}
		coef = sb.String()
	}
	return coef + "e-" + strconv.Itoa(r.IntN(25))
}

func abs32(x int32) int32 { return max(x, -x) }

func rat(d Decimal) *big.Rat {
	q, ok := new(big.Rat).SetString(d.String())
	if !ok {
		panic("bad decimal text " + d.String())
	}
	return q
}

// roundRef rounds q to scale places, halves away from zero, with big.Rat.
func roundRef(q *big.Rat, scale int32) *big.Rat {
	p := new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(abs32(scale))), nil))
	if scale < 0 {
		p.Inv(p)
	}
	x := new(big.Rat).Mul(new(big.Rat).Abs(q), p)
	x.Add(x, big.NewRat(1, 2))
	n := new(big.Int).Quo(x.Num(), x.Denom()) // floor, x >= 0
	if q.Sign() < 0 {
		n.Neg(n)
	}
	return new(big.Rat).Quo(new(big.Rat).SetInt(n), p)
}

// TestArithmeticAgainstBigRat checks every operation, across the int64
// boundary, against exact rational arithmetic.
func TestArithmeticAgainstBigRat(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 20000; i++ {
		as, bs := randomDecimal(r), randomDecimal(r)
		a, b := dec(as), dec(bs)
		qa, qb := rat(a), rat(b)
		maxScale := max(a.Scale(), b.Scale())
		checks := []struct {
			op    string
			got   Decimal
			want  *big.Rat
			scale int32
		}{
			{"+", a.Add(b), new(big.Rat).Add(qa, qb), maxScale},
			{"-", a.Sub(b), new(big.Rat).Sub(qa, qb), maxScale},
			{"*", a.Mul(b), new(big.Rat).Mul(qa, qb), a.Scale() + b.Scale()},
			{"neg", a.Neg(), new(big.Rat).Neg(qa), a.Scale()},
		}
		rs := int32(r.IntN(30)) - 5
		checks = append(checks, struct {
			op    string
			got   Decimal
			want  *big.Rat
			scale int32
		}{"round " + strconv.Itoa(int(rs)), a.Round(rs), roundRef(qa, rs), max(rs, 0)})
		for _, c := range checks {
			if rat(c.got).Cmp(c.want) != 0 || c.got.Scale() != c.scale {
				t.Fatalf("%s %s %s = %s (scale %d), want %s (scale %d)", as, c.op, bs, c.got, c.got.Scale(), c.want.FloatString(int(c.scale)), c.scale)
			}
			if c.got.big != nil && c.got.big.IsInt64() {
				t.Fatalf("%s %s %s kept an int64 coefficient in big", as, c.op, bs)
			}
		}
		if got, want := a.Cmp(b), qa.Cmp(qb); got != want {
			t.Fatalf("%s cmp %s = %d, want %d", as, bs, got, want)
		}
		if f, _ := qa.Float64(); a.Float64() != f {
			t.Fatalf("%s.Float64() = %v, want %v", as, a.Float64(), f)
		}
	}
}

func BenchmarkDecimalAdd(b *testing.B) {
	b.ReportAllocs()
	x, y := dec("19.99"), dec("0.005")
	var z Decimal
	for b.Loop() {
		z = x.Add(y)
	}
	_ = z
}

func BenchmarkDecimalMul(b *testing.B) {
	b.ReportAllocs()
	x, y := dec("19.99"), dec("1.2")
	var z Decimal
	for b.Loop() {
		z = x.Mul(y)
	}
	_ = z
}
