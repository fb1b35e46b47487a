package runtime

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"slices"

	"github.com/ayeaye-go/ayeaye/runtime/codec"
	"github.com/ayeaye-go/ayeaye/runtime/engine"
	"github.com/ayeaye-go/ayeaye/runtime/schema"
	"github.com/ayeaye-go/ayeaye/runtime/table"
)

// Dataset declares one dataset. ayeaye-gen emits one per schema, e.g.
//
//	var Readings = &runtime.Dataset[Reading]{Name: "readings", …}
//
// and a model takes typed handles from it: Readings.Input() or
// Readings.Output(). Because a handle carries its record type, wiring the
// output of one dataset into a model field of another type does not
// compile.
type Dataset[T any] struct {
	Name        string
	Fingerprint string // "sha256:…" of the schema's canonical JSON
	EngineURL   string // the default location; may hold {name} templates
	Schema      string // the dataset's JSON Schema, canonical JSON
	Formats     []codec.Format[T]
	Table       *table.Table[T] // SQL tables (the sql format): columns, row scanning and values; see sql.go
	// Record describes the record as a value, so the run time need not
	// parse Schema; ayeaye-gen emits it. nil (hand-written datasets, or
	// generated before Records were) means it is read from Schema.
	Record *schema.Record
}

// Input returns a new handle to read the dataset in a model.
func (d *Dataset[T]) Input() Input[T] { return Input[T]{d: d, p: d.port(Read)} }

// Output returns a new handle to write the dataset in a model. A run
// replaces the dataset's contents with what the model writes.
func (d *Dataset[T]) Output() Output[T] { return Output[T]{d: d, p: d.port(Write)} }

// Append returns a new handle to write the dataset in a model that adds
// records after those already there (an event log, a daily load) instead
// of replacing them. It is how a model declares that it appends, which
// lets it share the dataset with other writers in a collection: each
// appender runs after the model that replaces the dataset, one at a time.
// Files are rewritten whole, existing records then the new ones, so a
// failed run still leaves the previous contents intact; SQL tables take
// the new rows in one transaction.
func (d *Dataset[T]) Append() Output[T] {
	p := d.port(Write)
	p.append = true
	return Output[T]{d: d, p: p}
}

func (d *Dataset[T]) port(dir Direction) *port {
	p := &port{dataset: d.Name, fingerprint: d.Fingerprint, engineURL: d.EngineURL, schema: d.Schema, record: d.Record, dir: dir}
	p.open = func() error { return openWriter(d, p) }
	p.joinParts = func() error { return joinParts(d, p) }
	p.sample = func(n int) ([]any, error) {
		var out []any
		for rec, err := range readAll(d, p, p.run, false) {
			if err != nil {
				return out, err
			}
			if len(out) == n {
				break
			}
			out = append(out, rec)
		}
		return out, nil
	}
	return p
}

func (d *Dataset[T]) format(name string) (codec.Format[T], error) {
	for _, f := range d.Formats {
		if f.Name == name {
			return f, nil
		}
	}
	names := make([]string, len(d.Formats))
	for i, f := range d.Formats {
		names[i] = f.Name
	}
	return codec.Format[T]{}, fmt.Errorf("dataset %q has no %s codec; generated formats: %v (add %q to formats in ayeaye.yaml and run go generate)", d.Name, name, names, name)
}

// Input is a model's handle on a dataset it reads.
type Input[T any] struct {
	d *Dataset[T]
	p *port
}

func (in Input[T]) port() *port { return in.p }

// Dataset is the dataset the handle reads.
func (in Input[T]) Dataset() *Dataset[T] { return in.d }

// All streams the dataset's records in constant memory. Each call opens
// the dataset afresh, so a pre-build check and Build can both read it. A
// bad record ends the sequence with an error naming file, line, column and
// field, unless the run skips bad records; then it is written to the
// rejects dataset and counted.
func (in Input[T]) All() iter.Seq2[T, error] {
	if in.p == nil {
		return errSeq[T](errors.New("runtime: Input used without a dataset; set the field to <Dataset>.Input()"))
	}
	return readAll(in.d, in.p, in.p.run, true)
}

// Output is a model's handle on a dataset it writes.
type Output[T any] struct {
	d *Dataset[T]
	p *port
}

func (out Output[T]) port() *port { return out.p }

// Dataset is the dataset the handle writes.
func (out Output[T]) Dataset() *Dataset[T] { return out.d }

