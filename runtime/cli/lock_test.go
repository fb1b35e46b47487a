package cli_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestLock writes ayeaye.lock and runs locked: as locked, with a drifted
// input (refused, then allowed with a note), and with other code.
func TestLock(t *testing.T) {
	p := newProject(t)
	lockPath := filepath.Join(p.dir, "ayeaye.lock")

	// Inputs must exist to be locked: orders reads what popularity writes.
	_, errOut, code := p.run(t, "lock")
	if code != 1 || !strings.Contains(errOut, "lock orders:") || !strings.Contains(errOut, "run the models that write it first") {
		t.Errorf("lock before the inputs exist: exit %d, stderr:\n%s", code, errOut)
	}
	if _, err := os.Stat(lockPath); err == nil {
		t.Error("a failed lock wrote ayeaye.lock")
	}

	p.mustRun(t, "run", "-q", "popularity", "leaders")
	golden(t, "lock.golden", p.stable(p.mustRun(t, "lock")))
	golden(t, "ayeaye.lock.golden", p.stable(readFile(t, lockPath)))
	p.mustRun(t, "run", "-q", "-locked", "popularity", "orders")

	// Locking one model keeps the others.
	p.mustRun(t, "lock", "popularity")
	if lf := readFile(t, lockPath); !strings.Contains(lf, `"shopping"`) {
		t.Errorf("lock popularity dropped the other models:\n%s", lf)
	}

	// A locked run reads the locked location, whatever the environment
	// says now.
	out := p.mustRun(t, "run", "-q", "-locked", "-var", "data_root="+filepath.Join(p.dir, "nowhere"), "popularity")
	if !strings.Contains(out, "csv://"+filepath.Join(p.dir, "data", "favourite_colours.csv")) {
		t.Errorf("the locked run did not read the locked input:\n%s", out)
	}

	// A drifted input stops the run, naming it with both fingerprints.
	survey := filepath.Join(p.dir, "data", "favourite_colours.csv")
	writeFile(t, survey, readFile(t, survey)+"13,Zed,blue,2026-03-09,\n")
	before := readFile(t, filepath.Join(p.dir, "out", "colour_popularity.json"))
	out, errOut, code = p.run(t, "run", "-q", "-locked", "popularity")
	if code != 1 || out != "" {
		t.Fatalf("drifted: exit %d, stdout:\n%s", code, out)
	}
	golden(t, "locked_drift.golden", p.stable(errOut))
	if after := readFile(t, filepath.Join(p.dir, "out", "colour_popularity.json")); after != before {
		t.Error("a refused locked run wrote its output")
	}

	// -allow-drift runs, and the run record says so.
	out, errOut, code = p.run(t, "run", "-q", "-locked", "-allow-drift", "popularity")
	if code != 0 || !strings.Contains(errOut, "running despite a changed input") {
		t.Fatalf("-allow-drift: exit %d\nstderr:\n%s", code, errOut)
	}
	if rec := p.mustRun(t, "runs", p.newest(t, "popularity")); !regexp.MustCompile(`notes\n  locked run allowed despite input drift \(-allow-drift\): popularity: favourite_colours`).MatchString(rec) {
		t.Errorf("the run record has no note of the drift:\n%s", rec)
	}

	// Other code is a warning, or with -strict a refusal.
	p.mustRun(t, "lock", "popularity")
	p.prog.Code.Revision = "r2"
	_, errOut, code = p.run(t, "run", "-q", "-locked", "popularity")
	if code != 0 || !strings.Contains(errOut, `model popularity is not the locked code: revision \"r2\", locked \"r1\"`) {
		t.Errorf("code drift: exit %d, stderr:\n%s", code, errOut)
	}
	_, errOut, code = p.run(t, "run", "-q", "-locked", "-strict", "popularity")
	if code != 1 || !strings.Contains(errOut, "-locked -strict: model popularity is not the locked code") {
		t.Errorf("code drift with -strict: exit %d, stderr:\n%s", code, errOut)
	}
}

// TestLockedUsage checks the refusals of locked runs.
func TestLockedUsage(t *testing.T) {
	p := newProject(t)
	_, errOut, code := p.run(t, "run", "-locked", "popularity")
	if code != 1 || !strings.Contains(errOut, "ayeaye.lock does not exist; create it with the lock command") {
		t.Errorf("no lock file: exit %d, stderr:\n%s", code, errOut)
	}
	p.mustRun(t, "run", "-q", "popularity")
	p.mustRun(t, "lock", "popularity")
	for _, tt := range []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"run", "-allow-drift", "popularity"}, 2, "add -locked"},
		{[]string{"run", "-strict", "popularity"}, 2, "add -locked"},
		{[]string{"run", "-locked", "-set", "favourite_colours=csv:///tmp/x.csv", "popularity"}, 2, "-set favourite_colours: ayeaye.lock pins this input of popularity"},
		{[]string{"run", "-locked", "orders"}, 1, "model orders is not in " + filepath.Join(p.dir, "ayeaye.lock") + "; lock it first: colours lock orders"},
	} {
		_, errOut, code := p.run(t, tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.stderr) {
			t.Errorf("%s: exit %d, stderr:\n%s\nwant %d and %q", strings.Join(tt.args, " "), code, errOut, tt.code, tt.stderr)
		}
	}
}
