package runtime_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ayeaye-go/ayeaye/example/datasets"
	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/engine"
	"github.com/ayeaye-go/ayeaye/runtime/value"
)

// copyModel copies favourite colours, upper-casing nothing: the simplest
// model there is, with optional failure and checks for the tests.
type copyModel struct {
	In   runtime.Input[datasets.FavouriteColour]
	Out  runtime.Output[datasets.FavouriteColour]
	fail error
	pre  func() error
	post func(m *copyModel) error
	kill bool
}

func newCopy() *copyModel {
	return &copyModel{In: datasets.FavouriteColoursDataset.Input(), Out: datasets.FavouriteColoursDataset.Output()}
}

func (m *copyModel) PreBuild(ctx context.Context) error {
	if m.pre != nil {
		return m.pre()
	}
	return nil
}

func (m *copyModel) Build(ctx context.Context) error {
	for rec, err := range m.In.All() {
		if err != nil {
			return err
		}
		runtime.Count(ctx, "answers", 1)
		if err := m.Out.Write(&rec); err != nil {
			return err
		}
		if m.kill {
			panic("boom")
		}
	}
	return m.fail
}

func (m *copyModel) PostBuild(ctx context.Context) error {
	if m.post != nil {
		return m.post(m)
	}
	return nil
}

// vars is a plain environment: variables, and secrets to redact.
type vars struct {
	m       map[string]string
	secrets []string
}

func (v vars) Name() string                    { return "test" }
func (v vars) Expand(t string) (string, error) { return engine.Expand(t, v.m) }
func (v vars) Redact(s string) string {
	for _, sec := range v.secrets {
		s = strings.ReplaceAll(s, sec, "xxxxx")
	}
	return s
}

const header = "person_id,name,colour,surveyed_on,certainty\n"

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// runner reads in.csv and writes out.ndjson in dir. Both datasets are
// the same dataset name in this test model, so the input is pointed with
// the Input's default engine URL and the output with an override... they
// share a name, so use two runners' overrides by direction instead.
func copyRunner(dir string) *runtime.Runner {
	return &runtime.Runner{Env: vars{m: map[string]string{"data_root": dir}}}
}

