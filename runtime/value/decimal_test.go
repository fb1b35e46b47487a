package value

import (
	"encoding/json"
	"errors"
	"math"
	"math/big"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// decimalEqual compares decimals by their exact text, which includes the
// scale, for cmp.Diff.
var decimalEqual = cmp.Comparer(func(a, b Decimal) bool { return a.String() == b.String() && a.scale == b.scale })

func dec(s string) Decimal { return MustParseDecimal(s) }

func TestParseDecimal(t *testing.T) {
	tests := []struct {
		in    string
		str   string
		scale int32
		isBig bool
	}{
		{"0", "0", 0, false},
		{"-0", "0", 0, false},
		{"+0", "0", 0, false},
		{"-0.00", "0.00", 2, false},
		{"1.50", "1.50", 2, false},
		{"+1.50", "1.50", 2, false},
		{"-1.50", "-1.50", 2, false},
		{"007", "7", 0, false},
		{"0.0015", "0.0015", 4, false},
		{"1.5e3", "1500", 0, false},
		{"1.5E3", "1500", 0, false},
		{"1.5e+3", "1500", 0, false},
		{"1.5e-3", "0.0015", 4, false},
		{"-1.5e-3", "-0.0015", 4, false},
		{"1500e-2", "15.00", 2, false},
		{"1.50e1", "15.0", 1, false},
		{"1e0", "1", 0, false},
		{"0e5", "0", 0, false},
		{"0.00e1", "0.0", 1, false},
		{"123456789012345678", "123456789012345678", 0, false},
		{"12345678901234567.8", "12345678901234567.8", 1, false},
		{"9223372036854775807", "9223372036854775807", 0, false}, // 19 digits, max int64
		{"-9223372036854775808", "-9223372036854775808", 0, false},
		{"9223372036854775808", "9223372036854775808", 0, true},
		{"-9223372036854775809", "-9223372036854775809", 0, true},
		{"0.0000000000000000000001", "0.0000000000000000000001", 22, false},
		{"000000000000000000000000042", "42", 0, false},
		{"12345678901234567890.123456789", "12345678901234567890.123456789", 9, true},
		{"-12345678901234567890.123456789", "-12345678901234567890.123456789", 9, true},
		{"1e19", "10000000000000000000", 0, true},
		{"1e18", "1000000000000000000", 0, false},
		{"9.2233720368547758070e18", "9223372036854775807.0", 1, true},
		{"1e-20", "0.00000000000000000001", 20, false},
		{"1e9999", "1" + strings.Repeat("0", 9999), 0, true},
		{"-0e-9999", "0." + strings.Repeat("0", 9999), 9999, false},
	}
	for _, tt := range tests {
		d, err := ParseDecimal(tt.in)
		if err != nil {
			t.Errorf("ParseDecimal(%q): %v", tt.in, err)
			continue
		}
		if got := d.String(); got != tt.str {
			t.Errorf("ParseDecimal(%q).String() = %q, want %q", tt.in, got, tt.str)
		}
		if got := d.Scale(); got != tt.scale {
			t.Errorf("ParseDecimal(%q).Scale() = %d, want %d", tt.in, got, tt.scale)
		}
		if got := d.big != nil; got != tt.isBig {
			t.Errorf("ParseDecimal(%q) big = %v, want %v", tt.in, got, tt.isBig)
		}
		// The value must agree with big.Rat's exact reading of the input.
		want, ok := new(big.Rat).SetString(tt.in)
		got, _ := new(big.Rat).SetString(d.String())
		if !ok || want.Cmp(got) != 0 {
			t.Errorf("ParseDecimal(%q) = %s, big.Rat reads %v", tt.in, d, want)
		}
	}
}

func TestParseDecimalErrors(t *testing.T) {
	tests := []struct {
		in     string
		offset int
		reason string
	}{
		{"", 0, "the text is empty"},
		{"-", 1, "want a digit after the sign"},
		{"+", 1, "want a digit after the sign"},
		{"NaN", 0, "NaN and infinity are not decimal numbers"},
		{"-Inf", 1, "NaN and infinity are not decimal numbers"},
		{"+infinity", 1, "NaN and infinity are not decimal numbers"},
		{".5", 0, "want a digit before the decimal point, e.g. 0.5"},
		{"-.5", 1, "want a digit before the decimal point, e.g. 0.5"},
		{"5.", 2, "want a digit after the decimal point, e.g. 1.0"},
		{"5.e3", 2, "want a digit after the decimal point, e.g. 1.0"},
		{"1e", 2, "want digits in the exponent, e.g. 1.5e3"},
		{"1e+", 3, "want digits in the exponent, e.g. 1.5e3"},
		{"1.2.3", 3, `unexpected '.' at byte 3`},
		{"1,234.5", 1, "unexpected ',' at byte 1; write 1234.5, without thousands separators or a decimal comma"},
		{"1,5", 1, "unexpected ',' at byte 1; write 1234.5, without thousands separators or a decimal comma"},
		{" 1", 0, "unexpected space at byte 0; remove spaces around and inside the number"},
		{"1 ", 1, "unexpected space at byte 1; remove spaces around and inside the number"},
		{"--1", 1, `unexpected '-' at byte 1`},
		{"0x10", 1, `unexpected 'x' at byte 1`},
		{"1_000", 1, `unexpected '_' at byte 1`},
		{"12abc", 2, `unexpected 'a' at byte 2`},
		{"€12", 0, `unexpected '€' at byte 0`},
		{"1\xff", 1, `unexpected byte 0xff (not UTF-8) at byte 1`},
		{"1e10000", 2, "the exponent is out of range -9999 to 9999"},
		{"1e-99999999999999999999", 3, "the exponent is out of range -9999 to 9999"},
	}
	for _, tt := range tests {
		_, err := ParseDecimal(tt.in)
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("ParseDecimal(%q) error = %v, want a *ParseError", tt.in, err)
			continue
		}
		want := &ParseError{Type: "decimal", Input: tt.in, Offset: tt.offset, Reason: tt.reason, Want: wantDecimal}
		if diff := cmp.Diff(want, pe); diff != "" {
			t.Errorf("ParseDecimal(%q) error mismatch (-want +got):\n%s", tt.in, diff)
		}
	}
	_, err := ParseDecimal("1,5")
	want := `invalid decimal "1,5": unexpected ',' at byte 1; write 1234.5, without thousands separators or a decimal comma; want a decimal number such as 12, -0.50 or 1.5e3`
	if err.Error() != want {
		t.Errorf("error = %v\nwant    %s", err, want)
	}
}

