package runtime_test

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ayeaye-go/ayeaye/example/datasets"
	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/engine"
	"github.com/ayeaye-go/ayeaye/runtime/provenance"
)

// unreadModel declares an input it never reads.
type unreadModel struct {
	In  runtime.Input[datasets.FavouriteColour]
	Out runtime.Output[datasets.FavouriteColour]
}

func (m *unreadModel) Build(ctx context.Context) error {
	return m.Out.Write(&datasets.FavouriteColour{PersonID: 1, Name: "Ada", Colour: "blue"})
}

type keepRecords struct{ runs []provenance.Run }

func (k *keepRecords) Record(_ context.Context, r *provenance.Run) error {
	k.runs = append(k.runs, *r)
	return nil
}

// TestUnreadInputIsNotOpened: an input is opened lazily, with manifests
// on or off: one the model never reads may be missing, and is recorded
// without a fingerprint.
func TestUnreadInputIsNotOpened(t *testing.T) {
	for _, noManifests := range []bool{false, true} {
		dir := t.TempDir() // no favourite_colours.csv in it
		m := &unreadModel{In: datasets.FavouriteColoursDataset.Input(),
			Out: (&runtime.Dataset[datasets.FavouriteColour]{Name: "copy", EngineURL: "csv://{data_root}/copy.csv", Formats: datasets.FavouriteColoursDataset.Formats}).Output()}
		rec := &keepRecords{}
		r := copyRunner(dir)
		r.NoManifests, r.Recorders = noManifests, []provenance.Recorder{rec}
		if _, err := r.Run(context.Background(), "unread", m); err != nil {
			t.Fatalf("manifests off=%v: %v", noManifests, err)
		}
		last := rec.runs[len(rec.runs)-1]
		if last.Status != provenance.Succeeded || last.Inputs[0].Fingerprint != "" {
			t.Errorf("manifests off=%v: record %+v", noManifests, last)
		}
	}
}

// TestContractCheckedAtFirstRead: an input published with a schema this
// program cannot read fails the run when the model reads it, and only
// then.
func TestContractCheckedAtFirstRead(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "favourite_colours.csv"), header+"1,Ada,blue,2026-03-01,0.9\n")
	// A manifest whose schema lacks the fields this program needs.
	writeFile(t, filepath.Join(dir, "favourite_colours.csv.ayeaye.json"), `{"version":1,"dataset":"favourite_colours","schema":{"type":"object","properties":{"other":{"type":"string"}}},"schema_fingerprint":"sha256:00","fingerprint":"sha256:00","records":1,"producer":{"model":"elsewhere","run":"r1"}}`)
	out := &runtime.Dataset[datasets.FavouriteColour]{Name: "copy", EngineURL: "csv://{data_root}/copy.csv", Formats: datasets.FavouriteColoursDataset.Formats}
	unread := &unreadModel{In: datasets.FavouriteColoursDataset.Input(), Out: out.Output()}
	if _, err := copyRunner(dir).Run(context.Background(), "unread", unread); err != nil {
		t.Fatalf("a model that does not read the input: %v", err)
	}
	m := newCopy()
	m.Out = out.Output()
	_, err := copyRunner(dir).Run(context.Background(), "copy", m)
	if err == nil || !strings.Contains(err.Error(), "cannot read") {
		t.Fatalf("reading it: err = %v, want the breaking change", err)
	}
}

// TestFingerprintsOfMissingInput: as its doc says, a dataset that does not
// exist has no fingerprint; that is not an error.
func TestFingerprintsOfMissingInput(t *testing.T) {
	dir := t.TempDir()
	m := newCopy()
	m.Out = (&runtime.Dataset[datasets.FavouriteColour]{Name: "copy", EngineURL: "csv://{data_root}/copy.csv", Formats: datasets.FavouriteColoursDataset.Formats}).Output()
	ins, _, err := copyRunner(dir).Fingerprints(context.Background(), m)
	if err != nil {
		t.Fatal(err)
	}
	if len(ins) != 1 || ins[0].Fingerprint != "" {
		t.Errorf("inputs: %+v", ins)
	}
}

