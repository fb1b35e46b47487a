package cli

import (
	"fmt"

	"github.com/ayeaye-go/ayeaye/runtime"
)

func listCommand() *command {
	return &command{
		name:    "list",
		args:    "[-env E] [-var name=value]... [-set dataset=engineURL]... [MODEL...]",
		summary: "list the models and where their datasets are",
		help: `List prints each model (or the named ones) with the datasets it reads and
writes, and where each dataset is in the environment, without opening
anything. It is how to check a configuration before a run.`,
		run: runList,
	}
}

func runList(a *app, cmd *command, args []string) int {
	fs := a.flagSet(cmd)
	var ef envFlags
	ef.register(fs)
	names, code, ok := a.parse(cmd, fs, args)
	if !ok {
		return code
	}
	models := a.prog.Models
	if len(names) > 0 {
		if models, code, ok = a.selectModels(cmd, names, false); !ok {
			return code
		}
	}
	s, code, ok := a.open(cmd, &ef)
	if !ok {
		return code
	}
	if len(models) == 0 {
		fmt.Fprintf(a.stdout, "%s has no models.\n", a.prog.Name)
		return ExitOK
	}
	if name := s.env.Name(); name != "" {
		fmt.Fprintf(a.stdout, "environment %s\n\n", name)
	}
	// Describe every model first, so the dataset column can be as wide
	// as the widest name across all of them.
	type entry struct {
		m    Model
		reps []runtime.DatasetReport
		err  error
	}
	entries := make([]entry, len(models))
	width := 0
	for i, m := range models {
		inst, err := newModel(m)
		var reps []runtime.DatasetReport
		if err == nil {
			reps, err = s.runner.Describe(inst)
		}
		entries[i] = entry{m, reps, err}
		for _, d := range reps {
			width = max(width, len(d.Dataset))
		}
	}
	exit := ExitOK
	for i, e := range entries {
		if i > 0 {
			fmt.Fprintln(a.stdout)
		}
		if e.m.Doc != "" {
			fmt.Fprintf(a.stdout, "%s: %s\n", e.m.Name, e.m.Doc)
		} else {
			fmt.Fprintf(a.stdout, "%s\n", e.m.Name)
		}
		if e.err != nil {
			fmt.Fprintln(a.stdout, "  (datasets not resolved)")
			fmt.Fprintf(a.stderr, "%s: model %s: %s\n", a.prog.Name, e.m.Name, s.redact(e.err.Error()))
			exit = ExitFailure
			continue
		}
		for _, d := range e.reps {
			fmt.Fprintf(a.stdout, "  %-6s  %-*s  %s\n", d.Direction, width, d.Dataset, s.redact(d.Location))
		}
	}
	return exit
}
