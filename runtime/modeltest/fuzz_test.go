package modeltest_test

import (
	"path/filepath"
	"testing"

	"github.com/ayeaye-go/ayeaye/example/datasets"
	"github.com/ayeaye-go/ayeaye/runtime/engine"
	"github.com/ayeaye-go/ayeaye/runtime/modeltest"
)

// FuzzCaptureFile checks that any file path either fails the test with a
// message or becomes an engine URL whose location is exactly that file.
func FuzzCaptureFile(f *testing.F) {
	for _, s := range []string{
		"out/orders.csv", "a.tsv", "/abs/x.json", "x.ndjson.gz", "x.jsonl.zst", "{x}.csv", "}{.csv",
		"a;b.csv", "*.csv", "a b/c%20d.csv", "x.gz", ".csv", "dir.csv/x.tsv", "x.CSV.GZ", "ü/ñ.ndjson",
		"a\x00b.csv", "../up.csv", "x.csv?", "s3+csv://b/k.csv",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, path string) {
		rec := &recorder{TB: t}
		var h *modeltest.Harness
		rec.do(func() {
			h = modeltest.New(rec)
			modeltest.CaptureFile(h, datasets.PaintOrdersDataset, path)
		})
		if rec.fatal != "" {
			return // refused, with a message
		}
		u := h.Runner.Overrides["paint_orders"]
		expanded, err := engine.Expand(u, nil)
		if err != nil {
			t.Fatalf("%q gave %q, which does not expand: %v", path, u, err)
		}
		parsed, err := engine.Parse(expanded)
		if err != nil {
			t.Fatalf("%q gave %q, which does not parse: %v", path, u, err)
		}
		abs, err := filepath.Abs(path)
		if err != nil {
			t.Fatal(err)
		}
		if parsed.Location != filepath.ToSlash(abs) {
			t.Fatalf("%q gave location %q, want %q", path, parsed.Location, abs)
		}
	})
}
