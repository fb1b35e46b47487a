package modeltest

import (
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/engine"
)

// Fixture makes dataset d hold records for the harness's runs: it points
// d at mem://<name> and stores a copy of records there, so the model reads
// exactly these and nothing on disk. A nil or empty slice is an empty
// dataset.
func Fixture[T any](h *Harness, d *runtime.Dataset[T], records []T) {
	h.TB.Helper()
	name := datasetName(h, "Fixture", d)
	runtime.SetMem(h.mem(), name, slices.Clone(records))
	h.override(name, "mem://"+name)
}

// FixtureFile points dataset d at an existing file, such as
// testdata/people.csv, for reading records in their stored form (header,
// quoting, bad lines and all). The format comes from the extension: .csv,
// .tsv, .json, .ndjson or .jsonl, optionally followed by .gz or .zst. A
// wildcard ("testdata/part-*.csv") reads every matching file in order. Use
// FixtureURL for anything else.
func FixtureFile[T any](h *Harness, d *runtime.Dataset[T], path string) {
	h.TB.Helper()
	name := datasetName(h, "FixtureFile", d)
	if strings.ContainsAny(path, wildcards) {
		if m, err := filepath.Glob(path); err != nil || len(m) == 0 {
			h.TB.Fatalf("modeltest.FixtureFile(%s): no file matches %q (the path is relative to the test's package directory)", name, path)
		}
	} else if _, err := os.Stat(path); err != nil {
		h.TB.Fatalf("modeltest.FixtureFile(%s): %v (the path is relative to the test's package directory)", name, err)
	}
	h.override(name, fileURL(h, "FixtureFile", name, path))
}

// Capture points output dataset d at mem://<name>, so that what the model
// writes stays in memory for Expect and Records.
func Capture[T any](h *Harness, d *runtime.Dataset[T]) {
	h.TB.Helper()
	name := datasetName(h, "Capture", d)
	h.override(name, "mem://"+name)
}

// CaptureFile points output dataset d at a file, typically under
// t.TempDir(), to test the bytes a model writes. The format comes from the
// extension, as for FixtureFile. Expect and Records read it back.
func CaptureFile[T any](h *Harness, d *runtime.Dataset[T], path string) {
	h.TB.Helper()
	name := datasetName(h, "CaptureFile", d)
	if strings.ContainsAny(path, wildcards) {
		h.TB.Fatalf("modeltest.CaptureFile(%s): path %q holds a wildcard character (%s), which an output cannot; rename the file", name, path, wildcards)
	}
	h.override(name, fileURL(h, "CaptureFile", name, path))
}

// FixtureURL points dataset d, input or output, at an engine URL such as
// "csv://testdata/people.txt;delimiter=pipe" or "memblob+gz+ndjson://b/x.ndjson.gz".
// {name} templates are filled from Runner.Env when it is set.
func FixtureURL[T any](h *Harness, d *runtime.Dataset[T], engineURL string) {
	h.TB.Helper()
	name := datasetName(h, "FixtureURL", d)
	if !strings.ContainsAny(engineURL, "{}") {
		// Without templates the URL is final: check it now, where the
		// mistake is, rather than when the model runs.
		if _, err := engine.Parse(engineURL); err != nil {
			h.TB.Fatalf("modeltest.FixtureURL(%s): %v", name, err)
		}
	}
	h.override(name, engineURL)
}

// override points a dataset at an engine URL for the harness's runs.
func (h *Harness) override(name, url string) {
	if h.Runner.Overrides == nil { // the test replaced the map
		h.Runner.Overrides = map[string]string{}
	}
	h.Runner.Overrides[name] = url
}

// mem is the runner's in-memory store, made now if the test removed it.
func (h *Harness) mem() *runtime.Mem {
	if h.Runner.Mem == nil {
		h.Runner.Mem = runtime.NewMem()
	}
	return h.Runner.Mem
}

func datasetName[T any](h *Harness, helper string, d *runtime.Dataset[T]) string {
	h.TB.Helper()
	if d == nil || d.Name == "" {
		h.TB.Fatalf("modeltest.%s: the dataset is nil or has no name; pass a generated dataset such as datasets.PeopleDataset", helper)
	}
	return d.Name
}

// wildcards are the characters that make an engine URL's location a
// pattern (engine.URL.HasWildcard).
const wildcards = "*?["

// formatOf maps a file extension to an engine URL type.
func formatOf(ext string) (string, bool) {
	switch strings.ToLower(ext) {
	case ".csv":
		return "csv", true
	case ".tsv":
		return "tsv", true
	case ".json":
		return "json", true
	case ".ndjson", ".jsonl":
		return "ndjson", true
	}
	return "", false
}

// fileURL turns a file path into an engine URL, the format and compression
// from its extensions. The path is made absolute so that it does not depend
// on the directory the run resolves relative paths in, and its braces are
// doubled so that template expansion leaves them alone.
func fileURL(h *Harness, helper, name, path string) string {
	h.TB.Helper()
	if strings.ContainsRune(path, ';') {
		h.TB.Fatalf("modeltest.%s(%s): path %q holds ';', which ends an engine URL's location; rename the file", helper, name, path)
	}
	rest, mod := path, ""
	switch strings.ToLower(filepath.Ext(path)) {
	case ".gz":
		rest, mod = path[:len(path)-3], "gz+"
	case ".zst":
		rest, mod = path[:len(path)-4], "zst+"
	}
	ext := filepath.Ext(rest)
	typ, ok := formatOf(ext)
	if !ok {
		h.TB.Fatalf("modeltest.%s(%s): cannot tell the format of %q from its extension %q; name it .csv, .tsv, .json, .ndjson or .jsonl (optionally .gz or .zst), or use modeltest.FixtureURL with an engine URL", helper, name, path, ext)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		h.TB.Fatalf("modeltest.%s(%s): %v", helper, name, err)
	}
	u := mod + typ + "://" + strings.NewReplacer("{", "{{", "}", "}}").Replace(filepath.ToSlash(abs))
	// Check the URL now, where the mistake is, rather than in the run.
	expanded, err := engine.Expand(u, nil)
	if err == nil {
		_, err = engine.Parse(expanded)
	}
	if err != nil {
		h.TB.Fatalf("modeltest.%s(%s): path %q does not make an engine URL: %v; rename the file or use modeltest.FixtureURL", helper, name, path, err)
	}
	return u
}
