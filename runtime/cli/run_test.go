package cli_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestRun runs two models in order and checks their summary and outputs.
func TestRun(t *testing.T) {
	p := newProject(t)
	out, errOut, code := p.run(t, "run", "popularity", "orders")
	if code != 0 {
		t.Fatalf("exit %d\nstderr:\n%s", code, errOut)
	}
	golden(t, "run.golden", p.normalize(out))
	if !strings.Contains(errOut, `msg="run succeeded" model=popularity`) {
		t.Errorf("the log on stderr does not show the run:\n%s", errOut)
	}
	got := readFile(t, filepath.Join(p.dir, "out", "paint_orders.ndjson"))
	want := `{"colour":"blue","tins":5,"litres":"12.5","priority":"normal"}`
	if !strings.HasPrefix(got, want) {
		t.Errorf("paint_orders.ndjson starts %q, want %q", got, want)
	}
}

// TestRunAll runs every model in dependency order; with -keep-going the
// models that do not need the broken one's output all finish.
func TestRunAll(t *testing.T) {
	p := newProject(t)
	out, errOut, code := p.run(t, "run", "-all", "-q", "-keep-going")
	if code != 1 {
		t.Fatalf("exit %d, want 1 (broken_orders fails)\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	for _, want := range []string{"popularity: ok", "leaders: ok", "orders: ok", "shopping: ok"} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout does not contain %q:\n%s", want, out)
		}
	}
	if want := "colours: model broken_orders failed: the paint shop is closed\n"; !strings.HasSuffix(errOut, want) {
		t.Errorf("stderr does not end with %q:\n%s", want, errOut)
	}
	// Dependency order: the models of the first group come first.
	if strings.Index(out, "leaders: ok") > strings.Index(out, "orders: ok") {
		t.Errorf("summaries not in dependency order:\n%s", out)
	}
}

// TestDownstreamNotRun checks that the models needing a failed model's
// output are not run, and named.
func TestDownstreamNotRun(t *testing.T) {
	for _, keepGoing := range []bool{false, true} {
		p := newProject(t)
		p.failLeaders = true
		args := []string{"run", "-q", "-parallel", "1", "leaders", "shopping", "popularity", "orders"}
		if keepGoing {
			args = append(args, "-keep-going")
		}
		out, errOut, code := p.run(t, args...)
		if code != 1 {
			t.Fatalf("keep-going %v: exit %d, want 1\nstderr:\n%s", keepGoing, code, errOut)
		}
		// Without -keep-going, orders may be stopped too.
		if !regexp.MustCompile(`colours: not run: (orders, )?shopping\n$`).MatchString(errOut) {
			t.Errorf("keep-going %v: stderr does not end naming shopping as not run:\n%s", keepGoing, errOut)
		}
		if keepGoing && (!strings.Contains(out, "popularity: ok") || !strings.Contains(out, "orders: ok")) {
			t.Errorf("-keep-going: the independent branch did not finish:\n%s", out)
		}
	}
}

// TestQuiet checks that -q leaves stderr empty on success.
func TestQuiet(t *testing.T) {
	p := newProject(t)
	_, errOut, code := p.run(t, "run", "-q", "popularity")
	if code != 0 || errOut != "" {
		t.Errorf("exit %d, stderr %q; want 0 and nothing", code, errOut)
	}
}

// TestFlagsAfterModels checks flags may follow the model names, and that
// "--" ends the flags.
func TestFlagsAfterModels(t *testing.T) {
	p := newProject(t)
	target := filepath.Join(p.dir, "elsewhere", "pop.csv")
	p.mustRun(t, "run", "popularity", "-q", "-set", "colour_popularity=csv://"+target)
	if got := readFile(t, target); !strings.HasPrefix(got, "colour,people,share,names\nblue,5,") {
		t.Errorf("-set output:\n%s", got)
	}
	if _, err := os.Stat(filepath.Join(p.dir, "out", "colour_popularity.json")); err == nil {
		t.Error("-set did not replace the default location")
	}
	_, errOut, code := p.run(t, "run", "-q", "--", "-all")
	if code != 2 || !strings.Contains(errOut, `unknown model "-all"`) {
		t.Errorf("after --: exit %d, stderr:\n%s", code, errOut)
	}
}

