package modeltest_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	goruntime "runtime"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ayeaye-go/ayeaye/example/datasets"
	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/modeltest"
	"github.com/ayeaye-go/ayeaye/runtime/value"
)

// orders turns each answer into a paint order of one 2.5 litre tin.
type orders struct {
	Answers runtime.Input[datasets.FavouriteColour]
	Orders  runtime.Output[datasets.PaintOrder]
	fail    error
}

func newOrders() *orders {
	return &orders{Answers: datasets.FavouriteColoursDataset.Input(), Orders: datasets.PaintOrdersDataset.Output()}
}

func (m *orders) Build(ctx context.Context) error {
	for a, err := range m.Answers.All() {
		if err != nil {
			return err
		}
		runtime.Count(ctx, "answers", 1)
		o := datasets.PaintOrder{Colour: a.Colour, Tins: 1, Litres: value.NewDecimal(250, 2), Priority: datasets.PaintOrderPriorityNormal}
		if err := m.Orders.Write(&o); err != nil {
			return err
		}
	}
	return m.fail
}

// copied is a second dataset of favourite colours, so that a copy model
// can read one location and write another.
var copied = renamed(datasets.FavouriteColoursDataset, "copied")

// renamed is dataset d under another name: the same records, schema and
// codecs, so that a manifest written for one is readable as the other.
func renamed[T any](d *runtime.Dataset[T], name string) *runtime.Dataset[T] {
	c := *d
	c.Name, c.EngineURL = name, ""
	return &c
}

type copyModel struct {
	In  runtime.Input[datasets.FavouriteColour]
	Out runtime.Output[datasets.FavouriteColour]
}

func (m *copyModel) Build(ctx context.Context) error {
	for rec, err := range m.In.All() {
		if err != nil {
			return err
		}
		if err := m.Out.Write(&rec); err != nil {
			return err
		}
	}
	return nil
}

func newCopy() *copyModel {
	return &copyModel{In: datasets.FavouriteColoursDataset.Input(), Out: copied.Output()}
}

func answers() []datasets.FavouriteColour {
	return []datasets.FavouriteColour{
		{PersonID: 1, Name: "Ada", Colour: "blue", SurveyedOn: value.Date{Year: 2026, Month: 3, Day: 1}, Certainty: value.Some(0.9)},
		{PersonID: 2, Name: "Brian, Jr.", Colour: "green", SurveyedOn: value.Date{Year: 2026, Month: 3, Day: 1}},
	}
}

func TestFixtureCaptureExpect(t *testing.T) {
	h := modeltest.New(t)
	modeltest.Fixture(h, datasets.FavouriteColoursDataset, answers())
	modeltest.Capture(h, datasets.PaintOrdersDataset)
	rep := h.Run(newOrders())

	// 2.5 equals the 2.50 written: decimals compare by value.
	modeltest.Expect(h, datasets.PaintOrdersDataset, []datasets.PaintOrder{
		{Colour: "blue", Tins: 1, Litres: value.MustParseDecimal("2.5"), Priority: "normal"},
		{Colour: "green", Tins: 1, Litres: value.MustParseDecimal("2.5"), Priority: "normal"},
	})
	if diff := cmp.Diff(map[string]int64{"answers": 2}, rep.Stats); diff != "" {
		t.Errorf("stats (-want +got):\n%s", diff)
	}
	got := modeltest.Records(h, datasets.PaintOrdersDataset)
	if len(got) != 2 || got[1].Colour != "green" {
		t.Errorf("Records = %v", got)
	}
}

func TestFixtureIsACopy(t *testing.T) {
	h := modeltest.New(t)
	recs := answers()
	modeltest.Fixture(h, datasets.FavouriteColoursDataset, recs)
	recs[0].Colour = "changed after the fixture was made"
	modeltest.Capture(h, copied)
	h.Run(newCopy())
	modeltest.Expect(h, copied, answers())
}

func TestEmptyFixture(t *testing.T) {
	h := modeltest.New(t)
	modeltest.Fixture[datasets.FavouriteColour](h, datasets.FavouriteColoursDataset, nil)
	modeltest.Capture(h, datasets.PaintOrdersDataset)
	h.Run(newOrders())
	modeltest.Expect(h, datasets.PaintOrdersDataset, nil) // nil equals the empty output
}

