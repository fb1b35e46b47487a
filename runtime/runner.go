package runtime

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/ayeaye-go/ayeaye/runtime/engine"
	"github.com/ayeaye-go/ayeaye/runtime/partition"
	"github.com/ayeaye-go/ayeaye/runtime/provenance"
	"github.com/ayeaye-go/ayeaye/runtime/schema"
	"github.com/ayeaye-go/ayeaye/runtime/storage"
)

// Environment fills {name} templates in engine URLs and hides secrets.
// *env.Env (package runtime/env) is the usual one.
type Environment interface {
	Name() string
	Expand(template string) (string, error)
	Redact(s string) string
}

// textExpander is an Environment that fills templates knowing which parts
// come from secrets (*env.Env does): its engine URLs are parsed with
// engine.ParseText, which encodes the secrets for their place in the URL
// and gives the masked twin that is printed instead of the URL.
type textExpander interface {
	ExpandText(template string) (engine.Text, error)
}

// Runner runs models. Its zero value runs with no environment variables,
// default engine URLs, a fresh in-memory store and no logging. A Runner is
// safe for concurrent use once configured; each Run has its own state.
type Runner struct {
	Env Environment
	// Overrides replace datasets' engine URLs by dataset name: how a test
	// points a model at fixtures ("mem://people") without touching it.
	Overrides map[string]string
	// Registry knows the engine types URLs may name and the drivers that
	// store them; nil means DefaultRegistry().
	Registry *Registry
	// Mem holds the mem:// datasets; one is created on first use.
	Mem *Mem
	// Store opens and creates bytes; one per Runner, created on first use.
	Store *storage.Store
	// Logger receives run events; nil discards them.
	Logger *slog.Logger
	// Progress is where a progress bar is drawn when it is a terminal;
	// otherwise progress is logged every ProgressEvery (default 10s).
	Progress      io.Writer
	ProgressEvery time.Duration
	// SkipBadRecords keeps reading after a bad input record, writing it
	// with its error to a rejects dataset (<first output>.rejects.ndjson;
	// <dataset>.rejects.ndjson in the working directory when that output
	// is a table or its location holds a secret; or mem://<input>.rejects)
	// and counting it, instead of failing.
	SkipBadRecords bool
	// Recorders receive the run record at the start and the end of each
	// run (a run store, an OpenLineage emitter). With none, content is not
	// fingerprinted.
	Recorders []provenance.Recorder
	// Project names the program in run records; Code identifies its
	// build (provenance.CodeVersion when zero).
	Project string
	Code    provenance.Code
	// Notes are added to every run record, e.g. that a locked run was
	// allowed to proceed despite input drift.
	Notes []string
	// NoManifests turns off the sidecar manifest (<output>.ayeaye.json)
	// published with every file output, and the contract check of inputs
	// that have one.
	NoManifests bool

	once sync.Once
	// masks holds the URLs resolve filled with secrets, and their masked
	// twins: how they are printed.
	masks masks
}

func (r *Runner) init() {
	r.once.Do(func() {
		if r.Mem == nil {
			r.Mem = NewMem()
		}
		if r.Store == nil {
			r.Store = &storage.Store{}
		}
		if r.Logger == nil {
			r.Logger = slog.New(slog.DiscardHandler)
		}
		if r.ProgressEvery == 0 {
			r.ProgressEvery = 10 * time.Second
		}
		if r.Code.Module == "" && r.Code.Revision == "" {
			r.Code = provenance.CodeVersion()
		}
	})
}

func (r *Runner) registry() *Registry {
	if r.Registry != nil {
		return r.Registry
	}
	return defaults
}

// Report says what one model run did.
type Report struct {
	RunID    string // the run record's id
	Model    string
	Env      string
	Datasets []DatasetReport
	Stats    map[string]int64 // the model's own counters (see Count)
	Rejected int64
	// RejectsLocation is where rejected records went (redacted), when
	// the run skipped bad records.
	RejectsLocation string
	Start           time.Time
	Duration        time.Duration
}

// DatasetReport is one dataset of a run.
type DatasetReport struct {
	Field     string
	Dataset   string
	Direction Direction
	Appends   bool   // an output declared with Dataset.Append
	Location  string // resolved engine URL, secrets redacted
	Schema    string // the dataset's JSON Schema (canonical JSON)
	Records   int64
	Bytes     int64 // bytes written (outputs)
	// Record is the schema as a value, as Port.Record.
	Record *schema.Record
}

type statsKey struct{}

// Count adds delta to the model's statistic name; it shows in the run's
// report and, as count.<name>, on its "run succeeded" log line. It is safe for concurrent use; outside a run it does
// nothing.
func Count(ctx context.Context, name string, delta int64) {
	if s, ok := ctx.Value(statsKey{}).(*stats); ok {
		s.mu.Lock()
		s.m[name] += delta
		s.mu.Unlock()
	}
}

type stats struct {
	mu sync.Mutex
	m  map[string]int64
}