// TestCountsOnSucceededLine: runtime.Count statistics are on the run's
// "run succeeded" log line.
func TestCountsOnSucceededLine(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "favourite_colours.csv"), header+"1,Ada,blue,2026-03-01,0.9\n2,Bo,red,2026-03-02,\n")
	m := newCopy()
	m.Out = (&runtime.Dataset[datasets.FavouriteColour]{Name: "copy", EngineURL: "csv://{data_root}/copy.csv", Formats: datasets.FavouriteColoursDataset.Formats}).Output()
	var log bytes.Buffer
	r := copyRunner(dir)
	r.Logger = slog.New(slog.NewTextHandler(&log, nil))
	if _, err := r.Run(context.Background(), "copy", m); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(log.String(), "\n") {
		if strings.Contains(line, "run succeeded") {
			if !strings.Contains(line, "count.answers=2") {
				t.Errorf("no count on %q", line)
			}
			return
		}
	}
	t.Errorf("no run succeeded line in\n%s", log.String())
}

// TestWildcardInputOverOutput: an input wildcard that matches the output
// would read the output back next time; refused, while a model that
// updates its own dataset in place is not.
func TestWildcardInputOverOutput(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "in", "a.csv"), header+"1,Ada,blue,2026-03-01,0.9\n")
	m := newCopy()
	m.In = (&runtime.Dataset[datasets.FavouriteColour]{Name: "answers", EngineURL: "csv://{data_root}/in/*.csv", Formats: datasets.FavouriteColoursDataset.Formats}).Input()
	m.Out = (&runtime.Dataset[datasets.FavouriteColour]{Name: "copy", EngineURL: "csv://{data_root}/in/copy.csv", Formats: datasets.FavouriteColoursDataset.Formats}).Output()
	if _, err := copyRunner(dir).Run(context.Background(), "copy", m); err == nil || !strings.Contains(err.Error(), "output copy (field Out) resolves to where input answers (field In) is read from") {
		t.Errorf("err = %v", err)
	}
	self := newCopy() // reads and writes favourite_colours: an update in place
	writeFile(t, filepath.Join(dir, "favourite_colours.csv"), header+"1,Ada,blue,2026-03-01,0.9\n")
	if _, err := copyRunner(dir).Run(context.Background(), "self", self); err != nil {
		t.Errorf("update in place: %v", err)
	}
}

