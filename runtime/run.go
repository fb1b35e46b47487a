package runtime

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/ayeaye-go/ayeaye/runtime/codec"
	"github.com/ayeaye-go/ayeaye/runtime/engine"
	"github.com/ayeaye-go/ayeaye/runtime/provenance"
)

// Run runs one model: it resolves its datasets, runs the pre-build check,
// Build, commits the outputs, then runs the post-build check. Outputs are
// published only when Build succeeds; a failed or panicking Build leaves
// the previous outputs as they were.
func (r *Runner) Run(ctx context.Context, name string, m Model) (*Report, error) {
	r.init()
	x := r.newRun(ctx, name)
	defer x.close()
	if err := x.resolve(m); err != nil {
		return x.rep, x.failBeforeStart(err)
	}
	if err := x.open(); err != nil {
		return x.rep, err
	}
	if pre, ok := m.(PreBuilder); ok {
		if err := guard("pre-build check", func() error { return pre.PreBuild(x.ctx) }); err != nil {
			return x.rep, x.fail(fmt.Errorf("model %s: pre-build check failed: %w", name, r.redactErr(err)))
		}
	}
	x.building.Store(true)
	err := guard("build", func() error { return m.Build(x.ctx) })
	x.building.Store(false)
	if err != nil {
		return x.rep, x.fail(fmt.Errorf("model %s: %w", name, r.redactErr(err)))
	}
	if err := x.commit(); err != nil {
		return x.rep, x.fail(err)
	}
	if post, ok := m.(PostBuilder); ok {
		if err := guard("post-build check", func() error { return post.PostBuild(x.ctx) }); err != nil {
			err = fmt.Errorf("model %s: post-build check failed (the outputs were written): %w", name, r.redactErr(err))
			x.recordFailure(err)
			return x.rep, err
		}
	}
	return x.rep, x.succeed()
}

// run is one Run of a model: its datasets' states, its record and its
// report, carried through the phases Runner.Run names.
type run struct {
	r        *Runner
	name     string
	ctx      context.Context
	log      *slog.Logger
	rep      *Report
	st       *stats
	prog     *progress
	building *atomic.Bool // set while Build runs: records and rejects count only then

	ports   []Port
	runs    []*portRun // by port; nil where a port did not resolve
	rec     *provenance.Run
	rejects *rejectWriter
	closers []func()
}

func (r *Runner) newRun(ctx context.Context, name string) *run {
	envName := ""
	if r.Env != nil {
		envName = r.Env.Name()
	}
	x := &run{r: r, name: name, rep: &Report{Model: name, Env: envName, Start: time.Now()}, log: r.Logger.With("model", name),
		st: &stats{m: map[string]int64{}}, building: new(atomic.Bool)}
	ctx = context.WithValue(ctx, statsKey{}, x.st)
	ctx, closeSQL := withSQL(ctx) // one pool per database for the run: sql.go
	x.prog = newProgress(name, r.Progress, x.log, r.ProgressEvery)
	x.ctx, x.closers = ctx, []func(){closeSQL, x.prog.close}
	return x
}

// close undoes what the run holds, last taken first.
func (x *run) close() {
	for i := len(x.closers) - 1; i >= 0; i-- {
		x.closers[i]()
	}
}