// Describe resolves where each dataset of m lives in the runner's
// environment, without opening anything.
func (r *Runner) Describe(m Model) ([]DatasetReport, error) {
	r.init()
	ports, err := Describe(m)
	if err != nil {
		return nil, err
	}
	out := make([]DatasetReport, len(ports))
	urls := make([]engine.URL, len(ports))
	for i, p := range ports {
		u, err := r.resolve(p)
		if err != nil {
			return nil, err
		}
		urls[i] = u
		out[i] = DatasetReport{Field: p.Field, Dataset: p.Dataset, Direction: p.Direction, Appends: p.Appends, Location: r.display(u), Schema: p.Schema, Record: p.Record}
	}
	return out, r.checkOverlap(ports, urls)
}

// display is how u is printed, recorded and emitted: the masked twin
// when resolve filled u from a template, so that every secret is hidden
// where it went whatever its length; else u.Redacted() with the
// environment's secrets redacted (a URL derived from a resolved one, such
// as a partition's part or a file a wildcard matched).
func (r *Runner) display(u engine.URL) string {
	if m, ok := r.masks.lookup(u); ok {
		return m.display
	}
	return r.redact(u.Redacted())
}

// locationHoldsSecret reports whether a secret was filled into u's
// location.
func (r *Runner) locationHoldsSecret(u engine.URL) bool {
	m, ok := r.masks.lookup(u)
	return ok && m.locationSecret
}

// redact hides secrets in free text: the URLs filled with secrets, in
// every form they are quoted, become their masked twins, then the
// environment redacts what is left (Environment.Redact).
func (r *Runner) redact(s string) string {
	s = r.masks.replace(s)
	if r.Env == nil {
		return s
	}
	return r.Env.Redact(s)
}

func (r *Runner) redactErr(err error) error {
	if err == nil {
		return nil
	}
	if msg := err.Error(); r.redact(msg) != msg {
		return errors.New(r.redact(msg))
	}
	return err
}

// resolve finds a port's engine URL: the override, else the default, with
// templates filled from the environment.
func (r *Runner) resolve(p Port) (engine.URL, error) {
	tmpl, overridden := r.Overrides[p.Dataset]
	if !overridden {
		tmpl = p.EngineURL
	}
	if tmpl == "" {
		return engine.URL{}, fmt.Errorf("dataset %q (field %s) has no engine URL; set x-ayeaye.engine_url in its schema, or override it for this run", p.Dataset, p.Field)
	}
	u, err := r.fill(tmpl)
	if err != nil {
		return engine.URL{}, fmt.Errorf("dataset %q: %w", p.Dataset, err)
	}
	// Islands of data: ref://team/dataset names a published dataset in the
	// catalogue of ayeaye.yaml (catalogue.go).
	if u.Type == "ref" {
		return r.resolveRef(p, u)
	}
	return u, nil
}

// fill fills an engine URL template from the environment and parses it,
// remembering how to print the URL without its secrets (display).
func (r *Runner) fill(tmpl string) (engine.URL, error) {
	if te, ok := r.Env.(textExpander); ok {
		t, err := te.ExpandText(tmpl)
		if err != nil {
			return engine.URL{}, r.redactErr(err)
		}
		u, masked, err := r.registry().engine.ParseText(t)
		if err != nil {
			return engine.URL{}, r.redactErr(err)
		}
		if t.HasSecret() {
			r.masks.add(u, masked)
		}
		return u, nil
	}
	expanded := tmpl
	if r.Env != nil {
		var err error
		if expanded, err = r.Env.Expand(tmpl); err != nil {
			return engine.URL{}, r.redactErr(err)
		}
	} else if strings.ContainsRune(tmpl, '{') {
		var err error
		if expanded, err = engine.Expand(tmpl, nil); err != nil {
			return engine.URL{}, fmt.Errorf("%w (the run has no environment)", err)
		}
	}
	u, err := r.registry().engine.Parse(expanded)
	return u, r.redactErr(err)
}

// expand finds the files a wildcard input matches; an output cannot be
// a wildcard.
func (r *Runner) expand(ctx context.Context, p Port, pr *portRun) error {
	u := pr.url
	if !u.HasWildcard() {
		return nil
	}
	if p.Direction == Write {
		return fmt.Errorf("dataset %q: an output cannot be a wildcard (%s)", p.Dataset, r.display(u))
	}
	var err error
	if pr.urls, err = pr.drv.list(ctx, pr); err != nil {
		return fmt.Errorf("dataset %q: %w", p.Dataset, r.redactErr(err))
	}
	if len(pr.urls) == 0 {
		return fmt.Errorf("dataset %q: no files match %s", p.Dataset, r.display(u))
	}
	return nil
}