// Write adds one record. Nothing is visible at the dataset's location
// until the model's Build returns successfully; a failed build leaves the
// previous contents intact.
func (out Output[T]) Write(rec *T) error {
	if out.p == nil || out.p.run == nil {
		return errors.New("runtime: Output written outside a run; run the model with a Runner")
	}
	r := out.p.run
	if r.writer == nil {
		if err := openWriter(out.d, out.p); err != nil {
			return err
		}
	}
	// Writing a copy keeps rec on the caller's stack: handing rec itself
	// to the interface would move every record to the heap.
	s, _ := r.scratch.(*T)
	if s == nil {
		s = new(T)
		r.scratch = s
	}
	*s = *rec
	if err := r.writer.(codec.Writer[T]).Write(s); err != nil {
		return r.redact(fmt.Errorf("writing %s: %w", out.p.dataset, err))
	}
	r.records.Add(1)
	return nil
}

// All reads back what the run wrote, for post-build checks.
func (out Output[T]) All() iter.Seq2[T, error] {
	if out.p == nil {
		return errSeq[T](errors.New("runtime: Output used without a dataset"))
	}
	return readAll(out.d, out.p, out.p.run, false)
}

func errSeq[T any](err error) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		yield(zero, err)
	}
}

// counts reports whether reads count now: during Build, not during the
// checks around it, so a pre-build pass does not double the figures.
func (r *portRun) counts() bool { return r.building == nil || r.building.Load() }

// readAll streams every location of a port (one, or the files a wildcard
// matched, in order).
func readAll[T any](d *Dataset[T], p *port, r *portRun, count bool) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		if r == nil {
			yield(zero, fmt.Errorf("runtime: dataset %q read outside a run; run the model with a Runner", p.dataset))
			return
		}
		if isSQL(r.url) { // SQL tables: sql.go
			readSQL(d, p, r, count, table.Query{}, yield)
			return
		}
		if r.url.Type == "mem" {
			recs, err := memRecords[T](r.mem, r.url.Location, p.dir == Write && r.writer != nil)
			if err != nil {
				yield(zero, err)
				return
			}
			for _, rec := range recs {
				if count && r.counts() {
					r.records.Add(1)
				}
				if !yield(rec, nil) {
					return
				}
			}
			return
		}
		f, err := d.format(r.url.Type)
		if err != nil {
			yield(zero, err)
			return
		}
		for _, u := range r.urls {
			if !readOne(f, u, r, count, yield, codec.Options{}) {
				return
			}
		}
	}
}

// readOne streams one file; it returns false when the caller stopped or
// an error was yielded.
func readOne[T any](f codec.Format[T], u engine.URL, r *portRun, count bool, yield func(T, error) bool, extra codec.Options, span ...int64) bool {
	var zero T
	if err := r.firstRead(); err != nil {
		return yield(zero, err) && false
	}
	rc, size, err := r.store.Open(r.ctx, u)
	if err != nil {
		return yield(zero, r.redact(err)) && false
	}
	defer rc.Close()
	var src io.Reader = rc
	if len(span) == 2 {
		// A split: skip to its start (a seek for local files) and stop at
		// its end.
		if s, ok := rc.(io.Seeker); ok {
			if _, err := s.Seek(span[0], io.SeekStart); err != nil {
				return yield(zero, r.redact(err)) && false
			}
		} else if _, err := io.CopyN(io.Discard, rc, span[0]); err != nil {
			return yield(zero, r.redact(err)) && false
		}
		src = io.LimitReader(rc, span[1]-span[0])
		size = span[1] - span[0]
	}
	if u.Compression() != "" {
		size = -1 // progress counts decompressed bytes
	}
	var hr *hashingReader
	if r.fingerprint && len(span) == 0 {
		hr = &hashingReader{r: src, h: newAsyncHash()}
		src = hr
		defer hr.h.Abandon() // a no-op once noteHash has summed it
	}
	cr := r.progress.reader(src, size)
	opts := codec.Options{File: displayName(u), Delimiter: r.opts.Delimiter, NoHeader: r.opts.NoHeader, Header: extra.Header, Line: extra.Line,
		ExtraColumns: r.opts.ExtraColumns, RowGroups: extra.RowGroups}
	var rd codec.Reader[T]
	if f.NewReaderAt != nil {
		// Formats with a footer (Parquet) need random access: the file
		// itself, or a temporary copy of a stream.
		ra, n, done, cerr := readerAt(cr) // not err: the reader's error below must reach the check after
		if cerr != nil {
			return yield(zero, r.redact(fmt.Errorf("%s: %w", displayName(u), cerr))) && false
		}
		defer done()
		rd, err = f.NewReaderAt(ra, n, opts)
	} else {
		rd, err = f.NewReader(cr, opts)
	}
	if err != nil {
		return yield(zero, r.redact(err)) && false
	}
	var rec T
	lastLine, lastRow := -1, int64(-1)
	for n := 0; ; n++ {
		if n&1023 == 0 {
			if err := r.ctx.Err(); err != nil {
				return yield(zero, err) && false
			}
		}
		err := rd.Read(&rec)
		if err == io.EOF {
			if hr != nil {
				// Drain what the decoder did not need (none, normally) so
				// the fingerprint covers the whole file.
				if _, err := io.Copy(io.Discard, hr); err == nil {
					r.noteHash(u, hr)
				}
			}
			return true
		}
		if err != nil {
			var ce *codec.Error
			// A record-level error (with a line, or a row of a file
			// without lines) can be skipped when the run says so; a
			// reader stuck on the same record cannot.
			if r.skipBad && errors.As(err, &ce) && (ce.Line > 0 || ce.Row > 0) && (ce.Line != lastLine || ce.Row != lastRow) {
				lastLine, lastRow = ce.Line, ce.Row
				if r.counts() { // a pre-build pass skips it; Build's pass records it
					if rerr := r.reject(ce); rerr != nil {
						return yield(zero, rerr) && false
					}
				}
				continue
			}
			return yield(zero, r.redact(err)) && false
		}
		if count && r.counts() {
			r.records.Add(1)
		}
		if !yield(rec, nil) {
			return false
		}
	}
}