// TestCleanPartsRemovesInFlight: the parts of a killed run go with the
// temporary files of the attempts it was writing.
func TestCleanPartsRemovesInFlight(t *testing.T) {
	dir := t.TempDir()
	parts := filepath.Join(dir, ".out.csv.parts-run1")
	writeFile(t, filepath.Join(parts, "part-000001"), header)
	writeFile(t, filepath.Join(parts, ".part-000002.tmp-1f3a09bc_4711-99"), header)
	u, err := engine.Parse("csv://" + filepath.ToSlash(filepath.Join(dir, "out.csv")))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := (&runtime.Runner{}).CleanParts(context.Background(), u, "run1"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(parts); !os.IsNotExist(err) {
		entries, _ := os.ReadDir(parts)
		t.Errorf("the parts directory is still there: %v", entries)
	}
}

// TestManifestIsPartOfTheCommit: an output whose manifest cannot be
// written is not published, and the run fails saying why.
func TestManifestIsPartOfTheCommit(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "favourite_colours.csv"), header+"1,Ada,blue,2026-03-01,0.9\n")
	writeFile(t, filepath.Join(dir, "copy.csv"), "previous\n")
	// A directory where the manifest goes: it cannot be written.
	if err := os.MkdirAll(filepath.Join(dir, "copy.csv.ayeaye.json"), 0o755); err != nil {
		t.Fatal(err)
	}
	m := newCopy()
	m.Out = (&runtime.Dataset[datasets.FavouriteColour]{Name: "copy", EngineURL: "csv://{data_root}/copy.csv", Formats: datasets.FavouriteColoursDataset.Formats}).Output()
	_, err := copyRunner(dir).Run(context.Background(), "copy", m)
	if err == nil || !strings.Contains(err.Error(), "writing the manifest of copy") || !strings.Contains(err.Error(), "nothing was published") {
		t.Errorf("err = %v", err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "copy.csv")); string(got) != "previous\n" {
		t.Errorf("the output was published without its manifest: %q", got)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

// twoOutputs writes the same records to two outputs.
type twoOutputs struct {
	In   runtime.Input[datasets.FavouriteColour]
	A, B runtime.Output[datasets.FavouriteColour]
}

func (m *twoOutputs) Build(ctx context.Context) error { return nil }

// TestTwoOutputsOneLocation: two outputs that resolve to one file (spelt
// two ways) are refused before the run, instead of one replacing the
// other.
func TestTwoOutputsOneLocation(t *testing.T) {
	dir := t.TempDir()
	out := func(name, url string) runtime.Output[datasets.FavouriteColour] {
		return (&runtime.Dataset[datasets.FavouriteColour]{Name: name, EngineURL: url, Formats: datasets.FavouriteColoursDataset.Formats}).Output()
	}
	m := &twoOutputs{In: datasets.FavouriteColoursDataset.Input(), A: out("a", "csv://{data_root}/x.csv"), B: out("b", "ndjson://{data_root}/./x.csv")}
	_, err := copyRunner(dir).Run(context.Background(), "two", m)
	if err == nil || !strings.Contains(err.Error(), "outputs a (field A) and b (field B) both resolve to") {
		t.Errorf("err = %v", err)
	}
}

// swallower reads its input but ignores the read's error.
type swallower struct {
	In  runtime.Input[datasets.FavouriteColour]
	Out runtime.Output[datasets.FavouriteColour]
}

func (m *swallower) Build(ctx context.Context) error {
	for range m.In.All() {
		break
	}
	return nil
}

// TestContractErrorNotSwallowed: a model that ignores the error of a read
// refused by the input's contract still fails, and a partitioned model is
// checked when it lists the input's files.
func TestContractErrorNotSwallowed(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "favourite_colours.csv"), header+"1,Ada,blue,2026-03-01,0.9\n")
	writeFile(t, filepath.Join(dir, "favourite_colours.csv.ayeaye.json"), `{"version":1,"dataset":"favourite_colours","schema":{"type":"object","properties":{"other":{"type":"string"}}},"schema_fingerprint":"sha256:00","fingerprint":"sha256:00","records":1,"producer":{"model":"elsewhere","run":"r1"}}`)
	out := &runtime.Dataset[datasets.FavouriteColour]{Name: "copy", EngineURL: "csv://{data_root}/copy.csv", Formats: datasets.FavouriteColoursDataset.Formats}
	_, err := copyRunner(dir).Run(context.Background(), "swallow", &swallower{In: datasets.FavouriteColoursDataset.Input(), Out: out.Output()})
	if err == nil || !strings.Contains(err.Error(), "cannot read") {
		t.Errorf("a swallowed contract error: err = %v", err)
	}
	in := datasets.FavouriteColoursDataset.Input()
	lister := &listFiles{In: in, Out: out.Output()}
	_, err = copyRunner(dir).Run(context.Background(), "list", lister)
	if err == nil || !strings.Contains(err.Error(), "cannot read") {
		t.Errorf("listing the files: err = %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "copy.csv")); err == nil {
		t.Error("an output was published")
	}
}

type listFiles struct {
	In  runtime.Input[datasets.FavouriteColour]
	Out runtime.Output[datasets.FavouriteColour]
}

func (m *listFiles) Build(ctx context.Context) error {
	_, err := m.In.Files()
	return err
}
