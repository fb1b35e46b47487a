package cli

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ayeaye-go/ayeaye/runtime/table"
	"github.com/ayeaye-go/ayeaye/runtime/table/tabletest"

	_ "modernc.org/sqlite"
)

// ddlProject writes a project with one dataset, sales, and returns its
// directory.
func ddlProject(t *testing.T) string {
	dir := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(dir, "schemas"), 0o755))
	must(os.WriteFile(filepath.Join(dir, "ayeaye.yaml"), []byte("version: 1\nformats: [sql]\n"), 0o644))
	must(os.WriteFile(filepath.Join(dir, "schemas", "sales.json"), []byte(`{
  "type": "object",
  "x-ayeaye": {"name": "sales", "keys": ["id"]},
  "required": ["id", "region", "amount"],
  "properties": {
    "id": {"type": "integer"},
    "region": {"type": "string", "enum": ["north", "south"]},
    "amount": {"type": "string", "format": "decimal"},
    "note": {"type": ["string", "null"]}
  }
}`), 0o644))
	return dir
}

// TestDDL checks the printed CREATE TABLE statements against the golden
// file testdata/ddl/sales.sql (rewritten by -update, the flag of
// schemadiff_test.go).
func TestDDL(t *testing.T) {
	dir := ddlProject(t)
	code, out, errOut := run(t, nil, "ddl", "-C", dir, "sales")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	golden := filepath.Join("testdata", "ddl", "sales.sql")
	if *update {
		if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), out); diff != "" {
		t.Errorf("ddl (-want +got):\n%s", diff)
	}

	code, out, _ = run(t, nil, "ddl", "-C", dir, "-dialect", "mysql", "-table", "shop.sales_2026", "sales")
	if code != ExitOK || !strings.HasPrefix(out, "CREATE TABLE `shop`.`sales_2026` (\n  `id` BIGINT NOT NULL,") || strings.Contains(out, "-- ") {
		t.Errorf("-dialect mysql -table: exit %d\n%s", code, out)
	}

	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"ddl", "-C", dir, "sale"}, ExitProblems, `no dataset "sale" (did you mean "sales"?)`},
		{[]string{"ddl", "-C", dir, "-dialect", "oracle", "sales"}, ExitUsage, `unknown SQL dialect "oracle"`},
		{[]string{"ddl", "-C", dir, "-table", "a;b", "sales"}, ExitUsage, "may hold only letters"},
		{[]string{"ddl", "-C", dir}, ExitUsage, "missing argument"},
		{[]string{"ddl", "-C", dir, "-against", "csv://x.csv", "sales"}, ExitProblems, "needs the URL of a database table"},
		{[]string{"ddl", "-C", dir, "-against", "sqlite://x.db;table=t", "-dialect", "mysql", "sales"}, ExitUsage, "leave out -dialect"},
		{[]string{"ddl", "-C", dir, "-against", "postgres://etl:{pw}@db/w;table=t", "sales"}, ExitProblems, `{pw}`},
	} {
		code, _, errOut := run(t, nil, tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tt.args, code, errOut, tt.code, tt.want)
		}
	}
}

