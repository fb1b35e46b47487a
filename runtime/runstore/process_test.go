package runstore

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ayeaye-go/ayeaye/runtime/provenance"
)

// The tests re-execute their own binary to get other processes that use
// the store: childEnv selects what the child does.
const (
	childEnv    = "AYEAYE_RUNSTORE_CHILD" // "writer" or "hang"
	childDSN    = "AYEAYE_RUNSTORE_DSN"
	childPrefix = "AYEAYE_RUNSTORE_PREFIX"
	childRuns   = "AYEAYE_RUNSTORE_RUNS"
)

func TestMain(m *testing.M) {
	switch os.Getenv(childEnv) {
	case "":
		os.Exit(m.Run())
	case "writer":
		n, _ := strconv.Atoi(os.Getenv(childRuns))
		exitOn(writeRuns(context.Background(), os.Getenv(childDSN), os.Getenv(childPrefix), n))
	case "hang":
		exitOn(recordAndHang(os.Getenv(childDSN), os.Getenv(childPrefix)))
	default:
		fmt.Fprintf(os.Stderr, "unknown %s=%s\n", childEnv, os.Getenv(childEnv))
		os.Exit(2)
	}
}

func exitOn(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(0)
}

// writeRuns records n runs, each started and then finished, as a model
// does, with its own store.
func writeRuns(ctx context.Context, dsn, prefix string, n int) error {
	s, err := Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer s.Close()
	for i := range n {
		r := &provenance.Run{
			ID: fmt.Sprintf("%s-%04d", prefix, i), Model: prefix, Status: provenance.Running,
			Host: provenance.Hostname(), PID: os.Getpid(), Start: time.Now(),
			Inputs:  []provenance.Dataset{{Name: "in", Location: "csv://in.csv"}},
			Outputs: []provenance.Dataset{{Name: "out", Location: fmt.Sprintf("csv://out/%s-%04d.csv", prefix, i)}},
		}
		if err := s.Record(ctx, r); err != nil {
			return err
		}
		r.Status, r.End = provenance.Succeeded, time.Now()
		r.Outputs[0].Fingerprint, r.Outputs[0].Records = "sha256:"+r.ID, int64(i)
		if err := s.Record(ctx, r); err != nil {
			return err
		}
	}
	return nil
}

// recordAndHang records a running run, says so on stdout and waits to be
// killed.
func recordAndHang(dsn, id string) error {
	ctx := context.Background()
	s, err := Open(ctx, dsn)
	if err != nil {
		return err
	}
	r := &provenance.Run{ID: id, Model: "Slow", Status: provenance.Running,
		Host: provenance.Hostname(), PID: os.Getpid(), Start: time.Now()}
	if err := s.Record(ctx, r); err != nil {
		return err
	}
	fmt.Println("recorded")
	time.Sleep(time.Hour)
	return nil
}

// child starts the test binary in a child mode.
func child(t *testing.T, mode, dsn, prefix string, runs int) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+mode, childDSN+"="+dsn, childPrefix+"="+prefix, childRuns+"="+strconv.Itoa(runs))
	cmd.Stderr = os.Stderr
	return cmd
}

// Many goroutines with one store, and for SQLite two more processes with
// their own, write to one store at once; every record arrives whole.
func TestConcurrentWriters(t *testing.T) {
	const goroutines, processes, runs = 8, 2, 20
	forEachDialect(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := openStore(t, dsn)
		var cmds []*exec.Cmd
		if strings.HasPrefix(dsn, "sqlite:") {
			for p := range processes {
				cmd := child(t, "writer", dsn, fmt.Sprintf("proc%d", p), runs)
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				cmds = append(cmds, cmd)
			}
		}
		var wg sync.WaitGroup
		errs := make(chan error, goroutines+1)
		for g := range goroutines {
			wg.Go(func() { errs <- writeRunsWith(ctx, s, fmt.Sprintf("goro%d", g), runs) })
		}
		// Readers and the start-up sweep run meanwhile.
		wg.Go(func() {
			for range runs {
				if _, err := s.List(ctx, Filter{Limit: 10}); err != nil {
					errs <- err
					return
				}
				if _, err := s.MarkInterrupted(ctx); err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		})
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Error(err)
			}
		}
		for _, cmd := range cmds {
			if err := cmd.Wait(); err != nil {
				t.Errorf("writer process: %v", err)
			}
		}
		all, err := s.List(ctx, Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if want := (goroutines + len(cmds)) * runs; len(all) != want {
			t.Errorf("%d runs recorded, want %d", len(all), want)
		}
		for _, r := range all {
			if r.Status != provenance.Succeeded {
				t.Errorf("run %s: status %s", r.ID, r.Status)
			}
			got, err := s.Produced(ctx, r.Outputs[0].Location, "sha256:"+r.ID)
			if err != nil || len(got) != 1 || got[0].ID != r.ID {
				t.Errorf("Produced(%s) = %v, %v", r.Outputs[0].Location, ids(got), err)
			}
		}
	})
}

