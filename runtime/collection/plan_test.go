package collection_test

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ayeaye-go/ayeaye/example/datasets"
	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/collection"
	"github.com/ayeaye-go/ayeaye/runtime/provenance"
	"github.com/ayeaye-go/ayeaye/runtime/runstore"
	_ "github.com/ayeaye-go/ayeaye/runtime/runstore/sqlite"
	"github.com/ayeaye-go/ayeaye/runtime/storage"
)

// history is a run store as collection planning reads it, as the user's
// program adapts it.
type history struct{ st runstore.Store }

func (h history) Runs(ctx context.Context, model, parent string, limit int) ([]*provenance.Run, error) {
	return h.st.List(ctx, runstore.Filter{Model: model, Parent: parent, Limit: limit})
}

func (h history) LastSuccess(ctx context.Context, model string) (*provenance.Run, error) {
	return h.st.LastSuccess(ctx, model)
}

// skipFixture is a pipeline of two models over CSV files, a: in → mid
// and b: mid → out, recording runs in a SQLite store.
type skipFixture struct {
	dir   string
	store runstore.Store
	coll  *collection.Collection
	run   *runtime.Runner
}

func newSkipFixture(t *testing.T) *skipFixture {
	t.Helper()
	dir := t.TempDir()
	file := func(name string) *runtime.Dataset[rec] {
		return &runtime.Dataset[rec]{Name: name, EngineURL: "csv://" + filepath.Join(dir, name+".csv"), Formats: datasets.FavouriteColoursDataset.Formats}
	}
	writeAnswers(t, dir, "ada")
	st, err := runstore.Open(t.Context(), "sqlite:"+filepath.Join(dir, "runs.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	files := &storage.Store{}
	t.Cleanup(func() { files.Close() })
	r := &runtime.Runner{Logger: slog.New(slog.DiscardHandler), Store: files, Recorders: []provenance.Recorder{st},
		Code: provenance.Code{Module: "example.com/p", Revision: "r1"}}
	in, mid, out := file("in"), file("mid"), file("out")
	coll, err := collection.New(r, []collection.Model{
		{Name: "a", Model: &pass{probe: &probe{name: "a"}, In: in.Input(), Out: mid.Output()}},
		{Name: "b", Model: &pass{probe: &probe{name: "b"}, In: mid.Input(), Out: out.Output()}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return &skipFixture{dir: dir, store: st, coll: coll, run: r}
}

func writeAnswers(t *testing.T, dir, name string) {
	t.Helper()
	data := "person_id,name,colour,surveyed_on,certainty\n1," + name + ",blue,2026-03-01,0.9\n"
	if err := os.WriteFile(filepath.Join(dir, "in.csv"), []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// runAll runs the pipeline as one invocation, skipping what Skips says.
func (f *skipFixture) runAll(t *testing.T, o collection.SkipOptions) map[string]string {
	t.Helper()
	o.History, o.Parent = history{f.store}, "inv-"+t.Name()
	ctx := provenance.WithParent(t.Context(), o.Parent)
	skipped, err := f.coll.Skips(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	var only []string
	for _, n := range []string{"a", "b"} {
		if _, ok := skipped[n]; !ok {
			only = append(only, n)
		}
	}
	if len(only) > 0 {
		if _, err := f.coll.Run(ctx, collection.Options{Only: only}); err != nil {
			t.Fatal(err)
		}
	}
	return skipped
}

// TestSkipsUnchanged skips models whose code, inputs and outputs are those
// of their last successful run, records them as skipped, and runs a
// changed model and everything downstream of it.
func TestSkipsUnchanged(t *testing.T) {
	f := newSkipFixture(t)
	if got := f.runAll(t, collection.SkipOptions{Unchanged: true}); len(got) != 0 {
		t.Fatalf("first run skipped %v", got)
	}
	got := f.runAll(t, collection.SkipOptions{Unchanged: true})
	for _, n := range []string{"a", "b"} {
		if !strings.HasPrefix(got[n], "unchanged since run ") {
			t.Errorf("%s: %q, want unchanged", n, got[n])
		}
	}
	runs, err := f.store.List(t.Context(), runstore.Filter{Model: "b", Limit: 1})
	if err != nil || len(runs) != 1 || runs[0].Status != provenance.Skipped || runs[0].Outputs[0].Records != 1 {
		t.Fatalf("b's newest run: %+v, %v; want a skipped one with its records", runs, err)
	}

	writeAnswers(t, f.dir, "bo")
	if got := f.runAll(t, collection.SkipOptions{Unchanged: true}); len(got) != 0 {
		t.Errorf("after a changed input: skipped %v, want none (b is downstream of a)", got)
	}

	f.run.Code.Revision = "r2"
	if got := f.runAll(t, collection.SkipOptions{Unchanged: true}); len(got) != 0 {
		t.Errorf("new code: skipped %v", got)
	}
	f.run.Code.Dirty = true
	if got := f.runAll(t, collection.SkipOptions{Unchanged: true}); len(got) != 0 {
		t.Errorf("dirty build: skipped %v", got)
	}
}

// TestSkipsResume resumes an invocation: a model that succeeded in the
// last one is skipped, one that failed runs, and so does what it feeds.
func TestSkipsResume(t *testing.T) {
	f := newSkipFixture(t)
	if got := f.runAll(t, collection.SkipOptions{Resume: true}); len(got) != 0 {
		t.Fatalf("nothing recorded yet, skipped %v", got)
	}
	got := f.runAll(t, collection.SkipOptions{Resume: true})
	if len(got) != 2 || !strings.HasPrefix(got["a"], "succeeded in the last invocation") {
		t.Fatalf("resume after success: %v", got)
	}
	os.Remove(filepath.Join(f.dir, "out.csv"))
	got = f.runAll(t, collection.SkipOptions{Resume: true})
	if _, skipped := got["b"]; skipped || got["a"] == "" {
		t.Errorf("b's output is gone: skipped %v, want a only", got)
	}
}

// TestLastRuns reads each model's newest run for the HTML page.
func TestLastRuns(t *testing.T) {
	f := newSkipFixture(t)
	if got, err := f.coll.LastRuns(t.Context(), history{f.store}); err != nil || len(got) != 0 {
		t.Fatalf("no runs yet: %v, %v", got, err)
	}
	f.runAll(t, collection.SkipOptions{})
	got, err := f.coll.LastRuns(t.Context(), history{f.store})
	if err != nil {
		t.Fatal(err)
	}
	mid := "csv://" + filepath.Join(f.dir, "mid.csv")
	if got["a"].Status != "succeeded" || got["b"].Records[mid] != 1 || got["a"].Finished.IsZero() {
		t.Errorf("last runs %+v", got)
	}
}
