package config

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestFormats checks that parquet is valid but not a default, and that
// formats keep the canonical order.
func TestFormats(t *testing.T) {
	tests := []struct {
		src  string
		want []string
	}{
		{"version: 1\n", []string{"csv", "tsv", "json", "ndjson"}},
		{"version: 1\nformats: [parquet]\n", []string{"parquet"}},
		{"version: 1\nformats: [parquet, ndjson, csv]\n", []string{"csv", "ndjson", "parquet"}},
	}
	for _, tt := range tests {
		c, diags := Parse("ayeaye.yaml", []byte(tt.src))
		if diags != nil {
			t.Fatalf("Parse(%q): %v", tt.src, diags)
		}
		if d := cmp.Diff(tt.want, c.Formats); d != "" {
			t.Errorf("Parse(%q).Formats (-want +got):\n%s", tt.src, d)
		}
	}
}
