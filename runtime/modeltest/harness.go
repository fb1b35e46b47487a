package modeltest

import (
	"fmt"
	"log/slog"
	"reflect"
	"strings"
	"testing"

	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/storage"
)

// Harness runs models in one test. It wraps a runtime.Runner with its own
// in-memory store, a storage.Store closed when the test ends, and a logger
// writing to the test's output, so tests never share state and run logs
// appear only for failing (or -v) tests.
//
// Make one Harness per test or subtest; it is not safe for concurrent use.
type Harness struct {
	// TB is the test the harness reports to.
	TB testing.TB
	// Runner runs the models. Set its fields for what the helpers do not
	// cover: SkipBadRecords, or Env to let datasets without a fixture
	// resolve to their real locations.
	Runner *runtime.Runner
}

// New returns a harness for the test tb. No dataset has a fixture yet: a
// model's run fails the test until each of its datasets is given one
// (Fixture, FixtureFile, FixtureURL, Capture, CaptureFile) or Runner.Env
// is set, so a unit test cannot read or overwrite real data by accident.
func New(tb testing.TB) *Harness {
	tb.Helper()
	st := &storage.Store{}
	tb.Cleanup(func() {
		if err := st.Close(); err != nil {
			tb.Errorf("modeltest: closing the storage: %v", err)
		}
	})
	log := slog.New(slog.NewTextHandler(tb.Output(), &slog.HandlerOptions{
		// The test runner already orders and times the output.
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if len(groups) == 0 && a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		},
	}))
	return &Harness{TB: tb, Runner: &runtime.Runner{
		Overrides: map[string]string{},
		Mem:       runtime.NewMem(),
		Store:     st,
		Logger:    log,
	}}
}

// Run runs model m, failing the test (FailNow) if the run fails, and
// returns its report: records read and written per dataset in
// Report.Datasets, the model's runtime.Count statistics in Report.Stats.
func (h *Harness) Run(m runtime.Model) *runtime.Report {
	h.TB.Helper()
	rep, err := h.RunErr(m)
	if err != nil {
		h.TB.Fatalf("modeltest: running %s: %v", modelName(m), err)
	}
	return rep
}

// RunErr runs model m and returns the run's error instead of failing the
// test, for tests that inspect a failure. The report is non-nil whenever
// the datasets resolved. A dataset without a fixture still fails the test:
// that is a mistake in the test, not a result.
func (h *Harness) RunErr(m runtime.Model) (*runtime.Report, error) {
	h.TB.Helper()
	h.checkFixtures(m)
	return h.Runner.Run(h.TB.Context(), modelName(m), m)
}

// RunFails runs model m expecting it to fail, as a failing pre-build
// check or a bad input record should make it, and returns the error so
// the test can check what it says. A run that succeeds fails the test.
func (h *Harness) RunFails(m runtime.Model) error {
	h.TB.Helper()
	rep, err := h.RunErr(m)
	if err == nil {
		h.TB.Fatalf("modeltest: %s ran successfully, but the test expected it to fail (report: %s)", modelName(m), summary(rep))
	}
	return err
}

// Rejects returns the bad input records that runs with
// Runner.SkipBadRecords set aside, in the order they were met. The runtime
// keeps them in memory when a model's first output is captured in memory
// (or it has no output); a run whose rejects went to a file next to a file
// output fails the test here, with a hint.
func (h *Harness) Rejects() []runtime.Reject {
	h.TB.Helper()
	var out []runtime.Reject
	mem := h.mem()
	for _, name := range mem.Names() {
		if !strings.HasSuffix(name, ".rejects") {
			continue
		}
		recs, err := runtime.GetMem[runtime.Reject](mem, name)
		if err != nil {
			h.TB.Fatalf("modeltest: reading the rejects: %v", err)
		}
		out = append(out, recs...)
	}
	return out
}

// checkFixtures fails the test when a dataset of m has neither a fixture
// nor an environment to resolve its real location in.
func (h *Harness) checkFixtures(m runtime.Model) {
	h.TB.Helper()
	if h.Runner.Env != nil {
		return
	}
	ports, err := runtime.Describe(m)
	if err != nil {
		return // the run reports it, with the runtime's hint
	}
	var missing []string
	for _, p := range ports {
		if _, ok := h.Runner.Overrides[p.Dataset]; ok {
			continue
		}
		how := "modeltest.Fixture(h, <dataset>, records) or modeltest.FixtureFile(h, <dataset>, path)"
		if p.Direction == runtime.Write {
			how = "modeltest.Capture(h, <dataset>) or modeltest.CaptureFile(h, <dataset>, path)"
		}
		missing = append(missing, fmt.Sprintf("\t%s.%s (%s %q): give it one with %s", modelName(m), p.Field, p.Direction, p.Dataset, how))
	}
	if len(missing) > 0 {
		h.TB.Fatalf("modeltest: %s has datasets without a fixture, so the test would use their real locations:\n%s\n(set h.Runner.Env to run against an environment's locations on purpose)",
			modelName(m), strings.Join(missing, "\n"))
	}
}

// modelName names a run after the model's type: *models.PaintOrders is
// "PaintOrders".
func modelName(m runtime.Model) string {
	t := reflect.TypeOf(m)
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil || t.Name() == "" {
		return fmt.Sprintf("%T", m)
	}
	return t.Name()
}

// summary describes a report in one line for failure messages.
func summary(rep *runtime.Report) string {
	if rep == nil {
		return "none"
	}
	var parts []string
	for _, d := range rep.Datasets {
		parts = append(parts, fmt.Sprintf("%s %s %d records", d.Dataset, d.Direction, d.Records))
	}
	if rep.Rejected > 0 {
		parts = append(parts, fmt.Sprintf("%d rejected", rep.Rejected))
	}
	if len(parts) == 0 {
		return "no datasets"
	}
	return strings.Join(parts, ", ")
}
