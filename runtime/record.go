package runtime

import (
	"context"
	"errors"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/ayeaye-go/ayeaye/runtime/provenance"
)

// newRecord starts the run record of a model run. A port without a run
// (runs[i] == nil: its location did not resolve) is left out.
func (r *Runner) newRecord(ctx context.Context, model string, ports []Port, runs []*portRun, start time.Time) *provenance.Run {
	rec := &provenance.Run{
		ID: provenance.NewRunID(), Parent: provenance.Parent(ctx), Project: r.Project, Model: model,
		Code: r.Code, Host: provenance.Hostname(), PID: os.Getpid(), Start: start, Status: provenance.Running,
		Inputs: []provenance.Dataset{}, Outputs: []provenance.Dataset{}, Notes: slices.Clone(r.Notes),
	}
	if rec.Code.Schemas == nil {
		rec.Code.Schemas = map[string]string{}
		for _, p := range ports {
			rec.Code.Schemas[p.Dataset] = p.Fingerprint
		}
	}
	if r.Env != nil {
		rec.Env = r.Env.Name()
		if v, ok := r.Env.(interface{ Vars() map[string]string }); ok {
			rec.Vars = v.Vars()
		}
	}
	for i, p := range ports {
		if runs[i] == nil {
			continue
		}
		d := provenance.Dataset{Field: p.Field, Name: p.Dataset, Location: r.display(runs[i].url), Schema: p.Fingerprint}
		if p.Direction == Read {
			rec.Inputs = append(rec.Inputs, d)
		} else {
			rec.Outputs = append(rec.Outputs, d)
		}
	}
	return rec
}

// record hands rec to every recorder and returns what failed. A run
// store that cannot take a record loses provenance, which the caller
// turns into an error; a lineage emitter queues and never fails.
func (r *Runner) record(ctx context.Context, rec *provenance.Run) error {
	var errs []error
	for _, rc := range r.Recorders {
		if err := rc.Record(context.WithoutCancel(ctx), rec); err != nil {
			errs = append(errs, r.redactErr(err))
		}
	}
	return errors.Join(errs...)
}

// finishRecord completes rec with counts, fingerprints and status, and
// records it.
func (r *Runner) finishRecord(ctx context.Context, rec *provenance.Run, ports []Port, runs []*portRun, st *stats, status provenance.Status, err error) error {
	rec.End = time.Now()
	rec.Status = status
	if err != nil {
		rec.Error = r.redact(err.Error())
	}
	in, out := 0, 0
	for i, p := range ports {
		pr := runs[i]
		if p.Direction == Read {
			rec.Inputs[in].Records = pr.records.Load()
			if pr.contract.producer != nil {
				rec.Inputs[in].Producer = pr.contract.producer
			}
			if pr.contract.note != "" {
				rec.Notes = append(rec.Notes, pr.contract.note)
			}
			in++
			continue
		}
		d := &rec.Outputs[out]
		out++
		d.Records, d.Size = pr.records.Load(), pr.bytes
		if status == provenance.Succeeded && pr.print.table != "" { // SQL tables: sql.go
			d.Fingerprint = pr.print.table
		}
		if pr.print.out != nil {
			if status == provenance.Succeeded {
				d.Fingerprint = pr.print.out.Sum()
			} else {
				pr.print.out.Abandon()
			}
		}
	}
	st.mu.Lock()
	if len(st.m) > 0 {
		rec.Stats = make(map[string]int64, len(st.m))
		for k, v := range st.m {
			rec.Stats[k] = v
		}
	}
	st.mu.Unlock()
	return r.record(ctx, rec)
}

// partitionSink collects a partitioned build's partitions into rec and
// records each as a child run. The records a partition built in another
// process read and wrote are added to the counts through remote.
func (r *Runner) partitionSink(ctx context.Context, rec *provenance.Run, remote func(provenance.PartitionRun)) context.Context {
	var mu sync.Mutex
	log := r.Logger
	return provenance.WithPartitionSink(ctx, func(p provenance.PartitionRun) {
		mu.Lock()
		rec.Partitions = append(rec.Partitions, p)
		mu.Unlock()
		if (p.Records != nil || p.Written != nil) && remote != nil {
			remote(p)
		}
		child := &provenance.Run{
			ID: provenance.NewRunID(), Parent: rec.ID, Project: rec.Project, Model: rec.Model, Partition: p.Key, Code: rec.Code,
			Env: rec.Env, Vars: rec.Vars, Host: p.Host, PID: os.Getpid(), Start: p.Start, End: p.End,
			Status: provenance.Succeeded, Error: r.redact(p.Error), Inputs: []provenance.Dataset{}, Outputs: []provenance.Dataset{},
			Partitions: []provenance.PartitionRun{p},
		}
		if p.Error != "" {
			child.Status = provenance.Failed
		}
		if err := r.record(ctx, child); err != nil {
			// The parent's record lists every partition, so the child's
			// loss is a warning, not a failed run.
			log.Warn("recording a partition failed", "run", rec.ID, "partition", p.Key, "error", err)
		}
	})
}