// failBeforeStart records a run that failed before it could start (a
// model without its datasets, a dataset that does not resolve, a wildcard
// that matches nothing): it still gets a run ID, a running record and a
// failed one, so that the run store and lineage see every attempt. The
// record lists the datasets whose location is known (runs[i] != nil). It
// returns err.
func (r *Runner) failBeforeStart(ctx context.Context, log *slog.Logger, rep *Report, ports []Port, runs []*portRun, err error) error {
	rec := r.newRecord(ctx, rep.Model, ports, runs, rep.Start)
	rep.RunID = rec.ID
	// The run failed anyway: a store that does not take its records is
	// logged, and the end is recorded even when the start was not.
	r.logRecordErr(log, r.record(ctx, rec))
	rec.End, rec.Status, rec.Error = time.Now(), provenance.Failed, r.redact(err.Error())
	r.logRecordErr(log, r.record(ctx, rec))
	log.Error("run failed", "run", rec.ID, "error", r.redactErr(err))
	return err
}

// partitionContext prepares ctx for the partitioned builds of a run: the
// partitions are recorded in rec (and the counts of those built in other
// processes added to the ports'), progress shows them, and their parts of
// the outputs are named after the run (output_part.go).
func (r *Runner) partitionContext(ctx context.Context, rec *provenance.Run, ports []Port, runs []*portRun, prog *progress) context.Context {
	ctx = r.partitionSink(ctx, rec, func(p provenance.PartitionRun) {
		for i, port := range ports {
			if port.Direction == Read {
				runs[i].records.Add(p.Records[port.Dataset])
			} else if n := p.Written[port.Dataset]; n > 0 {
				runs[i].records.Add(n)
				runs[i].parts.remote.Add(1)
			}
		}
	})
	records := func() int64 {
		var n int64
		for i, p := range ports {
			if p.Direction == Read {
				n += runs[i].records.Load()
			}
		}
		return n
	}
	prog.records.Store(&records)
	setRun := func(id string) {
		for _, pr := range runs {
			pr.parts.mu.Lock()
			pr.parts.run = id
			pr.parts.mu.Unlock()
		}
	}
	setRun(rec.ID)
	ctx = partition.WithProgress(ctx, prog.partitions)
	return partition.WithRun(ctx, rec.ID, setRun) // a resumed distributed run has its own
}

// logRecordErr logs a failure to record a run that failed anyway: its
// own error is the one to report.
func (r *Runner) logRecordErr(log *slog.Logger, err error) {
	if err != nil {
		log.Warn("recording the failed run failed too", "error", err)
	}
}

func (r *Runner) fillReport(rep *Report, ports []Port, runs []*portRun, st *stats, start time.Time) {
	rep.Datasets = rep.Datasets[:0]
	for i, p := range ports {
		rep.Datasets = append(rep.Datasets, DatasetReport{
			Field: p.Field, Dataset: p.Dataset, Direction: p.Direction, Appends: p.Appends,
			Location: r.display(runs[i].url), Records: runs[i].records.Load(), Bytes: runs[i].bytes,
		})
	}
	st.mu.Lock()
	rep.Stats = make(map[string]int64, len(st.m))
	for k, v := range st.m {
		rep.Stats[k] = v
	}
	st.mu.Unlock()
	rep.Duration = time.Since(start)
}

// guard runs f, turning a panic into an error that carries the stack, so
// a broken model fails its run instead of crashing the program.
func guard(stage string, f func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%s panicked: %v\n%s", stage, p, debug.Stack())
		}
	}()
	return f()
}

// StatNames returns a report's statistics names, sorted, for printing.
func (rep *Report) StatNames() []string {
	names := make([]string, 0, len(rep.Stats))
	for k := range rep.Stats {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// Peek returns the first n records of the dataset that model m reads or
// writes under that name, as they are stored now in the runner's
// environment. Records are values of the dataset's record type.
func (r *Runner) Peek(ctx context.Context, m Model, dataset string, n int) ([]any, error) {
	return r.ReadAt(ctx, m, dataset, "", n)
}

// ReadAt reads up to n records (all when n < 0) of the dataset that model
// m uses under that name, from location (an engine URL; "" for where the
// dataset resolves now). Verify reads the outputs of two runs with it.
func (r *Runner) ReadAt(ctx context.Context, m Model, dataset, location string, n int) ([]any, error) {
	r.init()
	ports, err := Describe(m)
	if err != nil {
		return nil, err
	}
	for _, p := range ports {
		if p.Dataset != dataset {
			continue
		}
		var u engine.URL
		if location == "" {
			u, err = r.resolve(p)
		} else {
			u, err = r.registry().engine.Parse(location)
		}
		if err != nil {
			return nil, err
		}
		pr := r.bind(ctx, u)
		if u.HasWildcard() {
			if pr.urls, err = pr.drv.list(ctx, pr); err != nil {
				return nil, r.redactErr(err)
			}
		}
		p.p.run = pr
		defer func() { p.p.run = nil }()
		return p.p.sample(n)
	}
	return nil, fmt.Errorf("model does not use a dataset named %q", dataset)
}
