package runtime

import (
	"context"
	"fmt"
	"io"

	"github.com/ayeaye-go/ayeaye/runtime/codec"
	"github.com/ayeaye-go/ayeaye/runtime/engine"
)

// userDriver is a registered Driver: the kind of the engine types a
// program adds.
type userDriver struct{ d Driver }

func (userDriver) manifests() bool                  { return false }
func (userDriver) publishesLocally(engine.URL) bool { return false }
func (userDriver) snapshot(*portRun)                {}
func (userDriver) removeParts(*portRun)             {}

func (userDriver) list(_ context.Context, r *portRun) ([]engine.URL, error) {
	return nil, fmt.Errorf("a %s dataset cannot be a wildcard", r.url.Type)
}

func (k userDriver) fingerprint(ctx context.Context, r *portRun) (string, int64, error) {
	f, ok := k.d.(Fingerprinter)
	if !ok {
		return "", 0, nil
	}
	fp, n, err := f.Fingerprint(ctx, r.url)
	return fp, n, r.redact(err)
}

// userIO moves records of type T through a registered Driver.
type userIO[T any] struct{ d Driver }

func (u userIO[T]) readAll(p *port, count bool, yield func(T, error) bool) {
	u.read(p, p.run.url, count, yield)
}

func (u userIO[T]) readFile(p *port, at engine.URL, _ codec.Options, _ []int64, yield func(T, error) bool) {
	u.read(p, at, true, yield)
}

func (u userIO[T]) read(p *port, at engine.URL, count bool, yield func(T, error) bool) {
	var zero T
	r := p.run
	if err := r.firstRead(); err != nil {
		yield(zero, err)
		return
	}
	rr, err := u.d.Read(r.ctx, at)
	if err != nil {
		yield(zero, r.redact(fmt.Errorf("dataset %q: %w", p.dataset, err)))
		return
	}
	defer rr.Close()
	var rec T
	for n := 0; ; n++ {
		if n&1023 == 0 {
			if err := r.ctx.Err(); err != nil {
				yield(zero, err)
				return
			}
		}
		err := rr.Next(&rec)
		if err == io.EOF {
			return
		}
		if err != nil {
			yield(zero, r.redact(fmt.Errorf("dataset %q: %w", p.dataset, err)))
			return
		}
		if count && r.counts() {
			r.records.Add(1)
		}
		if !yield(rec, nil) {
			return
		}
	}
}

func (u userIO[T]) openWriter(p *port) error {
	r := p.run
	if p.append {
		return fmt.Errorf("dataset %q: %s datasets are replaced, not appended to; write it with Output()", p.dataset, r.url.Type)
	}
	w, err := u.d.Write(context.WithoutCancel(r.ctx), r.url) // the run decides when to publish
	if err != nil {
		return r.redact(fmt.Errorf("dataset %q: %w", p.dataset, err))
	}
	r.writer = recordWriter[T]{w}
	p.commit = func() error { return r.redact(w.Commit()) }
	p.abort = w.Abort
	return nil
}

func (userIO[T]) openPart(p *port, _ int) (*partWriter[T], error) {
	return nil, fmt.Errorf("dataset %q: a %s output is written whole; write it from Combine, not from partitions", p.dataset, p.run.url.Type)
}

func (userIO[T]) joinParts(*port) error { return nil }

// recordWriter is a RecordWriter as the codec.Writer[T] Output.Write uses.
type recordWriter[T any] struct{ w RecordWriter }

func (w recordWriter[T]) Write(rec *T) error { return w.w.Write(rec) }
func (w recordWriter[T]) Close() error       { return nil }
