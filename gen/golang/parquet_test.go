package golang

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ayeaye-go/ayeaye/gen/ir"
)

func TestPQDecimalType(t *testing.T) {
	tests := []struct {
		p, s           int
		typ, tag, conv string
	}{
		{1, 0, "int32", "decimal(0:1)", "DecimalInt32"},
		{9, 2, "int32", "decimal(2:9)", "DecimalInt32"},
		{10, 2, "int64", "decimal(2:10)", "DecimalInt64"},
		{18, 18, "int64", "decimal(18:18)", "DecimalInt64"},
		{19, 0, "[16]byte", "decimal(0:19)", "DecimalFixed"},
		{38, 9, "[16]byte", "decimal(9:38)", "DecimalFixed"},
	}
	for _, tc := range tests {
		typ, tag, conv := pqDecimalType(tc.p, tc.s)
		if got := fmt.Sprintf("%#v", typ); got != tc.typ || tag != tc.tag || conv != tc.conv {
			t.Errorf("DECIMAL(%d,%d): %s %s %s, want %s %s %s", tc.p, tc.s, got, tag, conv, tc.typ, tc.tag, tc.conv)
		}
	}
}

func TestPQDecimalFits(t *testing.T) {
	tests := []struct {
		dflt, want string
	}{
		{``, ""},
		{`null`, ""},
		{`"12.50"`, ""},
		{`12.5`, ""},
		{`"-99999999999999999999999999999.999999999"`, ""},
		{`"1.0000000000"`, ""}, // a trailing zero is no lost digit
		{`"0.0000000001"`, "more than 9 digits after the decimal point"},
		{`-100000000000000000000000000000`, "more than 29 digits before the decimal point"},
		{`"x"`, ""}, // not a decimal: gen/schema reports it
	}
	for _, tc := range tests {
		f := &ir.Field{Name: "amount", Type: &ir.Type{Kind: ir.Decimal}, Default: []byte(tc.dflt)}
		got := pqDecimalFits(f)
		if tc.want == "" && got != "" || tc.want != "" && !strings.Contains(got, tc.want) {
			t.Errorf("default %s: %q, want %q", tc.dflt, got, tc.want)
		}
	}
}
