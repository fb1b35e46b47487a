package cli

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// initProject runs init into a new directory and returns it.
func initProject(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "hello")
	if code, stdout, stderr := run(t, nil, "init", "-module", "example.com/hello", dir); code != ExitOK {
		t.Fatalf("init: exit %d\n%s%s", code, stdout, stderr)
	}
	return dir
}

func TestInitCommand(t *testing.T) {
	dir := initProject(t)
	for _, f := range []string{"go.mod", "ayeaye.yaml", "hello.go", "cmd/hello/main.go", "models/cities.go", "models/cities_test.go", "datasets/people.go", "README.md", "data/people.csv"} {
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(f))); err != nil {
			t.Errorf("init did not write %s: %v", f, err)
		}
	}
	gomod, _ := os.ReadFile(filepath.Join(dir, "go.mod"))
	if !strings.HasPrefix(string(gomod), "module example.com/hello\n") || strings.Contains(string(gomod), "\nrequire") {
		t.Errorf("go.mod of a development build names no version:\n%s", gomod)
	}

	code, stdout, stderr := run(t, nil, "init", dir)
	if code != ExitProblems || stdout != "" {
		t.Errorf("second init: exit %d, stdout %q", code, stdout)
	}
	for _, want := range []string{"ayeaye-gen init: 19 files already exist in " + dir + ":\n\t.gitignore\n\tREADME.md\n", "nothing was written", "hint: init a new or empty directory"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
}

func TestInitPinsReleasedVersion(t *testing.T) {
	a := &app{buildInfo: func() (*debug.BuildInfo, bool) {
		return &debug.BuildInfo{Main: debug.Module{Path: "example.com/user"}, Deps: []*debug.Module{{Path: modulePath, Version: "v0.4.0"}}}, true
	}, schemas: testSchemas}
	dir := filepath.Join(t.TempDir(), "x")
	if code, _, stderr := run(t, a, "init", dir); code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	gomod, _ := os.ReadFile(filepath.Join(dir, "go.mod"))
	if !strings.Contains(string(gomod), "\nrequire github.com/ayeaye-go/ayeaye v0.4.0\n") {
		t.Errorf("go.mod does not require the version ayeaye-gen was built from:\n%s", gomod)
	}
}

func TestScaffoldUsageErrors(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		code int
		want []string
	}{
		{[]string{"init"}, ExitUsage, []string{"ayeaye-gen init: missing argument\nusage: ayeaye-gen init [-module path] dir\n"}},
		{[]string{"init", "a", "b"}, ExitUsage, []string{`ayeaye-gen init: unexpected argument "b"`}},
		{[]string{"init", "-module", "a//b", filepath.Join(dir, "p")}, ExitUsage, []string{`module path "a//b" has an empty element`, "hint: a module path is"}},
		{[]string{"init", filepath.Join(dir, "名前")}, ExitUsage, []string{"cannot make a project name", "hint:"}},
		{[]string{"model", "-in", "a"}, ExitUsage, []string{"ayeaye-gen model: missing argument"}},
		{[]string{"model", "x", "-in", "a"}, ExitUsage, []string{"ayeaye-gen model: -out is missing"}},
		{[]string{"model", "x", "y", "-out", "a"}, ExitUsage, []string{`unexpected argument "y"`}},
		{[]string{"model", "x", "-out", "a,,b"}, ExitUsage, []string{`invalid value "a,,b" for flag -out: empty dataset name`}},
		{[]string{"model", "x", "-frob"}, ExitUsage, []string{"flag provided but not defined: -frob"}},
		{[]string{"model", "-C", dir, "x", "-out", "a"}, ExitProblems, []string{"no ayeaye.yaml in " + dir}},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			code, _, stderr := run(t, nil, tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d\n%s", code, tc.code, stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
		})
	}
}

func TestModelCommand(t *testing.T) {
	dir := initProject(t)
	// Flags before and after the name, and a repeated -in.
	code, stdout, stderr := run(t, nil, "model", "-C", dir, "-in", "people", "report", "-out", "cities")
	if code != ExitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	want := "wrote " + filepath.Join(dir, "models", "report.go") + "\nwrote " + filepath.Join(dir, "models", "report_test.go") + "\n"
	if !strings.HasPrefix(stdout, want) {
		t.Errorf("stdout does not start with %q:\n%s", want, stdout)
	}
	if !strings.Contains(stdout, `{Name: "report", New: func() runtime.Model { return models.NewReport() }, Doc: "..."},`) {
		t.Errorf("stdout does not say how to add the model:\n%s", stdout)
	}
	src, _ := os.ReadFile(filepath.Join(dir, "models", "report.go"))
	if !strings.Contains(string(src), "People: datasets.PeopleDataset.Input(),") {
		t.Errorf("models/report.go is not wired:\n%s", src)
	}

	// Again: refused, the files are the user's now.
	code, _, stderr = run(t, nil, "model", "-C", dir, "report", "-in", "people", "-out", "cities")
	if code != ExitProblems || !strings.Contains(stderr, "2 files already exist") || !strings.Contains(stderr, "hint: choose another model name") {
		t.Errorf("exit %d\n%s", code, stderr)
	}

	// A misspelt dataset.
	code, _, stderr = run(t, nil, "model", "-C", dir, "other", "-in", "peple", "-out", "cities")
	wantErr := "ayeaye-gen model: -in: no dataset \"peple\" in the project's schemas\n\thint: did you mean \"people\"? known datasets: cities, people\n"
	if code != ExitProblems {
		t.Errorf("exit %d", code)
	}
	if diff := cmp.Diff(wantErr, stderr); diff != "" {
		t.Errorf("stderr (-want +got):\n%s", diff)
	}

	// "--" ends the flags: what follows is the name even if it looks like one.
	code, _, stderr = run(t, nil, "model", "-C", dir, "-out", "cities", "--", "-x")
	if code != ExitProblems || !strings.Contains(stderr, `model name "-x"`) {
		t.Errorf("exit %d\n%s", code, stderr)
	}
}

func TestModelReportsSchemaProblems(t *testing.T) {
	dir := initProject(t)
	if err := os.WriteFile(filepath.Join(dir, "schemas", "bad.json"), []byte(`{"type": "object", "properties": {"x": {"type": "money"}}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := run(t, nil, "model", "-C", dir, "report", "-in", "people", "-out", "cities")
	if code != ExitProblems || !strings.Contains(stderr, "bad.json:") || !strings.Contains(stderr, "found; nothing was written") {
		t.Errorf("exit %d\n%s", code, stderr)
	}
}

func TestHelpListsScaffolds(t *testing.T) {
	_, stdout, _ := run(t, nil, "help")
	for _, want := range []string{"\tinit         create a new project that runs\n", "\tmodel        start a new model and its test\n"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("help lacks %q:\n%s", want, stdout)
		}
	}
	code, stdout, _ := run(t, nil, "help", "model")
	if code != ExitOK || !strings.Contains(stdout, "Usage: ayeaye-gen model [-C dir] name -in dataset[,dataset...] -out dataset[,dataset...]") || !strings.Contains(stdout, "-in datasets") {
		t.Errorf("help model: exit %d\n%s", code, stdout)
	}
}
