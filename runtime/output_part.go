package runtime

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/ayeaye-go/ayeaye/runtime/codec"
	"github.com/ayeaye-go/ayeaye/runtime/engine"
	"github.com/ayeaye-go/ayeaye/runtime/partition"
	"github.com/ayeaye-go/ayeaye/runtime/provenance"
	"github.com/ayeaye-go/ayeaye/runtime/storage"
)

// Part is one partition's share of an output of a partitioned model. A
// partition writes its records to its own part file; the runtime joins
// the parts, in partition order, into the output when every partition
// and the model's Build have succeeded, so the output's order does not
// depend on which partition finished first, and a reader never sees half
// a result.
//
//	func (m *Clean) BuildPartition(ctx context.Context, file string) (Counts, error) {
//		out := m.Out.Part(ctx)
//		for r, err := range m.In.FileAll(file) {
//			…
//			if err := out.Write(&r); err != nil { … }
//		}
//	}
//
// A partition that fails has its part thrown away (a retry starts
// afresh). An output written with Part cannot also be written with
// Output.Write in the same run.
type Part[T any] struct{ h *partHandle[T] }

type partHandle[T any] struct {
	out Output[T]
	ctx context.Context
	pw  *partWriter[T] // the attempt's part, once opened
}

// Part returns the handle through which the partition being built with
// ctx (the context BuildPartition receives) writes its share of the
// output. Take it once per partition: it keeps the part open.
func (out Output[T]) Part(ctx context.Context) Part[T] {
	return Part[T]{&partHandle[T]{out: out, ctx: ctx}}
}

// partWriter is one attempt's part of an output.
type partWriter[T any] struct {
	w       codec.Writer[T] // files
	sink    *storage.Writer
	recs    []T   // mem:// outputs
	n       int64 // records written
	scratch T     // a record is copied here, so the caller's stays on its stack
	ended   bool  // the attempt is over
}

// outputParts follows the parts a partitioned run writes of an output.
type outputParts struct {
	run    string       // the run whose partitions write parts
	worker bool         // a worker process building one partition (task.go)
	mu     sync.Mutex   // guards run and set
	set    *partSet     // nil before the first part
	remote atomic.Int64 // parts other processes reported writing
}

// current is what the run's partitions have written so far.
func (o *outputParts) current() *partSet {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.set
}

// partSet is what a run's partitions have written of one output.
type partSet struct {
	mu      sync.Mutex
	open    map[int]any // by partition index: *partWriter[T] of the attempt in flight
	mem     map[int]any // mem:// outputs: []T by partition index
	written bool        // some part was committed in this process
	local   int         // parts committed in this process
}

// Write adds one record to the partition's part.
func (p Part[T]) Write(rec *T) error {
	pw := p.h.pw
	if pw == nil || pw.ended {
		var err error
		if pw, err = p.h.open(); err != nil {
			return err
		}
		p.h.pw = pw
	}
	if pw.w == nil {
		pw.recs = append(pw.recs, *rec)
	} else {
		pw.scratch = *rec
		if err := pw.w.Write(&pw.scratch); err != nil {
			t, _ := partition.Current(p.h.ctx)
			return p.h.out.p.run.redact(fmt.Errorf("writing %s (partition %s): %w", p.h.out.p.dataset, t.Key, err))
		}
	}
	pw.n++
	return nil
}

// open finds or starts the part of the attempt the handle's context is
// building.
func (h *partHandle[T]) open() (*partWriter[T], error) {
	port := h.out.p
	if port == nil || port.run == nil {
		return nil, errors.New("runtime: Output part written outside a run; run the model with a Runner")
	}
	t, ok := partition.Current(h.ctx)
	if !ok {
		return nil, fmt.Errorf("runtime: %s: Part(ctx) needs the context BuildPartition receives; outside partitions, use Write", port.dataset)
	}
	r := port.run
	r.parts.mu.Lock()
	if r.parts.set == nil {
		r.parts.set = &partSet{open: map[int]any{}, mem: map[int]any{}}
	}
	ps := r.parts.set
	r.parts.mu.Unlock()
	ps.mu.Lock()
	pw, _ := ps.open[t.Index].(*partWriter[T])
	ps.mu.Unlock()
	if pw != nil {
		return pw, nil
	}
	pw, err := openPart(h.out.d, port, t.Index)
	if err != nil {
		return nil, err
	}
	ps.mu.Lock()
	ps.open[t.Index] = pw
	ps.mu.Unlock()
	partition.OnAttemptEnd(h.ctx, func(ok bool) error { return endPart(port, ps, t.Index, pw, ok) })
	return pw, nil
}

