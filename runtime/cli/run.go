package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	goruntime "runtime"
	"strconv"
	"strings"
	"time"

	"github.com/ayeaye-go/ayeaye/internal/listing"
	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/collection"
	"github.com/ayeaye-go/ayeaye/runtime/openlineage"
	"github.com/ayeaye-go/ayeaye/runtime/partition"
	"github.com/ayeaye-go/ayeaye/runtime/provenance"
	"github.com/ayeaye-go/ayeaye/runtime/runstore"
	"github.com/ayeaye-go/ayeaye/runtime/schema"
	"github.com/ayeaye-go/ayeaye/runtime/storage"
)

func runCommand() *command {
	return &command{
		name:    "run",
		args:    "[-env E] [-var name=value]... [-set dataset=engineURL]... [flags] (MODEL... | -all)",
		summary: "run models in dependency order",
		help: `Run runs the named models, or every model with -all, in dependency order:
a model that reads what another writes runs after it, and models that do
not depend on each other run at the same time (-parallel). When a model
fails, the models that need its outputs are not run and the run exits 1;
the failed model's outputs keep their previous contents. Without
-keep-going the models still running are stopped too.

Each dataset's location is its engine URL (the schema's, or -set's) with
{name} templates filled from the environment: -var flags, then
AYEAYE_VAR_<NAME> environment variables, then the environment's vars in
ayeaye.yaml. Secrets never appear in the output.

Every run is recorded in the run store (-store; by default SQLite in
.ayeaye/runs.db of the project directory), with the content fingerprints
of what it read and wrote: runs lists them, lineage and verify use them.
All models of one invocation share a parent run id. -lineage also sends
OpenLineage events to a file (one JSON event per line) or a server.

-skip-unchanged skips a model whose code, inputs and outputs are as they
were after its last successful run; -resume skips the models that
succeeded in the last invocation of these models, unless their inputs or
outputs have changed since. Either way a model runs when one upstream of
it runs, and a skipped model is recorded with status skipped.
-locked reads the inputs pinned in ayeaye.lock (see the lock command) and
refuses to run when any of them has changed, unless -allow-drift.

The log and progress go to stderr; a summary of each model (records read
and written per dataset, rejected records, duration, and where the outputs
are) goes to stdout.

Examples:

	PROGRAM run -all
	PROGRAM run -env prod paint_orders
	PROGRAM run -all -keep-going -parallel 4
	PROGRAM run -all -skip-unchanged
	PROGRAM run -set paint_orders=csv:///tmp/orders.csv paint_orders`,
		run: runRun,
	}
}

// runFlags are the flags of run.
type runFlags struct {
	env           envFlags
	store         storeFlag
	all           bool
	skipBad       bool
	quiet         bool
	keepGoing     bool
	parallel      int
	executor      string
	workers       int
	lineage       string
	resume        bool
	skipUnchanged bool
	locked        bool
	allowDrift    bool
	strict        bool
}

func (f *runFlags) register(fs *flag.FlagSet) {
	f.env.register(fs)
	f.store.register(fs)
	fs.BoolVar(&f.all, "all", false, "run every model")
	fs.BoolVar(&f.skipBad, "skip-bad", false, "set bad input records aside in a rejects file (<first output>.rejects.ndjson, or <dataset>.rejects.ndjson for a table) and count them, instead of failing")
	fs.BoolVar(&f.quiet, "q", false, "quiet: log only warnings and errors, and draw no progress bar")
	fs.BoolVar(&f.keepGoing, "keep-going", false, "when a model (or a partition) fails, let the independent ones finish")
	fs.IntVar(&f.parallel, "parallel", goruntime.NumCPU(), "run at most `N` models at the same time")
	fs.StringVar(&f.executor, "executor", "local", "where partitioned models run their partitions: serial (one by one, to debug), local (a pool of goroutines), nats (an embedded JetStream server and local worker processes) or nats://host:4222 (an existing server; start workers with the worker command)")
	fs.IntVar(&f.workers, "workers", 0, "goroutines of the local executor, or worker processes with -executor nats (default one per CPU; none with a nats:// URL)")
	fs.StringVar(&f.lineage, "lineage", "", "also send OpenLineage events to `TARGET`: a file (one JSON event per line) or an http(s) URL of a server")
	fs.BoolVar(&f.resume, "resume", false, "skip the models that succeeded in the last invocation and whose inputs have not changed since")
	fs.BoolVar(&f.skipUnchanged, "skip-unchanged", false, "skip a model whose code, inputs and outputs are as they were after its last successful run")
	fs.BoolVar(&f.locked, "locked", false, "read the inputs pinned in ayeaye.lock, and refuse to run when one has changed")
	fs.BoolVar(&f.allowDrift, "allow-drift", false, "with -locked: run despite changed inputs, noting them in the run records")
	fs.BoolVar(&f.strict, "strict", false, "with -locked: refuse to run code other than the locked code, instead of warning")
}

