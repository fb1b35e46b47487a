//go:build unix

package faulttest_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// kind is one of killprog's models and its output.
type kind struct {
	name    string
	records int    // records a run writes
	file    string // the output file; "" for a table
	db      *database
	// expected is what the output holds now: the digest of its bytes or
	// rows, and, for the appending model, how many runs' records.
	digest  string
	batches int
	typical time.Duration // how long its last whole run took
	kills   int           // kills so far
}

// killPoint says when a run is killed: after a random time, or as soon
// as (plus a little) one of the files or tables it makes while writing
// appears.
// The delay is drawn as a fraction of the kind's run time, so that a
// seed replays the same points in the runs even when the machine is
// slower or faster.
type killPoint struct {
	target *target // nil: kill after delay
	frac   float64 // of a run's time (a third of it after a target)
	delay  time.Duration
}

func (p killPoint) String() string {
	d := p.delay.Round(time.Microsecond)
	if p.target != nil {
		return fmt.Sprintf("%v (%.0f%% of a third of a run) after %s appeared", d, 100*p.frac, p.target.name)
	}
	return fmt.Sprintf("after %v (%.0f%% of a run)", d, 100*p.frac)
}

// TestKill9 kills runs of every kind of output with SIGKILL and checks
// that nothing is lost and nothing is left (see the package doc).
func TestKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("the kill -9 harness runs a hundred program runs; skipped with -short")
	}
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("KILLTEST_SEED"); s != "" {
		var err error
		if seed, err = strconv.ParseUint(s, 10, 64); err != nil {
			t.Fatalf("KILLTEST_SEED=%q: give a number", s)
		}
	}
	t.Logf("seed %d (replay with KILLTEST_SEED=%d)", seed, seed)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("failed with seed %d: replay with KILLTEST_SEED=%d go test -run TestKill9 ./runtime/internal/faulttest", seed, seed)
		}
	})
	h := newHarness(t, rand.New(rand.NewPCG(seed, seed>>1|1)))
	for _, k := range h.kinds {
		h.cleanRun(k)
	}
	kills := 56
	if s := os.Getenv("KILLTEST_KILLS"); s != "" {
		var err error
		if kills, err = strconv.Atoi(s); err != nil || kills < 1 {
			t.Fatalf("KILLTEST_KILLS=%q: give a number of kills, at least 1", s)
		}
	}
	schedule := h.schedule(kills)
	landed := 0
	for i, k := range schedule {
		if h.killAndRecover(i, k) {
			landed++
		}
	}
	t.Logf("%d kills, %d of them while the run was still under way", len(schedule), landed)
	if leftovers := h.reported; len(leftovers) > 0 {
		t.Logf("left behind over the whole test:\n%s", sortedLines(leftovers))
	}
}

// schedule spreads n kills over the kinds, half of each kind's kills
// targeted, in a random order.
func (h *harness) schedule(n int) []*kind {
	per := (n + len(h.kinds) - 1) / len(h.kinds)
	var out []*kind
	for _, k := range h.kinds {
		for range per {
			out = append(out, k)
		}
	}
	h.rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// killAndRecover kills one run of k, checks its previous output, runs it
// again to the end and checks that nothing was left. It reports whether
// the kill caught the run under way.
func (h *harness) killAndRecover(i int, k *kind) bool {
	t := h.t
	point := h.pickPoint(k)
	what := fmt.Sprintf("kill %d (%s, %s)", i+1, k.name, point)
	landed, note := h.killRun(k, point)
	t.Logf("%s: %s", what, note)
	h.checkPrevious(what, k)
	if code, stderr, took := h.run(k); code != 0 {
		t.Errorf("%s: the next run failed with exit %d:\n%s", what, code, stderr)
		h.resync(k)
	} else {
		k.typical = took
		h.checkAfterRun(what, k)
		h.checkNoneRunning(what, k)
	}
	h.checkLeftovers(what)
	return landed
}

// pickPoint alternates random and targeted kill points for each kind.
func (h *harness) pickPoint(k *kind) killPoint {
	k.kills++
	frac := h.rng.Float64()
	if k.kills%2 == 1 {
		return killPoint{frac: frac, delay: time.Duration(frac * float64(k.typical))}
	}
	targets := h.targets(k)
	return killPoint{target: &targets[h.rng.IntN(len(targets))], frac: frac, delay: time.Duration(frac * float64(k.typical) / 3)}
}

// checkNoneRunning checks that the run store holds no run of k still
// running: the next run marked the killed one interrupted.
func (h *harness) checkNoneRunning(what string, k *kind) {
	cmd := exec.Command(h.bin, "runs", "-n", "5", "-model", k.name)
	cmd.Dir, cmd.Env = h.dir, h.env
	out, err := cmd.CombinedOutput()
	if err != nil {
		h.t.Errorf("%s: killprog runs: %v\n%s", what, err, out)
		return
	}
	for _, line := range strings.Split(string(out), "\n") {
		if f := strings.Fields(line); len(f) > 2 && f[2] == "running" {
			h.t.Errorf("%s: after the next run the store still has a run left running:\n%s", what, out)
			return
		}
	}
}

// cleanRun runs k to the end to make its previous output, and learns how
// long a run takes.
func (h *harness) cleanRun(k *kind) {
	code, stderr, took := h.run(k)
	if code != 0 {
		h.t.Fatalf("the first run of %s failed with exit %d:\n%s", k.name, code, stderr)
	}
	k.typical = took
	h.resync(k)
	if strings.HasPrefix(k.digest, "unreadable") {
		h.t.Fatalf("after the first run of %s its output is %s", k.name, k.digest)
	}
	h.t.Logf("%s: %d records in %v; output %s", k.name, k.records, took.Round(time.Millisecond), k.digest)
}

// buildProgram builds killprog once for the whole test.
func buildProgram(t *testing.T) string {
	bin := filepath.Join(t.TempDir(), "killprog")
	start := time.Now()
	out, err := exec.Command("go", "build", "-o", bin, "./killprog").CombinedOutput()
	if err != nil {
		t.Fatalf("go build ./killprog: %v\n%s", err, out)
	}
	t.Logf("built killprog in %v", time.Since(start).Round(time.Millisecond))
	return bin
}
