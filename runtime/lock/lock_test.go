package lock

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ayeaye-go/ayeaye/runtime/provenance"
)

func TestWriteReadStable(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	f := &File{Models: map[string]Model{
		"b": {Code: provenance.Code{Module: "m", Revision: "r1"}, Inputs: []Input{{Name: "z", Location: "csv://z", Fingerprint: "sha256:2"}, {Name: "a", Location: "csv://a", Fingerprint: "sha256:1"}}},
		"a": {Env: "dev", Vars: map[string]string{"y": "2", "x": "1"}, Inputs: []Input{}},
	}}
	if err := f.Write(path); err != nil {
		t.Fatal(err)
	}
	first, _ := os.ReadFile(path)
	got, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := got.Write(path); err != nil {
		t.Fatal(err)
	}
	second, _ := os.ReadFile(path)
	if d := cmp.Diff(string(first), string(second)); d != "" {
		t.Errorf("rewrite changed the file:\n%s", d)
	}
	if !strings.Contains(string(first), "\"a\": {\n") || strings.Index(string(first), `"name": "a"`) > strings.Index(string(first), `"name": "z"`) {
		t.Errorf("not sorted:\n%s", first)
	}
}

func TestReadErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := Read(filepath.Join(dir, "none.lock")); err == nil || !strings.Contains(err.Error(), "create it with the lock command") {
		t.Errorf("missing: %v", err)
	}
	bad := filepath.Join(dir, "bad.lock")
	os.WriteFile(bad, []byte(`{"version": 1, "modles": {}}`), 0o644)
	if _, err := Read(bad); err == nil || !strings.Contains(err.Error(), `unknown field "modles"`) {
		t.Errorf("unknown field: %v", err)
	}
	os.WriteFile(bad, []byte(`{"version": 9, "models": {}}`), 0o644)
	if _, err := Read(bad); err == nil || !strings.Contains(err.Error(), "version 9 is not supported") {
		t.Errorf("version: %v", err)
	}
}

func TestCompare(t *testing.T) {
	m := Model{Code: provenance.Code{Revision: "abc", Schemas: map[string]string{"people": "sha256:s1"}},
		Inputs: []Input{{Name: "people", Location: "csv://p.csv", Fingerprint: "sha256:1"}, {Name: "towns", Location: "csv://t.csv", Fingerprint: "sha256:2"}}}
	drift := m.Compare([]provenance.Dataset{{Location: "csv://p.csv", Fingerprint: "sha256:1"}, {Location: "csv://t.csv", Fingerprint: "sha256:9"}})
	if len(drift) != 1 || drift[0].String() != "towns (csv://t.csv): locked sha256:2, now sha256:9" {
		t.Errorf("drift: %v", drift)
	}
	if d := m.CodeDrift(provenance.Code{Revision: "abc", Schemas: map[string]string{"people": "sha256:s1"}}); d != "" {
		t.Errorf("no code drift expected, got %q", d)
	}
	if d := m.CodeDrift(provenance.Code{Revision: "def", Dirty: true, Schemas: map[string]string{"people": "sha256:s2"}}); !strings.Contains(d, `revision "def", locked "abc"`) || !strings.Contains(d, "schema of people changed") {
		t.Errorf("code drift: %q", d)
	}
}

// TestRun turns a model's entry into the run verify -lock compares with,
// and refuses a model that is not locked or whose lock found no outputs.
func TestRun(t *testing.T) {
	f := &File{Models: map[string]Model{
		"m":     {Env: "prod", Code: provenance.Code{Revision: "abc"}, Outputs: []Input{{Name: "out", Location: "csv://o.csv", Fingerprint: "sha256:1"}}},
		"empty": {},
	}}
	r, err := f.Run("m")
	if err != nil {
		t.Fatal(err)
	}
	want := &provenance.Run{ID: FileName, Model: "m", Status: provenance.Succeeded, Env: "prod", Code: provenance.Code{Revision: "abc"},
		Outputs: []provenance.Dataset{{Name: "out", Location: "csv://o.csv", Fingerprint: "sha256:1"}}}
	if d := cmp.Diff(want, r); d != "" {
		t.Errorf("run (-want +got):\n%s", d)
	}
	if _, err := f.Run("nope"); err == nil || !strings.Contains(err.Error(), "no entry for model nope; lock it first") {
		t.Errorf("unknown model: %v", err)
	}
	if _, err := f.Run("empty"); err == nil || !strings.Contains(err.Error(), "records no outputs of model empty") {
		t.Errorf("no outputs: %v", err)
	}
}
