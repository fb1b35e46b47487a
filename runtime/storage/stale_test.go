package storage

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/ayeaye-go/ayeaye/runtime/engine"
	"github.com/ayeaye-go/ayeaye/runtime/internal/owner"
)

// deadTag is the owner tag of a process of this host that has ended.
func deadTag(t *testing.T) string {
	t.Helper()
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skipf("cannot start a process to outlive: %v", err)
	}
	return strings.TrimSuffix(owner.Tag(), "_"+strconv.Itoa(os.Getpid())) + "_" + strconv.Itoa(cmd.Process.Pid)
}

// TestRemoveStale: temporary files of a dead writer in an output's
// directory go when a file is first created there; those of a live writer,
// untagged ones and files that are not hidden stay.
func TestRemoveStale(t *testing.T) {
	dir := t.TempDir()
	dead := deadTag(t)
	stale := []string{".out.csv.tmp-" + dead + "-123", ".out.csv.ayeaye.json.tmp-" + dead + "-9", ".other.csv.tmp-" + dead + "-1"}
	keep := []string{".out.csv.tmp-" + owner.Tag() + "-5", "out.csv", ".out.csv.tmp-77", "x.tmp-" + dead + "-1"}
	for _, n := range append(stale, keep...) {
		if err := os.WriteFile(filepath.Join(dir, n), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	u, err := engine.Parse("csv://" + filepath.ToSlash(filepath.Join(dir, "out.csv")))
	if err != nil {
		t.Fatal(err)
	}
	w, err := Create(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Abort(); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	for _, n := range stale {
		if _, err := os.Stat(filepath.Join(dir, n)); err == nil {
			t.Errorf("%s is still there: %v", n, got)
		}
	}
	for _, n := range keep {
		if _, err := os.Stat(filepath.Join(dir, n)); err != nil {
			t.Errorf("%s was removed: %v", n, got)
		}
	}
	if n := RemoveStale(u); n != 0 {
		t.Errorf("RemoveStale removed %d more", n)
	}
}