// TestVarOverride checks -var wins over the config.
func TestVarOverride(t *testing.T) {
	p := newProject(t)
	elsewhere := filepath.Join(p.dir, "var-out")
	out := p.mustRun(t, "run", "-q", "-var", "output_root="+elsewhere, "popularity")
	if !strings.Contains(out, "json://"+elsewhere+"/colour_popularity.json") {
		t.Errorf("summary does not show the overridden location:\n%s", out)
	}
	readFile(t, filepath.Join(elsewhere, "colour_popularity.json"))
}

// TestFailedModelKeepsOutput checks that a failing model exits 1, names
// the models not run, and leaves the previous output as it was.
func TestFailedModelKeepsOutput(t *testing.T) {
	p := newProject(t)
	p.mustRun(t, "run", "-q", "popularity", "orders")
	path := filepath.Join(p.dir, "out", "paint_orders.ndjson")
	before := readFile(t, path)

	// broken_orders writes where orders wrote, then fails.
	out, errOut, code := p.run(t, "run", "-q", "-set", "broken_paint_orders=ndjson://{output_root}/paint_orders.ndjson", "broken_orders")
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	if out != "" {
		t.Errorf("a failed model printed a summary:\n%s", out)
	}
	// -q keeps the log's error line; the failure ends stderr.
	want := "colours: model broken_orders failed: the paint shop is closed\n"
	if !strings.HasSuffix(errOut, want) || strings.Count(errOut, "\n") != 2 {
		t.Errorf("stderr:\n%s\nwant the log's error line, then\n%s", errOut, want)
	}
	if after := readFile(t, path); after != before {
		t.Errorf("the failed model changed its output:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	entries, _ := os.ReadDir(filepath.Join(p.dir, "out"))
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp") {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
}

// TestBadRecord checks that a bad input record fails the run with its
// position, and that -skip-bad sets it aside and counts it instead.
func TestBadRecord(t *testing.T) {
	p := newProject(t)
	input := filepath.Join(p.dir, "data", "favourite_colours.csv")
	writeFile(t, input, "person_id,name,colour,surveyed_on,certainty\n1,Ada,blue,2026-03-01,0.9\n2,Bo,red,2026-02-30,\n3,Cy,red,2026-03-02,\n")

	_, errOut, code := p.run(t, "run", "-q", "popularity")
	if code != 1 || !strings.Contains(errOut, input+`:3:`) || !strings.Contains(errOut, `field "surveyed_on"`) {
		t.Errorf("exit %d, stderr:\n%s\nwant 1 and the file, line and field", code, errOut)
	}

	out, errOut, code := p.run(t, "run", "-q", "-skip-bad", "popularity")
	if code != 0 {
		t.Fatalf("-skip-bad: exit %d\nstderr:\n%s", code, errOut)
	}
	golden(t, "run_skip_bad.golden", p.normalize(out))
	rejects := readFile(t, filepath.Join(p.dir, "out", "colour_popularity.json.rejects.ndjson"))
	if !strings.Contains(rejects, `"line":3`) {
		t.Errorf("rejects file:\n%s", rejects)
	}
}

// TestInterrupted checks that a cancelled context (Ctrl-C) fails the run
// without publishing outputs.
func TestInterrupted(t *testing.T) {
	p := newProject(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, errOut, code := p.runContext(t, ctx, "run", "-q", "popularity")
	if code != 1 || !strings.Contains(errOut, "interrupted") {
		t.Errorf("exit %d, stderr:\n%s\nwant 1 and interrupted", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(p.dir, "out", "colour_popularity.json")); err == nil {
		t.Error("an interrupted run published its output")
	}
}

// TestList checks the listing of models, datasets and locations.
func TestList(t *testing.T) {
	p := newProject(t)
	golden(t, "list.golden", p.normalize(p.mustRun(t, "list")))
	golden(t, "list_one.golden", p.normalize(p.mustRun(t, "list", "-set", "paint_orders=csv://{data_root}/orders.csv", "orders")))
}

// TestSecretNeverPrinted runs every command in an environment whose
// output location holds a secret, successes and failures, and checks
// that the secret's value appears in no output while the redacted form
// does.
func TestSecretNeverPrinted(t *testing.T) {
	p := newProject(t)
	var all strings.Builder
	check := func(wantCode int, args ...string) {
		t.Helper()
		out, errOut, code := p.run(t, args...)
		if code != wantCode {
			t.Errorf("%s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, wantCode, out, errOut)
		}
		all.WriteString(out)
		all.WriteString(errOut)
	}
	check(0, "run", "-env", "secretive", "popularity", "orders")
	check(0, "list", "-env", "secretive")
	check(0, "peek", "-env", "secretive", "paint_orders")
	check(1, "run", "-env", "secretive", "broken_orders")
	check(1, "run", "-env", "secretive", "-set", "favourite_colours=csv://{output_root}/missing.csv", "popularity")
	check(1, "peek", "-env", "secretive", "-set", "colour_popularity=json://{output_root}/missing.json", "colour_popularity")
	check(2, "run", "-env", "secretive", "-set", "paint_orders=nosuch://{output_root}/x", "orders")
	check(0, "run", "-env", "secretive", "-set", "paint_orders=csv://{output_root}/{token}.csv", "orders")

	// The commands that read run records, lock files and lineage.
	events := filepath.Join(p.dir, "events.ndjson")
	check(0, "run", "-env", "secretive", "-lineage", events, "popularity", "leaders", "shopping")
	jsonRun := p.newest(t, "popularity")
	check(0, "run", "-env", "secretive", "-set", "colour_popularity=csv://{output_root}/{token}.csv", "popularity")
	csvRun := p.newest(t, "popularity")
	// verify finds both outputs, whose recorded locations hide the secret.
	if out, errOut, code := p.run(t, "verify", "-env", "secretive", jsonRun, csvRun); code != 0 || !strings.Contains(out, "same records (5), stored differently") {
		t.Errorf("verify in the secretive environment: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	check(0, "verify", "-env", "secretive", jsonRun, csvRun)
	check(0, "plan", "-env", "secretive")
	for _, format := range []string{"dot", "mermaid", "json", "html"} {
		check(0, "graph", "-env", "secretive", "-format", format)
	}
	check(0, "lineage", "-env", "secretive", "shopping_list")
	check(0, "lineage", "-env", "secretive", "-down", "favourite_colours")
	check(0, "lock", "-env", "secretive", "popularity", "shopping")
	check(0, "run", "-env", "secretive", "-locked", "-skip-unchanged", "popularity", "shopping")
	check(0, "runs", "-n", "100")
	ids, _ := p.listed(t, "-n", "100")
	for _, id := range ids {
		check(0, "runs", id)
	}
	all.WriteString(readFile(t, events))
	all.WriteString(readFile(t, filepath.Join(p.dir, "ayeaye.lock")))

	if strings.Contains(all.String(), secret) {
		t.Errorf("the secret was printed:\n%s", all.String())
	}
	if !strings.Contains(all.String(), "out-xxxxx") {
		t.Errorf("the redacted location is not shown:\n%s", all.String())
	}
	// The outputs really are at the secret location.
	readFile(t, filepath.Join(p.dir, "out-"+secret, "paint_orders.ndjson"))
	readFile(t, filepath.Join(p.dir, "out-"+secret, secret+".csv"))

	// Without the secret set, the environment cannot be resolved.
	delete(p.env, "CLI_TEST_TOKEN")
	_, errOut, code := p.run(t, "list", "-env", "secretive")
	if code != 1 || !strings.Contains(errOut, "CLI_TEST_TOKEN is not set") {
		t.Errorf("exit %d, stderr:\n%s\nwant 1 and the missing variable", code, errOut)
	}
}