// TestFileRoundTrip writes answers through every format and compression
// FixtureFile and CaptureFile know, then reads them back with both
// Records and a second model.
func TestFileRoundTrip(t *testing.T) {
	for _, name := range []string{"a.csv", "a.tsv", "a.json", "a.ndjson", "a.jsonl", "a.CSV", "a.csv.gz", "a.ndjson.zst", "{braces}.csv"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), name)
			h := modeltest.New(t)
			modeltest.Fixture(h, datasets.FavouriteColoursDataset, answers())
			modeltest.CaptureFile(h, copied, path)
			rep := h.Run(newCopy())
			if rep.Datasets[1].Bytes == 0 {
				t.Errorf("nothing written to %s: %+v", path, rep.Datasets[1])
			}
			modeltest.Expect(h, copied, answers())

			h2 := modeltest.New(t)
			modeltest.FixtureFile(h2, datasets.FavouriteColoursDataset, path)
			modeltest.Capture(h2, copied)
			h2.Run(newCopy())
			modeltest.Expect(h2, copied, answers())
		})
	}
}

func TestFixtureFileWildcard(t *testing.T) {
	dir := t.TempDir()
	const header = "person_id,name,colour,surveyed_on,certainty\n"
	for name, row := range map[string]string{
		"part-1.csv": `1,Ada,blue,2026-03-01,0.9`,
		"part-2.csv": `2,"Brian, Jr.",green,2026-03-01,`,
		"other.csv":  `3,Chiara,red,2026-03-01,`,
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(header+row+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	h := modeltest.New(t)
	modeltest.FixtureFile(h, datasets.FavouriteColoursDataset, filepath.Join(dir, "part-*.csv"))
	modeltest.Capture(h, copied)
	h.Run(newCopy())
	modeltest.Expect(h, copied, answers())
}

func TestFixtureURL(t *testing.T) {
	path := filepath.Join(t.TempDir(), "piped.txt")
	h := modeltest.New(t)
	modeltest.Fixture(h, datasets.FavouriteColoursDataset, answers())
	modeltest.FixtureURL(h, copied, "csv://"+filepath.ToSlash(path)+";delimiter=pipe")
	h.Run(newCopy())
	modeltest.Expect(h, copied, answers())
}

// TestPipeline runs two models on one harness: the first's captured output
// is the second's input.
func TestPipeline(t *testing.T) {
	h := modeltest.New(t)
	modeltest.Fixture(h, datasets.FavouriteColoursDataset, answers())
	modeltest.Capture(h, copied)
	h.Run(newCopy())
	second := &orders{Answers: copied.Input(), Orders: datasets.PaintOrdersDataset.Output()}
	modeltest.Capture(h, datasets.PaintOrdersDataset)
	h.Run(second)
	if got := len(modeltest.Records(h, datasets.PaintOrdersDataset)); got != 2 {
		t.Errorf("got %d paint orders, want 2", got)
	}
}

func TestRunFails(t *testing.T) {
	h := modeltest.New(t)
	modeltest.Fixture(h, datasets.FavouriteColoursDataset, answers())
	modeltest.Capture(h, datasets.PaintOrdersDataset)
	m := newOrders()
	m.fail = errors.New("out of paint")
	err := h.RunFails(m)
	if !strings.Contains(err.Error(), "out of paint") {
		t.Errorf("error %q does not say why", err)
	}
	if _, err := h.RunErr(m); err == nil {
		t.Error("RunErr: no error")
	}
}

func TestBadRecords(t *testing.T) {
	h := modeltest.New(t)
	modeltest.FixtureFile(h, datasets.FavouriteColoursDataset, "testdata/bad_colours.csv")
	modeltest.Capture(h, datasets.PaintOrdersDataset)
	err := h.RunFails(newOrders())
	if !strings.Contains(err.Error(), "bad_colours.csv:3:") {
		t.Errorf("error %q does not name the file and line", err)
	}

	h.Runner.SkipBadRecords = true
	rep := h.Run(newOrders())
	if rep.Rejected != 2 {
		t.Errorf("Rejected = %d, want 2", rep.Rejected)
	}
	var lines []string
	for _, r := range h.Rejects() {
		lines = append(lines, fmt.Sprintf("%s:%d %s", r.Dataset, r.Line, r.Field))
	}
	want := []string{"favourite_colours:3 surveyed_on", "favourite_colours:4 certainty"}
	if diff := cmp.Diff(want, lines); diff != "" {
		t.Errorf("rejects (-want +got):\n%s", diff)
	}
	if got := len(modeltest.Records(h, datasets.PaintOrdersDataset)); got != 2 {
		t.Errorf("%d orders from the good records, want 2", got)
	}
}

func TestLogsGoToTheTest(t *testing.T) {
	rec := &recorder{TB: t}
	rec.do(func() {
		h := modeltest.New(rec)
		modeltest.Fixture(h, datasets.FavouriteColoursDataset, answers())
		modeltest.Capture(h, datasets.PaintOrdersDataset)
		h.Run(newOrders())
	})
	if rec.failed() {
		t.Fatalf("run failed: %v %v", rec.errors, rec.fatal)
	}
	if out := rec.out.String(); !strings.Contains(out, `msg="run succeeded" model=orders`) {
		t.Errorf("log output %q lacks the run's events", out)
	}
}

// TestHelpersFailTheTest checks every way a helper reports a mistake, with
// a recorder in place of the test.
func TestHelpersFailTheTest(t *testing.T) {
	for _, tc := range []struct {
		name      string
		do        func(h *modeltest.Harness)
		wantFatal []string // substrings of the Fatalf message
		wantError []string // substrings of the Errorf messages
	}{{
		name: "missing fixtures",
		do:   func(h *modeltest.Harness) { h.Run(newOrders()) },
		wantFatal: []string{
			`orders.Answers (input "favourite_colours"): give it one with modeltest.Fixture(`,
			`orders.Orders (output "paint_orders"): give it one with modeltest.Capture(`,
			"set h.Runner.Env",
		},
	}, {
		name: "one fixture missing",
		do: func(h *modeltest.Harness) {
			modeltest.Capture(h, datasets.PaintOrdersDataset)
			h.RunErr(newOrders())
		},
		wantFatal: []string{`orders.Answers (input "favourite_colours")`},
	}, {
		name: "run fails",
		do: func(h *modeltest.Harness) {
			modeltest.FixtureFile(h, datasets.FavouriteColoursDataset, "testdata/bad_colours.csv")
			modeltest.Capture(h, datasets.PaintOrdersDataset)
			h.Run(newOrders())
		},
		wantFatal: []string{"modeltest: running orders: model orders: ", "bad_colours.csv:3:"},
	}, {
		name: "run succeeds unexpectedly",
		do: func(h *modeltest.Harness) {
			modeltest.Fixture(h, datasets.FavouriteColoursDataset, answers())
			modeltest.Capture(h, datasets.PaintOrdersDataset)
			h.RunFails(newOrders())
		},
		wantFatal: []string{"orders ran successfully, but the test expected it to fail", "paint_orders output 2 records"},
	}, {
		name: "expect mismatch",
		do: func(h *modeltest.Harness) {
			modeltest.Fixture(h, datasets.FavouriteColoursDataset, answers())
			modeltest.Capture(h, datasets.PaintOrdersDataset)
			h.Run(newOrders())
			modeltest.Expect(h, datasets.PaintOrdersDataset, []datasets.PaintOrder{
				{Colour: "blue", Tins: 1, Litres: value.MustParseDecimal("3"), Priority: "normal"},
				{Colour: "green", Tins: 1, Litres: value.MustParseDecimal("2.5"), Priority: "normal"},
			})
		},
		wantError: []string{"dataset paint_orders (mem://paint_orders) does not hold the expected records (-want +got)", "Litres", "3", "2.50"},
	}, {
		name: "expect with too few records",
		do: func(h *modeltest.Harness) {
			modeltest.Fixture(h, datasets.FavouriteColoursDataset, answers())
			modeltest.Capture(h, datasets.PaintOrdersDataset)
			h.Run(newOrders())
			modeltest.Expect(h, datasets.PaintOrdersDataset, nil)
		},
		wantError: []string{`-want +got`, `{Colour: "blue", Tins: 1, Litres: s"2.50"`},
	}, {
		name: "records before the run",
		do: func(h *modeltest.Harness) {
			modeltest.Capture(h, datasets.PaintOrdersDataset)
			modeltest.Records(h, datasets.PaintOrdersDataset)
		},
		wantFatal: []string{"reading dataset paint_orders", "mem://paint_orders: no such in-memory dataset", "only after a successful run"},
	}, {
		name: "missing file",
		do: func(h *modeltest.Harness) {
			modeltest.FixtureFile(h, datasets.FavouriteColoursDataset, "testdata/nope.csv")
		},
		wantFatal: []string{"FixtureFile(favourite_colours)", "nope.csv", "relative to the test's package directory"},
	}, {
		name: "wildcard matches nothing",
		do: func(h *modeltest.Harness) {
			modeltest.FixtureFile(h, datasets.FavouriteColoursDataset, "testdata/nope-*.csv")
		},
		wantFatal: []string{`no file matches "testdata/nope-*.csv"`},
	}, {
		name:      "unknown extension",
		do:        func(h *modeltest.Harness) { modeltest.CaptureFile(h, datasets.PaintOrdersDataset, "out/orders.xlsx") },
		wantFatal: []string{`CaptureFile(paint_orders): cannot tell the format of "out/orders.xlsx" from its extension ".xlsx"`, "FixtureURL"},
	}, {
		name:      "semicolon",
		do:        func(h *modeltest.Harness) { modeltest.CaptureFile(h, datasets.PaintOrdersDataset, "out/a;b.csv") },
		wantFatal: []string{`holds ';'`},
	}, {
		name:      "wildcard output",
		do:        func(h *modeltest.Harness) { modeltest.CaptureFile(h, datasets.PaintOrdersDataset, "out/*.csv") },
		wantFatal: []string{"holds a wildcard character", "which an output cannot"},
	}, {
		name: "bad engine URL",
		do: func(h *modeltest.Harness) {
			modeltest.FixtureURL(h, datasets.PaintOrdersDataset, "csv://x.csv;delimeter=tab")
		},
		wantFatal: []string{"FixtureURL(paint_orders)", `unknown option "delimeter"`},
	}, {
		name:      "nil dataset",
		do:        func(h *modeltest.Harness) { modeltest.Capture[datasets.PaintOrder](h, nil) },
		wantFatal: []string{"modeltest.Capture: the dataset is nil"},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recorder{TB: t}
			rec.do(func() { tc.do(modeltest.New(rec)) })
			t.Logf("fatal: %s\nerrors: %q", rec.fatal, rec.errors)
			if (tc.wantFatal != nil) != (rec.fatal != "") {
				t.Fatalf("fatal = %q, want one containing %q", rec.fatal, tc.wantFatal)
			}
			for _, w := range tc.wantFatal {
				if !strings.Contains(rec.fatal, w) {
					t.Errorf("fatal %q lacks %q", rec.fatal, w)
				}
			}
			all := strings.Join(rec.errors, "\n")
			if (tc.wantError != nil) != (all != "") {
				t.Fatalf("errors = %q, want ones containing %q", all, tc.wantError)
			}
			for _, w := range tc.wantError {
				if !strings.Contains(all, w) {
					t.Errorf("errors %q lack %q", all, w)
				}
			}
		})
	}
}

// recorder stands in for a test to check what helpers report. Fatal
// stops the helper's goroutine as testing.T's does.
type recorder struct {
	testing.TB
	mu     sync.Mutex
	errors []string
	fatal  string
	out    bytes.Buffer
}

func (r *recorder) Helper()           {}
func (r *recorder) Output() io.Writer { return &r.out }

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.mu.Lock()
	r.fatal = fmt.Sprintf(format, args...)
	r.mu.Unlock()
	goruntime.Goexit() // as testing.T.FailNow does
}

func (r *recorder) failed() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.fatal != "" || len(r.errors) > 0
}

// do runs f in a goroutine of its own, so a Fatalf can end it.
func (r *recorder) do(f func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	<-done
}
