package table_test

import (
	"time"

	"github.com/ayeaye-go/ayeaye/runtime/table"
	"github.com/ayeaye-go/ayeaye/runtime/value"
)

// sale is a record with a table written by hand the way ayeaye-gen
// writes one, so the package's tests do not depend on the generator.
type sale struct {
	ID     int64
	Region string
	Year   int32
	Amount value.Decimal
	At     time.Time
	Day    value.Null[value.Date]
	Status string // enum: open, closed
	Note   value.Null[string]
	OK     bool
	Score  float64
}

var saleSchema = table.Schema{
	Dataset: "sales",
	Columns: []table.Column{
		{Name: "id", Kind: table.Int, Bits: 64},
		{Name: "region", Kind: table.String},
		{Name: "year", Kind: table.Int, Bits: 32},
		{Name: "amount", Kind: table.Decimal},
		{Name: "at", Kind: table.DateTime},
		{Name: "day", Kind: table.Date, Nullable: true},
		{Name: "status", Kind: table.Enum, Enum: []string{"open", "closed"}},
		{Name: "note", Kind: table.String, Nullable: true},
		{Name: "ok", Kind: table.Bool},
		{Name: "score", Kind: table.Float, Bits: 64},
	},
	Keys: []string{"id"},
}

var saleTable = &table.Table[sale]{Schema: saleSchema, Scan: scanSale, Values: appendSale}

func scanSale(r *table.Row, rec *sale) error {
	*rec = sale{}
	var err error
	if rec.ID, err = r.Int(0, 64); err != nil {
		return err
	}
	if rec.Region, err = r.String(1); err != nil {
		return err
	}
	y, err := r.Int(2, 32)
	if err != nil {
		return err
	}
	rec.Year = int32(y)
	if rec.Amount, err = r.Decimal(3); err != nil {
		return err
	}
	if rec.At, err = r.Time(4); err != nil {
		return err
	}
	if !r.Null(5) {
		d, err := r.Date(5)
		if err != nil {
			return err
		}
		rec.Day = value.Some(d)
	}
	if rec.Status, err = r.String(6); err != nil {
		return err
	}
	if rec.Status != "open" && rec.Status != "closed" {
		return r.EnumError(6, rec.Status, `one of "open", "closed"`)
	}
	if !r.Null(7) {
		s, err := r.String(7)
		if err != nil {
			return err
		}
		rec.Note = value.Some(s)
	}
	if rec.OK, err = r.Bool(8); err != nil {
		return err
	}
	rec.Score, err = r.Float(9)
	return err
}

func appendSale(rec *sale, dst []any) ([]any, error) {
	if rec.Status != "open" && rec.Status != "closed" {
		return dst, table.EnumError("status", rec.Status, `one of "open", "closed"`)
	}
	dst = append(dst, rec.ID, rec.Region, int64(rec.Year), rec.Amount, rec.At)
	if rec.Day.Valid {
		dst = append(dst, rec.Day.V)
	} else {
		dst = append(dst, nil)
	}
	dst = append(dst, rec.Status)
	if rec.Note.Valid {
		dst = append(dst, rec.Note.V)
	} else {
		dst = append(dst, nil)
	}
	return append(dst, rec.OK, rec.Score), nil
}

// sales returns n varied records with ids from first.
func sales(first, n int) []sale {
	out := make([]sale, n)
	base := time.Date(2026, 3, 1, 12, 30, 0, 0, time.UTC)
	for i := range out {
		id := int64(first + i)
		s := sale{
			ID:     id,
			Region: []string{"north", "south", "O'Brien; DROP TABLE x; --", "ünïcödé ✓"}[i%4],
			Year:   int32(2020 + i%7),
			Amount: value.NewDecimal(id*1001-5000, int32(i%4)),
			At:     base.Add(time.Duration(i) * 1234567 * time.Microsecond),
			Status: []string{"open", "closed"}[i%2],
			OK:     i%3 == 0,
			Score:  float64(i) / 7,
		}
		if i%5 != 0 {
			s.Day = value.Some(value.Date{Year: 2026, Month: time.Month(1 + i%12), Day: 1 + i%28})
		}
		if i%3 != 0 {
			s.Note = value.Some("note " + s.Region)
		}
		out[i] = s
	}
	return out
}
