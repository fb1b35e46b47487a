package scaffold

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ayeaye-go/ayeaye/gen"
	"github.com/ayeaye-go/ayeaye/gen/render"
)

// TestModelCompiles writes every golden model case into a copy of the
// testdata project, made a module that uses this checkout, and checks
// with the go command that the models and tests compile (go vet) and that
// each scaffolded test fails saying its Build is not written yet: the
// scaffold is a starting point that builds and tells the user what to do.
//
// It is slow (the go command builds the runtime), so -short skips it.
func TestModelCompiles(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: builds the scaffolded models with the go command")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command on PATH")
	}
	root := copyProject(t)
	writeFile(t, filepath.Join(root, "go.mod"), "module example.com/shop\n\ngo 1.26\n\nreplace github.com/ayeaye-go/ayeaye => "+checkoutRoot(t)+"\n")
	res, problems := gen.Generate(root)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	if _, err := render.Write(res); err != nil {
		t.Fatal(err)
	}
	for _, tc := range modelCases {
		files, err := ModelFiles(root, tc.model)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if _, err := Write(root, files); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
	}
	goCmd := func(args ...string) (string, error) {
		cmd := exec.Command("go", args...)
		cmd.Dir, cmd.Env = root, goEnv()
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	if out, err := goCmd("mod", "tidy"); err != nil {
		t.Fatalf("go mod tidy: %v\n%s", err, out)
	}
	if out, err := goCmd("vet", "./..."); err != nil {
		t.Fatalf("the scaffolded models do not compile or vet: %v\n%s", err, out)
	}
	out, err := goCmd("test", "./models")
	if err == nil {
		t.Fatalf("the scaffolded tests pass, but Build is not written:\n%s", out)
	}
	for _, tc := range modelCases {
		typ := tc.typ
		want := "models." + typ + ".Build is not written yet; write it in models/" + tc.model.Name + ".go"
		if !strings.Contains(out, "--- FAIL: Test"+typ) || !strings.Contains(out, want) {
			t.Errorf("Test%s does not fail with %q:\n%s", typ, want, out)
		}
	}
}

// checkoutRoot finds this checkout of Aye-aye from the test's working
// directory.
func checkoutRoot(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	for {
		data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && modulePath(data) == AyeayeModule {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("cannot find the checkout of " + AyeayeModule + " above the working directory")
		}
		dir = parent
	}
}

// goEnv lets the go command add go.sum entries, outside any workspace.
func goEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GOFLAGS=") && !strings.HasPrefix(kv, "GOWORK=") && !strings.HasPrefix(kv, "AYEAYE_") {
			env = append(env, kv)
		}
	}
	return append(env, "GOFLAGS=-mod=mod", "GOWORK=off")
}
