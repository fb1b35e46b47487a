package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ayeaye-go/ayeaye/runtime/cli"
)

// TestRunAll runs the program as a user would, from the example
// directory, with the outputs and the run store moved to a temporary
// directory.
func TestRunAll(t *testing.T) {
	out := t.TempDir()
	p := program()
	p.Dir = "../.."
	var stdout, stderr bytes.Buffer
	code := cli.Main(p, []string{"run", "-all", "-q", "-var", "data_root=../../data", "-var", "output_root=" + out, "-store", "sqlite:" + filepath.Join(out, "runs.db")}, &stdout, &stderr)
	if code != cli.ExitOK {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout.String(), stderr.String())
	}
	for _, name := range []string{"colour_popularity.json", "paint_orders.ndjson", "paint_orders.ndjson.ayeaye.json"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Errorf("missing output: %v", err)
		}
	}
	if !strings.Contains(stdout.String(), "paint_orders: ok") {
		t.Errorf("summary:\n%s", stdout.String())
	}
	stdout.Reset()
	if code := cli.Main(p, []string{"runs", "-store", "sqlite:" + filepath.Join(out, "runs.db")}, &stdout, &stderr); code != cli.ExitOK || !strings.Contains(stdout.String(), "succeeded") {
		t.Errorf("runs: exit %d\n%s%s", code, stdout.String(), stderr.String())
	}
}
