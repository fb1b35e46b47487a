package cli

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ayeaye-go/ayeaye/runtime/provenance"
	"github.com/ayeaye-go/ayeaye/runtime/runstore"
)

func runsCommand() *command {
	return &command{
		name:    "runs",
		args:    "[-n 20] [-model M] [-store DSN] [ID]",
		summary: "list recorded runs, or show one",
		help: `Runs lists the newest runs in the run store, newest first: the start of
each run's ID (enough of it to name the run), its model, status, start
time, duration, and records read and written. Runs of partitions are left
out: "runs ID" shows them with their model's run.

"runs ID" shows one run in full: its parent invocation, code version,
environment and non-secret variables, every input and output with its
location, records and content fingerprint, its partitions, statistics,
notes and error. Given the full ID of an invocation (a run's parent), it
lists the runs of that invocation.`,
		run: runRuns,
	}
}

func runRuns(a *app, cmd *command, args []string) int {
	flags := a.flagSet(cmd)
	var sf storeFlag
	sf.register(flags)
	n := flags.Int("n", 20, "list at most `N` runs")
	model := flags.String("model", "", "list only the runs of this `model`")
	pos, code, ok := a.parse(cmd, flags, args)
	if !ok {
		return code
	}
	switch {
	case len(pos) > 1:
		return a.usageError(cmd, "runs shows one run at a time; got %s", strings.Join(pos, " "))
	case *n < 1:
		return a.usageError(cmd, "-n %d: list at least one run", *n)
	case sf.none():
		return a.usageError(cmd, "-store none records no runs; name the store to read, or leave out -store for the default")
	case len(pos) == 1 && *model != "":
		return a.usageError(cmd, "-model filters the list; leave it out to show run %s", pos[0])
	}
	st, err := a.openStore(&sf, false)
	if err != nil {
		fmt.Fprintf(a.stderr, "%s: %v\n", a.prog.Name, err)
		return ExitFailure
	}
	if st == nil {
		if len(pos) == 1 {
			fmt.Fprintf(a.stderr, "%s: run %s: %s\n", a.prog.Name, pos[0], a.noRuns(&sf))
			return ExitFailure
		}
		fmt.Fprintln(a.stdout, a.noRuns(&sf))
		return ExitOK
	}
	defer a.closeStore(st)
	if len(pos) == 1 {
		r, err := st.Get(a.ctx, pos[0])
		if err == nil {
			printRun(a, r)
			return ExitOK
		}
		// An invocation has no record of its own: its ID lists its runs.
		children, lerr := st.List(a.ctx, runstore.Filter{Parent: pos[0]})
		if !errors.Is(err, runstore.ErrNotFound) || lerr != nil || len(children) == 0 {
			fmt.Fprintf(a.stderr, "%s: %v\n", a.prog.Name, err)
			return ExitFailure
		}
		printRuns(a, children, children)
		return ExitOK
	}
	runs, all, err := listRuns(a, st, *model, *n)
	if err != nil {
		fmt.Fprintf(a.stderr, "%s: %v\n", a.prog.Name, err)
		return ExitFailure
	}
	if len(runs) == 0 {
		what := "no runs are recorded"
		if *model != "" {
			what = "no runs of " + *model + " are recorded"
			if _, ok := a.findModel(*model); !ok {
				what += didYouMean(*model, a.modelNames())
			}
		}
		fmt.Fprintf(a.stdout, "%s in %s\n", what, a.storeName(&sf))
		return ExitOK
	}
	printRuns(a, runs, all)
	return ExitOK
}

// printRuns lists runs, one a line, with as much of each ID as tells
// apart all of them.
func printRuns(a *app, runs, all []*provenance.Run) {
	width := prefixWidth(all)
	t := newTable(a.stdout)
	t.row("ID", "MODEL", "STATUS", "START", "DURATION", "RECORDS")
	for _, r := range runs {
		model := r.Model
		if r.Partition != "" {
			model += " " + r.Partition
		}
		t.row(r.ID[:min(width, len(r.ID))], model, string(r.Status), r.Start.Local().Format(timeLayout), duration(r), recordCounts(r))
	}
	t.flush()
}

// listRuns returns the newest n runs of model (all models when ""),
// leaving out runs of partitions, which `runs ID` shows with their model
// run. all also holds the partition runs seen, whose IDs the ID column
// must tell apart too.
func listRuns(a *app, st runstore.Store, model string, n int) (runs, all []*provenance.Run, err error) {
	for limit := 4 * n; ; limit *= 4 {
		all, err = st.List(a.ctx, runstore.Filter{Model: model, Limit: limit})
		if err != nil {
			return nil, nil, err
		}
		runs = runs[:0]
		for _, r := range all {
			if r.Partition == "" && len(runs) < n {
				runs = append(runs, r)
			}
		}
		if len(runs) == n || len(all) < limit {
			return runs, all, nil
		}
	}
}

