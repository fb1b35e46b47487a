package codec

import (
	"errors"
	"math"
	"math/big"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// checkParseFloat fails t unless ParseFloat(s, 64) gives the bits
// strconv.ParseFloat(s, 64) gives, or the cause of strconv's error.
func checkParseFloat(t *testing.T, s string) {
	t.Helper()
	want, werr := strconv.ParseFloat(s, 64)
	got, err := ParseFloat([]byte(s), 64)
	if s == "" {
		if err != errEmpty {
			t.Errorf("ParseFloat(%q) = %v, %v; want errEmpty", s, got, err)
		}
		return
	}
	if werr != nil {
		var ne *strconv.NumError
		if !errors.As(werr, &ne) || err != ne.Err {
			t.Errorf("ParseFloat(%q) = %v, %v; strconv gives %v, %v", s, got, err, want, werr)
		}
		return
	}
	if err != nil || math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
		t.Errorf("ParseFloat(%q) = %v (%#x), %v; strconv gives %v (%#x)", s, got, math.Float64bits(got), err,
			want, math.Float64bits(want))
	}
}

// floatSeeds are shapes and values the fast paths must get right or hand
// on: limits, subnormals, halfway cases, signed zeros, malformed input.
var floatSeeds = []string{
	"", "0", "-0", "+0", "-0.0", "-0e5", "0e999999999999", "-0e-400", "+1", "1.", ".5", "-.5", "12.375", "-999.999",
	"0.1", "0.3", "123456789012345", "1234567890123456", "0.000000000000001", "1e3", "1E-3", "1e+3", "1.e1",
	"+.5e-3", ".e1", "e5", "1e", "1e+", "1e-", "1e5x", "1.5.", "inf", "-Inf", "+infinity", "NaN", "1_000", "1e1_0",
	".", "1.2.3", "0x1p3", "0x1.8p-2", " 1", "1 ", "-", "+", "--1", "+-1", "1-", "1e--1",
	"-0.12345678901234567", "0.1234567890123456789", "1234567890123456789", "9999999999999999999",
	"18446744073709551615", "18446744073709551616", "12345678901234567890", "0.00000000000000000000001234567890123456789",
	"0000000000000000000000000000001.5", "1.0000000000000000000", "1.00000000000000000000",
	"9007199254740992", "9007199254740993", "9007199254740994", "9007199254740995", "9007199254740993e10",
	"1.00000000000000011102230246251565404236316680908203125", "1.00000000000000011102230246251565404236316680908203124",
	"1.00000000000000011102230246251565404236316680908203126", "1.0000000000000001110223024625156541",
	"1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308", "-1.7976931348623157e308",
	"179769313486231570000000000000000000000e270", "1e308", "1e309", "-1e309", "1e400", "1e-400",
	"4.9e-324", "5e-324", "2e-324", "2.4703282292062327e-324", "2.4703282292062328e-324", "3e-324",
	"2.2250738585072014e-308", "2.2250738585072011e-308", "2.225073858507201e-308", "2.2250738585072012e-308",
	"4.4501477170144023e-308", "1e-307", "1e-308", "1e-309", "1e-320", "1e-326", "1e-327",
	"1e22", "1e23", "8.589973e9", "9223372036854775807", "9223372036854775808e-19", "7.3177701707893310e+15",
	"6.02214076e23", "1.2345678901234525e+14", "1.602176634e-19", "3.4028234663852886e38", "1e-22", "1e-23", "123456789e-300",
	"2.2204460492503131e-16", "0.1e-350", "10000000000000000000e-344", "10e306", "0.001e311",
}