func TestMustParseDecimalPanics(t *testing.T) {
	defer func() {
		r := recover()
		if r == nil || !strings.Contains(r.(string), `invalid decimal "1,5"`) {
			t.Errorf("recover() = %v, want a panic naming the input", r)
		}
	}()
	MustParseDecimal("1,5")
}

func TestNewDecimal(t *testing.T) {
	tests := []struct {
		d    Decimal
		want string
	}{
		{NewDecimal(150, 2), "1.50"},
		{NewDecimal(-5, 3), "-0.005"},
		{NewDecimal(0, 2), "0.00"},
		{NewDecimal(15, -2), "1500"},
		{NewDecimal(math.MaxInt64, -1), "92233720368547758070"},
		{NewDecimal(math.MinInt64, 0), "-9223372036854775808"},
		{NewDecimal(math.MinInt64, 20), "-0.09223372036854775808"},
		{NewDecimal(1, -25), "1" + strings.Repeat("0", 25)},
		{DecimalFromInt(-42), "-42"},
		{Decimal{}, "0"},
	}
	for _, tt := range tests {
		if got := tt.d.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
		if got := string(tt.d.Append([]byte("x="))); got != "x="+tt.want {
			t.Errorf("Append = %q, want %q", got, "x="+tt.want)
		}
		if got, err := tt.d.AppendText(nil); err != nil || string(got) != tt.want {
			t.Errorf("AppendText = %q, %v, want %q", got, err, tt.want)
		}
		if diff := cmp.Diff(dec(tt.want), tt.d, decimalEqual); diff != "" {
			t.Errorf("parse of String() differs (-want +got):\n%s", diff)
		}
	}
}

