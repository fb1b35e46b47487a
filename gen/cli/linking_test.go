package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Heavy packages a project links only when it asks for them: a CSV and
// JSON project links none.
var optIn = []string{
	"github.com/jackc/pgx", "github.com/go-sql-driver/mysql", "gocloud.dev",
	"google.golang.org/grpc", "github.com/nats-io", "go.opentelemetry.io",
}

// checkLinking holds a scaffolded project that reads CSV and writes JSON
// to the promise that complexity is proportional to the task: its
// datasets package pulls at most 40 packages outside the standard
// library, its binary is at most 15 MB, and no database driver, cloud SDK
// or NATS package is linked into it.
func checkLinking(t *testing.T, dir string, env []string) {
	t.Helper()
	goOut := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("go", args...)
		cmd.Dir, cmd.Env = dir, env
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go %s: %v", strings.Join(args, " "), err)
		}
		return string(out)
	}
	if n := len(nonStandard(goOut("list", "-deps", "./datasets"))); n > 40 {
		t.Errorf("the datasets package pulls %d non-standard packages, want at most 40:\n%s", n, strings.Join(nonStandard(goOut("list", "-deps", "./datasets")), "\n"))
	} else {
		t.Logf("datasets: %d non-standard packages", n)
	}
	for _, p := range nonStandard(goOut("list", "-deps", "./cmd/hello")) {
		for _, heavy := range optIn {
			if strings.HasPrefix(p, heavy) {
				t.Errorf("the binary links %s, which the project does not use", p)
			}
		}
	}
	bin := filepath.Join(t.TempDir(), "hello")
	goOut("build", "-o", bin, "./cmd/hello")
	st, err := os.Stat(bin)
	if err != nil {
		t.Fatal(err)
	}
	if mb := float64(st.Size()) / 1e6; mb > 15 {
		t.Errorf("the binary is %.1f MB, want at most 15 MB", mb)
	} else {
		t.Logf("binary: %.1f MB", mb)
	}
}

// nonStandard keeps the import paths of go list's output that are not in
// the standard library (their first element has a dot).
func nonStandard(list string) []string {
	var out []string
	for _, p := range strings.Fields(list) {
		if first, _, _ := strings.Cut(p, "/"); strings.Contains(first, ".") {
			out = append(out, p)
		}
	}
	return out
}

// checkDirStore: a project that links no SQL driver records its runs as
// JSON files in .ayeaye/runs, which the runs command reads; and it refuses
// to start that history beside a SQLite store the project already has.
func checkDirStore(t *testing.T, dir string, sh func(string) string) {
	t.Helper()
	runs, _ := filepath.Glob(filepath.Join(dir, ".ayeaye", "runs", "*.json"))
	if len(runs) == 0 {
		t.Fatalf("the run recorded nothing in .ayeaye/runs")
	}
	if out := sh("go run ./cmd/hello runs"); !strings.Contains(out, "cities") {
		t.Errorf("runs does not list the recorded run:\n%s", out)
	}
	if err := os.WriteFile(filepath.Join(dir, ".ayeaye", "runs.db"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	defer os.Remove(filepath.Join(dir, ".ayeaye", "runs.db"))
	cmd := exec.Command("go", "run", "./cmd/hello", "run", "-all")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "runtime/runstore/sqlite") {
		t.Errorf("a run beside an existing SQLite store should name the import to add; err %v:\n%s", err, out)
	}
}
