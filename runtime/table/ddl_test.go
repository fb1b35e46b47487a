package table

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// everyKind is a schema with a column of every kind and width, for the
// DDL goldens: the type mapping table, per dialect.
var everyKind = Schema{
	Dataset: "every_kind",
	Columns: []Column{
		{Name: "id", Kind: Int, Bits: 64},
		{Name: "code", Kind: String},
		{Name: "label", Kind: String, Nullable: true},
		{Name: "status", Kind: Enum, Enum: []string{"new", "it's done", `back\slash`}},
		{Name: "level", Kind: Enum, Enum: []string{"low", "high"}, Nullable: true},
		{Name: "i8", Kind: Int, Bits: 8},
		{Name: "i16", Kind: Int, Bits: 16},
		{Name: "i32", Kind: Int, Bits: 32, Nullable: true},
		{Name: "f32", Kind: Float, Bits: 32},
		{Name: "f64", Kind: Float, Bits: 64, Nullable: true},
		{Name: "ok", Kind: Bool},
		{Name: "at", Kind: DateTime},
		{Name: "day", Kind: Date, Nullable: true},
		{Name: "amount", Kind: Decimal},
		{Name: "tags", Kind: JSON},
		{Name: `odd "name"`, Kind: String, Nullable: true},
	},
	Keys: []string{"id", "code"},
}

func TestCreateTableGolden(t *testing.T) {
	for _, d := range Dialects() {
		t.Run(string(d), func(t *testing.T) {
			got := CreateTable(d, Name{Schema: "s", Table: "every_kind"}, &everyKind) + ";\n"
			path := filepath.Join("testdata", "create_"+string(d)+".sql")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./runtime/table -update)", err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("CREATE TABLE (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRebind(t *testing.T) {
	tests := []struct {
		d    Dialect
		in   string
		want string
		n    int
		err  string
	}{
		{Postgres, "a = ? AND b >= ?", "a = $1 AND b >= $2", 2, ""},
		{SQLite, "a = ? AND b >= ?", "a = ? AND b >= ?", 2, ""},
		{Postgres, "a = '?' AND \"we?rd\" = ? -- why?\n OR c = /* ? */ ?", "a = '?' AND \"we?rd\" = $1 -- why?\n OR c = /* ? */ $2", 2, ""},
		{Postgres, "a = 'it''s ?' AND b = ?", "a = 'it''s ?' AND b = $1", 1, ""},
		{MySQL, `a = 'it\'s ?' AND b = ?`, `a = 'it\'s ?' AND b = ?`, 1, ""},
		{MySQL, "`we?rd` = ?", "`we?rd` = ?", 1, ""},
		{Postgres, "a = ?; DROP TABLE x", "", 0, "holds ';'"},
		{Postgres, "a = ';'", "a = ';'", 0, ""},
		{Postgres, "a = 'open", "", 0, "unterminated ' quote"},
		{Postgres, "a = ? /* open", "", 0, "unterminated /* comment"},
		{Postgres, "a = 1 -- trailing", "a = 1 -- trailing", 0, ""},
	}
	for _, tt := range tests {
		got, n, err := Rebind(tt.d, tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("Rebind(%s, %q) error %v, want %q", tt.d, tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want || n != tt.n {
			t.Errorf("Rebind(%s, %q) = %q, %d, %v; want %q, %d", tt.d, tt.in, got, n, err, tt.want, tt.n)
		}
	}
}

// FuzzRebind checks that rebinding never panics, keeps the text apart
// from placeholders for SQLite and MariaDB, and numbers PostgreSQL's.
func FuzzRebind(f *testing.F) {
	for _, s := range []string{"a = ?", "a = '?' AND b = ?", `"x?" = ? -- ?`, "/* ? */ ?", "a = 'it''s'", `a = 'x\'?'`, "`q?` = ?", ";", "'", "--", "/*"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, cond string) {
		for _, d := range Dialects() {
			got, n, err := Rebind(d, cond)
			if err != nil {
				continue
			}
			if d != Postgres && got != cond {
				t.Fatalf("Rebind(%s, %q) changed the text to %q", d, cond, got)
			}
			if n > strings.Count(cond, "?") {
				t.Fatalf("Rebind(%s, %q) counts %d placeholders in %d question marks", d, cond, n, strings.Count(cond, "?"))
			}
			if d == Postgres && n > 0 && !strings.Contains(got, "$1") {
				t.Fatalf("Rebind(%s, %q) = %q lacks $1", d, cond, got)
			}
		}
	})
}

// FuzzParseName checks that table names parse without panicking and
// that an accepted name prints back as written.
func FuzzParseName(f *testing.F) {
	for _, s := range []string{"sales", "public.sales", "a.b.c", "", ".", "x;drop", "Ünï", "_x$1", "1abc", "a..b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseName(s)
		if err != nil {
			return
		}
		if n.String() != s {
			t.Fatalf("ParseName(%q).String() = %q", s, n.String())
		}
		for _, part := range []string{n.Schema, n.Table} {
			if strings.ContainsAny(part, "\"`'; .") {
				t.Fatalf("ParseName(%q) accepted a part %q that needs quoting", s, part)
			}
		}
	})
}

func TestParseName(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Name
		err  string
	}{
		{"sales", Name{Table: "sales"}, ""},
		{"public.Sales", Name{Schema: "public", Table: "Sales"}, ""},
		{"a.b.c", Name{}, "3 parts"},
		{"x;drop", Name{}, "may hold only letters"},
		{"1abc", Name{}, "must not start with a digit"},
		{strings.Repeat("a", 64), Name{}, "longer than 63 bytes"},
	} {
		got, err := ParseName(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseName(%q) error %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseName(%q) = %+v, %v", tt.in, got, err)
		}
	}
}

func TestSelect(t *testing.T) {
	s := Schema{Dataset: "d", Columns: []Column{{Name: "id", Kind: Int, Bits: 64}, {Name: "amount", Kind: Decimal}, {Name: "tags", Kind: JSON}}}
	for _, tt := range []struct {
		d    Dialect
		want string
	}{
		{Postgres, `SELECT "id", "amount"::text, "tags"::text FROM "s"."t" WHERE (id > $1) ORDER BY "id" DESC`},
		{MySQL, "SELECT `id`, `amount`, `tags` FROM `s`.`t` WHERE (id > ?) ORDER BY `id` DESC"},
		{SQLite, `SELECT "id", "amount", "tags" FROM "s"."t" WHERE (id > ?) ORDER BY "id" DESC`},
	} {
		got, args, err := Select(tt.d, Name{Schema: "s", Table: "t"}, &s, Query{Where: "id > ?", Args: []any{1}, OrderBy: []string{"id desc"}})
		if err != nil || got != tt.want || len(args) != 1 {
			t.Errorf("Select(%s) = %q, %v, %v\nwant %q", tt.d, got, args, err, tt.want)
		}
	}
}
