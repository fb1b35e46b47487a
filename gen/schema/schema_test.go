package schema

import (
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite testdata/*/want.txt from the current output")

// TestCases runs every folder under testdata: one schema file goes
// through Parse, several go through Load together. want.txt holds the
// IR dump, or the diagnostics exactly as printed.
func TestCases(t *testing.T) {
	dirs, err := filepath.Glob("testdata/*")
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range dirs {
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			continue
		}
		t.Run(filepath.Base(dir), func(t *testing.T) {
			about, err := os.ReadFile(filepath.Join(dir, "case.txt"))
			if err != nil || len(strings.TrimSpace(string(about))) == 0 {
				t.Fatalf("every case needs a case.txt saying what it covers")
			}
			files := schemaFiles(t, dir)
			got := run(dir, files)
			wantPath := filepath.Join(dir, "want.txt")
			if *update {
				if err := os.WriteFile(wantPath, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(wantPath)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", strings.SplitN(string(about), "\n", 2)[0], diff)
			}
		})
	}
}

func schemaFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, e := range entries {
		switch name := e.Name(); {
		case name == "case.txt", name == "want.txt", e.IsDir():
		default:
			files = append(files, name)
		}
	}
	if len(files) == 0 {
		t.Fatal("no schema file")
	}
	return files
}

func run(dir string, files []string) string {
	if len(files) == 1 {
		data, err := os.ReadFile(filepath.Join(dir, files[0]))
		if err != nil {
			return err.Error()
		}
		ds, diags := Parse(files[0], data)
		if len(diags) > 0 {
			if ds != nil {
				return "BUG: dataset returned with diagnostics\n"
			}
			return diags.Error() + "\n"
		}
		return dump(ds)
	}
	// Load must not depend on the order it is given the files in.
	slices.Reverse(files)
	dss, diags := Load(dir, files)
	if len(diags) > 0 {
		return diags.Error() + "\n"
	}
	var b strings.Builder
	for _, ds := range dss {
		b.WriteString(dump(ds))
		b.WriteString("\n")
	}
	return b.String()
}
