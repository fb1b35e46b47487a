package table_test

import (
	"context"
	"errors"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ayeaye-go/ayeaye/runtime/engine"
	"github.com/ayeaye-go/ayeaye/runtime/table"
	"github.com/ayeaye-go/ayeaye/runtime/table/tabletest"
	"github.com/ayeaye-go/ayeaye/runtime/value"
)

// fixture is one table in one database for a test.
type fixture struct {
	db  *table.DB
	loc table.Location
	d   tabletest.Database
}

func setup(t *testing.T, d tabletest.Database, options ...string) fixture {
	t.Helper()
	name := tabletest.TableName(t)
	d.Drop(t, name)
	return fixture{db: d.Open(t), loc: location(t, d.URL(name, options...)), d: d}
}

func location(t *testing.T, url string) table.Location {
	t.Helper()
	u, err := engine.Parse(url)
	if err != nil {
		t.Fatal(err)
	}
	loc, err := table.ParseURL(u)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// with returns the fixture writing in another mode.
func (f fixture) with(m table.Mode) fixture {
	f.loc.Mode = m
	return f
}

func (f fixture) write(recs []sale) error {
	w, err := table.NewWriter(context.Background(), f.db, f.loc, saleTable)
	if err != nil {
		return err
	}
	for i := range recs {
		if err := w.Write(&recs[i]); err != nil {
			w.Abort()
			return err
		}
	}
	return w.Commit()
}

func (f fixture) read(q table.Query) ([]sale, error) {
	var out []sale
	for s, err := range table.Read(context.Background(), f.db, f.loc, saleTable, q) {
		if err != nil {
			return out, err
		}
		out = append(out, s)
	}
	return out, nil
}

func (f fixture) mustRead(t *testing.T, q table.Query) []sale {
	t.Helper()
	got, err := f.read(q)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func (f fixture) exec(t *testing.T, stmts ...string) {
	t.Helper()
	for _, s := range stmts {
		if _, err := f.db.SQL().Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

func byID(s []sale) []sale {
	slices.SortFunc(s, func(a, b sale) int { return int(a.ID - b.ID) })
	return s
}

// truncated is what a dialect keeps of a record: microseconds in the
// servers.
func truncated(d table.Dialect, recs []sale) []sale {
	out := slices.Clone(recs)
	if d != table.SQLite {
		for i := range out {
			out[i].At = out[i].At.Truncate(time.Microsecond)
		}
	}
	return out
}

func forEach(t *testing.T, f func(t *testing.T, d tabletest.Database)) {
	for _, d := range tabletest.Databases(t) {
		t.Run(string(d.Dialect), func(t *testing.T) { f(t, d) })
	}
}

func TestRoundTrip(t *testing.T) {
	forEach(t, func(t *testing.T, d tabletest.Database) {
		f := setup(t, d)
		want := sales(1, 250)
		want[3].At = time.Date(2026, 1, 2, 3, 4, 5, 123456789, time.FixedZone("CET", 3600))
		want[4].Amount = value.MustParseDecimal("-12345678901234567890.123456789012345678") // beyond int64 and float64
		if err := f.write(want); err != nil {
			t.Fatal(err)
		}
		got := byID(f.mustRead(t, table.Query{}))
		want = truncated(d.Dialect, want)
		for i := range want {
			want[i].At = want[i].At.UTC() // instants read back in UTC
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("read back (-want +got):\n%s", diff)
		}
	})
}

// TestInjection checks that a parameter is data, never SQL: the classic
// attempts match nothing and leave the table alone, and a value full of
// quotes finds exactly its row.
func TestInjection(t *testing.T) {
	forEach(t, func(t *testing.T, d tabletest.Database) {
		f := setup(t, d)
		if err := f.write(sales(1, 8)); err != nil {
			t.Fatal(err)
		}
		for _, attack := range []string{"x' OR '1'='1", "north' --", "north'; DROP TABLE " + f.loc.Table.Table + "; --", `north\' OR 1=1 -- `} {
			got, err := f.read(table.Query{Where: "region = ?", Args: []any{attack}})
			if err != nil {
				t.Fatalf("%q: %v", attack, err)
			}
			if len(got) != 0 {
				t.Errorf("region = %q matched %d rows; a parameter must be compared as data", attack, len(got))
			}
		}
		got := f.mustRead(t, table.Query{Where: "region = ? AND year >= ?", Args: []any{"O'Brien; DROP TABLE x; --", 2021}})
		if len(got) != 2 || got[0].Region != "O'Brien; DROP TABLE x; --" {
			t.Errorf("the quoted region matched %v, want its 2 rows", got)
		}
		if n := len(f.mustRead(t, table.Query{})); n != 8 {
			t.Errorf("after the attempts the table holds %d rows, want 8", n)
		}
	})
}

func TestQuery(t *testing.T) {
	forEach(t, func(t *testing.T, d tabletest.Database) {
		f := setup(t, d)
		all := sales(1, 30)
		if err := f.write(all); err != nil {
			t.Fatal(err)
		}
		from := all[10].At
		got := f.mustRead(t, table.Query{
			Where:   "at >= ? AND day IS NOT NULL AND status = ? AND amount > ? /* a comment with a ? */",
			Args:    []any{from, "closed", value.MustParseDecimal("0")},
			OrderBy: []string{"id DESC"},
		})
		var want []int64
		for i := len(all) - 1; i >= 0; i-- {
			s := all[i]
			if !s.At.Before(from) && s.Day.Valid && s.Status == "closed" && s.Amount.Sign() > 0 {
				want = append(want, s.ID)
			}
		}
		var ids []int64
		for _, s := range got {
			ids = append(ids, s.ID)
		}
		if diff := cmp.Diff(want, ids); diff != "" || len(want) == 0 {
			t.Errorf("ids (-want +got):\n%s", diff)
		}
		// a date argument compares as a date in every dialect
		day := value.Date{Year: 2026, Month: 6, Day: 1}
		n := 0
		for _, s := range all {
			if s.Day.Valid && s.Day.V.Compare(day) >= 0 {
				n++
			}
		}
		if got := f.mustRead(t, table.Query{Where: "day >= ?", Args: []any{day}}); len(got) != n {
			t.Errorf("day >= %s: %d rows, want %d", day, len(got), n)
		}
	})
}

func TestQueryErrors(t *testing.T) {
	f := setup(t, tabletest.Databases(t)[0])
	if err := f.write(sales(1, 2)); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		q    table.Query
		want string
	}{
		{table.Query{Where: "id = ?"}, "1 placeholders (?) but 0 arguments"},
		{table.Query{Where: "id = ?; DELETE FROM x", Args: []any{1}}, "holds ';'"},
		{table.Query{Where: "region = 'open", Args: nil}, "unterminated ' quote"},
		{table.Query{OrderBy: []string{"nope"}}, `no such column (columns: id, region`},
		{table.Query{OrderBy: []string{"id sideways"}}, "ASC or DESC"},
		{table.Query{Args: []any{1}}, "arguments were given without a condition"},
	} {
		_, err := f.read(tt.q)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: error %v, want it to contain %q", tt.q, err, tt.want)
		}
	}
}

// TestReplace checks that readers see the old rows until the new ones
// are committed, and that a load that fails (or is aborted) leaves the
// old table as it was.
func TestReplace(t *testing.T) {
	forEach(t, func(t *testing.T, d tabletest.Database) {
		f := setup(t, d)
		old := truncated(d.Dialect, sales(1, 20))
		if err := f.write(old); err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()

		// A load that fails on a bad record: the old rows stay.
		w, err := table.NewWriter(ctx, f.db, f.loc, saleTable)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range sales(100, 1500) {
			if err := w.Write(&s); err != nil {
				t.Fatal(err)
			}
		}
		if got := byID(f.mustRead(t, table.Query{})); !cmp.Equal(old, got) {
			t.Fatalf("during the load readers saw %d rows, not the old 20", len(got))
		}
		bad := sales(5000, 1)[0]
		bad.Status = "lost"
		if err := w.Write(&bad); err == nil || !strings.Contains(err.Error(), `column "status": value "lost" is not one of "open", "closed"`) {
			t.Fatalf("writing a bad enum: %v", err)
		}
		w.Abort()
		if got := byID(f.mustRead(t, table.Query{})); !cmp.Equal(old, got) {
			t.Fatalf("after the failed load the table holds %d rows, not the old 20", len(got))
		}
		if err := f.write(sales(1, 3)); err != nil {
			t.Fatal(err)
		}
		if got := f.mustRead(t, table.Query{}); len(got) != 3 {
			t.Errorf("after a replace with 3 rows the table holds %d", len(got))
		}
		// No staging table is left behind.
		assertNoStaging(t, f)
	})
}

func assertNoStaging(t *testing.T, f fixture) {
	t.Helper()
	var q string
	switch f.d.Dialect {
	case table.SQLite:
		q = "SELECT count(*) FROM sqlite_master WHERE name LIKE '\\_ayeaye\\_stage\\_%' ESCAPE '\\'"
	case table.Postgres:
		q = "SELECT count(*) FROM pg_tables WHERE tablename LIKE '\\_ayeaye\\_stage\\_%'"
	case table.MySQL:
		q = "SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE '\\_ayeaye\\_stage\\_%'"
	}
	var n int
	if err := f.db.SQL().QueryRow(q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("%d staging tables are left behind", n)
	}
}

func TestAppendAndUpsert(t *testing.T) {
	forEach(t, func(t *testing.T, d tabletest.Database) {
		f := setup(t, d)
		first := sales(1, 10)
		if err := f.with(table.Append).write(first[:5]); err != nil { // creates the table
			t.Fatal(err)
		}
		if err := f.with(table.Append).write(first[5:]); err != nil {
			t.Fatal(err)
		}
		if got := f.mustRead(t, table.Query{}); len(got) != 10 {
			t.Fatalf("two appends of 5: %d rows", len(got))
		}
		// An append that fails leaves nothing behind.
		w, err := table.NewWriter(context.Background(), f.db, f.with(table.Append).loc, saleTable)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range sales(50, 5) {
			w.Write(&s)
		}
		w.Abort()
		if got := f.mustRead(t, table.Query{}); len(got) != 10 {
			t.Fatalf("an aborted append left %d rows, want 10", len(got))
		}

		changed := sales(1, 12)[8:] // ids 9..12: 9 and 10 exist, 11 and 12 are new
		for i := range changed {
			changed[i].Region = "upserted"
			changed[i].Note = value.Null[string]{}
		}
		if err := f.with(table.Upsert).write(changed); err != nil {
			t.Fatal(err)
		}
		want := truncated(d.Dialect, append(first[:8:8], changed...))
		if diff := cmp.Diff(want, byID(f.mustRead(t, table.Query{}))); diff != "" {
			t.Errorf("after the upsert (-want +got):\n%s", diff)
		}
	})
}

func TestUpsertNeedsKey(t *testing.T) {
	forEach(t, func(t *testing.T, d tabletest.Database) {
		f := setup(t, d)
		f.exec(t, "CREATE TABLE "+table.QuoteName(d.Dialect, f.loc.Table)+" (id BIGINT NOT NULL, region TEXT NOT NULL, year INTEGER NOT NULL, amount "+
			map[table.Dialect]string{table.SQLite: "TEXT", table.Postgres: "numeric", table.MySQL: "DECIMAL(65,30)"}[d.Dialect]+" NOT NULL, at "+
			map[table.Dialect]string{table.SQLite: "TEXT", table.Postgres: "timestamptz", table.MySQL: "DATETIME(6)"}[d.Dialect]+" NOT NULL, day DATE, status TEXT NOT NULL, note TEXT, ok BOOLEAN NOT NULL, score DOUBLE PRECISION NOT NULL)")
		err := f.with(table.Upsert).write(sales(1, 1))
		var se *table.SchemaError
		if !errors.As(err, &se) || !strings.Contains(err.Error(), "mode upsert needs the primary key (id), the dataset's keys; the table's is none") {
			t.Fatalf("upsert without a primary key: %v", err)
		}
		// appending works: the table is otherwise fine
		if err := f.with(table.Append).write(sales(1, 2)); err != nil {
			t.Fatal(err)
		}
	})
}

func TestFingerprint(t *testing.T) {
	forEach(t, func(t *testing.T, d tabletest.Database) {
		f := setup(t, d)
		ctx := context.Background()
		if _, _, err := f.db.Fingerprint(ctx, f.loc); !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("fingerprint of a missing table: %v, want fs.ErrNotExist", err)
		}
		recs := sales(1, 40)
		if err := f.write(recs); err != nil {
			t.Fatal(err)
		}
		fp1, n, err := f.db.Fingerprint(ctx, f.loc)
		if err != nil || n != 40 || !strings.HasPrefix(fp1, "sha256:") {
			t.Fatalf("fingerprint: %q, %d rows, %v", fp1, n, err)
		}
		slices.Reverse(recs)
		if err := f.write(recs); err != nil {
			t.Fatal(err)
		}
		if fp2, _, _ := f.db.Fingerprint(ctx, f.loc); fp2 != fp1 {
			t.Errorf("the same rows loaded in another order fingerprint differently: %s, %s", fp1, fp2)
		}
		recs[7].Note = value.Some("changed")
		if err := f.write(recs); err != nil {
			t.Fatal(err)
		}
		if fp3, _, _ := f.db.Fingerprint(ctx, f.loc); fp3 == fp1 {
			t.Error("a changed row leaves the fingerprint as it was")
		}
	})
}

// TestValueErrors checks the values a dialect cannot store exactly are
// refused with the column named, before any row is sent.
func TestValueErrors(t *testing.T) {
	forEach(t, func(t *testing.T, d tabletest.Database) {
		f := setup(t, d)
		s := sales(1, 1)
		s[0].Amount = value.MustParseDecimal("1.0000000000000000000000000000001") // 31 decimals
		err := f.write(s)
		if d.Dialect == table.MySQL {
			if err == nil || !strings.Contains(err.Error(), `record 1: column "amount"`) || !strings.Contains(err.Error(), "would be rounded") {
				t.Errorf("31 decimals in MariaDB: %v", err)
			}
		} else if err != nil {
			t.Errorf("31 decimals: %v", err)
		}
	})
}

// TestUpsertDuplicateKeys: a key written twice in one upsert is the last
// write in SQLite and MariaDB, and a clear error in PostgreSQL, whose
// ON CONFLICT cannot update a row twice in one statement.
func TestUpsertDuplicateKeys(t *testing.T) {
	forEach(t, func(t *testing.T, d tabletest.Database) {
		f := setup(t, d, "mode=upsert")
		recs := sales(1, 2)
		recs[1].ID = 1
		err := f.write(recs)
		if d.Dialect == table.Postgres {
			if err == nil || !strings.Contains(err.Error(), "upsert takes each key once per run") {
				t.Errorf("PostgreSQL, one key twice: %v", err)
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		if got := f.mustRead(t, table.Query{}); len(got) != 1 || got[0].Region != recs[1].Region {
			t.Errorf("one key twice: %+v, want the last write", got)
		}
	})
}
