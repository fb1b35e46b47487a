package cli

import (
	"fmt"

	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/compare"
	"github.com/ayeaye-go/ayeaye/runtime/engine"
	"github.com/ayeaye-go/ayeaye/runtime/lock"
	"github.com/ayeaye-go/ayeaye/runtime/provenance"
	"github.com/ayeaye-go/ayeaye/runtime/runstore"
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
	if *againstLock {
		pos = append([]string{""}, pos...) // A is the lock
	}
	runs, models, ok := a.verifyRuns(s, st, pos)
	if !ok {
		return ExitFailure
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
	if !a.verifyOutputs(s, models, runs, *n) {
		fmt.Fprintf(a.stderr, "%s: verify: the outputs of the two runs are not the same\n", a.prog.Name)
		return ExitFailure
	}
	return ExitOK
}

// verifyRuns loads the two runs to compare, by ID; an empty ID for A is
// ayeaye.lock's entry for B's model. It prints why when ok is false.
func (a *app) verifyRuns(s *session, st runstore.Store, ids []string) (runs [2]*provenance.Run, models [2]runtime.Model, ok bool) {
	load := func(i int) (err error) {
		if ids[i] == "" {
			if runs[i], err = a.lockedRun(runs[1].Model); err != nil {
				return err
			}
		} else if runs[i], err = st.Get(a.ctx, ids[i]); err != nil {
			return fmt.Errorf("run %s: %w", "AB"[i:i+1], err)
		}
		models[i], err = a.verifiable(runs[i])
		if err != nil && ids[i] != "" {
			err = fmt.Errorf("run %s: %w", "AB"[i:i+1], err)
		}
		return err
	}
	order := []int{0, 1}
	if ids[0] == "" {
		order = []int{1, 0} // the lock's entry is B's model's
	}
	for _, i := range order {
		if err := load(i); err != nil {
			fmt.Fprintf(a.stderr, "%s: %s\n", a.prog.Name, s.redact(err.Error()))
			return runs, models, false
		}
	}
	return runs, models, true
}

// verifyOutputs compares the outputs of the two runs dataset by dataset,
// printing what it finds, and reports whether all are the same.
func (a *app) verifyOutputs(s *session, models [2]runtime.Model, runs [2]*provenance.Run, limit int) bool {
	same := true
	for _, p := range compare.Pairs(runs[0], runs[1]) {
		switch {
		case p.B == nil:
			fmt.Fprintf(a.stdout, "%s: only run A wrote it\n", p.Name)
			same = false
		case p.A == nil:
			fmt.Fprintf(a.stdout, "%s: only run B wrote it\n", p.Name)
			same = false
		case p.SameContent():
			fmt.Fprintf(a.stdout, "%s: same content (%s)\n", p.Name, p.A.Fingerprint)
		default:
			res, err := a.compareOutputs(s, models, [2]provenance.Dataset{*p.A, *p.B}, runs)
			if err != nil {
				fmt.Fprintf(a.stdout, "%s: cannot compare: %s\n", p.Name, s.redact(err.Error()))
				same = false
				continue
			}
			res.Report(a.stdout, p.Name, limit, s.redact)
			same = same && res.Same()
		}
	}
	return same
}

// lockedRun is ayeaye.lock's entry for model, as a run whose outputs are
// what the lock found: run A of verify -lock.
func (a *app) lockedRun(model string) (*provenance.Run, error) {
	lf, err := lock.Read(a.path(lock.FileName))
	if err != nil {
		return nil, err
	}
	return lf.Run(model)
}

// verifiable checks that a run published outputs to compare, and returns
// a fresh instance of its model to read them with.
func (a *app) verifiable(r *provenance.Run) (runtime.Model, error) {
	if err := compare.Comparable(r); err != nil {
		return nil, err
	}
	m, ok := a.findModel(r.Model)
	if !ok {
		return nil, fmt.Errorf("%s is a run of model %s, which this program does not have; verify it with the program that ran it", r.ID, r.Model)
	}
	return newModel(m)
}

// compareOutputs reads one dataset as each run wrote it, each location
// checked to still hold what its run wrote, and compares the records
// under the rules the schema of run A's model declares: both runs are of
// this program, so B's is the same unless B's model writes another
// dataset of that name, whose records then differ anyway.
func (a *app) compareOutputs(s *session, models [2]runtime.Model, ds [2]provenance.Dataset, runs [2]*provenance.Run) (*compare.Result, error) {
	var recs [2][]any
	for i, d := range ds {
		u, at, err := a.whereNow(s, d, runs[i])
		if err != nil {
			return nil, err
		}
		if err := compare.Unchanged(a.ctx, u, d, "AB"[i:i+1]); err != nil {
			return nil, err
		}
		if recs[i], err = s.runner.ReadAt(a.ctx, models[i], d.Name, at, -1); err != nil {
			return nil, err
		}
	}
	r, err := compare.RulesOf(models[0], ds[0].Name)
	if err != nil {
		return nil, err
	}
	return compare.Records(recs[0], recs[1], r)
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
	u, err := runtime.DefaultRegistry().Engine().Parse(loc)
	return u, loc, err
}
