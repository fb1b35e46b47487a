package cli

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"

	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/engine"
	"github.com/ayeaye-go/ayeaye/runtime/lock"
	"github.com/ayeaye-go/ayeaye/runtime/provenance"
	"github.com/ayeaye-go/ayeaye/runtime/storage"
)

func verifyCommand() *command {
	return &command{
		name:    "verify",
		args:    "[-env E] [-var name=value]... [-n 5] [-store DSN] RUN_A RUN_B | -lock RUN",
		summary: "compare the outputs of two runs, or of a run and the lock, record by record",
		help: `Verify compares the outputs two recorded runs wrote, dataset by dataset
(matched by name). Outputs with the same content fingerprint are the same.
Otherwise both are read back, from where each run wrote them, through the
generated codecs, and compared record by record, each record as its JSON:
the same records stored in another byte form or format are the same.

The dataset's schema sets the rules:
  - Records are compared as collections in any order, unless the schema
    declares "x-ayeaye": {"ordered": true}; then record 1 is compared with
    record 1, record 2 with record 2, and so on.
  - Floats are compared exactly, unless their property declares
    "x-ayeaye": {"tolerance": 1e-9} (absolute) or
    {"tolerance": {"absolute": A, "relative": R}}: two numbers are then the
    same when |a-b| <= max(A, R*max(|a|,|b|)). NaN equals only NaN, and an
    infinity only the same infinity. Everything else is compared exactly.

For a dataset that differs, verify prints up to -n differing records each
way (for an ordered one, the first -n differing positions), and under
records that correspond (the same position, the same x-ayeaye.keys, or
the same record but for a float out of tolerance) each field that
differs, with both values and, for numbers, by how much and what the
tolerance allows. It exits 1 when any dataset differs or cannot be
compared.

With -lock, run A is ayeaye.lock: RUN's outputs are compared with what
the lock command found in its model's outputs (see lock). Lock, then
re-run with "run -locked -var output_root=elsewhere" and verify -lock the
new run to check that the locked inputs still give the same results.

To compare two builds or two environments, write their outputs to
different places (say -var output_root=...): a run whose output has since
been overwritten cannot be compared, and verify says so.`,
		run: runVerify,
	}
}

func runVerify(a *app, cmd *command, args []string) int {
	flags := a.flagSet(cmd)
	var ef envFlags
	ef.register(flags)
	var sf storeFlag
	sf.register(flags)
	n := flags.Int("n", 5, "show at most `N` differing records each way (positions, for an ordered dataset) per dataset")
	againstLock := flags.Bool("lock", false, "compare RUN with the outputs recorded in ayeaye.lock")
	pos, code, ok := a.parse(cmd, flags, args)
	if !ok {
		return code
	}
	switch {
	case *againstLock && len(pos) != 1:
		return a.usageError(cmd, "with -lock, name the one run to compare with the lock (runs lists them)")
	case !*againstLock && len(pos) != 2:
		return a.usageError(cmd, "name the two runs to compare (runs lists them), or one run with -lock")
	case *n < 0:
		return a.usageError(cmd, "-n %d: give 0 or more", *n)
	case sf.none():
		return a.usageError(cmd, "-store none records no runs; name the store that holds the runs, or leave out -store")
	}
	s, code, ok := a.open(cmd, &ef)
	if !ok {
		return code
	}
	st, err := a.openStore(&sf, false)
	if err == nil && st == nil {
		err = fmt.Errorf("%s", a.noRuns(&sf))
	}
	if err != nil {
		fmt.Fprintf(a.stderr, "%s: %s\n", a.prog.Name, s.redact(err.Error()))
		return ExitFailure
	}
	defer a.closeStore(st)
	var runs [2]*provenance.Run
	var models [2]runtime.Model
	first := 0
	if *againstLock {
		first = 1 // A is the lock
		pos = append([]string{""}, pos...)
	}
	for i := first; i < 2; i++ {
		if runs[i], err = st.Get(a.ctx, pos[i]); err == nil {
			models[i], err = a.verifiable(runs[i])
		}
		if err != nil {
			fmt.Fprintf(a.stderr, "%s: run %s: %s\n", a.prog.Name, "AB"[i:i+1], s.redact(err.Error()))
			return ExitFailure
		}
	}
	if *againstLock {
		if runs[0], err = a.lockedRun(runs[1].Model); err == nil {
			models[0], err = a.verifiable(runs[0])
		}
		if err != nil {
			fmt.Fprintf(a.stderr, "%s: %s\n", a.prog.Name, s.redact(err.Error()))
			return ExitFailure
		}
	}
	t := newTable(a.stdout)
	for i, r := range runs {
		when := r.Start.Local().Format(timeLayout)
		if r.Start.IsZero() {
			when = "" // the lock has no time of its own
		}
		t.row("AB"[i:i+1], r.ID, r.Model, string(r.Status), when)
	}
	t.flush()

	var names []string
	outs := [2]map[string]provenance.Dataset{{}, {}}
	for i, r := range runs {
		for _, d := range r.Outputs {
			if _, seen := outs[0][d.Name]; !seen {
				if _, seen := outs[1][d.Name]; !seen {
					names = append(names, d.Name)
				}
			}
			outs[i][d.Name] = d
		}
	}
	exit := ExitOK
	for _, name := range names {
		da, inA := outs[0][name]
		db, inB := outs[1][name]
		switch {
		case !inB:
			fmt.Fprintf(a.stdout, "%s: only run A wrote it\n", name)
			exit = ExitFailure
			continue
		case !inA:
			fmt.Fprintf(a.stdout, "%s: only run B wrote it\n", name)
			exit = ExitFailure
			continue
		case da.Fingerprint != "" && da.Fingerprint == db.Fingerprint:
			fmt.Fprintf(a.stdout, "%s: same content (%s)\n", name, da.Fingerprint)
			continue
		}
		same, err := a.compareOutputs(s, models, [2]provenance.Dataset{da, db}, runs, *n)
		if err != nil {
			fmt.Fprintf(a.stdout, "%s: cannot compare: %s\n", name, s.redact(err.Error()))
			exit = ExitFailure
		} else if !same {
			exit = ExitFailure
		}
	}
	if exit != ExitOK {
		fmt.Fprintf(a.stderr, "%s: verify: the outputs of the two runs are not the same\n", a.prog.Name)
	}
	return exit
}

