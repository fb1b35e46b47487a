//go:build unix

package faulttest_test

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// harness runs killprog in a project directory of its own: outputs under
// out/, the run store under .ayeaye/, the children's TMPDIR in tmp/.
type harness struct {
	t     *testing.T
	rng   *rand.Rand
	bin   string
	dir   string // the project directory: the children's working directory
	out   string // output_root
	tmp   string // the children's TMPDIR
	env   []string
	kinds []*kind
	dbs   []*database
	// reported are the leftovers already reported, so each is reported
	// once, by the kill after which it first appeared.
	reported map[string]bool
}

func newHarness(t *testing.T, rng *rand.Rand) *harness {
	dir := t.TempDir()
	h := &harness{t: t, rng: rng, bin: buildProgram(t), dir: dir, out: filepath.Join(dir, "out"), tmp: filepath.Join(dir, "tmp"), reported: map[string]bool{}}
	if err := os.MkdirAll(h.tmp, 0o755); err != nil {
		t.Fatal(err)
	}
	h.env = append(childEnv(), "TMPDIR="+h.tmp, "AYEAYE_VAR_OUTPUT_ROOT="+h.out)
	files := filepath.Join(h.out, "files")
	h.kinds = []*kind{
		{name: "csv", records: 500000, file: filepath.Join(files, "readings.csv")},
		{name: "ndjson", records: 400000, file: filepath.Join(files, "readings.ndjson")},
		{name: "parquet", records: 700000, file: filepath.Join(files, "readings.parquet")},
		{name: "append", records: 50000, file: filepath.Join(files, "appended.parquet")},
		{name: "parts", records: 500000, file: filepath.Join(files, "parts.csv")},
	}
	for _, db := range openDatabases(t, h) {
		h.dbs = append(h.dbs, db)
		h.kinds = append(h.kinds, &kind{name: db.model, records: db.records, db: db})
	}
	return h
}

// childEnv is the test's environment without what would change where
// the children write.
func childEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "AYEAYE_") || strings.HasPrefix(kv, "TMPDIR=") || strings.HasPrefix(kv, "KILLPROG_") {
			continue
		}
		env = append(env, kv)
	}
	return env
}

// start starts `run K` in a process group of its own.
func (h *harness) start(k *kind) (*exec.Cmd, *bytes.Buffer) {
	cmd := exec.Command(h.bin, "run", "-q", k.name)
	cmd.Dir = h.dir
	cmd.Env = append(h.env, "KILLPROG_RECORDS="+strconv.Itoa(k.records))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		h.t.Fatalf("starting killprog: %v", err)
	}
	return cmd, &stderr
}

// run runs k to the end.
func (h *harness) run(k *kind) (code int, stderr string, took time.Duration) {
	start := time.Now()
	cmd, errOut := h.start(k)
	err := cmd.Wait()
	took = time.Since(start)
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		return exit.ExitCode(), errOut.String(), took
	case err != nil:
		h.t.Fatalf("running killprog: %v", err)
	}
	return 0, errOut.String(), took
}

// killRun starts a run of k and kills its process group with SIGKILL at
// the kill point. It says whether the run was still under way, and
// whether the target appeared.
func (h *harness) killRun(k *kind, p killPoint) (landed bool, note string) {
	cmd, _ := h.start(k)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	if p.target != nil {
		if !h.waitForTarget(*p.target, done) {
			return false, "the run ended before " + p.target.name + " appeared"
		}
	}
	select {
	case err := <-done:
		done <- err
	case <-time.After(p.delay):
	}
	_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	err := <-done
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		if ws, ok := exit.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
			return true, "killed"
		}
	}
	return false, fmt.Sprintf("the run had ended (%v)", err)
}

// target is something a run makes only while it writes.
type target struct {
	name   string
	exists func() bool
}

// waitForTarget polls until t exists, or the run ends (then it reports
// false).
func (h *harness) waitForTarget(t target, done chan error) bool {
	for !t.exists() {
		select {
		case err := <-done:
			done <- err
			return false
		case <-time.After(time.Millisecond):
		}
	}
	return true
}

// targets are the moments a run of k is mid-write: its temporary output
// file exists, or a part, or a staging table.
func (h *harness) targets(k *kind) []target {
	if k.db != nil {
		return []target{{"a load into the " + k.db.model + " table", k.db.loading}}
	}
	dir, base := filepath.Split(k.file)
	temp := h.glob(dir, "."+base+".tmp-*")
	switch k.name {
	case "append": // the new file, or the copy of the old one Parquet reads through
		return []target{temp, h.glob(h.tmp, "*")}
	case "parts": // a part being written, or the output being joined
		return []target{temp, h.glob(dir, "."+base+".parts-*/.part-*.tmp-*")}
	}
	return []target{temp}
}

// glob is the target of a file matching pattern in dir.
func (h *harness) glob(dir, pattern string) target {
	rel, _ := filepath.Rel(h.dir, filepath.Join(dir, pattern))
	return target{rel, func() bool { return len(h.match(dir, pattern)) > 0 }}
}

func (h *harness) match(dir, pattern string) []string {
	m, err := filepath.Glob(filepath.Join(dir, pattern))
	if err != nil {
		h.t.Fatal(err)
	}
	return m
}
