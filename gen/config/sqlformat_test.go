package config

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestSQLFormat checks that sql is valid, opt-in, and sorts last.
func TestSQLFormat(t *testing.T) {
	c, diags := Parse("ayeaye.yaml", []byte("version: 1\nformats: [sql, csv, parquet]\n"))
	if diags != nil {
		t.Fatal(diags)
	}
	if d := cmp.Diff([]string{"csv", "parquet", "sql"}, c.Formats); d != "" {
		t.Errorf("Formats (-want +got):\n%s", d)
	}
	c, _ = Parse("ayeaye.yaml", []byte("version: 1\n"))
	if cmp.Equal(c.Formats, AllFormats()) {
		t.Errorf("sql must not be a default format: %v", c.Formats)
	}
}
