package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/ayeaye-go/ayeaye/schemas"
)

// TestInitEndToEnd is the promise of "ayeaye-gen init": a new project in
// which, right after go mod tidy,
//
//	go generate ./... && go test ./... && go run ./cmd/hello run -all
//
// passes. The project uses this checkout of Aye-aye through a replace
// directive. It then scaffolds a second model and checks that it
// compiles and that its test fails saying Build is not written yet.
//
// It is slow (the go command builds the project and ayeaye-gen), so
// -short skips it.
func TestInitEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: builds and runs a new project with the go command")
	}
	for _, tool := range []string{"go", "sh"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("no %s command on PATH", tool)
		}
	}
	checkout := checkoutRoot(t)
	dir := filepath.Join(t.TempDir(), "hello")
	a := &app{buildInfo: func() (*debug.BuildInfo, bool) { return nil, false }, schemas: schemas.FS}

	code, stdout, stderr := run(t, a, "init", "-module", "example.com/hello", dir)
	if code != ExitOK {
		t.Fatalf("init: exit %d\n%s%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "go run ./cmd/hello run -all") {
		t.Errorf("init does not say what to run next:\n%s", stdout)
	}
	appendFile(t, filepath.Join(dir, "go.mod"), "\nreplace github.com/ayeaye-go/ayeaye => "+checkout+"\n")

	env := testEnv()
	sh := func(script string) string {
		t.Helper()
		cmd := exec.Command("sh", "-c", script)
		cmd.Dir, cmd.Env = dir, env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", script, err, out)
		}
		return string(out)
	}
	sh("go mod tidy")
	out := sh("go generate ./... && go test ./... && go run ./cmd/hello run -all")
	t.Logf("%s", out)
	for _, want := range []string{"ok  \texample.com/hello/models", "cities: ok"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	got, err := os.ReadFile(filepath.Join(dir, "output", "cities.json"))
	if err != nil {
		t.Fatalf("the run wrote no output: %v", err)
	}
	for _, want := range []string{`"city": "Leeds"`, `"people": 3`} {
		if !strings.Contains(string(got), want) {
			t.Errorf("output/cities.json lacks %s:\n%s", want, got)
		}
	}

	checkLinking(t, dir, env)
	checkDirStore(t, dir, sh)

	// A second model, scaffolded into the running project.
	code, stdout, stderr = run(t, a, "model", "-C", dir, "report", "-in", "people", "-out", "cities")
	if code != ExitOK {
		t.Fatalf("model: exit %d\n%s%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "models.NewReport()") {
		t.Errorf("model does not say how to add the model to main.go:\n%s", stdout)
	}
	sh("go vet ./...")
	cmd := exec.Command("go", "test", "./models", "-run", "^TestReport$")
	cmd.Dir, cmd.Env = dir, env
	testOut, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(testOut), "models.Report.Build is not written yet; write it in models/report.go") {
		t.Errorf("the scaffolded test should fail saying Build is not written yet; err %v:\n%s", err, testOut)
	}
}

// checkoutRoot finds this checkout of Aye-aye from the test's working
// directory (the package directory).
func checkoutRoot(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	for {
		data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && strings.HasPrefix(string(data), "module github.com/ayeaye-go/ayeaye\n") {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("cannot find the checkout of github.com/ayeaye-go/ayeaye above the working directory")
		}
		dir = parent
	}
}

// testEnv is the process environment for the go command in the new
// project: module downloads allowed (go.sum starts empty), no workspace,
// and no AYEAYE_ variables from the developer's shell.
func testEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "AYEAYE_") || strings.HasPrefix(kv, "GOFLAGS=") || strings.HasPrefix(kv, "GOWORK=") {
			continue
		}
		env = append(env, kv)
	}
	return append(env, "GOFLAGS=-mod=mod", "GOWORK=off")
}

func appendFile(t *testing.T, p, s string) {
	t.Helper()
	f, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(s); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
