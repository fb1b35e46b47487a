package cli_test

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ayeaye-go/ayeaye/runtime/provenance"
	"github.com/ayeaye-go/ayeaye/runtime/runstore"

	// The tests use SQLite, the store of most projects; a program that
	// links no SQL driver records runs in a directory (gen/cli's
	// TestInitEndToEnd runs one).
	_ "github.com/ayeaye-go/ayeaye/runtime/runstore/sqlite"
)

// storePath is where the project's default run store is.
func (p *project) storePath() string { return filepath.Join(p.dir, ".ayeaye", "runs.db") }

// runIDs lists the IDs `runs` shows, newest first, by model.
func (p *project) listed(t *testing.T, args ...string) (ids []string, models []string) {
	t.Helper()
	out := p.mustRun(t, append([]string{"runs"}, args...)...)
	for _, line := range strings.Split(strings.TrimSpace(out), "\n")[1:] {
		f := strings.Fields(line)
		ids, models = append(ids, f[0]), append(models, f[1])
	}
	return ids, models
}

// TestRunsRecorded runs models and reads their records back with runs.
func TestRunsRecorded(t *testing.T) {
	p := newProject(t)
	p.mustRun(t, "run", "-q", "popularity", "orders")
	if _, err := os.Stat(p.storePath()); err != nil {
		t.Fatalf("the default run store was not created: %v", err)
	}
	out := p.mustRun(t, "runs")
	if !regexp.MustCompile(`(?m)^ID +MODEL +STATUS +START +DURATION +RECORDS\n[0-9a-f-]{8,} +orders +succeeded +\d{4}-.* 5 in, 5 out\n[0-9a-f-]{8,} +popularity +succeeded .* 12 in, 5 out\n$`).MatchString(out) {
		t.Errorf("runs:\n%s", out)
	}
	ids, models := p.listed(t, "-model", "popularity")
	if len(ids) != 1 || models[0] != "popularity" {
		t.Fatalf("runs -model popularity: %v %v", ids, models)
	}
	golden(t, "runs_one.golden", p.stable(p.mustRun(t, "runs", ids[0])))

	// The runs of one invocation share a parent.
	ids, _ = p.listed(t)
	var parents []string
	for _, id := range ids {
		out := p.mustRun(t, "runs", id)
		parents = append(parents, regexp.MustCompile(`parent +(\S+)`).FindStringSubmatch(out)[1])
	}
	if parents[0] != parents[1] {
		t.Errorf("the runs of one invocation have different parents: %v", parents)
	}
	if out := p.mustRun(t, "runs", parents[0]); strings.Count(out, " succeeded ") != 2 {
		t.Errorf("runs INVOCATION does not list its two runs:\n%s", out)
	}

	for _, tt := range []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"runs", "0000000000"}, 1, "run not found"},
		{[]string{"runs", "a", "b"}, 2, "one run at a time"},
		{[]string{"runs", "-n", "0"}, 2, "list at least one run"},
		{[]string{"runs", "-store", "none"}, 2, "-store none records no runs"},
		{[]string{"runs", "-model", "orders", ids[0]}, 2, "-model filters the list"},
	} {
		_, errOut, code := p.run(t, tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.stderr) {
			t.Errorf("%s: exit %d, stderr:\n%s\nwant %d and %q", strings.Join(tt.args, " "), code, errOut, tt.code, tt.stderr)
		}
	}
	if out := p.mustRun(t, "runs", "-model", "ordres"); !strings.Contains(out, `no runs of ordres are recorded; did you mean "orders"?`) {
		t.Errorf("runs -model ordres:\n%s", out)
	}
}

// TestRunsWithoutStore checks runs before anything ran, and -store none.
func TestRunsWithoutStore(t *testing.T) {
	p := newProject(t)
	if out := p.mustRun(t, "runs"); !strings.Contains(out, "no runs are recorded") {
		t.Errorf("runs with no store:\n%s", out)
	}
	p.mustRun(t, "run", "-q", "-store", "none", "popularity")
	if _, err := os.Stat(filepath.Join(p.dir, ".ayeaye")); err == nil {
		t.Error("-store none created a store")
	}
	_, errOut, code := p.run(t, "run", "-store", "none", "-skip-unchanged", "popularity")
	if code != 2 || !strings.Contains(errOut, "need a run store") {
		t.Errorf("-skip-unchanged with -store none: exit %d, stderr:\n%s", code, errOut)
	}
}