// check refuses flag combinations that cannot work, before anything runs.
func (f *runFlags) check(a *app, cmd *command) (int, bool) {
	switch {
	case f.parallel < 1:
		return a.usageError(cmd, "-parallel %d: run at least one model at a time", f.parallel), false
	case checkExecutor(f.executor) != "":
		return a.usageError(cmd, "%s", checkExecutor(f.executor)), false
	case f.workers < 0:
		return a.usageError(cmd, "-workers %d: give a positive number of workers, or 0 for one per CPU", f.workers), false
	case f.workers > 0 && f.executor == "serial":
		return a.usageError(cmd, "-workers %d: the serial executor has no workers; use -executor local", f.workers), false
	case (f.allowDrift || f.strict) && !f.locked:
		return a.usageError(cmd, "-allow-drift and -strict apply to locked runs; add -locked"), false
	case f.store.none() && (f.resume || f.skipUnchanged):
		return a.usageError(cmd, "-resume and -skip-unchanged compare with recorded runs, so they need a run store; leave out -store none"), false
	}
	return ExitOK, true
}

func runRun(a *app, cmd *command, args []string) int {
	fs := a.flagSet(cmd)
	var f runFlags
	f.register(fs)
	names, code, ok := a.parse(cmd, fs, args)
	if !ok {
		return code
	}
	if code, ok := f.check(a, cmd); !ok {
		return code
	}
	models, code, ok := a.selectModels(cmd, names, f.all)
	if !ok {
		return code
	}
	s, code, ok := a.open(cmd, &f.env)
	if !ok {
		return code
	}
	r := s.runner
	r.Logger = newLogger(a.stderr, f.quiet, s.redact)
	r.SkipBadRecords = f.skipBad
	r.Code = a.code()
	r.Project = a.project(r.Code)
	if !f.quiet && (f.parallel == 1 || len(models) == 1) {
		r.Progress = a.stderr // a bar on a terminal, else a log line now and then; bars of parallel models would overwrite each other
	}
	insts := make([]collection.Model, len(models))
	for i, m := range models {
		inst, err := newModel(m)
		if err != nil {
			a.failed(s, m.Name, err)
			return ExitFailure
		}
		insts[i] = collection.Model{Name: m.Name, Model: inst}
	}
	if f.locked {
		if code, ok := a.applyLock(cmd, s, &f, insts); !ok {
			return code
		}
	}
	coll, err := collection.New(r, insts)
	if err != nil {
		fmt.Fprintf(a.stderr, "%s: these models cannot run together: %s\n", a.prog.Name, s.redact(err.Error()))
		return ExitFailure
	}

	var store runstore.Store
	if !f.store.none() {
		st, err := a.openStore(&f.store, true)
		if err != nil {
			if a.ctx.Err() != nil {
				err = errors.New("interrupted; nothing was run")
			}
			fmt.Fprintf(a.stderr, "%s: %s\n", a.prog.Name, s.redact(err.Error()))
			return ExitFailure
		}
		defer a.closeStore(st)
		if runs, err := st.MarkInterrupted(a.ctx); err != nil {
			r.Logger.Warn("could not check for interrupted runs", "error", err)
		} else if len(runs) > 0 {
			r.Logger.Warn(fmt.Sprintf("marked %s left running by processes that no longer exist as interrupted", plural(int64(len(runs)), "run")), "store", a.storeName(&f.store))
			a.cleanParts(s, r, runs)
		}
		store = st
		r.Recorders = append(r.Recorders, st)
	}
	if f.lineage != "" {
		raw, recs := schemasOf(insts)
		em, err := openlineage.New(f.lineage, r.Logger, openlineage.Options{Config: openlineage.Config{Schemas: raw, Records: recs, Invocation: a.prog.Name}})
		if err != nil {
			fmt.Fprintf(a.stderr, "%s: -lineage: %s\n", a.prog.Name, s.redact(err.Error()))
			return ExitFailure
		}
		defer a.closeLineage(s, em)
		r.Recorders = append(r.Recorders, em)
	}

	parent := provenance.NewRunID()
	ctx := provenance.WithParent(a.ctx, parent)
	ctx = partition.WithLogger(ctx, r.Logger)
	if f.executor == "serial" {
		ctx = partition.WithExecutor(ctx, partition.Serial{})
	} else if f.executor != "local" {
		exec, stop, err := a.openExecutor(f.executor, a.executorRun(s, &f.env, f.workers, r.Logger))
		if err != nil {
			fmt.Fprintf(a.stderr, "%s: -executor %s: %s\n", a.prog.Name, f.executor, s.redact(err.Error()))
			return ExitFailure
		}
		defer stop()
		ctx = partition.WithExecutor(ctx, exec)
	} else {
		ctx = partition.WithExecutor(ctx, partition.Local{Workers: f.workers})
	}
	if f.keepGoing {
		ctx = partition.WithKeepGoing(ctx)
	}

	skipped := map[string]string{}
	if f.resume || f.skipUnchanged {
		o := collection.SkipOptions{History: history{store}, Resume: f.resume, Unchanged: f.skipUnchanged,
			Parent: parent, Env: s.env.Name(), Vars: s.env.Vars(), Redact: s.redact}
		if skipped, err = coll.Skips(ctx, o); err != nil {
			fmt.Fprintf(a.stderr, "%s: %s\n", a.prog.Name, s.redact(err.Error()))
			return ExitFailure
		}
	}
	var only []string
	for _, m := range insts {
		if _, skip := skipped[m.Name]; !skip {
			only = append(only, m.Name)
		}
	}
	var results []collection.Result
	if len(only) > 0 {
		results, _ = coll.Run(ctx, collection.Options{Only: only, Parallel: f.parallel, KeepGoing: f.keepGoing})
	}
	return a.report(s, coll, results, skipped)
}

