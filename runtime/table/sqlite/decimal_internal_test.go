package sqlite

import (
	"cmp"
	"math/big"
	"strings"
	"testing"
)

func TestCompareDecimalText(t *testing.T) {
	// Each line is in increasing order; texts on one line joined by = are equal.
	order := []string{
		"-Inf", "-12345678901234567890.123456789012345678", "-1e3", "-12.5", "-3", "-0.001", "-1e-20",
		"0 = -0 = 0.000 = +0 = 0e9 = .0",
		"1e-20", "0.5 = .5 = 5e-1 = 0.50", "9", "9.000000000000000000000000000001", "12.5 = 12.50 = 1.25e1 = 1.25E+1",
		"100 = 1e2 = 100.0", "12345678901234567890.123456789012345677", "12345678901234567890.123456789012345678",
		"1.0e+20 = 100000000000000000000", "Inf = +inf = infinity",
		"NaN", "abc", "abd",
	}
	var groups [][]string
	for _, line := range order {
		groups = append(groups, strings.Split(line, " = "))
	}
	for i, g := range groups {
		for _, a := range g {
			for j, h := range groups {
				for _, b := range h {
					want := cmp.Compare(i, j)
					if got := compareDecimalText(a, b); got != want {
						t.Errorf("compare(%q, %q) = %d, want %d", a, b, got, want)
					}
				}
			}
		}
	}
}

// FuzzCompareDecimalText checks the collation against exact rational
// arithmetic, and that it is antisymmetric.
func FuzzCompareDecimalText(f *testing.F) {
	for _, s := range [][2]string{{"12.5", "9"}, {"-0.001", "0"}, {"1e5", "100000.0"}, {"-1.5e-3", "-0.0015"}, {"x", "1"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		if len(a) > 60 || len(b) > 60 {
			return
		}
		got := compareDecimalText(a, b)
		if back := compareDecimalText(b, a); back != -got {
			t.Fatalf("compare(%q, %q) = %d but compare(%q, %q) = %d", a, b, got, b, a, back)
		}
		x, okA := exactRat(a)
		y, okB := exactRat(b)
		if okA && okB {
			if want := x.Cmp(y); got != want {
				t.Fatalf("compare(%q, %q) = %d, want %d", a, b, got, want)
			}
		}
	})
}

// exactRat reads a plain decimal with a small exponent exactly.
func exactRat(s string) (*big.Rat, bool) {
	if _, ok := parseDecimalText(s); !ok || strings.ContainsAny(s, "iInN") {
		return nil, false
	}
	mant, exp, _ := strings.Cut(strings.ToLower(s), "e")
	r, ok := new(big.Rat).SetString(mant)
	if !ok {
		return nil, false
	}
	if exp != "" {
		e, ok := new(big.Int).SetString(exp, 10)
		if !ok || e.CmpAbs(big.NewInt(50)) > 0 {
			return nil, false
		}
		p := new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), new(big.Int).Abs(e), nil))
		if e.Sign() < 0 {
			p.Inv(p)
		}
		r.Mul(r, p)
	}
	return r, true
}
