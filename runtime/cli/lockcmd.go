package cli

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/ayeaye-go/ayeaye/runtime/lock"
)

func lockCommand() *command {
	return &command{
		name:    "lock",
		args:    "[-env E] [-var name=value]... [-set dataset=engineURL]... [MODEL...]",
		summary: "pin the models' code and inputs in ayeaye.lock",
		help: `Lock writes ayeaye.lock in the project directory: for each model (every
model, or the named ones), the code version the program was built from
and the fingerprints of its datasets' schemas, the environment and its
non-secret variables, each input's location and content fingerprint, and
what each existing output holds (its fingerprint).

"run -locked" then reads exactly those inputs and refuses to run when any
has changed since; "verify -lock RUN" checks that a run reproduced the
locked outputs. Naming models updates their entries and keeps the
others. Every input must exist: run the models that write them first.
Commit the file to review what a locked run will read.`,
		run: runLock,
	}
}

func runLock(a *app, cmd *command, args []string) int {
	flags := a.flagSet(cmd)
	var ef envFlags
	ef.register(flags)
	names, code, ok := a.parse(cmd, flags, args)
	if !ok {
		return code
	}
	models, code, ok := a.selectModels(cmd, names, len(names) == 0)
	if !ok {
		return code
	}
	s, code, ok := a.open(cmd, &ef)
	if !ok {
		return code
	}
	r := s.runner
	r.Code = a.code()
	path := a.path(lock.FileName)
	lf := &lock.File{Models: map[string]lock.Model{}}
	if len(names) > 0 { // update the named models, keep the others
		old, err := lock.Read(path)
		switch {
		case err == nil:
			lf = old
		case !errors.Is(err, fs.ErrNotExist):
			fmt.Fprintf(a.stderr, "%s: %s\n", a.prog.Name, s.redact(err.Error()))
			return ExitFailure
		}
	}
	for _, m := range models {
		inst, err := newModel(m)
		if err != nil {
			fmt.Fprintf(a.stderr, "%s: %v\n", a.prog.Name, err)
			return ExitFailure
		}
		lm, err := lock.ModelOf(a.ctx, r, inst, s.env.Name(), s.env.Vars())
		if err != nil {
			fmt.Fprintf(a.stderr, "%s: lock %s: %s\n\thint: every input must exist to be locked; run the models that write it first\n", a.prog.Name, m.Name, s.redact(err.Error()))
			return ExitFailure
		}
		lf.Models[m.Name] = lm
	}
	if err := lf.Write(path); err != nil {
		fmt.Fprintf(a.stderr, "%s: writing %s: %s\n", a.prog.Name, path, s.redact(err.Error()))
		return ExitFailure
	}
	fmt.Fprintf(a.stdout, "locked %s in %s\n", plural(int64(len(models)), "model"), path)
	t := newTable(a.stdout)
	for _, m := range models {
		lm := lf.Models[m.Name]
		t.row("  " + m.Name)
		for _, in := range lm.Inputs {
			fp := in.Fingerprint
			if fp == "" {
				fp = "(in memory: content not pinned)"
			}
			t.row("    "+in.Name, shortFingerprint(fp), s.redact(in.Location))
		}
		for _, out := range lm.Outputs {
			t.row("    "+out.Name+" (output)", shortFingerprint(out.Fingerprint), s.redact(out.Location))
		}
	}
	t.flush()
	return ExitOK
}

// shortFingerprint shortens a sha256: fingerprint for tables; the full
// one is in the lock file and in `runs ID`.
func shortFingerprint(fp string) string {
	const keep = len("sha256:") + 12
	if len(fp) > keep {
		return fp[:keep] + "…"
	}
	return fp
}
