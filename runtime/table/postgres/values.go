package postgres

import (
	"database/sql"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/ayeaye-go/ayeaye/runtime/table"
	"github.com/ayeaye-go/ayeaye/runtime/value"
)

// Target returns c's scan destination: c itself, as a type that pgx's
// binary decoders write into directly, exactly as they write into
// pgtype.Int8 and its kin (through the same scanner interfaces), so
// scanning costs what hand-written pgx scanning costs.
func (Driver) Target(c *table.Cell) any {
	switch c.Kind {
	case table.CellInt:
		return (*intTarget)(c)
	case table.CellFloat:
		return (*floatTarget)(c)
	case table.CellBool:
		return (*boolTarget)(c)
	case table.CellTime:
		return (*timeTarget)(c)
	}
	return (*textTarget)(c) // decimals, enums and JSON are selected as text (table.Select)
}

type (
	intTarget   table.Cell
	floatTarget table.Cell
	boolTarget  table.Cell
	timeTarget  table.Cell
	textTarget  table.Cell
)

func (t *intTarget) ScanInt64(v pgtype.Int8) error {
	t.Int = sql.NullInt64{Int64: v.Int64, Valid: v.Valid}
	return nil
}

func (t *floatTarget) ScanFloat64(v pgtype.Float8) error {
	t.Float = sql.NullFloat64{Float64: v.Float64, Valid: v.Valid}
	return nil
}

func (t *boolTarget) ScanBool(v pgtype.Bool) error {
	t.Bool = sql.NullBool{Bool: v.Bool, Valid: v.Valid}
	return nil
}

func (t *textTarget) ScanText(v pgtype.Text) error {
	t.Text = sql.NullString{String: v.String, Valid: v.Valid}
	return nil
}

// ScanTimestamptz stores an instant; ±infinity, which no time.Time is,
// goes to Special, and reading it is an error naming it.
func (t *timeTarget) ScanTimestamptz(v pgtype.Timestamptz) error {
	t.store(v.Time, v.Valid, v.InfinityModifier)
	return nil
}

// ScanDate stores a day as midnight UTC.
func (t *timeTarget) ScanDate(v pgtype.Date) error {
	t.store(v.Time, v.Valid, v.InfinityModifier)
	return nil
}

func (t *timeTarget) store(tm time.Time, valid bool, inf pgtype.InfinityModifier) {
	t.Time = sql.NullTime{Time: tm, Valid: valid}
	t.Special = ""
	if inf != pgtype.Finite {
		t.Special = inf.String()
	}
}

// Convert gives dates and decimals to pgx as its own types, which it
// encodes in binary; the other kinds pgx takes as they are.
func (Driver) Convert(k table.Kind) func(any) (any, error) {
	switch k {
	case table.Date:
		return pgDate
	case table.Decimal:
		return func(v any) (any, error) { return numeric{v.(value.Decimal)}, nil }
	}
	return nil
}

func pgDate(v any) (any, error) {
	d := v.(value.Date)
	if !d.IsValid() {
		return nil, fmt.Errorf("%s is not a valid date", d)
	}
	return pgtype.Date{Time: time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC), Valid: true}, nil
}

// numeric gives a decimal to pgx's binary numeric encoder.
type numeric struct{ d value.Decimal }

func (n numeric) NumericValue() (pgtype.Numeric, error) {
	s := n.d.String()
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	var z big.Int
	if _, ok := z.SetString(intPart+frac, 10); !ok {
		return pgtype.Numeric{}, fmt.Errorf("decimal %q has no digits", n.d.String())
	}
	if neg {
		z.Neg(&z)
	}
	return pgtype.Numeric{Int: &z, Exp: -int32(len(frac)), Valid: true}, nil
}
