package runtime

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/ayeaye-go/ayeaye/runtime/partition"
	"github.com/ayeaye-go/ayeaye/runtime/provenance"
)

// RunTask builds one partition of a partitioned model in this process,
// for a distributed executor's worker: the datasets are resolved in this
// process's environment (so secrets come from the worker's own
// environment), Build runs with partition.ForTask, and nothing is
// published: the result goes back to the coordinator, which combines.
// The partition is recorded as a child of parentRun, with this host.
func (r *Runner) RunTask(ctx context.Context, name string, m Model, t partition.Task, parentRun string) (json.RawMessage, error) {
	r.init()
	ports, err := Describe(m)
	if err != nil {
		return nil, err
	}
	log := r.Logger.With("model", name, "partition", t.Key)
	prog := &progress{}
	for _, p := range ports {
		u, err := r.resolve(p)
		if err != nil {
			return nil, err
		}
		pr := r.bind(ctx, u)
		pr.progress, pr.parts.run, pr.parts.worker = prog, parentRun, true
		if u.HasWildcard() && p.Direction == Read {
			if pr.urls, err = pr.drv.list(ctx, pr); err != nil {
				return nil, r.redactErr(err)
			}
		}
		p.p.run = pr
		p.p.seal, p.p.commit, p.p.abort = nil, nil, nil
	}
	defer func() {
		for _, p := range ports {
			if p.p.abort != nil {
				p.p.abort()
			}
			p.p.run = nil
		}
	}()
	rec := &provenance.Run{ID: parentRun, Model: name, Project: r.Project, Code: r.Code}
	if r.Env != nil {
		rec.Env = r.Env.Name()
	}
	ctx = r.partitionSink(ctx, rec, nil)
	ctx, result := partition.ForTask(ctx, t)
	start := time.Now()
	err = guard("build", func() error { return m.Build(ctx) })
	res, done := result.Get()
	switch {
	case errors.Is(err, partition.ErrPartitionDone) && done:
		log.Info("partition built", "duration", time.Since(start).Round(time.Millisecond))
		read, written := map[string]int64{}, map[string]int64{}
		for _, p := range ports {
			if p.Direction == Read {
				read[p.Dataset] += p.p.run.records.Load()
			} else {
				written[p.Dataset] += p.p.run.records.Load() // records of its parts
			}
		}
		provenance.ReportCounts(ctx, read, written)
		return res, nil
	case err == nil:
		return nil, fmt.Errorf("model %s is not partitioned: its Build returned without calling partition.Run", name)
	default:
		return nil, r.redactErr(err)
	}
}
