package lock_test

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ayeaye-go/ayeaye/example/datasets"
	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/lock"
	"github.com/ayeaye-go/ayeaye/runtime/provenance"
	"github.com/ayeaye-go/ayeaye/runtime/storage"
)

type answer = datasets.FavouriteColour

// copier copies its input to its output.
type copier struct {
	In  runtime.Input[answer]
	Out runtime.Output[answer]
}

func (m *copier) Build(ctx context.Context) error {
	for rec, err := range m.In.All() {
		if err != nil {
			return err
		}
		if err := m.Out.Write(&rec); err != nil {
			return err
		}
	}
	return nil
}

// fixture is a copier over CSV files in a temporary directory, and a
// runner resolving them.
type fixture struct {
	dir    string
	runner *runtime.Runner
	model  *copier
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	dir := t.TempDir()
	file := func(name string) *runtime.Dataset[answer] {
		return &runtime.Dataset[answer]{Name: name, Fingerprint: "sha256:" + name, EngineURL: "csv://" + filepath.Join(dir, name+".csv"), Formats: datasets.FavouriteColoursDataset.Formats}
	}
	f := &fixture{dir: dir, model: &copier{In: file("answers").Input(), Out: file("copy").Output()}}
	f.write(t, "Ada")
	st := &storage.Store{}
	t.Cleanup(func() { st.Close() })
	f.runner = &runtime.Runner{Store: st, Logger: slog.New(slog.DiscardHandler), Code: provenance.Code{Module: "m", Revision: "r1"}}
	return f
}

func (f *fixture) write(t *testing.T, name string) {
	t.Helper()
	data := "person_id,name,colour,surveyed_on,certainty\n1," + name + ",blue,2026-03-01,0.9\n"
	if err := os.WriteFile(filepath.Join(f.dir, "answers.csv"), []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func (f *fixture) lockFile(t *testing.T) *lock.File {
	t.Helper()
	lm, err := lock.ModelOf(t.Context(), f.runner, f.model, "dev", map[string]string{"x": "1"})
	if err != nil {
		t.Fatal(err)
	}
	return &lock.File{Models: map[string]lock.Model{"copier": lm}}
}

func (f *fixture) apply(t *testing.T, lf *lock.File, o lock.ApplyOptions) error {
	o.Path, o.Program = "ayeaye.lock", "prog"
	return lock.Apply(t.Context(), lf, f.runner, []lock.Locked{{Name: "copier", Model: f.model}}, o)
}

func TestModelOf(t *testing.T) {
	f := newFixture(t)
	lf := f.lockFile(t)
	lm := lf.Models["copier"]
	if len(lm.Inputs) != 1 || !strings.HasPrefix(lm.Inputs[0].Fingerprint, "sha256:") || len(lm.Outputs) != 0 {
		t.Errorf("entry %+v: want the input fingerprinted and no output (none written yet)", lm)
	}
	if lm.Env != "dev" || lm.Vars["x"] != "1" || lm.Code.Schemas["answers"] != "sha256:answers" {
		t.Errorf("entry %+v", lm)
	}
	os.Remove(filepath.Join(f.dir, "answers.csv"))
	_, err := lock.ModelOf(t.Context(), f.runner, f.model, "", nil)
	var missing *lock.MissingError
	if !errors.As(err, &missing) || missing.Dataset != "answers" {
		t.Errorf("missing input: %v", err)
	}
}

// TestApply pins the inputs, then refuses a drifted input unless
// AllowDrift, and code drift only when Strict.
func TestApply(t *testing.T) {
	f := newFixture(t)
	lf := f.lockFile(t)
	if err := f.apply(t, lf, lock.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	if got := f.runner.Overrides["answers"]; got != lf.Models["copier"].Inputs[0].Location {
		t.Errorf("answers is pinned at %q", got)
	}

	f.write(t, "Bo")
	err := f.apply(t, lf, lock.ApplyOptions{})
	if err == nil || !strings.Contains(err.Error(), "-locked: 1 input changed since ayeaye.lock was written:\n  copier: answers (") ||
		!strings.HasSuffix(err.Error(), "or lock the new inputs: prog lock copier") {
		t.Errorf("drift: %v", err)
	}
	if err := f.apply(t, lf, lock.ApplyOptions{AllowDrift: true}); err != nil {
		t.Fatal(err)
	}
	if len(f.runner.Notes) != 1 || !strings.HasPrefix(f.runner.Notes[0], "locked run allowed despite input drift (-allow-drift): copier: answers") {
		t.Errorf("notes %q", f.runner.Notes)
	}

	f.write(t, "Ada")
	f.runner.Code.Revision = "r2"
	if err := f.apply(t, lf, lock.ApplyOptions{}); err != nil {
		t.Errorf("code drift without -strict: %v", err)
	}
	err = f.apply(t, lf, lock.ApplyOptions{Strict: true})
	if err == nil || !strings.Contains(err.Error(), `-locked -strict: model copier is not the locked code: revision "r2", locked "r1"`) {
		t.Errorf("strict: %v", err)
	}
}

func TestApplyRefusals(t *testing.T) {
	f := newFixture(t)
	lf := f.lockFile(t)
	var setErr *lock.SetError
	if err := f.apply(t, lf, lock.ApplyOptions{Set: func(d string) bool { return d == "answers" }}); !errors.As(err, &setErr) {
		t.Errorf("-set of a pinned input: %v", err)
	}
	if err := f.apply(t, lf, lock.ApplyOptions{Unredact: func(string) (string, bool) { return "", false }, Set: func(string) bool { return true }}); err != nil {
		t.Errorf("an input whose secret is missing is not pinned, so -set may place it: %v", err)
	}
	err := f.apply(t, &lock.File{Models: map[string]lock.Model{}}, lock.ApplyOptions{})
	if err == nil || err.Error() != "-locked: model copier is not in ayeaye.lock; lock it first: prog lock copier" {
		t.Errorf("not locked: %v", err)
	}
}
