package blob

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ayeaye-go/ayeaye/runtime/storage"
)

// TestGlobStores runs the same patterns against every store that can be
// tested locally: plain files, fileblob and memblob.
func TestGlobStores(t *testing.T) {
	keys := []string{
		"raw/2024-01/orders-1.csv", "raw/2024-01/orders-2.csv", "raw/2024-02/orders-1.csv",
		"raw/2024-02/notes.txt", "raw/.hidden/orders-9.csv", "raw/.top.csv", "raw/top.csv",
		"raw/2024-02/deep/er/orders-7.csv", "other/x.csv", "raw-sibling/orders-1.csv",
	}
	patterns := []struct {
		pattern string
		want    []string
	}{
		{"raw/*/orders-*.csv", []string{"raw/2024-01/orders-1.csv", "raw/2024-01/orders-2.csv", "raw/2024-02/orders-1.csv"}},
		{"raw/2024-0[2]/*", []string{"raw/2024-02/notes.txt", "raw/2024-02/orders-1.csv"}},
		{"raw/*.csv", []string{"raw/top.csv"}},
		{"raw/.*.csv", []string{"raw/.top.csv"}},
		{"raw*/orders-1.csv", []string{"raw-sibling/orders-1.csv"}},
		{"raw/**/orders-*.csv", []string{
			"raw/2024-01/orders-1.csv", "raw/2024-01/orders-2.csv", "raw/2024-02/deep/er/orders-7.csv", "raw/2024-02/orders-1.csv",
		}},
		{"raw/2024-02/**", []string{"raw/2024-02/deep/er/orders-7.csv", "raw/2024-02/notes.txt", "raw/2024-02/orders-1.csv"}},
		{"raw/*/deep/*/orders-?.csv", []string{"raw/2024-02/deep/er/orders-7.csv"}},
		{"*/x.csv", []string{"other/x.csv"}},
		{"raw/nothing-*", []string{}},
		{"raw/2024-0?/missing.csv", []string{}},
	}
	root := filepath.ToSlash(t.TempDir())
	stores := []struct {
		name, scheme, base string
	}{
		{"file", "csv", root + "/file/"},
		{"fileblob", "fileblob+csv", root + "/fileblob/"},
		{"memblob", "memblob+csv", "bucket/"},
	}
	ctx := context.Background()
	var st storage.Store
	defer st.Close()
	for _, s := range stores {
		for _, k := range keys {
			write(t, &st, mustParse(t, s.scheme+"://"+s.base+k+";header=true"), []byte(k))
		}
		for _, p := range patterns {
			t.Run(s.name+"/"+p.pattern, func(t *testing.T) {
				got, err := st.Glob(ctx, mustParse(t, s.scheme+"://"+s.base+p.pattern+";header=true"))
				if err != nil {
					t.Fatalf("Glob: %v", err)
				}
				locs := []string{}
				for _, g := range got {
					if g.Options["header"] != "true" || g.Storage() != mustParse(t, s.scheme+"://b/k").Storage() {
						t.Errorf("result %v lost options or modifiers", g)
					}
					locs = append(locs, strings.TrimPrefix(g.Location, s.base))
				}
				if d := cmp.Diff(p.want, locs); d != "" {
					t.Errorf("Glob mismatch (-want +got):\n%s", d)
				}
				// Every result opens.
				for _, g := range got {
					if data, _ := read(t, &st, g); string(data) != strings.TrimPrefix(g.Location, s.base) {
						t.Errorf("%s holds %q", g, data)
					}
				}
			})
		}
	}
}

func TestGlobErrors(t *testing.T) {
	ctx := context.Background()
	var st storage.Store
	defer st.Close()
	root := filepath.ToSlash(t.TempDir())
	tests := []struct{ url, want string }{
		{"memblob+csv://b-*/x.csv", "cannot be a wildcard"},
		{"memblob+csv://b/a**.csv", "** must be a whole path element"},
		{"memblob+csv://b/[a.csv", "malformed"},
		{"s3+csv://b/*.csv", `import _ "gocloud.dev/blob/s3blob"`},
	}
	for _, tt := range tests {
		_, err := st.Glob(ctx, mustParse(t, tt.url))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Glob(%s) = %v, want error containing %q", tt.url, err, tt.want)
		}
	}
	if _, err := storage.Glob(ctx, mustParse(t, "fileblob+csv://"+root+"/missing/*.csv")); err != nil {
		t.Errorf("fileblob Glob under a missing directory = %v, want no matches", err)
	}
}