// lockedRun is ayeaye.lock's entry for model, as a run whose outputs are
// what the lock found: run A of verify -lock.
func (a *app) lockedRun(model string) (*provenance.Run, error) {
	lf, err := lock.Read(a.path(lock.FileName))
	if err != nil {
		return nil, err
	}
	lm, ok := lf.Models[model]
	switch {
	case !ok:
		return nil, fmt.Errorf("%s has no entry for model %s; lock it first (lock %s)", lock.FileName, model, model)
	case len(lm.Outputs) == 0:
		return nil, fmt.Errorf("%s records no outputs of model %s (it had written none when locked, or the lock predates outputs); run it, then lock it again", lock.FileName, model)
	}
	r := &provenance.Run{ID: lock.FileName, Model: model, Status: provenance.Succeeded, Env: lm.Env, Code: lm.Code}
	for _, o := range lm.Outputs {
		r.Outputs = append(r.Outputs, provenance.Dataset{Name: o.Name, Location: o.Location, Fingerprint: o.Fingerprint})
	}
	return r, nil
}

// verifiable checks that a run published outputs to compare, and returns
// a fresh instance of its model to read them with.
func (a *app) verifiable(r *provenance.Run) (runtime.Model, error) {
	switch {
	case r.Partition != "":
		return nil, fmt.Errorf("%s is a partition of run %s; compare model runs", r.ID, r.Parent)
	case r.Status != provenance.Succeeded && r.Status != provenance.Skipped:
		return nil, fmt.Errorf("%s %s, so it published no outputs; compare runs that succeeded", r.ID, r.Status)
	}
	m, ok := a.findModel(r.Model)
	if !ok {
		return nil, fmt.Errorf("%s is a run of model %s, which this program does not have; verify it with the program that ran it", r.ID, r.Model)
	}
	return newModel(m)
}

// compareOutputs reads one dataset as each run wrote it and compares the
// records under the rules its schema declares, printing the differences.
// Each location must still hold what its run wrote.
func (a *app) compareOutputs(s *session, models [2]runtime.Model, ds [2]provenance.Dataset, runs [2]*provenance.Run, limit int) (bool, error) {
	var recs [2][]any
	for i, d := range ds {
		u, at, err := a.whereNow(s, d, runs[i])
		if err != nil {
			return false, err
		}
		if u.Type == "mem" {
			return false, fmt.Errorf("run %s wrote it in memory (%s), which lasts only as long as its process", "AB"[i:i+1], d.Location)
		}
		if d.Fingerprint != "" {
			now, err := contentFingerprint(a.ctx, u)
			if err != nil {
				return false, err
			}
			if now != d.Fingerprint {
				return false, fmt.Errorf("%s no longer holds what run %s wrote (fingerprint %s, now %s): it was overwritten since; write the runs' outputs to different places to compare them",
					d.Location, "AB"[i:i+1], d.Fingerprint, now)
			}
		}
		if recs[i], err = s.runner.ReadAt(a.ctx, models[i], d.Name, at, -1); err != nil {
			return false, err
		}
	}
	r, err := rulesOf(models[0], ds[0].Name)
	if err != nil {
		return false, err
	}
	e := &encoder{}
	c, err := compareRecords(e, recs[0], recs[1], r)
	if err != nil {
		return false, err
	}
	if c.same() {
		fmt.Fprintf(a.stdout, "%s: %s\n", ds[0].Name, sameMessage(c))
		return true, nil
	}
	e.report(a.stdout, ds[0].Name, recs, r, c, limit, s.redact)
	return false, nil
}

// rulesOf reads the comparison rules of a dataset from the schema run A's
// model was built with: both runs are of this program, so B's is the
// same unless B's model writes another dataset of that name, whose
// records then differ anyway.
func rulesOf(m runtime.Model, dataset string) (rules, error) {
	ports, err := runtime.Describe(m)
	if err != nil {
		return rules{}, err
	}
	for _, p := range ports {
		if p.Dataset == dataset && p.Schema != "" {
			return parseRules(p.Schema)
		}
	}
	return rules{}, nil
}

// whereNow finds where a run's output can be read: its recorded
// location, with any redacted secret filled in from the environment.
func (a *app) whereNow(s *session, d provenance.Dataset, r *provenance.Run) (engine.URL, string, error) {
	loc, ok := unredact(s, d.Location)
	if !ok {
		env := r.Env
		if env == "" {
			env = "E"
		}
		return engine.URL{}, "", fmt.Errorf("%s holds a secret this environment does not have; verify in the environment of run %s (-env %s)", d.Location, r.ID, env)
	}
	u, err := engine.Parse(loc)
	return u, loc, err
}

// contentFingerprint hashes u's content as run records fingerprint it:
// sha256 of the bytes the codecs read, after decompression.
func contentFingerprint(ctx context.Context, u engine.URL) (string, error) {
	rc, _, err := storage.Open(ctx, u)
	if err != nil {
		return "", err
	}
	defer rc.Close()
	h := sha256.New()
	if _, err := io.Copy(h, rc); err != nil {
		return "", fmt.Errorf("reading %s: %w", u.Redacted(), err)
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil)), nil
}
