package cli_test

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
)

var (
	runIDs       = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}`)
	fingerprints = regexp.MustCompile(`sha256:[0-9a-f]{64}`)
	clockTimes   = regexp.MustCompile(`\d{4}-\d\d-\d\d \d\d:\d\d:\d\d`)
	anyDuration  = regexp.MustCompile(`\b[0-9.]+(ns|µs|ms|s)\b`)
	hostPID      = regexp.MustCompile(`host +\S+, pid \d+`)
	shortFPs     = regexp.MustCompile(`sha256:[0-9a-f]{12}…`)
)

// stable makes output with run IDs, fingerprints, times and durations
// comparable: each distinct ID and fingerprint becomes $RUN1, $FP1… in
// order of appearance (so a golden still shows which are the same), and
// runs of spaces become one, since the width of table columns follows the
// durations in them.
func (p *project) stable(s string) string {
	s = p.normalize(s)
	s = numbered(runIDs, "$RUN", s)
	s = numbered(fingerprints, "$FP", s)
	s = shortFPs.ReplaceAllString(s, "sha256:…")
	s = clockTimes.ReplaceAllString(s, "$$TIME")
	s = anyDuration.ReplaceAllString(s, "$$DURATION")
	s = hostPID.ReplaceAllString(s, "host $$HOST, pid $$PID")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		indent := len(l) - len(strings.TrimLeft(l, " "))
		lines[i] = strings.Repeat(" ", indent) + strings.Join(strings.Fields(l), " ")
	}
	return strings.Join(lines, "\n")
}

func numbered(re *regexp.Regexp, prefix, s string) string {
	seen := map[string]string{}
	return re.ReplaceAllStringFunc(s, func(m string) string {
		if _, ok := seen[m]; !ok {
			seen[m] = fmt.Sprintf("%s%d", prefix, len(seen)+1)
		}
		return seen[m]
	})
}

// TestPlan checks the order, groups and locations of the fork/join:
// popularity and leaders read the survey, shopping joins their outputs.
func TestPlan(t *testing.T) {
	p := newProject(t)
	golden(t, "plan.golden", p.normalize(p.mustRun(t, "plan")))
	golden(t, "plan_some.golden", p.normalize(p.mustRun(t, "plan", "shopping", "leaders")))
}

// TestGraph checks every drawing format, and -o.
func TestGraph(t *testing.T) {
	p := newProject(t)
	golden(t, "graph.dot", p.normalize(p.mustRun(t, "graph")))
	golden(t, "graph.mmd", p.normalize(p.mustRun(t, "graph", "-format", "mermaid")))

	var g struct {
		Models []struct{ Name string } `json:"models"`
		Groups [][]string              `json:"groups"`
	}
	if err := json.Unmarshal([]byte(p.mustRun(t, "graph", "-format", "json")), &g); err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"popularity", "leaders"}, {"orders", "broken_orders", "shopping"}}
	if d := gocmp.Diff(want, g.Groups); d != "" {
		t.Errorf("json groups (-want +got):\n%s", d)
	}

	if out := p.mustRun(t, "graph", "-format", "html", "-o", "lineage.html"); out != "" {
		t.Errorf("-o printed %q", out)
	}
	page := readFile(t, filepath.Join(p.dir, "lineage.html"))
	for _, want := range []string{"<!DOCTYPE html>", `"name":"shopping"`, `"name":"colour_leaders"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the HTML page does not contain %s", want)
		}
	}
	if strings.Contains(page, `"status":{"`) {
		t.Error("the page shows run status before anything ran")
	}
	// After a run, the page shows each model's last run.
	p.mustRun(t, "run", "-q", "popularity")
	page = p.mustRun(t, "graph", "-format", "html")
	if !strings.Contains(page, `"status":{"popularity":{"status":"succeeded"`) {
		t.Errorf("the page does not show popularity's run:\n%s", page[strings.Index(page, `id="ayeaye-graph"`):][:400])
	}
}

// TestLineageDeclared checks lineage from the declared graph alone.
func TestLineageDeclared(t *testing.T) {
	p := newProject(t)
	golden(t, "lineage_up.golden", p.normalize(p.mustRun(t, "lineage", "-store", "none", "shopping_list")))
	golden(t, "lineage_down.golden", p.normalize(p.mustRun(t, "lineage", "-down", "-store", "none", "favourite_colours")))
	// With the default store not there yet, lineage says so and creates
	// nothing.
	out := p.mustRun(t, "lineage", "shopping_list")
	if !strings.Contains(out, "no runs are recorded: sqlite:"+filepath.Join(p.dir, ".ayeaye", "runs.db")+" does not exist yet") {
		t.Errorf("lineage without a store:\n%s", out)
	}
	if _, err := filepath.Glob(filepath.Join(p.dir, ".ayeaye", "*")); err != nil {
		t.Fatal(err)
	}
	if matches, _ := filepath.Glob(filepath.Join(p.dir, ".ayeaye")); len(matches) > 0 {
		t.Error("lineage created the run store")
	}
}

// TestGraphUsage checks the usage errors of plan, graph and lineage.
func TestGraphUsage(t *testing.T) {
	tests := []struct {
		args   []string
		stderr string
	}{
		{[]string{"graph", "-format", "svg"}, "-format svg: unknown format"},
		{[]string{"graph", "-format", "dott"}, `did you mean "dot"?`},
		{[]string{"plan", "shoping"}, `unknown model "shoping"; did you mean "shopping"?`},
		{[]string{"lineage"}, "name the dataset"},
		{[]string{"lineage", "a", "b"}, "one dataset at a time"},
		{[]string{"lineage", "-up", "-down", "shopping_list"}, "-up or -down, not both"},
		{[]string{"lineage", "shoping_list"}, `did you mean "shopping_list"?`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			t.Parallel()
			p := newProject(t)
			_, errOut, code := p.run(t, tt.args...)
			if code != 2 || !strings.Contains(errOut, tt.stderr) {
				t.Errorf("exit %d, stderr:\n%s\nwant 2 and %q", code, errOut, tt.stderr)
			}
		})
	}
}