// TestParseFloat: parseDecimal gives exactly what strconv.ParseFloat gives,
// and everything else still goes to strconv.
func TestParseFloat(t *testing.T) {
	for _, s := range floatSeeds {
		checkParseFloat(t, s)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	digitsOf := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte('0' + rng.IntN(10))
		}
		return string(b)
	}
	withPoint := func(s string) string {
		if p := rng.IntN(len(s) + 1); p < len(s) {
			return s[:p] + "." + s[p:]
		}
		return s
	}
	sign := func() string { return [...]string{"", "-", "+"}[rng.IntN(3)] }
	for range 50000 {
		// Short and long plain decimals, some over 19 digits.
		checkParseFloat(t, sign()+withPoint(digitsOf(1+rng.IntN(22))))
		// Long mantissas with exponents over and past the float64 range.
		e := "e"
		if rng.IntN(2) == 0 {
			e = "E"
		}
		checkParseFloat(t, sign()+withPoint(digitsOf(1+rng.IntN(20)))+e+sign()+strconv.Itoa(rng.IntN(360)))
		// Any finite float64, in its shortest form and with 16 to 19 digits.
		f := math.Float64frombits(rng.Uint64())
		if math.IsNaN(f) || math.IsInf(f, 0) {
			continue
		}
		checkParseFloat(t, strconv.FormatFloat(f, 'g', -1, 64))
		checkParseFloat(t, strconv.FormatFloat(f, 'e', 15+rng.IntN(4), 64))
		// What the generated codecs read most: normal values written by 'g'.
		checkParseFloat(t, strconv.FormatFloat(rng.NormFloat64(), 'g', -1, 64))
		// Subnormals and the edges of the normal range.
		sub := math.Float64frombits(rng.Uint64N(1 << 53))
		checkParseFloat(t, strconv.FormatFloat(sub, 'g', -1, 64))
		checkParseFloat(t, strconv.FormatFloat(sub, 'e', 16+rng.IntN(3), 64))
	}
	for range 20000 {
		for _, s := range halfway(rng) {
			checkParseFloat(t, s)
		}
	}
}

// halfway returns a value exactly half way between two float64s written
// in decimal (as many digits as it takes), and its neighbours one unit
// of the last decimal digit away, with and without an exponent.
func halfway(rng *rand.Rand) []string {
	// An odd 54-bit integer K times 2^a is a tie. K a multiple of 5^b
	// gives b trailing decimal zeros, so ties for large values have few
	// significant digits; a < 0 adds |a| digits.
	b := rng.IntN(23)
	p5 := new(big.Int).Exp(big.NewInt(5), big.NewInt(int64(b)), nil)
	lo := new(big.Int).Lsh(big.NewInt(1), 53)
	lo.Add(lo, p5).Sub(lo, big.NewInt(1)).Quo(lo, p5) // ceil(2^53 / 5^b)
	hi := new(big.Int).Lsh(big.NewInt(1), 54)
	hi.Quo(hi, p5)
	span := new(big.Int).Sub(hi, lo).Uint64()
	r := new(big.Int).SetUint64(lo.Uint64() + rng.Uint64N(span))
	r.SetBit(r, 0, 1)
	k := new(big.Int).Mul(r, p5)
	if k.BitLen() != 54 {
		return nil
	}
	a := rng.IntN(1000) - 1040 + b // down to subnormal ties
	if rng.IntN(2) == 0 {
		a = rng.IntN(80) - 8
	}
	// K·2^a = M·10^c with M an integer.
	m, c := new(big.Int).Set(k), 0
	if a >= 0 {
		m.Lsh(m, uint(a))
	} else {
		m.Mul(m, new(big.Int).Exp(big.NewInt(5), big.NewInt(int64(-a)), nil))
		c = a
	}
	var out []string
	for _, d := range []int64{0, 1, -1} {
		digits := new(big.Int).Add(m, big.NewInt(d)).String()
		trimmed := strings.TrimRight(digits, "0")
		exp := c + len(digits) - len(trimmed)
		if trimmed == "" {
			continue
		}
		out = append(out, trimmed+"e"+strconv.Itoa(exp))
		// The same as d.ddd…e±x.
		out = append(out, trimmed[:1]+"."+trimmed[1:]+"e"+strconv.Itoa(exp+len(trimmed)-1))
	}
	return out
}

// TestParseDecimalTakes: the fast path, not strconv, reads what the
// writers emit for normal floats, so the speed-up is not lost to fallbacks.
func TestParseDecimalTakes(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for range 100000 {
		f := rng.NormFloat64()
		if rng.IntN(2) == 0 {
			f = math.Float64frombits(rng.Uint64N(0x7FE<<52) + 1<<52) // any normal float64
		}
		for _, s := range []string{strconv.FormatFloat(f, 'g', -1, 64), strconv.FormatFloat(f, 'e', 16, 64)} {
			if _, ok := parseDecimal([]byte(s)); !ok {
				t.Errorf("parseDecimal(%q) left it to strconv", s)
			}
		}
	}
}

