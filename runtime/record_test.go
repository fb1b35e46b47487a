package runtime_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/ayeaye-go/ayeaye/example/datasets"
	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/engine"
	"github.com/ayeaye-go/ayeaye/runtime/provenance"
	"github.com/ayeaye-go/ayeaye/runtime/storage"
	_ "github.com/ayeaye-go/ayeaye/runtime/storage/blob" // memblob
)

// records keeps every record it is given, as a run store would.
type records struct {
	mu   sync.Mutex
	runs []provenance.Run
}

func (r *records) Record(_ context.Context, run *provenance.Run) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.runs = append(r.runs, *run)
	return nil
}

func sum(b []byte) string {
	s := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(s[:])
}

func TestRunRecord(t *testing.T) {
	dir := t.TempDir()
	input := header + "1,Ada,blue,2026-03-01,0.9\n2,Bo,red,2026-03-02,\n"
	writeFile(t, filepath.Join(dir, "favourite_colours.csv"), input)
	rec := &records{}
	r := copyRunner(dir)
	r.Recorders = []provenance.Recorder{rec}
	m := newCopy()
	m.Out = (&runtime.Dataset[datasets.FavouriteColour]{Name: "copy", Fingerprint: "sha256:schema", EngineURL: "csv://{data_root}/copy.csv", Formats: datasets.FavouriteColoursDataset.Formats}).Output()
	rep, err := r.Run(context.Background(), "copy", m)
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.runs) != 2 || rec.runs[0].Status != provenance.Running || rec.runs[1].Status != provenance.Succeeded {
		t.Fatalf("records: %+v", rec.runs)
	}
	final := rec.runs[1]
	if final.ID != rep.RunID || len(final.ID) != 36 || final.ID[14] != '7' {
		t.Errorf("run id %q is not the report's UUIDv7 %q", final.ID, rep.RunID)
	}
	out, _ := os.ReadFile(filepath.Join(dir, "copy.csv"))
	if got := final.Outputs[0]; got.Fingerprint != sum(out) || got.Records != 2 || got.Size != int64(len(out)) || got.Schema != "sha256:schema" {
		t.Errorf("output record %+v; want fingerprint %s", got, sum(out))
	}
	if got := final.Inputs[0]; got.Fingerprint != sum([]byte(input)) || got.Records != 2 || !strings.HasSuffix(got.Location, "favourite_colours.csv") {
		t.Errorf("input record %+v; want fingerprint %s", got, sum([]byte(input)))
	}
	if final.Stats["answers"] != 2 || final.Host == "" || final.End.IsZero() || final.Env != "test" {
		t.Errorf("record: %+v", final)
	}
}

// TestInputChangedDuringRun: an edit made while the model runs fails the
// run instead of being recorded against outputs made from other content.
func TestInputChangedDuringRun(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "favourite_colours.csv")
	writeFile(t, path, header+"1,Ada,blue,2026-03-01,0.9\n")
	rec := &records{}
	r := copyRunner(dir)
	r.Recorders = []provenance.Recorder{rec}
	m := newCopy()
	m.Out = (&runtime.Dataset[datasets.FavouriteColour]{Name: "copy", EngineURL: "csv://{data_root}/copy.csv", Formats: datasets.FavouriteColoursDataset.Formats}).Output()
	m.pre = func() error {
		writeFile(t, path, header+"1,Ada,blue,2026-03-01,0.9\n2,Eve,red,2026-03-01,\n")
		return nil
	}
	_, err := r.Run(context.Background(), "copy", m)
	if err == nil || !strings.Contains(err.Error(), "changed while the model ran") {
		t.Fatalf("error = %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "copy.csv")); !os.IsNotExist(err) {
		t.Error("an output was published from a changing input")
	}
	if last := rec.runs[len(rec.runs)-1]; last.Status != provenance.Failed || !strings.Contains(last.Error, "changed") {
		t.Errorf("final record: %+v", last)
	}
}

func TestFingerprintsWithoutRunning(t *testing.T) {
	dir := t.TempDir()
	input := header + "1,Ada,blue,2026-03-01,0.9\n"
	writeFile(t, filepath.Join(dir, "favourite_colours.csv"), input)
	m := newCopy()
	m.Out = (&runtime.Dataset[datasets.FavouriteColour]{Name: "copy", EngineURL: "csv://{data_root}/copy.csv", Formats: datasets.FavouriteColoursDataset.Formats}).Output()
	ins, outs, err := copyRunner(dir).Fingerprints(context.Background(), m)
	if err != nil {
		t.Fatal(err)
	}
	if len(ins) != 1 || ins[0].Fingerprint != sum([]byte(input)) {
		t.Errorf("inputs: %+v", ins)
	}
	if len(outs) != 1 || outs[0].Fingerprint != "" {
		t.Errorf("a missing output must have no fingerprint: %+v", outs)
	}
}

// flakyStore is a run store that refuses records: the start, or the end.
type flakyStore struct {
	failStart, failEnd bool
	got                []provenance.Status
}

func (s *flakyStore) Record(_ context.Context, r *provenance.Run) error {
	s.got = append(s.got, r.Status)
	if s.failStart && r.Status == provenance.Running || s.failEnd && r.Status != provenance.Running {
		return errors.New("database is locked")
	}
	return nil
}