// TestDDLAgainst compares with a SQLite table, applies the printed
// migration and compares again.
func TestDDLAgainst(t *testing.T) {
	dir := ddlProject(t)
	dbPath := filepath.Join(dir, "shop.db")
	db, err := sql.Open("sqlite", dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE sales (id INTEGER NOT NULL PRIMARY KEY, amount REAL NOT NULL, legacy TEXT)`); err != nil {
		t.Fatal(err)
	}
	url := "sqlite://" + dbPath + ";table=sales"
	code, out, errOut := run(t, nil, "ddl", "-C", dir, "-against", url, "sales")
	if code != ExitProblems {
		t.Fatalf("exit %d, want 1 (statements printed)\n%s%s", code, out, errOut)
	}
	for _, want := range []string{
		`-- column "legacy" is not in dataset "sales": the rebuild drops it`,
		"BEGIN;",
		`"region" TEXT NOT NULL CHECK ("region" IN ('north', 'south')),`,
		`INSERT INTO "sales__ayeaye_new" ("id", "amount") SELECT "id", "amount" FROM "sales";`,
		`ALTER TABLE "sales__ayeaye_new" RENAME TO "sales";`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the migration lacks %q:\n%s", want, out)
		}
	}
	// The table is empty, so the migration runs as printed.
	if _, err := db.Exec(out); err != nil {
		t.Fatalf("running the migration: %v\n%s", err, out)
	}
	code, out, _ = run(t, nil, "ddl", "-C", dir, "-against", url, "sales")
	if code != ExitOK || !strings.Contains(out, `matches dataset "sales"`) {
		t.Errorf("after the migration: exit %d\n%s", code, out)
	}
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE name = 'sales' AND sql LIKE '%STRICT'`).Scan(&n); err != nil || n != 1 {
		t.Errorf("the rebuilt table is not the schema's STRICT table: %d, %v", n, err)
	}
}

// TestDDLAgainstNotesOnly: a table that matches but for a column the
// dataset does not have needs no statement: ddl -against prints the note
// and exits 0, in every dialect there is a database for.
func TestDDLAgainstNotesOnly(t *testing.T) {
	dir := ddlProject(t)
	for _, db := range tabletest.Databases(t) {
		t.Run(string(db.Dialect), func(t *testing.T) {
			name := tabletest.TableName(t)
			db.Drop(t, name)
			code, create, errOut := run(t, nil, "ddl", "-C", dir, "-dialect", string(db.Dialect), "-table", name, "sales")
			if code != ExitOK {
				t.Fatalf("ddl: exit %d: %s", code, errOut)
			}
			conn := db.Open(t).SQL()
			for _, stmt := range []string{create, "ALTER TABLE " + table.QuoteIdent(db.Dialect, name) + " ADD COLUMN legacy TEXT"} {
				if _, err := conn.Exec(stmt); err != nil {
					t.Fatalf("%s: %v", stmt, err)
				}
			}
			code, out, errOut := run(t, nil, "ddl", "-C", dir, "-against", db.URL(name), "sales")
			if code != ExitOK || errOut != "" || !strings.Contains(out, `matches dataset "sales"`) ||
				!strings.Contains(out, `-- column `+table.QuoteIdent(db.Dialect, "legacy")+` is not in dataset "sales"`) {
				t.Errorf("exit %d, stderr %q, stdout:\n%s\nwant exit 0, the table said to match and the note on legacy", code, errOut, out)
			}
			if strings.Contains(out, ";\n") {
				t.Errorf("statements printed for a table that needs none:\n%s", out)
			}
		})
	}
}

// TestDDLAgainstHidesSecrets checks that a password with URL syntax in it
// reaches the database whole and shows in no message, nor any part of it.
func TestDDLAgainstHidesSecrets(t *testing.T) {
	dir := ddlProject(t)
	config := "version: 1\nformats: [sql]\nenvironments:\n  prod:\n    secrets:\n      pw: {env: AYEAYE_DDL_TEST_PW}\n"
	if err := os.WriteFile(filepath.Join(dir, "ayeaye.yaml"), []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	const secret = "p@ss:w/rd?x#y%zQ"
	t.Setenv("AYEAYE_DDL_TEST_PW", secret)
	code, out, errOut := run(t, nil, "ddl", "-C", dir, "-against", "postgres://etl:{pw}@127.0.0.1:1/test;table=sales", "sales")
	if code != ExitProblems || !strings.Contains(errOut, "postgres://etl:xxxxx@127.0.0.1:1/test;table=sales: connecting") {
		t.Errorf("exit %d, stderr:\n%s\nwant 1 and a failure to connect to 127.0.0.1:1", code, errOut)
	}
	for i := 0; i+4 <= len(secret); i++ {
		if f := secret[i : i+4]; strings.Contains(out+errOut, f) {
			t.Errorf("the output holds %q of the secret:\n%s%s", f, out, errOut)
		}
	}
}
