package table_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ayeaye-go/ayeaye/runtime/table"
	"github.com/ayeaye-go/ayeaye/runtime/table/tabletest"
)

// mismatched creates a table unlike the sales schema: region is
// missing, year is text, note is NOT NULL though the field may be null,
// ok may be NULL though the field is required, and extra is NOT NULL
// without a default.
func mismatched(t *testing.T, f fixture) {
	ty := map[table.Dialect]map[string]string{
		table.SQLite:   {"int": "INTEGER", "text": "TEXT", "dec": "TEXT", "ts": "TEXT", "date": "TEXT", "bool": "INTEGER", "float": "REAL"},
		table.Postgres: {"int": "bigint", "text": "text", "dec": "numeric", "ts": "timestamptz", "date": "date", "bool": "boolean", "float": "double precision"},
		table.MySQL:    {"int": "BIGINT", "text": "LONGTEXT", "dec": "DECIMAL(65,30)", "ts": "DATETIME(6)", "date": "DATE", "bool": "BOOLEAN", "float": "DOUBLE"},
	}[f.d.Dialect]
	q := func(s string) string { return table.QuoteIdent(f.d.Dialect, s) }
	f.exec(t, "CREATE TABLE "+table.QuoteName(f.d.Dialect, f.loc.Table)+" ("+
		q("id")+" "+ty["int"]+" NOT NULL PRIMARY KEY, "+
		q("year")+" "+ty["text"]+" NOT NULL, "+
		q("amount")+" "+ty["dec"]+" NOT NULL, "+
		q("at")+" "+ty["ts"]+" NOT NULL, "+
		q("day")+" "+ty["date"]+", "+
		q("status")+" "+ty["text"]+" NOT NULL, "+
		q("note")+" "+ty["text"]+" NOT NULL, "+
		q("ok")+" "+ty["bool"]+", "+
		q("score")+" "+ty["float"]+" NOT NULL, "+
		q("extra")+" "+ty["int"]+" NOT NULL)")
}

func problems(t *testing.T, err error) []string {
	t.Helper()
	var se *table.SchemaError
	if !errors.As(err, &se) {
		t.Fatalf("got %v, want a *table.SchemaError", err)
	}
	var out []string
	for _, p := range se.Problems {
		out = append(out, p.Column)
	}
	return out
}

func TestSchemaMismatch(t *testing.T) {
	forEach(t, func(t *testing.T, d tabletest.Database) {
		f := setup(t, d)
		_, err := f.read(table.Query{})
		if _, ok := errors.AsType[*table.SchemaError](err); !ok || !strings.Contains(err.Error(), "the table does not exist") {
			t.Errorf("reading a missing table: %v", err)
		}
		mismatched(t, f)
		_, err = f.read(table.Query{})
		if diff := cmp.Diff([]string{"region", "year", "ok"}, problems(t, err)); diff != "" {
			t.Errorf("reading: problem columns (-want +got):\n%s\n%v", diff, err)
		}
		for _, want := range []string{
			`column "region": missing; the dataset's string field needs`,
			`column "year": is `, `but the dataset's integer (32 bits) field needs`,
			`column "ok": allows NULL, but the dataset's field is required`,
			"hint: `ayeaye-gen ddl -against '" + d.URL(f.loc.Table.Table)[:10],
		} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("reading: the error does not say %q:\n%v", want, err)
			}
		}
		err = f.write(sales(1, 1))
		if diff := cmp.Diff([]string{"region", "year", "note", "extra"}, problems(t, err)); diff != "" {
			t.Errorf("writing: problem columns (-want +got):\n%s\n%v", diff, err)
		}

		// The migration makes the table match, for reading and writing.
		ctx := context.Background()
		a, err := f.db.Describe(ctx, f.loc.Table)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range table.Migrate(d.Dialect, f.loc.Table, &saleSchema, a) {
			if !strings.HasPrefix(s, "--") {
				f.exec(t, s)
			}
		}
		if err := f.write(sales(1, 5)); err != nil {
			t.Fatalf("writing after the migration: %v", err)
		}
		if got, err := f.read(table.Query{}); err != nil || len(got) != 5 {
			t.Fatalf("reading after the migration: %d rows, %v", len(got), err)
		}
		a, _ = f.db.Describe(ctx, f.loc.Table)
		for _, s := range table.Migrate(d.Dialect, f.loc.Table, &saleSchema, a) {
			if !strings.HasPrefix(s, "-- column") {
				t.Errorf("after the migration it still proposes %s", s)
			}
		}
	})
}

