package engine

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestMatch(t *testing.T) {
	tests := []struct {
		pattern, name string
		want          bool
	}{
		{"*.csv", "a.csv", true},
		{"*.csv", "dir/a.csv", false},
		{"*.csv", ".a.csv", false},
		{".*.csv", ".a.csv", true},
		{"dir/*.csv", "dir/a.csv", true},
		{"dir/?.csv", "dir/ab.csv", false},
		{"dir/[ab].csv", "dir/b.csv", true},
		{"**/*.csv", "a.csv", true},
		{"**/*.csv", "x/y/z/a.csv", true},
		{"**/*.csv", "x/.git/a.csv", false},
		{"a/**/b/*.csv", "a/b/x.csv", true},
		{"a/**/b/*.csv", "a/1/2/b/x.csv", true},
		{"a/**/b/*.csv", "a/1/2/c/x.csv", false},
		{"a/**", "a/x", true},
		{"a/**", "a/x/y", true},
		{"a/**", "a", false},
		{"**/**/x", "x", true},
		{"**/**/x", "p/q/r/x", true},
		{"orders-*/part-*.csv", "orders-2024/part-1.csv", true},
		{"orders-*/part-*.csv", "orders-2024/sub/part-1.csv", false},
		{`a\*b`, "a*b", true},
		{`a\*b`, "axb", false},
	}
	for _, tt := range tests {
		got, err := Match(tt.pattern, tt.name)
		if err != nil {
			t.Errorf("Match(%q, %q): %v", tt.pattern, tt.name, err)
			continue
		}
		if got != tt.want {
			t.Errorf("Match(%q, %q) = %v, want %v", tt.pattern, tt.name, got, tt.want)
		}
	}
	for _, bad := range []string{"a**.csv", "[ab.csv", `x\`} {
		if _, err := Match(bad, "x"); err == nil {
			t.Errorf("Match(%q) gave no error", bad)
		}
	}
}

// makeTree creates files (and directories for names ending in '/') under
// dir.
func makeTree(t *testing.T, dir string, names ...string) {
	t.Helper()
	for _, n := range names {
		p := filepath.Join(dir, filepath.FromSlash(n))
		if strings.HasSuffix(n, "/") {
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(n), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestGlob(t *testing.T) {
	root := filepath.ToSlash(t.TempDir())
	makeTree(t, root,
		"data/a.csv", "data/b.csv", "data/c.tsv", "data/.hidden.csv", "data/.b.csv.tmp-1",
		"data/sub/d.csv", "data/sub/deep/e.csv", "data/.git/f.csv", "data/dir.csv/inner.csv",
		"data/2024-01/x.csv", "data/2024-02/x.csv", "data/2024-03/x.csv", "data/empty/",
	)
	if err := os.Symlink(filepath.Join(root, "data/a.csv"), filepath.Join(root, "data/link.csv")); err != nil {
		t.Skipf("symlinks not supported: %v", err)
	}
	if err := os.Symlink(filepath.Join(root, "data"), filepath.Join(root, "data/sub/loop")); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		pattern string
		want    []string
	}{
		{"data/*.csv", []string{"data/a.csv", "data/b.csv", "data/link.csv"}},
		{"data/.*.csv", []string{"data/.hidden.csv"}},
		{"data/?.tsv", []string{"data/c.tsv"}},
		{"data/2024-0[12]/x.csv", []string{"data/2024-01/x.csv", "data/2024-02/x.csv"}},
		{"data/*/x.csv", []string{"data/2024-01/x.csv", "data/2024-02/x.csv", "data/2024-03/x.csv"}},
		{"data/*/deep/e.csv", []string{"data/sub/deep/e.csv"}},
		{"data/sub/**", []string{"data/sub/d.csv", "data/sub/deep/e.csv"}},
		{"data/**/*.csv", []string{
			"data/2024-01/x.csv", "data/2024-02/x.csv", "data/2024-03/x.csv", "data/a.csv", "data/b.csv",
			"data/dir.csv/inner.csv", "data/link.csv", "data/sub/d.csv", "data/sub/deep/e.csv",
		}},
		{"data/**/deep/*.csv", []string{"data/sub/deep/e.csv"}},
		{"data/*.parquet", []string{}},
		{"data/empty/*", []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.pattern, func(t *testing.T) {
			u, err := Parse("gz+csv://" + root + "/" + tt.pattern + ";header=false")
			if err != nil {
				t.Fatal(err)
			}
			got, err := Glob(u)
			if err != nil {
				t.Fatalf("Glob: %v", err)
			}
			gotLocs := []string{}
			for _, g := range got {
				if g.Type != "csv" || g.Compression() != "gz" || g.Options["header"] != "false" {
					t.Errorf("result %v lost the type, modifiers or options", g)
				}
				gotLocs = append(gotLocs, strings.TrimPrefix(g.Location, root+"/"))
			}
			if d := cmp.Diff(tt.want, gotLocs); d != "" {
				t.Errorf("Glob mismatch (-want +got):\n%s", d)
			}
		})
	}

	t.Run("relative", func(t *testing.T) {
		t.Chdir(root)
		for pattern, want := range map[string][]string{
			"data/?.csv":   {"data/a.csv", "data/b.csv"},
			"./data/?.csv": {"./data/a.csv", "./data/b.csv"},
			"*/c.tsv":      {"data/c.tsv"},
		} {
			got, err := Glob(URL{Type: "csv", Location: pattern})
			if err != nil {
				t.Fatal(err)
			}
			var locs []string
			for _, g := range got {
				locs = append(locs, g.Location)
			}
			if d := cmp.Diff(want, locs); d != "" {
				t.Errorf("Glob(%q) (-want +got):\n%s", pattern, d)
			}
		}
	})
}

func TestGlobErrors(t *testing.T) {
	root := filepath.ToSlash(t.TempDir())
	makeTree(t, root, "data/a.csv")
	noWild := URL{Type: "csv", Location: root + "/data/none.csv"}
	got, err := Glob(noWild)
	if err != nil || len(got) != 1 || got[0].Location != noWild.Location {
		t.Errorf("Glob without wildcard = %v, %v; want the URL itself", got, err)
	}

	tests := []struct {
		u    URL
		want string
	}{
		{URL{Type: "csv", Location: root + "/missing/*.csv"}, "directory " + root + "/missing does not exist"},
		{URL{Type: "csv", Location: root + "/data/a.csv/*.csv"}, "is not a directory"},
		{URL{Type: "csv", Location: root + "/data/a**.csv"}, "** must be a whole path element"},
		{URL{Type: "csv", Location: root + "/data/[a.csv"}, "malformed element"},
		{URL{Modifiers: []string{"s3"}, Type: "csv", Location: "b/*.csv"}, "list s3 locations with storage.Glob"},
		{URL{Type: "mem", Location: "people-*"}, "a mem dataset is not stored as files"},
	}
	for _, tt := range tests {
		_, err := Glob(tt.u)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Glob(%v) = %v, want error containing %q", tt.u, err, tt.want)
		}
	}
	if _, err := Glob(tests[0].u); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing directory error %v is not fs.ErrNotExist", err)
	}
}