// writeRunsWith is writeRuns on a store shared with other goroutines.
func writeRunsWith(ctx context.Context, s Store, prefix string, n int) error {
	for i := range n {
		r := &provenance.Run{
			ID: fmt.Sprintf("%s-%04d", prefix, i), Model: prefix, Status: provenance.Running,
			Host: provenance.Hostname(), PID: os.Getpid(), Start: time.Now(),
			Outputs: []provenance.Dataset{{Name: "out", Location: fmt.Sprintf("csv://out/%s-%04d.csv", prefix, i)}},
		}
		if err := s.Record(ctx, r); err != nil {
			return err
		}
		r.Status, r.End = provenance.Succeeded, time.Now()
		r.Outputs[0].Fingerprint = "sha256:" + r.ID
		if err := s.Record(ctx, r); err != nil {
			return err
		}
	}
	return nil
}

// A program killed with SIGKILL mid-run leaves its run "running"; the
// next program to open the store marks it interrupted.
func TestKilledRunIsInterrupted(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		id := runID(77)
		cmd := child(t, "hang", dsn, id, 0)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		line, err := bufio.NewReader(out).ReadString('\n')
		if err != nil || line != "recorded\n" {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			t.Fatalf("child said %q, %v", line, err)
		}
		s := openStore(t, dsn)
		// While the child lives its run is left alone.
		if runs, err := s.MarkInterrupted(ctx); len(runs) != 0 || err != nil {
			t.Errorf("MarkInterrupted with the child alive = %d runs, %v; want 0", len(runs), err)
		}
		if err := cmd.Process.Signal(os.Kill); err != nil { // SIGKILL: no chance to record anything
			t.Fatal(err)
		}
		_ = cmd.Wait() // "signal: killed"
		if processAlive(cmd.Process.Pid, time.Now().Add(-time.Minute)) {
			t.Fatalf("process %d still alive after SIGKILL", cmd.Process.Pid)
		}
		next := openStore(t, dsn) // the next program
		if runs, err := next.MarkInterrupted(ctx); len(runs) != 1 || err != nil {
			t.Fatalf("MarkInterrupted = %d runs, %v; want 1", len(runs), err)
		}
		r, err := next.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != provenance.Interrupted || !strings.Contains(r.Error, fmt.Sprintf("pid %d", cmd.Process.Pid)) {
			t.Errorf("killed run: status %s, error %q", r.Status, r.Error)
		}
	})
}

func TestProcessAlive(t *testing.T) {
	now := time.Now()
	tests := []struct {
		name  string
		pid   int
		since time.Time
		want  bool
	}{
		{"this process", os.Getpid(), now, true},
		{"no start time", os.Getpid(), time.Time{}, true},
		{"zero", 0, now, false},
		{"negative", -1, now, false},
	}
	if runtime.GOOS == "linux" {
		// This PID, but the run began an hour before this process did:
		// the PID was reused.
		tests = append(tests, struct {
			name  string
			pid   int
			since time.Time
			want  bool
		}{"reused PID", os.Getpid(), now.Add(-time.Hour), false})
	}
	for _, tt := range tests {
		if got := processAlive(tt.pid, tt.since); got != tt.want {
			t.Errorf("%s: processAlive(%d, %v) = %v, want %v", tt.name, tt.pid, tt.since, got, tt.want)
		}
	}
}
