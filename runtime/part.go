package runtime

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

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
	r.partsMu.Lock()
	if r.parts == nil {
		r.parts = &partSet{open: map[int]any{}, mem: map[int]any{}}
	}
	ps := r.parts
	r.partsMu.Unlock()
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
	r := p.run
	if p.append {
		return nil, fmt.Errorf("dataset %q: an appending output is written whole; write it from Combine, not from partitions", p.dataset)
	}
	switch {
	case r.url.Type == "mem" && r.worker:
		return nil, fmt.Errorf("dataset %q: a mem:// output lives in the coordinator's memory, so a worker cannot write a part of it; write it to a file, or build on the local executor", p.dataset)
	case r.url.Type == "mem":
		return &partWriter[T]{}, nil
	case isSQL(r.url):
		return nil, fmt.Errorf("dataset %q: a table is written in one transaction; write it from Combine, not from partitions", p.dataset)
	}
	f, err := d.format(r.url.Type)
	if err != nil {
		return nil, err
	}
	u, err := partURL(r, index)
	if err != nil {
		return nil, err
	}
	sw, err := r.store.Create(r.ctx, u)
	if err != nil {
		return nil, r.redact(err)
	}
	sw.Scratch()
	opts := writerOptions(r)
	opts.File, opts.Indent = displayName(u), 0
	w, err := f.NewWriter(sw, opts)
	if err != nil {
		_ = sw.Abort()
		return nil, r.redact(err)
	}
	return &partWriter[T]{w: w, sink: sw}, nil
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
	r.partsMu.Lock()
	run := r.partsRun
	r.partsMu.Unlock()
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
	r := p.run
	r.partsMu.Lock()
	ps := r.parts
	r.partsMu.Unlock()
	if r.url.Type == "mem" {
		if ps == nil || !ps.written {
			return nil
		}
		if r.writer != nil {
			return fmt.Errorf("dataset %q was written both by partitions (Part) and by Write; write it one way", p.dataset)
		}
		if err := openWriter(d, p); err != nil {
			return err
		}
		w := r.writer.(*memWriter[T])
		for _, i := range slices.Sorted(maps.Keys(ps.mem)) {
			w.recs = append(w.recs, ps.mem[i].([]T)...)
		}
		return nil
	}
	if isSQL(r.url) || p.append {
		return nil
	}
	files, err := partFiles(r)
	if err != nil {
		return err
	}
	want := int(r.remote.Load())
	if ps != nil {
		ps.mu.Lock()
		want += ps.local
		ps.mu.Unlock()
	}
	if len(files) < want {
		dir, _ := partsDir(r)
		return fmt.Errorf("dataset %q: %d partitions wrote parts, but %s holds %d: workers resolved the output somewhere else; run them in the coordinator's environment, with the same -set and -var flags",
			p.dataset, want, displayName(dir), len(files))
	}
	if len(files) == 0 {
		return nil
	}
	if r.writer != nil {
		return fmt.Errorf("dataset %q was written both by partitions (Part) and by Write; write it one way", p.dataset)
	}
	f, err := d.format(r.url.Type)
	if err != nil {
		return err
	}
	switch r.url.Type {
	case "csv", "tsv", "ndjson":
		// Lines join as they are: no decoding, and one header.
		header, err := emptyDocument(f, r)
		if err == nil {
			err = concatParts(p, files, header)
		}
		return err
	}
	if err := openWriter(d, p); err != nil {
		return err
	}
	w := r.writer.(codec.Writer[T])
	for _, u := range files {
		if err := copyRecords(f, r, u, w, false); err != nil {
			return r.redact(fmt.Errorf("joining the parts of %s: %w", p.dataset, err))
		}
	}
	return nil
}

// emptyDocument is what f writes for no records: a delimited file's
// header line, which every part starts with.
func emptyDocument[T any](f codec.Format[T], r *portRun) ([]byte, error) {
	var b bytes.Buffer
	w, err := f.NewWriter(&b, writerOptions(r))
	if err == nil {
		err = w.Close()
	}
	return b.Bytes(), r.redact(err)
}