func TestMigrateStatements(t *testing.T) {
	name := table.Name{Table: "sales"}
	a := &table.Actual{Exists: true, Keys: []string{"id"}, KeyName: "sales_pkey", Columns: []table.ActualColumn{
		{Name: "id", Type: "bigint"},
		{Name: "year", Type: "text"},
		{Name: "amount", Type: "numeric"},
		{Name: "at", Type: "timestamp without time zone"},
		{Name: "day", Type: "date", Nullable: true},
		{Name: "status", Type: "text"},
		{Name: "note", Type: "text"},
		{Name: "ok", Type: "boolean", Nullable: true},
		{Name: "score", Type: "double precision"},
		{Name: "legacy", Type: "integer"},
	}}
	got := table.Migrate(table.Postgres, name, &saleSchema, a)
	want := []string{
		`-- "region" is required: adding it fails when the table has rows; then add it without NOT NULL, fill it, and set NOT NULL`,
		`ALTER TABLE "sales" ADD COLUMN "region" text NOT NULL`,
		`ALTER TABLE "sales" ALTER COLUMN "year" TYPE integer USING "year"::integer`,
		`ALTER TABLE "sales" ALTER COLUMN "at" TYPE timestamptz USING "at"::timestamptz`,
		`ALTER TABLE "sales" ALTER COLUMN "note" DROP NOT NULL`,
		`-- fails while "ok" holds NULLs: fill them first`,
		`ALTER TABLE "sales" ALTER COLUMN "ok" SET NOT NULL`,
		`-- column "legacy" is not in dataset "sales"; drop it with: ALTER TABLE "sales" DROP COLUMN "legacy"`,
		`ALTER TABLE "sales" ALTER COLUMN "legacy" DROP NOT NULL`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Migrate (-want +got):\n%s", diff)
	}
	if got := table.Migrate(table.SQLite, name, &saleSchema, &table.Actual{}); len(got) != 1 || !strings.HasPrefix(got[0], `CREATE TABLE "sales"`) {
		t.Errorf("a missing table: %v", got)
	}
}

// TestCreatedTablesMatch creates a table of every kind from the DDL in
// each database and checks that the catalog's view of it passes the
// schema check: the type mapping and the check agree.
func TestCreatedTablesMatch(t *testing.T) {
	s := table.Schema{Dataset: "every_kind", Keys: []string{"id", "code"}}
	for _, c := range []table.Column{
		{Name: "id", Kind: table.Int, Bits: 64}, {Name: "code", Kind: table.String}, {Name: "label", Kind: table.String, Nullable: true},
		{Name: "status", Kind: table.Enum, Enum: []string{"new", "it's done", `back\slash`}}, {Name: "i8", Kind: table.Int, Bits: 8},
		{Name: "i16", Kind: table.Int, Bits: 16}, {Name: "i32", Kind: table.Int, Bits: 32, Nullable: true}, {Name: "f32", Kind: table.Float, Bits: 32},
		{Name: "f64", Kind: table.Float, Bits: 64}, {Name: "ok", Kind: table.Bool}, {Name: "at", Kind: table.DateTime},
		{Name: "day", Kind: table.Date, Nullable: true}, {Name: "amount", Kind: table.Decimal}, {Name: "tags", Kind: table.JSON},
	} {
		s.Columns = append(s.Columns, c)
	}
	forEach(t, func(t *testing.T, d tabletest.Database) {
		f := setup(t, d, "mode=upsert")
		f.exec(t, table.CreateTable(d.Dialect, f.loc.Table, &s))
		a, err := f.db.Describe(context.Background(), f.loc.Table)
		if err != nil {
			t.Fatal(err)
		}
		for _, write := range []bool{false, true} {
			if err := table.Check(f.loc, &s, a, write); err != nil {
				t.Errorf("write=%v: %v", write, err)
			}
		}
		if m := table.Migrate(d.Dialect, f.loc.Table, &s, a); len(m) > 0 {
			t.Errorf("a table made from the DDL needs migrating: %v", m)
		}
		if diff := cmp.Diff([]string{"id", "code"}, a.Keys); diff != "" {
			t.Errorf("primary key (-want +got):\n%s", diff)
		}
	})
}
