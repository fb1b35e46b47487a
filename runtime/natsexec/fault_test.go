//go:build unix

package natsexec_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/natsexec"
	"github.com/ayeaye-go/ayeaye/runtime/partition"
)

// The fault tests run the colour model over eight survey files on two
// worker processes, break something midway, and check that the output
// equals the serial executor's and that no partition was committed
// twice.

const faultFiles = 8

// faultRun is one distributed run of the colour model in this process,
// on worker processes.
type faultRun struct {
	dir     string
	cfg     natsexec.Config
	url     string // for the workers: the server and the settings
	logs    *logLines
	logDir  string
	workers *natsexec.Workers
	done    chan error
}

// startFault starts two workers whose partitions each take sleep, and
// the run, on the server at url.
func startFault(t *testing.T, url, token string, sleep time.Duration) *faultRun {
	t.Helper()
	f := &faultRun{dir: t.TempDir(), logs: &logLines{t: t, echo: os.Getenv("NATSEXEC_TEST_ECHO") != ""}, done: make(chan error, 1)}
	f.logDir = filepath.Join(f.dir, "logs")
	if err := os.MkdirAll(f.logDir, 0o755); err != nil {
		t.Fatal(err)
	}
	writeSurvey(t, f.dir, faultFiles, 300)
	f.cfg = testConfig(t, url, token)
	f.url = fmt.Sprintf("%s?namespace=%s&ack_wait=1s", url, f.cfg.Namespace)
	var err error
	f.workers, err = natsexec.Spawn(context.Background(), natsexec.SpawnOptions{N: 2, Output: f.logs,
		Command: workerCommand(f.url, token, sleepEnv+"="+sleep.String(), logDirEnv+"="+f.logDir)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(f.workers.Close)
	sets := overrides(f.dir, "out.json")
	e := open(t, f.cfg, natsexec.Options{Env: natsexec.Env{Sets: sets}, Workers: f.workers})
	go func() {
		r := &runtime.Runner{Overrides: sets, NoManifests: true}
		_, err := r.Run(partition.WithExecutor(context.Background(), e), "colour_count", newColourCount())
		f.done <- err
	}()
	return f
}

// wait waits for the run and checks its output and commits.
func (f *faultRun) wait(t *testing.T) {
	t.Helper()
	select {
	case err := <-f.done:
		if err != nil {
			t.Fatalf("the run failed: %v\nworkers:\n%s", err, f.logs)
		}
	case <-time.After(90 * time.Second):
		t.Fatalf("the run did not finish; workers:\n%s", f.logs)
	}
	checkRun(t, f.dir, f.logDir)
}

// checkRun compares the output with the serial executor's and counts the
// commits in the workers' log files.
func checkRun(t *testing.T, dir, logDir string) {
	t.Helper()
	got, err := os.ReadFile(filepath.Join(dir, "out.json"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(serialOutput(t, dir)), string(got)); diff != "" {
		t.Errorf("output (-serial +nats):\n%s", diff)
	}
	files, _ := filepath.Glob(filepath.Join(logDir, "*.log"))
	all := &logLines{t: t}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = all.Write(b)
	}
	commits := all.commits()
	if len(commits) != faultFiles {
		t.Errorf("%d partitions committed, want %d: %v", len(commits), faultFiles, commits)
	}
	for k, n := range commits {
		if n != 1 {
			t.Errorf("partition %s committed %d times", k, n)
		}
	}
}

// partitionOf is the partition a worker's log line names.
func partitionOf(t *testing.T, line string) string {
	t.Helper()
	var r logRecord
	if err := json.Unmarshal([]byte(line[strings.IndexByte(line, '{'):]), &r); err != nil {
		t.Fatalf("log line %q: %v", line, err)
	}
	return r.Partition
}

// forFaultServers runs a fault test on the embedded server and on the
// external one.
func forFaultServers(t *testing.T, f func(t *testing.T, url, token string)) {
	t.Run("embedded", func(t *testing.T) {
		t.Parallel()
		s := embedded(t)
		f(t, s.URL(), s.Token())
	})
	t.Run("external", func(t *testing.T) {
		t.Parallel()
		requireExternal(t)
		f(t, externalURL, "")
	})
}

// TestWorkerKilled: a worker killed with SIGKILL in the middle of a
// partition; the partition goes to another worker once its heartbeats
// stop, and the dead worker is replaced.
func TestWorkerKilled(t *testing.T) {
	forFaultServers(t, testWorkerKilled)
}

func testWorkerKilled(t *testing.T, url, token string) {
	f := startFault(t, url, token, 500*time.Millisecond)
	line := f.logs.waitFor(t, 30*time.Second, "worker 0: ", "building partition")
	pid := f.workers.PIDs()[0]
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	f.wait(t)
	key := partitionOf(t, line)
	builds := 0
	for _, r := range f.logs.records() {
		if r.Msg == "building partition" && r.Partition == key {
			builds++
		}
	}
	if builds < 2 {
		t.Errorf("partition %s, whose worker was killed, was built %d times", key, builds)
	}
}

// TestWorkerHangs: a worker that stops answering (SIGSTOP) in the middle
// of a partition; another builds it, and when the first wakes up its
// result is dropped instead of committed a second time.
func TestWorkerHangs(t *testing.T) {
	forFaultServers(t, testWorkerHangs)
}

func testWorkerHangs(t *testing.T, url, token string) {
	f := startFault(t, url, token, 400*time.Millisecond)
	line := f.logs.waitFor(t, 30*time.Second, "worker 0: ", "building partition")
	key := partitionOf(t, line)
	pid := f.workers.PIDs()[0]
	if err := syscall.Kill(pid, syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	keyJSON, _ := json.Marshal(key)
	f.logs.waitFor(t, 30*time.Second, "worker 1: ", "partition committed", string(keyJSON))
	if err := syscall.Kill(pid, syscall.SIGCONT); err != nil {
		t.Fatal(err)
	}
	f.wait(t)
	f.logs.waitFor(t, 10*time.Second, "worker 0: ", "dropped", string(keyJSON))
}

// TestServerRestart: the server stops in the middle of the run and comes
// back on the same address with its state; coordinator and workers
// reconnect and the run finishes.
func TestServerRestart(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	opts := natsexec.ServerOptions{Dir: dir, Port: port, Token: "restart-test-token"}
	srv, err := natsexec.StartServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	f := startFault(t, srv.URL(), srv.Token(), 300*time.Millisecond)
	f.logs.waitFor(t, 30*time.Second, "partition committed")
	srv.Close()
	if n := len(f.logs.commits()); n == faultFiles {
		t.Fatalf("all partitions were committed before the server stopped; the test needs some left")
	}
	time.Sleep(time.Second)
	if srv, err = natsexec.StartServer(opts); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	f.wait(t)
}

// TestCoordinatorKilled: the coordinator process (with its embedded
// server and local workers) is killed with SIGKILL in the middle of the
// run and started again: it resumes, keeping the partitions already
// committed.
func TestCoordinatorKilled(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	logDir := filepath.Join(dir, "logs")
	if err := os.MkdirAll(logDir, 0o755); err != nil {
		t.Fatal(err)
	}
	writeSurvey(t, dir, faultFiles, 300)
	coordinator := func() (*exec.Cmd, *logLines) {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), roleEnv+"=coordinator", dirEnv+"="+dir, workersEnv+"=2", sleepEnv+"=400ms", logDirEnv+"="+logDir)
		logs := &logLines{t: t, echo: os.Getenv("NATSEXEC_TEST_ECHO") != ""}
		cmd.Stderr = logs
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd, logs
	}
	first, logs := coordinator()
	deadline := time.Now().Add(30 * time.Second)
	for len(logs.commits()) < 3 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if err := first.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = first.Wait()
	if n := len(logs.commits()); n < 3 || n == faultFiles {
		t.Fatalf("%d partitions committed before the kill; the test needs some but not all\n%s", n, logs)
	}
	second, logs2 := coordinator()
	done := make(chan error, 1)
	go func() { done <- second.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("the restarted coordinator failed: %v\n%s", err, logs2)
		}
	case <-time.After(90 * time.Second):
		_ = second.Process.Kill()
		t.Fatalf("the restarted coordinator did not finish\n%s", logs2)
	}
	line := logs2.waitFor(t, time.Second, "resuming a distributed run")
	if !strings.Contains(line, "partitions_done=") || strings.Contains(line, "partitions_done=0 ") {
		t.Errorf("the restarted coordinator resumed nothing: %s", line)
	}
	checkRun(t, dir, logDir)
	if b, err := os.ReadFile(filepath.Join(dir, "out.json")); err != nil || !bytes.Contains(b, []byte(`"colour"`)) {
		t.Errorf("output %s, %v", b, err)
	}
}
