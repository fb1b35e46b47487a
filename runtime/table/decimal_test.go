package table_test

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ayeaye-go/ayeaye/runtime/table"
	"github.com/ayeaye-go/ayeaye/runtime/table/tabletest"
	"github.com/ayeaye-go/ayeaye/runtime/value"
)

// decimalAmounts are values whose text order is not their numeric order
// (12.5 and 9, negatives), and values that differ only past float64's
// precision.
var decimalAmounts = []string{
	"12.5", "9", "-3", "-12.5", "0", "100", "-0.001", "0.5", "9.000000000000000000000000000001",
	"12345678901234567890.123456789012345678", "12345678901234567890.123456789012345677",
	"-12345678901234567890.123456789012345678", "99999999999999999999999999999999999",
}

// TestDecimalComparisons checks that a condition or an order on a
// decimal column compares numbers, exactly, and so selects the same rows
// in every dialect.
func TestDecimalComparisons(t *testing.T) {
	dec := value.MustParseDecimal
	big := dec("12345678901234567890.123456789012345677")
	type check struct {
		where string
		args  []any
		keep  func(a value.Decimal) bool
	}
	checks := []check{
		{"amount <= 9", nil, func(a value.Decimal) bool { return a.Cmp(dec("9")) <= 0 }},
		{"amount <= ?", []any{dec("9")}, func(a value.Decimal) bool { return a.Cmp(dec("9")) <= 0 }},
		{"amount < ?", []any{int64(10)}, func(a value.Decimal) bool { return a.Cmp(dec("10")) < 0 }},
		{"amount > ?", []any{dec("-3")}, func(a value.Decimal) bool { return a.Cmp(dec("-3")) > 0 }},
		{"amount >= -0.001 AND amount < 1", nil, func(a value.Decimal) bool { return a.Cmp(dec("-0.001")) >= 0 && a.Cmp(dec("1")) < 0 }},
		{"amount BETWEEN ? AND ?", []any{dec("-12.5"), dec("12.5")}, func(a value.Decimal) bool { return a.Cmp(dec("-12.5")) >= 0 && a.Cmp(dec("12.5")) <= 0 }},
		{"amount = ?", []any{dec("12.50")}, func(a value.Decimal) bool { return a.Cmp(dec("12.5")) == 0 }},
		{"amount IN (?, ?)", []any{dec("9.0"), dec("-3")}, func(a value.Decimal) bool { return a.Cmp(dec("9")) == 0 || a.Cmp(dec("-3")) == 0 }},
		{"? < amount", []any{big}, func(a value.Decimal) bool { return a.Cmp(big) > 0 }},
		{"amount > ?", []any{big}, func(a value.Decimal) bool { return a.Cmp(big) > 0 }},
		{"amount > 9 AND region <> 'amount < 0'", nil, func(a value.Decimal) bool { return a.Cmp(dec("9")) > 0 }},
	}
	forEach(t, func(t *testing.T, d tabletest.Database) {
		f := setup(t, d)
		recs := sales(1, len(decimalAmounts))
		for i, s := range decimalAmounts {
			recs[i].Amount = dec(s)
		}
		if err := f.write(recs); err != nil {
			t.Fatal(err)
		}
		more := []check{
			{f.loc.Table.Table + ".amount < ?", []any{dec("0")}, func(a value.Decimal) bool { return a.Sign() < 0 }},
			{table.QuoteIdent(d.Dialect, "amount") + " > ? -- a comment naming amount", []any{dec("9")}, func(a value.Decimal) bool { return a.Cmp(dec("9")) > 0 }},
		}
		for _, c := range append(checks, more...) {
			var want []string
			for _, r := range recs {
				if c.keep(r.Amount) {
					want = append(want, r.Amount.String())
				}
			}
			var got []string
			for _, r := range byID(f.mustRead(t, table.Query{Where: c.where, Args: c.args})) {
				got = append(got, r.Amount.String())
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("WHERE %s %v (-want +got):\n%s", c.where, c.args, diff)
			}
		}
		want := slices.Clone(recs)
		slices.SortStableFunc(want, func(a, b sale) int { return a.Amount.Cmp(b.Amount) })
		var wantOrder, gotOrder []string
		for _, r := range want {
			wantOrder = append(wantOrder, r.Amount.String())
		}
		for _, r := range f.mustRead(t, table.Query{OrderBy: []string{"amount", "id"}}) {
			gotOrder = append(gotOrder, r.Amount.String())
		}
		if diff := cmp.Diff(wantOrder, gotOrder); diff != "" {
			t.Errorf("ORDER BY amount (-want +got):\n%s", diff)
		}
	})
}