func TestRunCopiesAndCounts(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "favourite_colours.csv"), header+"1,Ada,blue,2026-03-01,0.9\n2,Bo,red,2026-03-02,\n")
	m := newCopy()
	// Input and output are the same dataset here; write the copy to mem.
	m.Out = (&runtime.Dataset[datasets.FavouriteColour]{Name: "copy", EngineURL: "ndjson://{data_root}/copy.ndjson", Formats: datasets.FavouriteColoursDataset.Formats}).Output()
	rep, err := copyRunner(dir).Run(context.Background(), "copy", m)
	if err != nil {
		t.Fatal(err)
	}
	out, err := os.ReadFile(filepath.Join(dir, "copy.ndjson"))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"person_id":1,"name":"Ada","colour":"blue","surveyed_on":"2026-03-01","certainty":0.9}` + "\n" +
		`{"person_id":2,"name":"Bo","colour":"red","surveyed_on":"2026-03-02","certainty":null}` + "\n"
	if d := cmp.Diff(want, string(out)); d != "" {
		t.Errorf("output (-want +got):\n%s", d)
	}
	if rep.Datasets[0].Records != 2 || rep.Datasets[1].Records != 2 || rep.Stats["answers"] != 2 {
		t.Errorf("report: %+v", rep)
	}
	if !strings.HasSuffix(rep.Datasets[1].Location, "copy.ndjson") || rep.Datasets[1].Bytes != int64(len(want)) {
		t.Errorf("output report: %+v", rep.Datasets[1])
	}
}

func TestRunOnMemFixtures(t *testing.T) {
	r := &runtime.Runner{Overrides: map[string]string{"favourite_colours": "mem://answers"}}
	m := newCopy()
	out := &runtime.Dataset[datasets.FavouriteColour]{Name: "copy", Formats: datasets.FavouriteColoursDataset.Formats}
	m.Out = out.Output()
	r.Overrides["copy"] = "mem://copy"
	r.Mem = runtime.NewMem()
	in := []datasets.FavouriteColour{{PersonID: 1, Name: "Ada", Colour: "blue", Certainty: value.Some(0.5)}}
	runtime.SetMem(r.Mem, "answers", in)
	if _, err := r.Run(context.Background(), "copy", m); err != nil {
		t.Fatal(err)
	}
	got, err := runtime.GetMem[datasets.FavouriteColour](r.Mem, "copy")
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(in, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

// TestFailedRunKeepsOutput: a failing, a panicking and a pre-check-failing
// build all leave the earlier output as it was and no temporary files.
func TestFailedRunKeepsOutput(t *testing.T) {
	cases := map[string]func(m *copyModel){
		"build error":      func(m *copyModel) { m.fail = errors.New("model says no") },
		"panic":            func(m *copyModel) { m.kill = true },
		"pre-build check":  func(m *copyModel) { m.pre = func() error { return errors.New("input looks wrong") } },
		"bad input record": func(m *copyModel) {},
	}
	for name, breakIt := range cases {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			input := header + "1,Ada,blue,2026-03-01,0.9\n"
			if name == "bad input record" {
				input += "2,Bo,red,2026-02-30,\n"
			}
			writeFile(t, filepath.Join(dir, "favourite_colours.csv"), input)
			outPath := filepath.Join(dir, "copy.ndjson")
			writeFile(t, outPath, "previous\n")
			m := newCopy()
			m.Out = (&runtime.Dataset[datasets.FavouriteColour]{Name: "copy", EngineURL: "ndjson://{data_root}/copy.ndjson", Formats: datasets.FavouriteColoursDataset.Formats}).Output()
			breakIt(m)
			_, err := copyRunner(dir).Run(context.Background(), "copy", m)
			if err == nil {
				t.Fatal("no error")
			}
			t.Log(err)
			if name == "panic" && !strings.Contains(err.Error(), "build panicked: boom") {
				t.Errorf("panic not reported with its value: %v", err)
			}
			if name == "bad input record" && !strings.Contains(err.Error(), `favourite_colours.csv:3:10: field "surveyed_on"`) {
				t.Errorf("bad record error lacks its position: %v", err)
			}
			if got, _ := os.ReadFile(outPath); string(got) != "previous\n" {
				t.Errorf("output changed to %q", got)
			}
			entries, _ := os.ReadDir(dir)
			if len(entries) != 2 {
				t.Errorf("temporary files left behind: %v", entries)
			}
		})
	}
}

func TestSkipBadRecords(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "favourite_colours.csv"), header+"1,Ada,blue,2026-03-01,0.9\nx,Bo,red,2026-03-02,\n3,Cy,red,2026-03-03,high\n4,Di,green,2026-03-04,\n")
	m := newCopy()
	m.Out = (&runtime.Dataset[datasets.FavouriteColour]{Name: "copy", EngineURL: "csv://{data_root}/copy.csv", Formats: datasets.FavouriteColoursDataset.Formats}).Output()
	r := copyRunner(dir)
	r.SkipBadRecords = true
	rep, err := r.Run(context.Background(), "copy", m)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Rejected != 2 || rep.Datasets[1].Records != 2 {
		t.Errorf("rejected %d, written %d; want 2 and 2", rep.Rejected, rep.Datasets[1].Records)
	}
	rejects, err := os.ReadFile(filepath.Join(dir, "copy.csv.rejects.ndjson"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"line":3`, `"field":"person_id"`, `"text":"x"`, `"line":4`, `"text":"high"`} {
		if !strings.Contains(string(rejects), want) {
			t.Errorf("rejects lack %s:\n%s", want, rejects)
		}
	}
}

func TestPostBuildReadsOutput(t *testing.T) {
	r := &runtime.Runner{Overrides: map[string]string{"favourite_colours": "mem://in", "copy": "mem://out"}}
	r.Mem = runtime.NewMem()
	runtime.SetMem(r.Mem, "in", []datasets.FavouriteColour{{PersonID: 1}, {PersonID: 2}})
	m := newCopy()
	m.Out = (&runtime.Dataset[datasets.FavouriteColour]{Name: "copy", Formats: datasets.FavouriteColoursDataset.Formats}).Output()
	var seen int
	m.post = func(m *copyModel) error {
		for _, err := range m.Out.All() {
			if err != nil {
				return err
			}
			seen++
		}
		if seen != 2 {
			return errors.New("lost records")
		}
		return nil
	}
	if _, err := r.Run(context.Background(), "copy", m); err != nil {
		t.Fatal(err)
	}
	if seen != 2 {
		t.Errorf("post-build check saw %d records", seen)
	}
}