// openPart starts partition index's part of an output.
func openPart[T any](d *Dataset[T], p *port, index int) (*partWriter[T], error) {
	if p.append {
		return nil, fmt.Errorf("dataset %q: an appending output is written whole; write it from Combine, not from partitions", p.dataset)
	}
	return ioOf(d, p.run).openPart(p, index)
}

// endPart keeps a part when its attempt succeeded, counting its records
// as the output's, and throws it away when it failed.
func endPart[T any](p *port, ps *partSet, index int, pw *partWriter[T], ok bool) error {
	ps.mu.Lock()
	delete(ps.open, index)
	ps.mu.Unlock()
	pw.ended = true
	if pw.w == nil { // mem://
		if ok {
			ps.mu.Lock()
			ps.mem[index], ps.written = pw.recs, true
			ps.mu.Unlock()
			p.run.records.Add(pw.n)
		}
		return nil
	}
	if !ok {
		_ = pw.sink.Abort()
		return nil
	}
	if err := pw.w.Close(); err != nil {
		_ = pw.sink.Abort()
		return p.run.redact(fmt.Errorf("writing %s: %w", p.dataset, err))
	}
	if err := pw.sink.Commit(); err != nil {
		return p.run.redact(err)
	}
	ps.mu.Lock()
	ps.written = true
	ps.local++
	ps.mu.Unlock()
	p.run.records.Add(pw.n)
	return nil
}

// partsDir is where the parts of an output live while a run is under way:
// a hidden directory beside it, named after the run, so that workers of
// a distributed run (which know the run) write where the coordinator
// looks, and two runs never mix their parts.
func partsDir(r *portRun) (engine.URL, error) {
	r.parts.mu.Lock()
	run := r.parts.run
	r.parts.mu.Unlock()
	if run == "" {
		return engine.URL{}, errors.New("runtime: output parts outside a recorded run")
	}
	if strings.ContainsAny(run, `/\`) || strings.Contains(run, "..") {
		// A run ID from a store names a directory that is removed whole.
		return engine.URL{}, fmt.Errorf("runtime: %q is not a run ID", run)
	}
	u := r.url
	u.Modifiers = nil
	if s := r.url.Storage(); s != "file" {
		u.Modifiers = []string{s} // keep the storage, not the compression: parts are scratch
	}
	dir, base := path.Split(u.Location)
	u.Location = dir + "." + base + ".parts-" + run
	return u, nil
}

func partURL(r *portRun, index int) (engine.URL, error) {
	u, err := partsDir(r)
	if err != nil {
		return u, err
	}
	u.Location += fmt.Sprintf("/part-%06d", index)
	return u, nil
}

// partFiles lists the parts a run's partitions committed, in partition
// order (the names sort by index).
func partFiles(r *portRun) ([]engine.URL, error) {
	u, err := partsDir(r)
	if err != nil {
		return nil, err
	}
	u.Location += "/part-*"
	found, err := r.store.Glob(r.ctx, u)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, r.redact(err)
	}
	slices.SortFunc(found, func(a, b engine.URL) int { return strings.Compare(a.Location, b.Location) })
	return found, nil
}

// partitioned reports whether the run built partitions, whose parts of
// its outputs must be joined or cleaned up.
func partitioned(rec *provenance.Run) bool { return len(rec.Partitions) > 0 }

// joinParts writes an output from its parts, in partition order, before
// it is committed.
func joinParts[T any](d *Dataset[T], p *port) error {
	if p.append {
		return nil
	}
	return ioOf(d, p.run).joinParts(p)
}

// removeParts deletes a run's parts of an output: after they were joined
// into it, or when the run failed.
func removeParts(r *portRun) { r.drv.removeParts(r) }

// CleanParts removes the parts that run runID's partitions left beside
// output u: for a run that ended without joining them, such as one killed
// mid-run (runstore.Store.MarkInterrupted finds those). It returns how
// many part files it removed.
func (r *Runner) CleanParts(ctx context.Context, u engine.URL, runID string) (int, error) {
	r.init()
	pr := r.bind(ctx, u)
	pr.parts.run = runID
	if _, ok := pr.drv.(fileDriver); !ok {
		return 0, nil // only files have parts
	}
	files, err := partFiles(pr)
	if err != nil {
		return 0, err
	}
	removeParts(pr)
	return len(files), nil
}
