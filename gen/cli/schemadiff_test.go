package cli

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/ from the current output")

// TestSchemaDiffGolden runs each case under testdata/schemadiff: args
// lists the arguments (files relative to the case), want.golden holds the
// exit code, stdout and stderr.
func TestSchemaDiffGolden(t *testing.T) {
	dirs, err := filepath.Glob("testdata/schemadiff/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no cases: %v", err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join(dir, "args"))
			if err != nil {
				t.Fatal(err)
			}
			args := []string{"schema-diff"}
			for _, a := range strings.Fields(string(raw)) {
				args = append(args, filepath.ToSlash(filepath.Join(dir, a)))
			}
			code, stdout, stderr := run(t, nil, args...)
			got := fmt.Sprintf("exit %d\n-- stdout --\n%s-- stderr --\n%s", code, stdout, stderr)
			golden(t, filepath.Join(dir, "want.golden"), got)
		})
	}
}

// golden compares got with the file at path, or rewrites it with -update.
func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s (-want +got):\n%s", path, diff)
	}
}

func TestSchemaDiffUsage(t *testing.T) {
	for _, args := range [][]string{{"schema-diff"}, {"schema-diff", "a.json"}, {"schema-diff", "a", "b", "c"}} {
		code, _, stderr := run(t, nil, args...)
		if code != ExitUsage || !strings.Contains(stderr, "usage: ayeaye-gen schema-diff OLD NEW") {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
		}
	}
}

// Manifests can be compared where they are published: over http(s) and
// through engine URLs.
func TestSchemaDiffRemoteManifests(t *testing.T) {
	manifestJSON, err := os.ReadFile("testdata/schemadiff/manifest/orders.csv.ayeaye.json")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/sales/orders.csv.ayeaye.json":
			w.Write(manifestJSON)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "orders.csv.ayeaye.json"), manifestJSON, 0o644); err != nil {
		t.Fatal(err)
	}
	newSchema := "testdata/schemadiff/manifest/new.yaml"
	tests := []struct {
		name, old string
		code      int
		stdout    string
		stderrHas string
	}{
		{"http", srv.URL + "/sales/orders.csv.ayeaye.json", ExitOK,
			"compatible status: enum no longer has [\"open\" \"paid\"]\n", "1 change, 0 breaking"},
		{"engine URL of the manifest", "fileblob+file://" + filepath.ToSlash(dir) + "/orders.csv.ayeaye.json", ExitOK, "", "1 change, 0 breaking"},
		{"file URL of the manifest", "file://" + filepath.ToSlash(dir) + "/orders.csv.ayeaye.json", ExitOK, "", "1 change, 0 breaking"},
		{"engine URL of the dataset", "csv://" + filepath.ToSlash(dir) + "/orders.csv", ExitOK, "", "1 change, 0 breaking"},
		{"http 404", srv.URL + "/sales/gone.csv.ayeaye.json", ExitUsage, "", "the server answered 404 Not Found"},
		{"missing beside a dataset", "csv://" + filepath.ToSlash(dir) + "/gone.csv", ExitUsage, "", "has the producer run since it started publishing manifests?"},
		{"a ref", "ref://sales/orders", ExitUsage, "", "is a catalogue name, which only a run resolves"},
		{"bad engine URL", "cvs://x.csv", ExitUsage, "", "neither an http(s) URL nor a valid engine URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := run(t, nil, "schema-diff", tt.old, newSchema)
			if code != tt.code || !strings.Contains(stderr, tt.stderrHas) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr, tt.code, tt.stderrHas)
			}
			if tt.stdout != "" && stdout != tt.stdout {
				t.Errorf("stdout %q, want %q", stdout, tt.stdout)
			}
		})
	}
}

// A manifest in a memblob bucket, which lives only as long as the store
// that wrote it: the fetcher reads through the store it is given.
func TestFetchMemblob(t *testing.T) {
	f := newFetcher()
	defer f.store.Close()
	manifestJSON, err := os.ReadFile("testdata/schemadiff/manifest/orders.csv.ayeaye.json")
	if err != nil {
		t.Fatal(err)
	}
	writeBlob(t, f, "memblob+file://bucket/sales/orders.csv.ayeaye.json", manifestJSON)
	for _, src := range []string{"memblob+csv://bucket/sales/orders.csv", "memblob+file://bucket/sales/orders.csv.ayeaye.json"} {
		p, err := f.fetch(context.Background(), src)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		if p.m.Dataset != "orders" || p.from != "memblob+file://bucket/sales/orders.csv.ayeaye.json" || p.dataset != "memblob+csv://bucket/sales/orders.csv" {
			t.Errorf("%s: fetched %+v", src, p)
		}
	}
}

func TestGuessEngineURL(t *testing.T) {
	for in, want := range map[string]string{
		"out/orders.csv": "csv://out/orders.csv", "o.tsv": "tsv://o.tsv", "o.json": "json://o.json",
		"o.jsonl": "ndjson://o.jsonl", "o.ndjson.zst": "zst+ndjson://o.ndjson.zst", "a/o.csv.gz": "gz+csv://a/o.csv.gz",
		"o.parquet": "parquet://o.parquet", "o.txt": "", "o.gz": "",
	} {
		if got := guessEngineURL(in); got != want {
			t.Errorf("guessEngineURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestImportHelpIsListed(t *testing.T) {
	a := &app{buildInfo: func() (*debug.BuildInfo, bool) { return nil, false }, schemas: testSchemas}
	var out bytes.Buffer
	a.usage(&out)
	for _, name := range []string{"\timport ", "\tschema-diff "} {
		if !strings.Contains(out.String(), name) {
			t.Errorf("usage lacks %q:\n%s", name, out.String())
		}
	}
}