// report prints what happened to each model, in dependency order: the
// summary of each model that ran or was skipped on stdout, failures and
// the models not run on stderr. It returns the exit code.
func (a *app) report(s *session, coll *collection.Collection, results []collection.Result, skipped map[string]string) int {
	byName := make(map[string]collection.Result, len(results))
	for _, res := range results {
		byName[res.Model] = res
	}
	exit := ExitOK
	var notRun []string
	for _, group := range coll.Groups() {
		for _, name := range group {
			if why, ok := skipped[name]; ok {
				fmt.Fprintf(a.stdout, "%s: skipped: %s\n", name, why)
				continue
			}
			res, ok := byName[name]
			switch {
			case !ok || res.Skipped:
				notRun = append(notRun, name)
				exit = ExitFailure
			case res.Err != nil:
				a.failed(s, name, res.Err)
				exit = ExitFailure
			default:
				printReport(a.stdout, res.Report, s.redact)
			}
		}
	}
	if len(notRun) > 0 {
		fmt.Fprintf(a.stderr, "%s: not run: %s\n", a.prog.Name, listing.Join(notRun, ", "))
	}
	return exit
}

// failed reports a failed model on stderr, with the error that says where
// (a bad record gives file, line and column).
func (a *app) failed(s *session, model string, err error) {
	// The runner's errors start with the model's name, which this line
	// already gives.
	msg := strings.TrimPrefix(err.Error(), "model "+model+": ")
	switch {
	case a.ctx.Err() != nil && errors.Is(err, a.ctx.Err()):
		msg = "interrupted; its outputs were left as they were"
	case errors.Is(err, context.Canceled):
		msg = "stopped because another model failed; its outputs were left as they were (-keep-going lets independent models finish)"
	}
	fmt.Fprintf(a.stderr, "%s: model %s failed: %s\n", a.prog.Name, model, s.redact(msg))
}