// concatParts writes an output as its parts' bytes one after the other,
// keeping the first part's header and dropping the others'.
func concatParts(p *port, files []engine.URL, header []byte) error {
	r := p.run
	cw, err := openSink(p)
	if err != nil {
		return err
	}
	for i, u := range files {
		if err := copyPart(r, u, cw, header, i > 0); err != nil {
			p.abort()
			return r.redact(fmt.Errorf("joining the parts of %s: %w", p.dataset, err))
		}
	}
	return nil
}

func copyPart(r *portRun, u engine.URL, w io.Writer, header []byte, dropHeader bool) error {
	rc, _, err := r.store.Open(r.ctx, u)
	if err != nil {
		return err
	}
	defer rc.Close()
	br := bufio.NewReaderSize(rc, 256<<10)
	if dropHeader && len(header) > 0 {
		got := make([]byte, len(header))
		if _, err := io.ReadFull(br, got); err != nil || !bytes.Equal(got, header) {
			return fmt.Errorf("%s does not start with the header %q", displayName(u), header)
		}
	}
	_, err = br.WriteTo(w)
	return err
}

// copyRecords copies the records of the file at u into w, counting them
// as the output's when count is set. Its errors are not redacted.
func copyRecords[T any](f codec.Format[T], r *portRun, u engine.URL, w codec.Writer[T], count bool) error {
	rc, _, err := r.store.Open(r.ctx, u)
	if err != nil {
		return err
	}
	defer rc.Close()
	opts := codec.Options{File: displayName(u), Delimiter: r.opts.Delimiter, NoHeader: r.opts.NoHeader}
	var rd codec.Reader[T]
	if f.NewReaderAt != nil {
		ra, n, done, err := readerAt(rc)
		if err != nil {
			return fmt.Errorf("%s: %w", displayName(u), err)
		}
		defer done()
		if rd, err = f.NewReaderAt(ra, n, opts); err != nil {
			return err
		}
	} else if rd, err = f.NewReader(rc, opts); err != nil {
		return err
	}
	var rec T
	for n := 0; ; n++ {
		if n&1023 == 0 {
			if err := r.ctx.Err(); err != nil {
				return err
			}
		}
		switch err := rd.Read(&rec); {
		case err == io.EOF:
			return nil
		case err != nil:
			return err
		}
		if err := w.Write(&rec); err != nil {
			return err
		}
		if count {
			r.records.Add(1)
		}
	}
}

// removeParts deletes a run's parts of an output: after they were joined
// into it, or when the run failed.
func removeParts(r *portRun) {
	if r.url.Type == "mem" || isSQL(r.url) {
		return
	}
	if dir, err := partsDir(r); err == nil && dir.Storage() == "file" {
		// The whole directory: with the parts go the temporary files of
		// attempts still writing when their process was killed.
		_ = os.RemoveAll(filepath.FromSlash(dir.Location))
		return
	}
	files, _ := partFiles(r) // none outside a recorded run; blobs have no directories
	for _, u := range files {
		_ = r.store.Remove(context.WithoutCancel(r.ctx), u)
	}
}

// CleanParts removes the parts that run runID's partitions left beside
// output u: for a run that ended without joining them, such as one killed
// mid-run (runstore.Store.MarkInterrupted finds those). It returns how
// many part files it removed.
func (r *Runner) CleanParts(ctx context.Context, u engine.URL, runID string) (int, error) {
	r.init()
	pr := &portRun{ctx: ctx, url: u, store: r.Store, redact: r.redactErr, partsRun: runID}
	if u.Type == "mem" || isSQL(u) {
		return 0, nil
	}
	files, err := partFiles(pr)
	if err != nil {
		return 0, err
	}
	removeParts(pr)
	return len(files), nil
}