// TestPow10Table recomputes the generated table and checks the linear
// formula for floor(log2 10^q) that eiselLemire uses.
func TestPow10Table(t *testing.T) {
	mask := new(big.Int).SetUint64(math.MaxUint64)
	for q := pow10Min; q <= pow10Max; q++ {
		n := q
		if n < 0 {
			n = -n
		}
		p := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil)
		// T = floor(10^q · 2^s) with s the shift that gives T 128 bits.
		var want *big.Int
		if q >= 0 {
			want = new(big.Int).Set(p)
			if s := 128 - p.BitLen(); s >= 0 {
				want.Lsh(want, uint(s))
			} else {
				want.Rsh(want, uint(-s))
			}
		} else {
			// 2^s / 10^n has 128 bits for s = 127 + BitLen(10^n).
			s := 127 + p.BitLen()
			want = new(big.Int).Lsh(big.NewInt(1), uint(s))
			want.Quo(want, p)
			if want.BitLen() != 128 {
				t.Fatalf("1e%d: %d bits", q, want.BitLen())
			}
		}
		e := pow10Table[q-pow10Min]
		if h, l := new(big.Int).Rsh(want, 64).Uint64(), new(big.Int).And(want, mask).Uint64(); e[0] != h || e[1] != l {
			t.Errorf("pow10Table 1e%d = %#x %#x, want %#x %#x", q, e[0], e[1], h, l)
		}
		log2 := p.BitLen() - 1
		if q < 0 {
			log2 = -p.BitLen()
		}
		if got := (217706 * q) >> 16; got != log2 {
			t.Errorf("floor(log2 1e%d) = %d, formula gives %d", q, log2, got)
		}
	}
}

func FuzzParseFloat(f *testing.F) {
	for _, s := range floatSeeds {
		f.Add(s)
	}
	f.Fuzz(checkParseFloat)
}

// FuzzParseFloatDecimal explores the numbers rather than the shapes:
// a mantissa of up to 20 digits, a point anywhere in it and an exponent.
func FuzzParseFloatDecimal(f *testing.F) {
	f.Add(uint64(9007199254740993), uint8(0), int16(0))
	f.Add(uint64(12345678901234567), uint8(1), int16(-1))
	f.Add(uint64(17976931348623157), uint8(1), int16(308))
	f.Add(uint64(22250738585072014), uint8(1), int16(-308))
	f.Add(uint64(12345678901234525), uint8(1), int16(14))
	f.Fuzz(func(t *testing.T, mant uint64, point uint8, exp int16) {
		s := strconv.FormatUint(mant, 10)
		if p := int(point) % (len(s) + 2); p <= len(s) {
			s = s[:p] + "." + s[p:]
		}
		checkParseFloat(t, s+"e"+strconv.Itoa(int(exp)%400))
	})
}

// BenchmarkParseFloat times ParseFloat against strconv.ParseFloat on the
// same inputs: short decimals, the 16-17 digits 'g' writes for most
// float64s, and those with exponents.
func BenchmarkParseFloat(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	sets := []struct {
		name string
		gen  func() string
	}{
		{"short", func() string { return strconv.FormatFloat(math.Round(rng.NormFloat64()*1e5)/1e3, 'f', -1, 64) }},
		{"long", func() string { return strconv.FormatFloat(rng.NormFloat64(), 'g', -1, 64) }},
		{"exponent", func() string {
			return strconv.FormatFloat(rng.NormFloat64()*math.Pow10(rng.IntN(600)-300), 'g', -1, 64)
		}},
	}
	for _, set := range sets {
		in := make([][]byte, 1024)
		for i := range in {
			in[i] = []byte(set.gen())
		}
		b.Run(set.name+"/codec", func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				if _, err := ParseFloat(in[i&1023], 64); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(set.name+"/strconv", func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				if _, err := strconv.ParseFloat(bytesString(in[i&1023]), 64); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
