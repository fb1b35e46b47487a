package engine

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParquetURLs(t *testing.T) {
	tests := []struct {
		in   string
		want URL
		str  string // canonical String(); "" means the input itself
	}{
		{in: "parquet://data/readings.parquet", want: URL{Type: "parquet", Location: "data/readings.parquet"}},
		{
			in:   "parquet://out/r.parquet;row_group_rows=50000;compression=ZSTD",
			want: URL{Type: "parquet", Location: "out/r.parquet", Options: map[string]string{"compression": "zstd", "row_group_rows": "50000"}},
			str:  "parquet://out/r.parquet;compression=zstd;row_group_rows=50000",
		},
		{
			in:   "s3+parquet://lake/raw/2026-*/part-*.parquet;compression=none;region=eu-west-1",
			want: URL{Modifiers: []string{"s3"}, Type: "parquet", Location: "lake/raw/2026-*/part-*.parquet", Options: map[string]string{"compression": "none", "region": "eu-west-1"}},
		},
		{in: "gs+parquet://b/x.parquet;compression=gzip", want: URL{Modifiers: []string{"gs"}, Type: "parquet", Location: "b/x.parquet", Options: map[string]string{"compression": "gzip"}}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := Parse(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
			want := tt.str
			if want == "" {
				want = tt.in
			}
			if s := got.String(); s != want {
				t.Errorf("String() = %q, want %q", s, want)
			}
			if again, err := Parse(got.String()); err != nil || !cmp.Equal(again, got) {
				t.Errorf("Parse(String()) = %v, %v", again, err)
			}
		})
	}
}

func TestParquetURLErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"parquet://x.parquet;compression=lzo", `value "lzo" of option "compression" must be one of snappy, zstd, gzip, none`},
		{"parquet://x.parquet;row_group_rows=0", `must be a whole number from 1 to 1073741824`},
		{"parquet://x.parquet;row_group_rows=many", `must be a whole number from 1 to 1073741824`},
		{"parquet://x.parquet;compresion=zstd", `did you mean "compression"?`},
		{"gz+parquet://x.parquet.gz", `a Parquet file compresses its own pages; remove "gz+" and add ;compression=gzip`},
		{"s3+zst+parquet://b/x.parquet", `remove "zst+" and add ;compression=zstd`},
		{"parquet://x.parquet;delimiter=tab", `unknown option "delimiter" for parquet`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := Parse(tt.in)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v\nwant it to contain %q", err, tt.want)
			}
		})
	}
}