// resolve binds every port of m to its location, so that a run that
// cannot start says all that is wrong at once and its record lists every
// dataset it can.
func (x *run) resolve(m Model) error {
	r := x.r
	ports, err := Describe(m)
	if err != nil {
		return err
	}
	x.ports, x.runs = ports, make([]*portRun, len(ports))
	fingerprint := len(r.Recorders) > 0 || !r.NoManifests
	var errs []error
	for i, p := range ports {
		u, err := r.resolve(p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		pr := r.bind(x.ctx, u)
		pr.progress, pr.print.on, pr.building = x.prog, fingerprint, x.building
		x.runs[i] = pr
		if err := r.expand(x.ctx, p, pr); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	for i, p := range ports {
		if fingerprint && p.Direction == Read {
			x.runs[i].drv.snapshot(x.runs[i])
		}
	}
	if err := r.checkOverlap(ports, x.urls()); err != nil {
		return fmt.Errorf("model %s: not run: %w", x.name, err)
	}
	return nil
}

func (x *run) urls() []engine.URL {
	urls := make([]engine.URL, len(x.runs))
	for i, pr := range x.runs {
		urls[i] = pr.url
	}
	return urls
}

// open attaches the resolved datasets to the model's ports, records the
// run's start and takes its outputs' write locks.
func (x *run) open() error {
	r, ctx := x.r, x.ctx
	if r.SkipBadRecords {
		x.rejects = r.newRejects(x.ports, x.runs)
	}
	for i, p := range x.ports {
		if x.rejects != nil {
			in, rw := p.Dataset, x.rejects
			x.runs[i].reject = func(e *codec.Error) error { return rw.add(in, e) }
		}
		p.p.run = x.runs[i]
		p.p.seal, p.p.commit, p.p.abort = nil, nil, nil
	}
	x.closers = append(x.closers, func() {
		for _, p := range x.ports {
			p.p.run = nil
		}
	})
	x.rec = r.newRecord(ctx, x.name, x.ports, x.runs, x.rep.Start)
	x.rep.RunID = x.rec.ID
	unlock, err := r.lockOutputs(ctx, x.log, x.ports, x.runs, x.rec)
	if err != nil {
		return x.failBeforeStart(fmt.Errorf("model %s: not run: %w", x.name, err))
	}
	x.closers = append(x.closers, unlock)
	x.ctx = r.partitionContext(ctx, x.rec, x.ports, x.runs, x.prog)
	for _, pr := range x.runs {
		pr.ctx = x.ctx
	}
	if err := r.record(x.ctx, x.rec); err != nil {
		return fmt.Errorf("model %s: not run: the run store did not take its record: %w\n\thint: fix the store, or run without records (-store none)", x.name, err)
	}
	x.log.Info("run started", "env", x.rep.Env, "run", x.rec.ID)
	if !r.NoManifests {
		r.armContracts(x.ctx, x.log, x.ports, x.runs)
	}
	return nil
}

// commit finishes what Build read and wrote: inputs are checked and
// fingerprinted, partitions' parts joined, outputs published with their
// manifests, then the rejects.
func (x *run) commit() error {
	in := 0
	for i, p := range x.ports {
		pr := x.runs[i]
		if p.Direction == Read {
			if err := x.finishInput(pr, &x.rec.Inputs[in]); err != nil {
				return fmt.Errorf("model %s: %w", x.name, err)
			}
			in++
			continue
		}
		if partitioned(x.rec) {
			if err := p.p.joinParts(); err != nil {
				return fmt.Errorf("model %s: %w", x.name, err)
			}
		}
		if p.p.commit == nil { // nothing written: publish an empty dataset
			if err := p.p.open(); err != nil {
				return err
			}
		}
	}
	if err := x.r.publish(x.ctx, x.name, x.ports, x.runs, x.rec); err != nil {
		return err
	}
	if x.rejects != nil {
		if err := x.rejects.commit(); err != nil {
			return err
		}
		x.rep.Rejected = x.rejects.count
		x.rep.RejectsLocation = x.r.display(x.rejects.url)
	}
	return nil
}

// finishInput fills an input's entry in the run record.
func (x *run) finishInput(pr *portRun, d *provenance.Dataset) error {
	if err := pr.contract.err; err != nil { // also when the model went on past the read's error
		return err
	}
	if pr.print.on && (pr.contract.used.Load() || partitioned(x.rec)) { // partitions may have read it elsewhere
		fp, size, err := pr.drv.fingerprint(x.ctx, pr)
		if err != nil {
			return err
		}
		d.Fingerprint, d.Size = fp, size
	}
	d.Records = pr.records.Load() // for the manifests' upstream entries
	d.Producer = pr.contract.producer
	return nil
}

// fail discards what the run wrote and records its failure.
func (x *run) fail(err error) error {
	for i, p := range x.ports {
		if p.p.abort != nil {
			p.p.abort()
		}
		if p.Direction == Write && partitioned(x.rec) {
			removeParts(x.runs[i])
		}
	}
	if x.rejects != nil {
		x.rejects.abort()
	}
	x.recordFailure(err)
	return err
}

func (x *run) recordFailure(err error) {
	x.r.logRecordErr(x.log, x.finish(provenance.Failed, err))
	x.log.Error("run failed", "error", err)
}

func (x *run) finish(status provenance.Status, err error) error {
	x.r.fillReport(x.rep, x.ports, x.runs, x.st, x.rep.Start)
	x.rec.Rejected = x.rep.Rejected
	return x.r.finishRecord(x.ctx, x.rec, x.ports, x.runs, x.st, status, err)
}

// succeed records the run's success and logs what it did.
func (x *run) succeed() error {
	if err := x.finish(provenance.Succeeded, nil); err != nil {
		err = fmt.Errorf("model %s: the outputs were published, but the run store did not take the run's record, so its provenance is lost: %w\n\thint: fix the store and run the model again", x.name, err)
		x.log.Error("run failed", "error", err)
		return err
	}
	rep := x.rep
	attrs := []any{"duration", rep.Duration.Round(time.Millisecond)}
	for _, d := range rep.Datasets {
		attrs = append(attrs, d.Dataset+"."+d.Direction.String()+"_records", d.Records)
	}
	if rep.Rejected > 0 {
		attrs = append(attrs, "rejected", rep.Rejected)
	}
	for _, k := range rep.StatNames() {
		attrs = append(attrs, "count."+k, rep.Stats[k])
	}
	x.log.Info("run succeeded", attrs...)
	return nil
}

// failBeforeStart records a run that failed before it could start.
func (x *run) failBeforeStart(err error) error {
	return x.r.failBeforeStart(x.ctx, x.log, x.rep, x.ports, x.runs, err)
}
