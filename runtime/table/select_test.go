package table_test

import (
	"strings"
	"testing"

	"github.com/ayeaye-go/ayeaye/runtime/table"
	"github.com/ayeaye-go/ayeaye/runtime/value"
)

func TestSelectComparesDecimalsAsNumbers(t *testing.T) {
	s := table.Schema{Dataset: "d", Columns: []table.Column{{Name: "id", Kind: table.Int, Bits: 64}, {Name: "amount", Kind: table.Decimal}, {Name: "Note", Kind: table.String}}}
	dec := value.MustParseDecimal("9.5")
	const coll = " COLLATE ayeaye_decimal)"
	for _, tt := range []struct {
		d          table.Dialect
		where      string
		args       []any
		order      []string
		wantSuffix string
	}{
		{table.SQLite, "amount > ?", []any{dec}, nil, `WHERE ((amount` + coll + ` > ?)`},
		{table.SQLite, `t."AMOUNT" <= 9 AND round(amount) = 1 AND note = 'amount' AND x'00' <> amount`, nil, nil,
			`WHERE ((t."AMOUNT"` + coll + ` <= 9 AND round((amount` + coll + `) = 1 AND note = 'amount' AND x'00' <> (amount` + coll + `)`},
		{table.SQLite, "amount2 > 1e5 AND id > 1 -- amount", nil, []string{"amount DESC"}, "WHERE (amount2 > 1e5 AND id > 1 -- amount\n) ORDER BY \"amount\" COLLATE ayeaye_decimal DESC"},
		{table.MySQL, "amount > ? AND id > ?", []any{dec, 1}, nil, "WHERE (amount > CAST(? AS DECIMAL(65,30)) AND id > ?)"},
		{table.Postgres, "amount > ?", []any{dec}, []string{"amount", "id"}, `WHERE (amount > $1) ORDER BY "t"."amount", "id"`},
	} {
		got, _, err := table.Select(tt.d, table.Name{Table: "t"}, &s, table.Query{Where: tt.where, Args: tt.args, OrderBy: tt.order})
		if err != nil || !strings.HasSuffix(got, tt.wantSuffix) {
			t.Errorf("Select(%s, %q) = %q, %v\nwant it to end with %q", tt.d, tt.where, got, err, tt.wantSuffix)
		}
	}
	long := value.MustParseDecimal("1." + strings.Repeat("1", 31))
	if _, _, err := table.Select(table.MySQL, table.Name{Table: "t"}, &s, table.Query{Where: "amount > ?", Args: []any{long}}); err == nil ||
		!strings.Contains(err.Error(), "argument 1") || !strings.Contains(err.Error(), "DECIMAL(65,30)") {
		t.Errorf("a decimal MariaDB cannot hold: %v", err)
	}
}
