package cli_test

import (
	"path/filepath"
	"strings"
	"testing"
)

// newest is the ID of the newest run of model.
func (p *project) newest(t *testing.T, model string) string {
	t.Helper()
	ids, _ := p.listed(t, "-model", model, "-n", "1")
	if len(ids) == 0 {
		t.Fatalf("no run of %s recorded", model)
	}
	return ids[0]
}

// TestVerify compares the outputs of runs: the same content, the same
// records stored differently, different records, and an output
// overwritten since.
func TestVerify(t *testing.T) {
	p := newProject(t)
	run := func(args ...string) string {
		t.Helper()
		p.mustRun(t, append([]string{"run", "-q"}, args...)...)
		return p.newest(t, "popularity")
	}
	a := run("-var", "output_root="+filepath.Join(p.dir, "a"), "popularity")
	b := run("-var", "output_root="+filepath.Join(p.dir, "b"), "popularity")
	csv := run("-set", "colour_popularity=csv://"+filepath.Join(p.dir, "c", "popularity.csv"), "popularity")
	other := filepath.Join(p.dir, "data", "other.csv")
	writeFile(t, other, "person_id,name,colour,surveyed_on,certainty\n1,Ada,blue,2026-03-01,0.9\n2,Bo,teal,2026-03-01,\n")
	diff := run("-var", "output_root="+filepath.Join(p.dir, "d"), "-set", "favourite_colours=csv://"+other, "popularity")

	if out := p.mustRun(t, "verify", a, b); !strings.Contains(out, "colour_popularity: same content (sha256:") {
		t.Errorf("verify A B:\n%s", out)
	}
	if out := p.mustRun(t, "verify", a, csv); !strings.Contains(out, "colour_popularity: same records (5), stored differently") {
		t.Errorf("verify A CSV:\n%s", out)
	}
	out, errOut, code := p.run(t, "verify", "-n", "2", a, diff)
	if code != 1 || !strings.Contains(errOut, "the outputs of the two runs are not the same") {
		t.Errorf("verify A D: exit %d, stderr:\n%s", code, errOut)
	}
	golden(t, "verify_differs.golden", p.stable(out))

	// Both recorded the same content: that settles it, even once b's
	// output has been overwritten.
	p.mustRun(t, "run", "-q", "-var", "output_root="+filepath.Join(p.dir, "b"), "-set", "favourite_colours=csv://"+other, "popularity")
	p.mustRun(t, "verify", a, b)
	// Run again where diff wrote, on the survey: its output is gone.
	p.mustRun(t, "run", "-q", "-var", "output_root="+filepath.Join(p.dir, "d"), "popularity")
	out, _, code = p.run(t, "verify", a, diff)
	if code != 1 || !strings.Contains(out, "no longer holds what run B wrote") || !strings.Contains(out, "overwritten") {
		t.Errorf("verify an overwritten output: exit %d, stdout:\n%s", code, out)
	}

	for _, tt := range []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"verify", a}, 2, "name the two runs to compare"},
		{[]string{"verify", "-store", "none", a, b}, 2, "-store none records no runs"},
		{[]string{"verify", a, "0000000000"}, 1, "run B: run store"},
	} {
		_, errOut, code := p.run(t, tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.stderr) {
			t.Errorf("%s: exit %d, stderr:\n%s\nwant %d and %q", strings.Join(tt.args, " "), code, errOut, tt.code, tt.stderr)
		}
	}
}

// TestVerifyFailedRun refuses to compare a run that published nothing.
func TestVerifyFailedRun(t *testing.T) {
	p := newProject(t)
	p.mustRun(t, "run", "-q", "popularity")
	p.run(t, "run", "-q", "broken_orders")
	ok, broken := p.newest(t, "popularity"), p.newest(t, "broken_orders")
	_, errOut, code := p.run(t, "verify", ok, broken)
	if code != 1 || !strings.Contains(errOut, "failed, so it published no outputs") {
		t.Errorf("exit %d, stderr:\n%s", code, errOut)
	}
}

// TestLineageRecorded checks the recorded part of lineage: which run
// wrote the content as it is now, from which inputs; and content no run
// wrote.
func TestLineageRecorded(t *testing.T) {
	p := newProject(t)
	p.mustRun(t, "run", "-q", "popularity", "orders")
	golden(t, "lineage_recorded.golden", p.stable(p.mustRun(t, "lineage", "paint_orders")))

	writeFile(t, filepath.Join(p.dir, "out", "paint_orders.ndjson"), "")
	out := p.mustRun(t, "lineage", "paint_orders")
	if !strings.Contains(out, "no recorded run wrote this content") {
		t.Errorf("lineage of a changed output:\n%s", out)
	}
}