// closeLineage sends the OpenLineage events still queued, waiting a
// little even after Ctrl-C, and says what could not be sent: lineage is
// reported, never a reason to fail the run.
func (a *app) closeLineage(s *session, em *openlineage.Emitter) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(a.ctx), 10*time.Second)
	defer cancel()
	if err := em.Close(ctx); err != nil {
		fmt.Fprintf(a.stderr, "%s: -lineage: %s\n", a.prog.Name, s.redact(err.Error()))
	}
	if st := em.Stats(); st.Dropped+st.Failed > 0 {
		fmt.Fprintf(a.stderr, "%s: -lineage: %d OpenLineage events were not delivered (%d dropped, %d failed); the log says why\n",
			a.prog.Name, st.Dropped+st.Failed, st.Dropped, st.Failed)
	}
}

// schemasOf maps each dataset the models use to its JSON Schema and to
// its record as a value (generated datasets carry one, so lineage parses
// no schema of the project's own), for OpenLineage's schema facets.
func schemasOf(models []collection.Model) (map[string]string, map[string]*schema.Record) {
	raw, recs := map[string]string{}, map[string]*schema.Record{}
	for _, m := range models {
		ports, err := runtime.Describe(m.Model)
		if err != nil {
			continue // collection.New has reported it
		}
		for _, p := range ports {
			if p.Schema != "" {
				raw[p.Dataset] = p.Schema
			}
			if p.Record != nil {
				recs[p.Dataset] = p.Record
			}
		}
	}
	return raw, recs
}

// selectModels checks the model names of the command line, all of them
// before anything runs, so that a typo in the third name does not leave
// the first two run. The models come back in the program's order.
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
		return nil, a.usageError(cmd, "name the models to %s, or use -all (models: %s)", cmd.name, joinNames(a.modelNames())), false
	}
	want := map[string]bool{}
	for _, n := range names {
		if _, ok := a.findModel(n); !ok {
			return nil, a.usageError(cmd, "unknown model %q%s (models: %s)", n, didYouMean(n, a.modelNames()), joinNames(a.modelNames())), false
		}
		want[n] = true
	}
	var models []Model
	for _, m := range a.prog.Models {
		if want[m.Name] {
			models = append(models, m)
		}
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

// rejectsWhere says where the runner put a run's rejects, as the run
// reports it.
func rejectsWhere(rep *runtime.Report, redact func(string) string) string {
	if rep.RejectsLocation == "" {
		return ""
	}
	return "in " + redact(rep.RejectsLocation)
}

// cleanParts removes what interrupted runs left beside their outputs: the
// parts of partitioned outputs (hidden directories no run will join any
// more) and temporary files of the outputs and their sidecars. (Creating
// an output removes its own stale temporary files too; this reaches those
// of outputs no later run writes.)
func (a *app) cleanParts(s *session, r *runtime.Runner, runs []*provenance.Run) {
	removed, temps := 0, 0
	for _, run := range runs {
		for _, d := range run.Outputs {
			loc, ok := unredact(s, d.Location)
			if !ok {
				continue
			}
			u, err := runtime.DefaultRegistry().Engine().Parse(loc)
			if err != nil {
				continue
			}
			n, err := r.CleanParts(a.ctx, u, run.ID)
			if err != nil {
				r.Logger.Warn("could not remove the parts an interrupted run left", "run", run.ID, "dataset", d.Name, "error", s.redact(err.Error()))
			}
			removed += n
			temps += storage.RemoveStale(u)
		}
	}
	if removed > 0 {
		r.Logger.Info(fmt.Sprintf("removed %s that interrupted runs left beside their outputs", plural(int64(removed), "partition part")))
	}
	if temps > 0 {
		r.Logger.Info(fmt.Sprintf("removed %s that interrupted runs left beside their outputs", plural(int64(temps), "temporary file")))
	}
}
