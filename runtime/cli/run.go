package cli

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/ayeaye-go/ayeaye/runtime"
)

func runCommand() *command {
	return &command{
		name:    "run",
		args:    "[-env E] [-var name=value]... [-set dataset=engineURL]... [-skip-bad] [-q] (MODEL... | -all)",
		summary: "run models",
		help: `Run runs the named models one after the other, in the order given, or
every model in the program's order with -all. It stops at the first model
that fails and exits 1; that model's outputs keep their previous contents.

Each dataset's location is its engine URL (the schema's, or -set's) with
{name} templates filled from the environment: -var flags, then
AYEAYE_VAR_<NAME> environment variables, then the environment's vars in
ayeaye.yaml. Secrets never appear in the output.

The log and progress go to stderr; a summary of each model (records read
and written per dataset, rejected records, duration, and where the outputs
are) goes to stdout.

Examples:

	PROGRAM run -all
	PROGRAM run -env prod paint_orders
	PROGRAM run -set paint_orders=csv:///tmp/orders.csv paint_orders`,
		run: runRun,
	}
}

func runRun(a *app, cmd *command, args []string) int {
	fs := a.flagSet(cmd)
	var ef envFlags
	ef.register(fs)
	all := fs.Bool("all", false, "run every model, in the program's order")
	skipBad := fs.Bool("skip-bad", false, "set bad input records aside in a rejects file (<first output>.rejects.ndjson) and count them, instead of failing")
	quiet := fs.Bool("q", false, "quiet: log only warnings and errors, and draw no progress bar")
	names, code, ok := a.parse(cmd, fs, args)
	if !ok {
		return code
	}
	models, code, ok := a.selectModels(cmd, names, *all)
	if !ok {
		return code
	}
	s, code, ok := a.open(cmd, &ef)
	if !ok {
		return code
	}
	s.runner.Logger = newLogger(a.stderr, *quiet, s.redact)
	if !*quiet {
		s.runner.Progress = a.stderr // a bar on a terminal, else a log line now and then
	}
	s.runner.SkipBadRecords = *skipBad

	for i, m := range models {
		inst, err := newModel(m)
		if err == nil {
			var rep *runtime.Report
			rep, err = s.runner.Run(a.ctx, m.Name, inst)
			if err == nil {
				printReport(a.stdout, rep, s.redact)
				continue
			}
		}
		a.failed(s, m, err, models[i+1:])
		return ExitFailure
	}
	return ExitOK
}

// failed reports a failed model on stderr: the error (which carries the
// file, line and column of a bad record), and the models not run.
func (a *app) failed(s *session, m Model, err error, notRun []Model) {
	// The runner's errors start with the model's name, which this line
	// already gives.
	msg := strings.TrimPrefix(err.Error(), "model "+m.Name+": ")
	if a.ctx.Err() != nil && errors.Is(err, a.ctx.Err()) {
		msg = "interrupted; its outputs were left as they were"
	}
	fmt.Fprintf(a.stderr, "%s: model %s failed: %s\n", a.prog.Name, m.Name, s.redact(msg))
	if len(notRun) > 0 {
		names := make([]string, len(notRun))
		for i, n := range notRun {
			names[i] = n.Name
		}
		fmt.Fprintf(a.stderr, "%s: not run: %s\n", a.prog.Name, strings.Join(names, ", "))
	}
}

// selectModels checks the model names of the command line, all of them
// before anything runs, so that a typo in the third name does not leave
// the first two run.
func (a *app) selectModels(cmd *command, names []string, all bool) ([]Model, int, bool) {
	switch {
	case all && len(names) > 0:
		return nil, a.usageError(cmd, "name models or use -all, not both"), false
	case all:
		if len(a.prog.Models) == 0 {
			return nil, a.usageError(cmd, "the program has no models"), false
		}
		return a.prog.Models, ExitOK, true
	case len(names) == 0:
		return nil, a.usageError(cmd, "name the models to run, or use -all (models: %s)", joinNames(a.modelNames())), false
	}
	var models []Model
	for _, n := range names {
		m, ok := a.findModel(n)
		if !ok {
			return nil, a.usageError(cmd, "unknown model %q%s (models: %s)", n, didYouMean(n, a.modelNames()), joinNames(a.modelNames())), false
		}
		models = append(models, m)
	}
	return models, ExitOK, true
}

// printReport writes one model's summary:
//
//	paint_orders: ok in 12ms (environment dev)
//	  read   colour_popularity  5 records             json://output/colour_popularity.json
//	  wrote  paint_orders       5 records, 412 bytes  ndjson://output/paint_orders.ndjson
func printReport(w io.Writer, rep *runtime.Report, redact func(string) string) {
	env := ""
	if rep.Env != "" {
		env = fmt.Sprintf(" (environment %s)", rep.Env)
	}
	fmt.Fprintf(w, "%s: ok in %s%s\n", rep.Model, rep.Duration.Round(time.Millisecond), env)
	t := newTable(w)
	for _, d := range rep.Datasets {
		verb, count := "read", plural(d.Records, "record")
		if d.Direction == runtime.Write {
			verb = "wrote"
			count += ", " + plural(d.Bytes, "byte")
		}
		t.row("  "+verb, d.Dataset, count, redact(d.Location))
	}
	if rep.Rejected > 0 {
		t.row("  rejected", plural(rep.Rejected, "bad record"), "", rejectsWhere(rep, redact))
	}
	for _, name := range rep.StatNames() {
		t.row("  counted", name, strconv.FormatInt(rep.Stats[name], 10))
	}
	t.flush()
}

func plural(n int64, noun string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// rejectsWhere says where the runner put a run's rejects: a .rejects.ndjson
// file beside the first output, or memory when that output is in memory
// or there is none.
func rejectsWhere(rep *runtime.Report, redact func(string) string) string {
	for _, d := range rep.Datasets {
		if d.Direction != runtime.Write {
			continue
		}
		if strings.HasPrefix(d.Location, "mem://") {
			break
		}
		return "in a .rejects.ndjson file beside " + redact(d.Location)
	}
	return "in memory (mem://<input>.rejects)"
}