// TestCorruptStore checks that a store that cannot be opened stops the
// run before anything runs, naming the store and the way round it.
func TestCorruptStore(t *testing.T) {
	p := newProject(t)
	writeFile(t, p.storePath(), strings.Repeat("this is not a database\n", 200))
	_, errOut, code := p.run(t, "run", "-q", "popularity")
	if code != 1 || !strings.Contains(errOut, "run store sqlite:"+p.storePath()) || !strings.Contains(errOut, "-store none") {
		t.Errorf("exit %d, stderr:\n%s\nwant 1, the store and -store none", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(p.dir, "out")); err == nil {
		t.Error("the model ran although the store could not be opened")
	}
	_, errOut, code = p.run(t, "run", "-q", "-store", "mysql://db/runs", "popularity")
	if code != 1 || !strings.Contains(errOut, "unknown kind of store") || !strings.Contains(errOut, "-store none") {
		t.Errorf("-store mysql: exit %d, stderr:\n%s", code, errOut)
	}
	p.mustRun(t, "run", "-q", "-store", "none", "popularity")
}

// TestPostgresStoreNotLinked checks that a PostgreSQL store, whose driver
// this package does not link (its tests do not either), stops the run
// with the import to add, and without the password.
func TestPostgresStoreNotLinked(t *testing.T) {
	p := newProject(t)
	_, errOut, code := p.run(t, "run", "-q", "-store", "postgres://etl:s3cr3t@127.0.0.1:1/runs", "popularity")
	want := `add import _ "github.com/ayeaye-go/ayeaye/runtime/runstore/postgres"`
	if code != 1 || !strings.Contains(errOut, want) || !strings.Contains(errOut, "-store none") || strings.Contains(errOut, "s3cr3t") {
		t.Errorf("exit %d, stderr:\n%s\nwant 1, %s and -store none, without the password", code, errOut, want)
	}
	if _, err := os.Stat(filepath.Join(p.dir, "out")); err == nil {
		t.Error("the model ran although the store could not be opened")
	}
}

// TestInterruptedRunsMarked checks that a run left "running" by a dead
// process is marked interrupted when the next run starts, and said so,
// and that the parts its partitions left are removed.
func TestInterruptedRunsMarked(t *testing.T) {
	p := newProject(t)
	ctx := context.Background()
	st, err := runstore.Open(ctx, "sqlite:"+p.storePath())
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(p.dir, "out", "partitioned.csv")
	dead := &provenance.Run{ID: "0190a000-0000-7000-8000-000000000001", Model: "popularity", Status: provenance.Running,
		Host: provenance.Hostname(), PID: math.MaxInt32, Start: time.Now().Add(-time.Hour), Inputs: []provenance.Dataset{},
		Outputs: []provenance.Dataset{{Name: "partitioned", Location: "csv://" + out}}}
	// Its partitions had written parts of an output they never joined.
	parts := filepath.Join(p.dir, "out", ".partitioned.csv.parts-"+dead.ID)
	writeFile(t, filepath.Join(parts, "part-000000"), "colour\nblue\n")
	writeFile(t, filepath.Join(parts, "part-000003"), "colour\nred\n")
	if err := st.Record(ctx, dead); err != nil {
		t.Fatal(err)
	}
	st.Close()
	_, errOut, code := p.run(t, "run", "popularity")
	if code != 0 || !strings.Contains(errOut, "marked 1 run left running by processes that no longer exist as interrupted") ||
		!strings.Contains(errOut, "removed 2 partition parts that interrupted runs left beside their outputs") {
		t.Errorf("exit %d, stderr:\n%s", code, errOut)
	}
	if _, err := os.Stat(parts); !os.IsNotExist(err) {
		t.Errorf("the parts directory is still there: %v", err)
	}
	if out := p.mustRun(t, "runs", dead.ID); !strings.Contains(out, "interrupted") {
		t.Errorf("runs %s:\n%s", dead.ID, out)
	}
}

// TestSkipUnchanged checks which models -skip-unchanged skips as code,
// inputs and outputs change.
func TestSkipUnchanged(t *testing.T) {
	p := newProject(t)
	p.mustRun(t, "run", "-q", "popularity", "orders")
	survey := filepath.Join(p.dir, "data", "favourite_colours.csv")
	steps := []struct {
		name    string
		change  func()
		skipped []string
		ran     []string
	}{
		{"nothing changed", func() {}, []string{"popularity", "orders"}, nil},
		{"input changed", func() {
			writeFile(t, survey, readFile(t, survey)+"13,Zed,blue,2026-03-09,\n")
		}, nil, []string{"popularity", "orders"}},
		{"output removed", func() {
			os.Remove(filepath.Join(p.dir, "out", "paint_orders.ndjson"))
		}, []string{"popularity"}, []string{"orders"}},
		{"output changed", func() {
			writeFile(t, filepath.Join(p.dir, "out", "paint_orders.ndjson"), "")
		}, []string{"popularity"}, []string{"orders"}},
		{"code changed", func() { p.prog.Code.Revision = "r2" }, nil, []string{"popularity", "orders"}},
		{"unchanged again", func() {}, []string{"popularity", "orders"}, nil},
	}
	for _, s := range steps {
		s.change()
		out, errOut, code := p.run(t, "run", "-q", "-skip-unchanged", "popularity", "orders")
		if code != 0 {
			t.Fatalf("%s: exit %d\nstderr:\n%s", s.name, code, errOut)
		}
		for _, m := range s.skipped {
			if !regexp.MustCompile(`(?m)^` + m + `: skipped: unchanged since run \S+ \(code, inputs and outputs\)$`).MatchString(out) {
				t.Errorf("%s: %s not skipped:\n%s", s.name, m, out)
			}
		}
		for _, m := range s.ran {
			if !strings.Contains(out, m+": ok") {
				t.Errorf("%s: %s did not run:\n%s", s.name, m, out)
			}
		}
	}
	// Skipped runs are recorded as such.
	out := p.mustRun(t, "runs", "-n", "2")
	if strings.Count(out, " skipped ") != 2 {
		t.Errorf("the skipped runs are not recorded:\n%s", out)
	}
	// A build that records no revision cannot be compared: everything runs.
	p.prog.Code = provenance.Code{}
	out, errOut, code := p.run(t, "run", "-q", "-skip-unchanged", "popularity")
	if code != 0 || !strings.Contains(out, "popularity: ok") || !strings.Contains(errOut, "-skip-unchanged: every model runs") {
		t.Errorf("unknown code: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
}

// TestResume checks that -resume runs only what failed or did not run in
// the last invocation, unless inputs have changed.
func TestResume(t *testing.T) {
	p := newProject(t)
	models := []string{"leaders", "shopping", "popularity", "orders"}
	p.failLeaders = true
	if _, errOut, code := p.run(t, append([]string{"run", "-q", "-keep-going"}, models...)...); code != 1 {
		t.Fatalf("exit %d, want 1\n%s", code, errOut)
	}
	p.failLeaders = false
	check := func(name string, skipped, ran []string) {
		t.Helper()
		out, errOut, code := p.run(t, append([]string{"run", "-q", "-resume"}, models...)...)
		if code != 0 {
			t.Fatalf("%s: exit %d\nstderr:\n%s", name, code, errOut)
		}
		for _, m := range skipped {
			if !regexp.MustCompile(`(?m)^` + m + `: skipped: succeeded in the last invocation \(run \S+\) and its inputs have not changed$`).MatchString(out) {
				t.Errorf("%s: %s not skipped:\n%s", name, m, out)
			}
		}
		for _, m := range ran {
			if !strings.Contains(out, m+": ok") {
				t.Errorf("%s: %s did not run:\n%s", name, m, out)
			}
		}
	}
	check("after the failure", []string{"popularity", "orders"}, []string{"leaders", "shopping"})
	check("after the resumed run", models, nil)
	survey := filepath.Join(p.dir, "data", "favourite_colours.csv")
	writeFile(t, survey, readFile(t, survey)+"13,Zed,blue,2026-03-09,\n")
	check("after the survey changed", nil, models)
}