func TestDecimalJSONAndText(t *testing.T) {
	type row struct {
		A Decimal       `json:"a"`
		B Null[Decimal] `json:"b"`
		C Null[Decimal] `json:"c,omitzero"`
	}
	in := row{A: dec("1.50"), B: Some(dec("-12345678901234567890.5"))}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"a":1.50,"b":-12345678901234567890.5}`; string(b) != want {
		t.Errorf("json.Marshal = %s, want %s", b, want)
	}
	var out row
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(in, out, decimalEqual); diff != "" {
		t.Errorf("JSON round trip (-want +got):\n%s", diff)
	}

	inputs := []struct{ in, want string }{
		{`{"a":"0.10"}`, "0.10"},
		{`{"a":1e2}`, "100"},
		{`{"a":-0.0}`, "0.0"},
		{`{"a":null}`, "7"}, // null leaves the field alone
	}
	for _, tt := range inputs {
		out := row{A: DecimalFromInt(7)}
		if err := json.Unmarshal([]byte(tt.in), &out); err != nil {
			t.Errorf("json.Unmarshal(%s): %v", tt.in, err)
			continue
		}
		if got := out.A.String(); got != tt.want {
			t.Errorf("json.Unmarshal(%s) = %s, want %s", tt.in, got, tt.want)
		}
	}

	bad := []struct{ in, msg string }{
		{`{"a":"1,5"}`, `invalid decimal "1,5": unexpected ','`},
		{`{"a":""}`, `invalid decimal "": the text is empty`},
		{`{"a":true}`, `a JSON boolean is not a decimal, want a JSON string like 12.50 or "12.50"`},
		{`{"a":[1]}`, `a JSON array is not a decimal`},
		{`{"a":{}}`, `a JSON object is not a decimal`},
		{`{"a":"1\u0030"}`, `escape sequences are not allowed in a decimal`},
	}
	for _, tt := range bad {
		err := json.Unmarshal([]byte(tt.in), &out)
		if err == nil || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("json.Unmarshal(%s) error = %v, want it to contain %q", tt.in, err, tt.msg)
		}
	}

	text, err := dec("-0.0015").MarshalText()
	if err != nil || string(text) != "-0.0015" {
		t.Errorf("MarshalText = %q, %v", text, err)
	}
	d := DecimalFromInt(3)
	if err := d.UnmarshalText([]byte("x")); err == nil || d.String() != "3" {
		t.Errorf("UnmarshalText(x): d = %v, err = %v; want d unchanged and an error", d, err)
	}
	if err := d.UnmarshalText([]byte("2.5e1")); err != nil || d.String() != "25" {
		t.Errorf("UnmarshalText(2.5e1): d = %v, err = %v", d, err)
	}
}

func TestFloat64(t *testing.T) {
	tests := []string{
		"0", "1.5", "-0.1", "0.3", "123456789.123456789", "9007199254740993",
		"1e300", "-1e-300", "12345678901234567890.123", "0.1234567890123456789012345",
		"9223372036854775807", "1e400", "-1e400", "1e-400",
	}
	for _, s := range tests {
		want, _ := strconv.ParseFloat(s, 64)
		if got := dec(s).Float64(); got != want {
			t.Errorf("%s.Float64() = %v, want %v", s, got, want)
		}
	}
}

func TestDecimalAllocs(t *testing.T) {
	buf := make([]byte, 0, 64)
	raw := []byte("-12345.6789")
	var sink Decimal
	d := dec("-12345.6789")
	tests := []struct {
		name string
		f    func()
	}{
		{"ParseDecimal", func() { sink, _ = ParseDecimal("-12345.6789") }},
		{"ParseDecimal exponent", func() { sink, _ = ParseDecimal("1.5e3") }},
		{"ParseDecimal 18 digits", func() { sink, _ = ParseDecimal("-123456789.012345678") }},
		{"ParseDecimal(string(b))", func() { sink, _ = ParseDecimal(string(raw)) }},
		{"UnmarshalText", func() { _ = sink.UnmarshalText(raw) }},
		{"UnmarshalJSON", func() { _ = sink.UnmarshalJSON(raw) }},
		{"Append", func() { buf = d.Append(buf[:0]) }},
		{"AppendText", func() { buf, _ = d.AppendText(buf[:0]) }},
		{"Add", func() { sink = d.Add(d) }},
		{"Sub scales", func() { sink = d.Sub(DecimalFromInt(1)) }},
		{"Mul", func() { sink = d.Mul(d) }},
		{"Cmp", func() { _ = d.Cmp(DecimalFromInt(1)) }},
		{"Round", func() { sink = d.Round(2) }},
		{"Float64", func() { _ = d.Float64() }},
	}
	for _, tt := range tests {
		if n := testing.AllocsPerRun(100, tt.f); n != 0 {
			t.Errorf("%s: %v allocations, want 0", tt.name, n)
		}
	}
}

func FuzzParseDecimal(f *testing.F) {
	for _, s := range []string{
		"0", "-0.00", "1.50", "1.5e3", "1.5e-3", "-9223372036854775808", "9223372036854775808",
		"12345678901234567890.123456789", "1e19", "1e-9999", ".5", "5.", "1,5", "NaN", "",
		"+1E+2", "0.0000000000000000000001", "1e10000",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDecimal(s)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Offset < 0 || pe.Offset > len(s) {
				t.Fatalf("ParseDecimal(%q) error %#v", s, err)
			}
			return
		}
		if d.big != nil && d.big.IsInt64() {
			t.Fatalf("ParseDecimal(%q) kept an int64 coefficient in big", s)
		}
		str := d.String()
		again, err := ParseDecimal(str)
		if err != nil {
			t.Fatalf("ParseDecimal(%q).String() = %q, which does not parse: %v", s, str, err)
		}
		if again.String() != str || again.Scale() != d.Scale() || !again.Equal(d) {
			t.Fatalf("round trip of %q: %q (scale %d), then %q (scale %d)", s, str, d.Scale(), again, again.Scale())
		}
		if got := string(d.Append([]byte("x"))); got != "x"+str {
			t.Fatalf("Append = %q, String = %q", got, str)
		}
		want, ok := new(big.Rat).SetString(s)
		got, _ := new(big.Rat).SetString(str)
		if ok && want.Cmp(got) != 0 {
			t.Fatalf("ParseDecimal(%q) = %s, big.Rat reads %v", s, str, want.FloatString(30))
		}
		var u Decimal
		if err := u.UnmarshalText([]byte(s)); err != nil || u.String() != str {
			t.Fatalf("UnmarshalText(%q) = %v, %v; ParseDecimal gave %s", s, u, err, str)
		}
	})
}

var benchDecimals = []string{"0", "19.99", "-12345.6789", "1.5e3", "123456789012345678"}

func BenchmarkParseDecimal(b *testing.B) {
	for _, s := range benchDecimals {
		b.Run(s, func(b *testing.B) {
			b.ReportAllocs()
			var d Decimal
			for b.Loop() {
				d, _ = ParseDecimal(s)
			}
			_ = d
		})
	}
}

func BenchmarkDecimalAppend(b *testing.B) {
	for _, s := range benchDecimals {
		d := dec(s)
		b.Run(s, func(b *testing.B) {
			b.ReportAllocs()
			buf := make([]byte, 0, 32)
			for b.Loop() {
				buf = d.Append(buf[:0])
			}
		})
	}
}

// BenchmarkParseFloat is the baseline: what a Go programmer would write
// with float64, which is not exact.
func BenchmarkParseFloat(b *testing.B) {
	b.ReportAllocs()
	var f float64
	for b.Loop() {
		f, _ = strconv.ParseFloat("-12345.6789", 64)
	}
	_ = f
}
