package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ayeaye-go/ayeaye/gen/diag"
	"github.com/google/go-cmp/cmp"
)

// writeFiles creates files (slash paths relative to dir) with content;
// a path ending in "/" is a directory.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if strings.HasSuffix(name, "/") {
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"ayeaye.yaml": "version: 1\nformats: [json]\n", "bad.yaml": "version: 3\n"})

	c, diags := Load(filepath.Join(dir, "ayeaye.yaml"))
	if diags != nil {
		t.Fatal(diags)
	}
	if c.Dir != dir || c.File != filepath.Join(dir, "ayeaye.yaml") || c.Formats[0] != "json" {
		t.Errorf("Load = %+v", c)
	}

	_, diags = Load(filepath.Join(dir, "bad.yaml"))
	if len(diags) != 1 || diags[0].Pos != (diag.Pos{File: filepath.Join(dir, "bad.yaml"), Line: 1, Col: 10}) {
		t.Errorf("Load(bad.yaml) = %v", diags)
	}

	missing := filepath.Join(dir, "nope", "ayeaye.yaml")
	_, diags = Load(missing)
	want := missing + ": cannot read config: no such file or directory\n\thint: run `ayeaye-gen init` to create a project config"
	if diff := cmp.Diff(want, diags.Error()); diff != "" {
		t.Errorf("Load(missing) (-want +got):\n%s", diff)
	}

	_, diags = Load(dir)
	if len(diags) != 1 || !strings.Contains(diags[0].Message, "cannot read config") ||
		diags[0].Hint != "check the path and the file's permissions" {
		t.Errorf("Load(directory) = %v", diags)
	}
}

func TestFind(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"proj/ayeaye.yaml":            "version: 1\n",
		"proj/datasets/deep/":         "",
		"other/ayeaye.yml":            "version: 1\n",
		"other/sub/":                  "",
		"empty/":                      "",
		"proj/nested/ayeaye.yaml/x":   "a directory called ayeaye.yaml is not a config",
		"proj/nested/child/readme.md": "",
	})
	for _, start := range []string{"proj", "proj/datasets/deep", "proj/nested/child"} {
		got, err := Find(filepath.Join(dir, start))
		if err != nil || got != filepath.Join(dir, "proj", "ayeaye.yaml") {
			t.Errorf("Find(%s) = %q, %v", start, got, err)
		}
	}

	_, err := Find(filepath.Join(dir, "other", "sub"))
	yml := filepath.Join(dir, "other", "ayeaye.yml")
	want := "found " + yml + ", but the config file must be called ayeaye.yaml\n\thint: rename it to ayeaye.yaml"
	if err == nil || err.Error() != want {
		t.Errorf("Find(other/sub) error = %v, want %q", err, want)
	}

	// t.TempDir is under the system temp directory, which has no config
	// above it on a sane machine.
	if _, err := os.Stat(filepath.Join(os.TempDir(), FileName)); err == nil {
		t.Skip("the temp directory has an ayeaye.yaml")
	}
	empty := filepath.Join(dir, "empty")
	_, err = Find(empty)
	want = "no ayeaye.yaml in " + empty + " or any parent directory\n\thint: run `ayeaye-gen init` to create a project, or run ayeaye-gen inside one"
	if err == nil || err.Error() != want {
		t.Errorf("Find(empty) error = %v, want %q", err, want)
	}
}

func TestSchemaFiles(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"proj/schemas/orders.json":    "{}",
		"proj/schemas/customers.yaml": "{}",
		"proj/schemas/legacy.yml":     "{}",
		"proj/schemas/notes.txt":      "",
		"proj/schemas/dir.json/":      "",
		"proj/schemas/sub/a.json":     "{}",
		"shared/common.json":          "{}",
	})
	proj := filepath.Join(dir, "proj")
	tests := []struct {
		globs []string
		want  []string
	}{
		{DefaultSchemas(), []string{"schemas/customers.yaml", "schemas/legacy.yml", "schemas/orders.json"}},
		{[]string{"schemas/*.json", "schemas/o*.json", "schemas/*/*.json", "nothing/*.json"},
			[]string{"schemas/orders.json", "schemas/sub/a.json"}},
		{[]string{"../shared/*.json", "schemas/orders.json"}, []string{"../shared/common.json", "schemas/orders.json"}},
	}
	for _, tt := range tests {
		c := &Config{Schemas: tt.globs, Dir: proj, File: filepath.Join(proj, FileName)}
		got, err := c.SchemaFiles()
		if err != nil {
			t.Errorf("SchemaFiles(%q): %v", tt.globs, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("SchemaFiles(%q) (-want +got):\n%s", tt.globs, diff)
		}
	}
}

func TestSchemaFilesNoMatch(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"ayeaye.yaml": "version: 1\nformats: [csv]\nschemas: [\"in/*.json\", \"in/*.yaml\"]\n"})
	path := filepath.Join(dir, FileName)
	c, diags := Load(path)
	if diags != nil {
		t.Fatal(diags)
	}
	_, err := c.SchemaFiles()
	want := path + ":3:1: no schema files match in/*.json, in/*.yaml (relative to " + dir + ")" +
		"\n\thint: add a dataset schema such as schemas/orders.json, or fix the schemas globs in ayeaye.yaml"
	if err == nil || err.Error() != want {
		t.Errorf("SchemaFiles error = %v, want %q", err, want)
	}
	if _, ok := err.(diag.List); !ok {
		t.Errorf("SchemaFiles error is %T, want diag.List", err)
	}

	// A config built in code has no positions; the error names the file.
	c = &Config{Schemas: []string{"x/*.json"}, Dir: dir, File: path}
	if _, err := c.SchemaFiles(); err == nil || !strings.HasPrefix(err.Error(), path+": no schema files match x/*.json") {
		t.Errorf("SchemaFiles error = %v", err)
	}
	c = &Config{Schemas: []string{"["}, Dir: dir, File: path}
	if _, err := c.SchemaFiles(); err == nil || err.Error() != path+": schemas pattern \"[\": syntax error in pattern\n\thint: fix the pattern; see `go doc path.Match` for the syntax" {
		t.Errorf("SchemaFiles bad pattern error = %v", err)
	}
}
