package runtime

import (
	"errors"
	"fmt"
	"iter"

	"github.com/ayeaye-go/ayeaye/runtime/codec"
	"github.com/ayeaye-go/ayeaye/runtime/schema"
	"github.com/ayeaye-go/ayeaye/runtime/table"
)

// Dataset declares one dataset. ayeaye-gen emits one per schema, e.g.
//
//	var ReadingsDataset = &runtime.Dataset[Reading]{Name: "readings", …}
//
// and a model takes typed handles from it: ReadingsDataset.Input() or
// ReadingsDataset.Output(). Because a handle carries its record type, wiring the
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
		if r == nil {
			var zero T
			yield(zero, fmt.Errorf("runtime: dataset %q read outside a run; run the model with a Runner", p.dataset))
			return
		}
		ioOf(d, r).readAll(p, count, yield)
	}
}

// openWriter opens an output for its first Write.
func openWriter[T any](d *Dataset[T], p *port) error { return ioOf(d, p.run).openWriter(p) }