// TestRecorderFailures: a store that cannot take the start record stops
// the run before anything is read or written; one that cannot take the
// end record fails the run, saying the outputs were published.
func TestRecorderFailures(t *testing.T) {
	for _, tt := range []struct {
		name      string
		store     *flakyStore
		want      string
		published bool
	}{
		{"start", &flakyStore{failStart: true}, "model copy: not run: the run store did not take its record: database is locked", false},
		{"end", &flakyStore{failEnd: true}, "model copy: the outputs were published, but the run store did not take the run's record", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "favourite_colours.csv"), header+"1,Ada,blue,2026-03-01,0.9\n")
			m := newCopy()
			m.Out = (&runtime.Dataset[datasets.FavouriteColour]{Name: "copy", EngineURL: "ndjson://{data_root}/copy.ndjson", Formats: datasets.FavouriteColoursDataset.Formats}).Output()
			r := copyRunner(dir)
			r.Recorders = []provenance.Recorder{tt.store}
			_, err := r.Run(context.Background(), "copy", m)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want %q", err, tt.want)
			}
			if _, err := os.Stat(filepath.Join(dir, "copy.ndjson")); (err == nil) != tt.published {
				t.Errorf("output published = %v, want %v", err == nil, tt.published)
			}
		})
	}
}

// TestObjectChangedDuringRun: an object rewritten while the model runs
// (its ETag changes) fails the run too.
func TestObjectChangedDuringRun(t *testing.T) {
	ctx := context.Background()
	st := &storage.Store{}
	defer st.Close()
	in := "memblob+csv://survey/favourite_colours.csv"
	put := func(content string) {
		u, _ := engine.Parse(in)
		w, err := st.Create(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(content)); err != nil {
			t.Fatal(err)
		}
		if err := w.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	put(header + "1,Ada,blue,2026-03-01,0.9\n")
	r := &runtime.Runner{Store: st, Recorders: []provenance.Recorder{&records{}}, Overrides: map[string]string{"favourite_colours": in}}
	m := newCopy()
	m.Out = (&runtime.Dataset[datasets.FavouriteColour]{Name: "copy", EngineURL: "memblob+csv://survey/copy.csv", Formats: datasets.FavouriteColoursDataset.Formats}).Output()
	m.pre = func() error {
		put(header + "1,Ada,blue,2026-03-01,0.9\n2,Eve,red,2026-03-01,\n")
		return nil
	}
	_, err := r.Run(ctx, "copy", m)
	if err == nil || !strings.Contains(err.Error(), "changed while the model ran (its version was etag:") {
		t.Fatalf("error = %v", err)
	}
	out, _ := engine.Parse("memblob+csv://survey/copy.csv")
	if _, _, err := st.Open(ctx, out); err == nil {
		t.Error("an output was published from a changing input")
	}
}

// TestFailureBeforeStartIsRecorded: a model that fails before its build
// starts (a dataset that does not resolve, a wildcard that matches
// nothing, a wildcard output, a model without its datasets) still gets a
// run: a running record, then a failed one with the redacted error,
// listing the datasets whose location is known.
func TestFailureBeforeStartIsRecorded(t *testing.T) {
	const secret = "hunter2-very-secret"
	dir := filepath.Join(t.TempDir(), secret)
	writeFile(t, filepath.Join(dir, "favourite_colours.csv"), header)
	out := func(url string) runtime.Output[datasets.FavouriteColour] {
		return (&runtime.Dataset[datasets.FavouriteColour]{Name: "copy", EngineURL: url, Formats: datasets.FavouriteColoursDataset.Formats}).Output()
	}
	tests := []struct {
		name      string
		overrides map[string]string
		model     func() runtime.Model
		err       string
		inputs    int
		outputs   int
	}{
		{"unknown variable", nil, func() runtime.Model {
			m := newCopy()
			m.Out = out("csv://{nowhere}/copy.csv")
			return m
		}, "nowhere", 1, 0},
		{"all that is wrong", map[string]string{"favourite_colours": "csv://{data_root}/none-*.csv"}, func() runtime.Model {
			m := newCopy()
			m.Out = out("csv://{nowhere}/copy.csv")
			return m
		}, "no files match", 1, 0},
		{"no file matches", map[string]string{"favourite_colours": "csv://{data_root}/none-*.csv"}, func() runtime.Model {
			m := newCopy()
			m.Out = out("csv://{data_root}/copy.csv")
			return m
		}, "no files match", 1, 1},
		{"wildcard output", nil, func() runtime.Model {
			m := newCopy()
			m.Out = out("csv://{data_root}/copy-*.csv")
			return m
		}, "an output cannot be a wildcard", 1, 1},
		{"no dataset", nil, func() runtime.Model { return &copyModel{} }, "has no dataset", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &records{}
			r := &runtime.Runner{Env: vars{m: map[string]string{"data_root": dir}, secrets: []string{secret}},
				Overrides: tt.overrides, Recorders: []provenance.Recorder{rec}, NoManifests: true}
			rep, err := r.Run(context.Background(), "copy", tt.model())
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Fatalf("error = %v, want one containing %q", err, tt.err)
			}
			if len(rec.runs) != 2 || rec.runs[0].Status != provenance.Running || rec.runs[1].Status != provenance.Failed {
				t.Fatalf("records: %+v, want running then failed", rec.runs)
			}
			start, end := rec.runs[0], rec.runs[1]
			if rep == nil || start.ID != rep.RunID || end.ID != rep.RunID || end.Model != "copy" || end.End.IsZero() {
				t.Errorf("report %+v, records %+v", rep, rec.runs)
			}
			if !strings.Contains(end.Error, tt.err) || strings.Contains(end.Error, secret) {
				t.Errorf("recorded error %q: want %q, without the secret", end.Error, tt.err)
			}
			if len(end.Inputs) != tt.inputs || len(end.Outputs) != tt.outputs {
				t.Errorf("datasets: inputs %+v, outputs %+v", end.Inputs, end.Outputs)
			}
			for _, d := range append(end.Inputs, end.Outputs...) {
				if d.Location == "" || strings.Contains(d.Location, secret) {
					t.Errorf("dataset %+v: location empty or not redacted", d)
				}
			}
		})
	}
}
