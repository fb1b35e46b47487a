package engine

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseDatabase(t *testing.T) {
	tests := []struct {
		in       string
		want     URL
		redacted string
	}{
		{"sqlite://data/warehouse.db;table=sales", URL{Type: "sqlite", Location: "data/warehouse.db", Options: map[string]string{"table": "sales"}}, ""},
		{"postgres://etl:s3cret@db:5432/warehouse?sslmode=disable;table=public.sales;mode=upsert",
			URL{Type: "postgres", Location: "etl:s3cret@db:5432/warehouse?sslmode=disable", Options: map[string]string{"table": "public.sales", "mode": "upsert"}},
			"postgres://etl:xxxxx@db:5432/warehouse?sslmode=disable;mode=upsert;table=public.sales"},
		{"mysql://root@127.0.0.1:3306/test;table=t;fingerprint=none", URL{Type: "mysql", Location: "root@127.0.0.1:3306/test", Options: map[string]string{"table": "t", "fingerprint": "none"}}, ""},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Parse(%q) (-want +got):\n%s", tt.in, diff)
		}
		if got.HasWildcard() || got.Storage() != "" {
			t.Errorf("Parse(%q): a table has no wildcard (%v) and no storage (%q)", tt.in, got.HasWildcard(), got.Storage())
		}
		if tt.redacted != "" && got.Redacted() != tt.redacted {
			t.Errorf("Redacted() = %q, want %q", got.Redacted(), tt.redacted)
		}
	}
}

func TestParseDatabaseErrors(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"sqlite://x.db", "say which table with ;table=name"},
		{"postgres://etl:s3cret@db/w", "postgres://etl:xxxxx@db/w;table=sales"},
		{"sqlite://x.db;table=a;b", `option "b" has no value`},
		{"sqlite://x.db;table=x%3Bdrop", "may hold only letters"},
		{"sqlite://x.db;table=a.b.c", "must be name or schema.name"},
		{"sqlite://x.db;table=t;mode=merge", "must be one of replace, append, upsert"},
		{"sqlite://x.db;table=t;fingerprint=fast", "must be one of rows, none"},
		{"gz+sqlite://x.db;table=t", "takes no modifiers"},
		{"sqlite://:memory:;table=t", "path of a database file"},
		{"postgres://db;table=t", "[user@]host[:port]/database"},
		{"mysql://@/db;table=t", "[user@]host[:port]/database"},
	} {
		_, err := Parse(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%q) = %v, want an error containing %q", tt.in, err, tt.want)
		}
		if err != nil && strings.Contains(err.Error(), "s3cret") {
			t.Errorf("Parse(%q) error shows the password: %v", tt.in, err)
		}
	}
}
