package cli

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ayeaye-go/ayeaye/runtime/collection"
	"github.com/ayeaye-go/ayeaye/runtime/provenance"
	"github.com/ayeaye-go/ayeaye/runtime/runstore"
)

func lineageCommand() *command {
	return &command{
		name:    "lineage",
		args:    "[-env E] [-var name=value]... [-set dataset=engineURL]... [-up | -down] [-store DSN] [-producer-store project=DSN]... DATASET",
		summary: "show what a dataset is made from, or what is made from it",
		help: `Lineage answers "what is this dataset made from?" (-up, the default) or
"what is made from it?" (-down) from the models' declared inputs and
outputs, nearest first. DATASET is a dataset's name or its location.

When the run store holds runs, lineage adds what was recorded: the run that
wrote the dataset's content as it is now (found by the fingerprint of its
content), when and in which environment, and the inputs it read, with their
locations and fingerprints at the time. Content that no recorded run wrote
was changed by something else.`,
		run: runLineage,
	}
}

func runLineage(a *app, cmd *command, args []string) int {
	flags := a.flagSet(cmd)
	var ef envFlags
	ef.register(flags)
	var sf storeFlag
	sf.register(flags)
	var ps producerStores
	ps.register(flags)
	up := flags.Bool("up", false, "show what the dataset is made from (the default)")
	down := flags.Bool("down", false, "show what is made from the dataset")
	pos, code, ok := a.parse(cmd, flags, args)
	if !ok {
		return code
	}
	switch {
	case len(pos) == 0:
		return a.usageError(cmd, "name the dataset whose lineage to show")
	case len(pos) > 1:
		return a.usageError(cmd, "lineage shows one dataset at a time; got %s", strings.Join(pos, " "))
	case *up && *down:
		return a.usageError(cmd, "-up or -down, not both")
	}
	s, coll, code, ok := a.collectionOf(cmd, &ef, nil)
	if !ok {
		return code
	}
	name := pos[0]
	var matches []*collection.Dataset
	var names []string
	for _, d := range coll.Datasets() {
		if d.Name == name || d.Location == name {
			matches = append(matches, d)
		}
		names = append(names, d.Name)
	}
	if len(matches) == 0 {
		slices.Sort(names)
		names = slices.Compact(names)
		return a.usageError(cmd, "no model uses a dataset named %q%s (datasets: %s)", name, didYouMean(name, names), joinNames(names))
	}
	lines, err := coll.Lineage(name, !*down)
	if err != nil {
		fmt.Fprintf(a.stderr, "%s: %s\n", a.prog.Name, s.redact(err.Error()))
		return ExitFailure
	}
	for _, l := range lines {
		fmt.Fprintln(a.stdout, s.redact(l))
	}
	if sf.none() {
		return ExitOK
	}
	st, err := a.openStore(&sf, false)
	if err != nil {
		fmt.Fprintf(a.stderr, "%s: recorded runs are not shown: %s\n", a.prog.Name, s.redact(err.Error()))
		return ExitOK
	}
	fmt.Fprintln(a.stdout, "\nrecorded:")
	if st == nil {
		fmt.Fprintf(a.stdout, "  %s\n", a.noRuns(&sf))
		return ExitOK
	}
	defer a.closeStore(st)
	exit := ExitOK
	for _, d := range matches {
		if err := a.recordedLineage(s, st, d, ps); err != nil {
			fmt.Fprintf(a.stderr, "%s: %s\n", a.prog.Name, s.redact(err.Error()))
			exit = ExitFailure
		}
	}
	return exit
}

// recordedLineage prints which recorded run wrote d's content as it is
// now, and from which inputs.
func (a *app) recordedLineage(s *session, st runstore.Store, d *collection.Dataset, ps producerStores) error {
	fp, err := a.currentContent(s, d)
	fmt.Fprintf(a.stdout, "  %s  %s\n", d.Name, s.redact(d.Location))
	switch {
	case err != nil:
		fmt.Fprintf(a.stdout, "    its content cannot be fingerprinted now: %s\n", s.redact(err.Error()))
		return nil
	case fp == "":
		fmt.Fprintln(a.stdout, "    it does not exist now, or is in memory: no content to trace")
		return nil
	}
	fmt.Fprintf(a.stdout, "    content %s\n", fp)
	runs, err := st.Produced(a.ctx, d.Location, fp)
	if err != nil {
		return err
	}
	var wrote []*provenance.Run
	for _, r := range runs {
		if r.Status == provenance.Succeeded { // a skipped run found the content, it did not write it
			wrote = append(wrote, r)
		}
	}
	if len(wrote) == 0 {
		fmt.Fprintln(a.stdout, "    no recorded run wrote this content: it was changed by something else, or written before runs were recorded")
		return nil
	}
	r := wrote[0]
	env := ""
	if r.Env != "" {
		env = ", environment " + r.Env
	}
	fmt.Fprintf(a.stdout, "    written by run %s (model %s%s, %s)\n", r.ID, r.Model, env, r.End.Local().Format(timeLayout))
	t := newTable(a.stdout)
	for _, in := range r.Inputs {
		t.row("      from "+in.Name, orNone(in.Fingerprint), s.redact(in.Location))
	}
	t.flush()
	a.printProducers(s, ps, r.Inputs, "      ")
	if n := len(wrote) - 1; n > 0 {
		fmt.Fprintf(a.stdout, "    %s wrote the same content before\n", plural(int64(n), "earlier run"))
	}
	return nil
}

// currentContent fingerprints d as it is now, through a model that uses
// it. "" with no error means it does not exist (or is in memory).
func (a *app) currentContent(s *session, d *collection.Dataset) (string, error) {
	var lastErr error
	for _, name := range append(slices.Clone(d.Writers), d.Readers...) {
		m, _ := a.findModel(name)
		inst, err := newModel(m)
		if err != nil {
			lastErr = err
			continue
		}
		// Fingerprints fails when any input of the model is missing, so
		// another model using d may still answer.
		ins, outs, err := s.runner.Fingerprints(a.ctx, inst)
		if err != nil {
			lastErr = err
			continue
		}
		for _, x := range append(ins, outs...) {
			if x.Location == d.Location {
				return x.Fingerprint, nil
			}
		}
	}
	return "", lastErr
}

// timeLayout is how times are shown: local time, to the second.
const timeLayout = "2006-01-02 15:04:05"

func orNone(fp string) string {
	if fp == "" {
		return "(no fingerprint)"
	}
	return fp
}