// idPrefix is how much of a run ID the list shows at least: a UUIDv7's
// millisecond timestamp and the 12 bits after it, which order the runs
// one process starts within a millisecond, so that the prefix names one
// run even among runs that started together.
const idPrefix = len("0190a1b2-c3d4-7e5f")

// prefixWidth is the shortest ID prefix, of at least idPrefix
// characters, that tells the runs apart.
func prefixWidth(runs []*provenance.Run) int {
	for w := idPrefix; ; w++ {
		seen := map[string]bool{}
		unique, longest := true, 0
		for _, r := range runs {
			longest = max(longest, len(r.ID))
			p := r.ID[:min(w, len(r.ID))]
			if seen[p] {
				unique = false
				break
			}
			seen[p] = true
		}
		if unique || w >= longest {
			return w
		}
	}
}

// duration is how long a run took, or how long it has been running.
func duration(r *provenance.Run) string {
	switch {
	case r.End.IsZero() && r.Status == provenance.Running:
		return "running"
	case r.End.IsZero():
		return "-"
	}
	return r.End.Sub(r.Start).Round(time.Millisecond).String()
}

// recordCounts is "12 in, 5 out": records read and written.
func recordCounts(r *provenance.Run) string {
	var in, out int64
	for _, d := range r.Inputs {
		in += d.Records
	}
	for _, d := range r.Outputs {
		out += d.Records
	}
	return fmt.Sprintf("%d in, %d out", in, out)
}

// printRun shows one run in full.
func printRun(a *app, r *provenance.Run) {
	w := a.stdout
	t := newTable(w)
	t.row("run", r.ID)
	if r.Parent != "" {
		t.row("parent", r.Parent)
	}
	model := r.Model
	if r.Partition != "" {
		model += " (partition " + r.Partition + ")"
	}
	t.row("model", model)
	t.row("status", string(r.Status))
	if r.Project != "" {
		t.row("project", r.Project)
	}
	t.row("code", codeText(r.Code))
	if r.Env != "" {
		t.row("env", r.Env)
	}
	for _, k := range provenance.SortedKeys(r.Vars) {
		t.row("var", k+"="+r.Vars[k])
	}
	t.row("start", r.Start.Local().Format(timeLayout))
	if !r.End.IsZero() {
		t.row("end", r.End.Local().Format(timeLayout)+" ("+duration(r)+")")
	}
	t.row("host", fmt.Sprintf("%s, pid %d", r.Host, r.PID))
	t.flush()
	printDatasets(a, "inputs", r.Inputs)
	printDatasets(a, "outputs", r.Outputs)
	if len(r.Partitions) > 0 {
		fmt.Fprintln(w, "partitions")
		t := newTable(w)
		for _, p := range r.Partitions {
			outcome := "ok"
			if p.Error != "" {
				outcome = "failed: " + p.Error
			}
			t.row("  "+p.Key, plural(int64(p.Attempts), "attempt"), p.End.Sub(p.Start).Round(time.Millisecond).String(), outcome)
		}
		t.flush()
	}
	if len(r.Stats) > 0 || r.Rejected > 0 {
		fmt.Fprintln(w, "stats")
		t := newTable(w)
		if r.Rejected > 0 {
			t.row("  rejected", strconv.FormatInt(r.Rejected, 10))
		}
		for _, k := range provenance.SortedKeys(r.Stats) {
			t.row("  "+k, strconv.FormatInt(r.Stats[k], 10))
		}
		t.flush()
	}
	if len(r.Notes) > 0 {
		fmt.Fprintln(w, "notes")
		for _, n := range r.Notes {
			fmt.Fprintf(w, "  %s\n", n)
		}
	}
	if r.Error != "" {
		fmt.Fprintf(w, "error\n  %s\n", strings.ReplaceAll(r.Error, "\n", "\n  "))
	}
}

func printDatasets(a *app, title string, ds []provenance.Dataset) {
	if len(ds) == 0 {
		return
	}
	fmt.Fprintln(a.stdout, title)
	t := newTable(a.stdout)
	for _, d := range ds {
		t.row("  "+d.Name, plural(d.Records, "record"), orNone(d.Fingerprint), d.Location)
	}
	t.flush()
}

// codeText describes a build: module, version, revision and whether the
// working tree was modified.
func codeText(c provenance.Code) string {
	var parts []string
	for _, p := range []string{c.Module, c.Version} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	if c.Revision != "" {
		parts = append(parts, "revision "+c.Revision)
	}
	if c.Dirty {
		parts = append(parts, "(modified working tree)")
	}
	if len(parts) == 0 {
		return "(unknown: the build records no version or revision)"
	}
	return strings.Join(parts, " ")
}