// openWriter opens an output for the first Write: a staging slice for
// mem datasets, else an atomic storage writer with the format's encoder.
func openWriter[T any](d *Dataset[T], p *port) error {
	r := p.run
	if isSQL(r.url) { // SQL tables: sql.go
		return openSQLWriter(d, p)
	}
	if r.url.Type == "mem" {
		w := &memWriter[T]{}
		if p.append && r.mem.Has(r.url.Location) {
			old, err := memRecords[T](r.mem, r.url.Location, true)
			if err != nil {
				return err
			}
			w.recs = slices.Clone(old)
		}
		r.writer = w
		p.commit = func() error { r.mem.put(r.url.Location, slices.Clip(w.recs)); return nil }
		p.abort = func() {}
		return nil
	}
	f, err := d.format(r.url.Type)
	if err != nil {
		return err
	}
	cw, err := openSink(p)
	if err != nil {
		return err
	}
	w, err := f.NewWriter(cw, writerOptions(r))
	if err != nil {
		p.abort()
		return r.redact(err)
	}
	r.writer = w
	if p.append {
		if err := copyExisting(f, r, w); err != nil {
			p.abort()
			return err
		}
	}
	p.seal = func() error {
		if err := w.Close(); err != nil {
			p.abort()
			return r.redact(err)
		}
		return nil
	}
	return nil
}

// openSink starts the file or object an output is written to, counting
// and hashing its bytes, and sets the port's commit (publish it) and
// abort (discard it). The run decides whether to publish (Runner.publish),
// so the writer does not follow the run's cancellation: a model cancelled
// while its sibling fails is aborted before the commit or not at all.
func openSink(p *port) (io.Writer, error) {
	r := p.run
	sw, err := r.store.Create(context.WithoutCancel(r.ctx), r.url)
	if err != nil {
		return nil, r.redact(err)
	}
	cw := &countingWriter{w: sw, n: &r.bytes}
	if r.fingerprint {
		r.outHash = newAsyncHash()
		cw.h = r.outHash
	}
	p.commit = func() error { return r.redact(sw.Commit()) }
	p.abort = func() {
		sw.Abort()
		if r.outHash != nil {
			r.outHash.Abandon()
		}
	}
	return cw, nil
}

// writerOptions are the codec options an output's writer takes from its
// engine URL.
func writerOptions(r *portRun) codec.Options {
	return codec.Options{File: displayName(r.url), Delimiter: r.opts.Delimiter, NoHeader: r.opts.NoHeader, Indent: r.opts.Indent,
		Compression: r.opts.Compression, RowGroupRows: r.opts.RowGroupRows}
}

type countingWriter struct {
	w io.Writer
	n *int64
	h *asyncHash // nil when not fingerprinting
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	*c.n += int64(n)
	if c.h != nil {
		c.h.Write(p[:n])
	}
	return n, err
}

// displayName names a location in record errors: the path of a local
// file, so editors can jump to file:line:col, else the redacted URL.
func displayName(u engine.URL) string {
	if u.Storage() == "file" {
		return u.Location
	}
	return u.Redacted()
}

// readerAt gives random access to what stream carries through a
// temporary copy, read through stream so progress and fingerprints still
// see every byte. done removes it.
func readerAt(stream io.Reader) (io.ReaderAt, int64, func(), error) {
	tmp, err := os.CreateTemp("", "ayeaye-*.tmp")
	if err != nil {
		return nil, 0, nil, err
	}
	// Unlinked at once where the system allows it (not Windows), so a
	// killed run leaves no copy behind; the open file stays readable.
	removed := os.Remove(tmp.Name()) == nil
	done := func() {
		tmp.Close()
		if !removed {
			os.Remove(tmp.Name())
		}
	}
	n, err := io.Copy(tmp, stream)
	if err != nil {
		done()
		return nil, 0, nil, err
	}
	return tmp, n, done, nil
}
