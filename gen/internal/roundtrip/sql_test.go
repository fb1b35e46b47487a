package roundtrip

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ayeaye-go/ayeaye/gen/internal/roundtrip/datasets"
	"github.com/ayeaye-go/ayeaye/runtime/engine"
	"github.com/ayeaye-go/ayeaye/runtime/table"
	"github.com/ayeaye-go/ayeaye/runtime/table/tabletest"
)

// sqlRoundTrip writes recs through the generated table code into a new
// table of db and reads them back ordered by key.
func sqlRoundTrip[T any](t *testing.T, db tabletest.Database, tbl *table.Table[T], recs []T) []T {
	t.Helper()
	ctx := context.Background()
	name := tabletest.TableName(t)
	db.Drop(t, name)
	u, err := engine.Parse(db.URL(name))
	if err != nil {
		t.Fatal(err)
	}
	loc, err := table.ParseURL(u)
	if err != nil {
		t.Fatal(err)
	}
	pool := db.Open(t)
	w, err := table.NewWriter(ctx, pool, loc, tbl)
	if err != nil {
		t.Fatal(err)
	}
	for i := range recs {
		if err := w.Write(&recs[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	var got []T
	for rec, err := range table.Read(ctx, pool, loc, tbl, table.Query{OrderBy: tbl.Keys}) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, rec)
	}
	return got
}

// TestSQLRoundTrip writes every type, nullable and not, through each
// database and reads it back equal: decimals exactly (MariaDB keeps the
// value but not trailing zeros, see runtime/table), instants as the same
// instant in UTC (to the microsecond in the servers), JSON columns whole.
func TestSQLRoundTrip(t *testing.T) {
	for _, db := range tabletest.Databases(t) {
		t.Run(string(db.Dialect), func(t *testing.T) {
			want := sampleRecords()
			slices.SortFunc(want, func(a, b datasets.Alltype) int { return cmpInt(a.ID, b.ID) })
			got := sqlRoundTrip(t, db, datasets.AlltypeTable, want)
			for i := range want {
				want[i].At = instant(db.Dialect, want[i].At)
				if want[i].Seen.Valid {
					want[i].Seen.V = instant(db.Dialect, want[i].Seen.V)
				}
			}
			exact := cmp.Option(decimalExact)
			if db.Dialect == table.MySQL {
				exact = cmp.Options{} // value.Decimal.Equal: the same number
			}
			if d := cmp.Diff(want, got, exact); d != "" {
				t.Errorf("alltypes (-want +got):\n%s", d)
			}

			nested := nestedSamples()
			// JSON columns write a nil list as [], which reads back empty.
			if d := cmp.Diff(nested, sqlRoundTrip(t, db, datasets.NestedTable, nested), decimalExact, cmpopts.EquateEmpty()); d != "" {
				t.Errorf("nested (-want +got):\n%s", d)
			}

			readings := readingsRecords(500)
			gotReadings := sqlRoundTrip(t, db, datasets.ReadingTable, readings)
			for i := range readings {
				readings[i].TakenAt = instant(db.Dialect, readings[i].TakenAt)
			}
			if d := cmp.Diff(readings, gotReadings); d != "" {
				t.Errorf("readings (-want +got):\n%s", d)
			}
		})
	}
}

func instant(d table.Dialect, t time.Time) time.Time {
	if d != table.SQLite {
		t = t.Truncate(time.Microsecond)
	}
	return t.UTC()
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