func TestWildcardInputsInOrder(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "part-2.csv"), header+"2,B,red,2026-03-01,\n")
	writeFile(t, filepath.Join(dir, "part-1.csv"), header+"1,A,red,2026-03-01,\n")
	r := &runtime.Runner{Env: vars{m: map[string]string{"data_root": dir}},
		Overrides: map[string]string{"favourite_colours": "csv://{data_root}/part-*.csv", "copy": "mem://out"}}
	m := newCopy()
	m.Out = (&runtime.Dataset[datasets.FavouriteColour]{Name: "copy", Formats: datasets.FavouriteColoursDataset.Formats}).Output()
	if _, err := r.Run(context.Background(), "copy", m); err != nil {
		t.Fatal(err)
	}
	got, _ := runtime.GetMem[datasets.FavouriteColour](r.Mem, "out")
	if len(got) != 2 || got[0].PersonID != 1 || got[1].PersonID != 2 {
		t.Errorf("got %+v", got)
	}
}

func TestDescribeAndErrors(t *testing.T) {
	ports, err := runtime.Describe(newCopy())
	if err != nil {
		t.Fatal(err)
	}
	if len(ports) != 2 || ports[0].Field != "In" || ports[0].Direction != runtime.Read || ports[1].Direction != runtime.Write {
		t.Errorf("ports: %+v", ports)
	}
	if _, err := runtime.Describe(&copyModel{}); err == nil || !strings.Contains(err.Error(), "field In of model copyModel has no dataset") {
		t.Errorf("unset field: %v", err)
	}
	_, err = (&runtime.Runner{}).Run(context.Background(), "copy", newCopy())
	if err == nil || !strings.Contains(err.Error(), `unknown variable`) && !strings.Contains(err.Error(), "data_root") {
		t.Errorf("missing variable: %v", err)
	}
	r := &runtime.Runner{Overrides: map[string]string{"favourite_colours": "csv://x.csv;delimeter=|"}}
	if _, err := r.Run(context.Background(), "copy", newCopy()); err == nil || !strings.Contains(err.Error(), "delimiter") {
		t.Errorf("bad option: %v", err)
	}
}

func TestSecretsAreRedacted(t *testing.T) {
	const secret = "hunter2-very-secret"
	r := &runtime.Runner{Env: vars{m: map[string]string{"data_root": "/nonexistent/" + secret}, secrets: []string{secret}}}
	_, err := r.Run(context.Background(), "copy", newCopy())
	if err == nil || strings.Contains(err.Error(), secret) {
		t.Fatalf("error leaks the secret or is missing: %v", err)
	}
	reps, err := r.Describe(newCopy())
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range reps {
		if strings.Contains(d.Location, secret) {
			t.Errorf("location leaks the secret: %s", d.Location)
		}
	}
}

func TestEmptyOutputIsPublished(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "favourite_colours.csv"), header)
	m := newCopy()
	m.Out = (&runtime.Dataset[datasets.FavouriteColour]{Name: "copy", EngineURL: "csv://{data_root}/copy.csv", Formats: datasets.FavouriteColoursDataset.Formats}).Output()
	if _, err := copyRunner(dir).Run(context.Background(), "copy", m); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dir, "copy.csv"))
	if err != nil || string(got) != header {
		t.Errorf("got %q, %v; want the header alone", got, err)
	}
}

func TestPeek(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "favourite_colours.csv"), header+"1,Ada,blue,2026-03-01,0.9\n2,Bo,red,2026-03-02,\n3,Cy,red,2026-03-02,\n")
	recs, err := copyRunner(dir).Peek(context.Background(), newCopy(), "favourite_colours", 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || recs[1].(datasets.FavouriteColour).Name != "Bo" {
		t.Errorf("peek: %+v", recs)
	}
}
