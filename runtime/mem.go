package runtime

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"sync"

	"github.com/ayeaye-go/ayeaye/runtime/codec"
	"github.com/ayeaye-go/ayeaye/runtime/engine"
)

// Mem holds in-memory datasets, the ones whose engine URL is mem://NAME:
// fixtures for tests and scratch data for exploration. It is safe for
// concurrent use. Each Runner has its own, so tests never share state.
type Mem struct {
	mu   sync.Mutex
	sets map[string]any // name -> []T
}

// NewMem returns an empty store.
func NewMem() *Mem { return &Mem{sets: map[string]any{}} }

func (m *Mem) put(name string, recs any) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sets[name] = recs
}

// Has reports whether the store holds the dataset name.
func (m *Mem) Has(name string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	_, ok := m.sets[name]
	return ok
}

// Names lists the datasets held, sorted.
func (m *Mem) Names() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	names := make([]string, 0, len(m.sets))
	for n := range m.sets {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// SetMem stores records as the in-memory dataset name, replacing what was
// there.
func SetMem[T any](m *Mem, name string, recs []T) { m.put(name, recs) }

// GetMem returns the records of the in-memory dataset name.
func GetMem[T any](m *Mem, name string) ([]T, error) { return memRecords[T](m, name, false) }

func memRecords[T any](m *Mem, name string, _ bool) ([]T, error) {
	m.mu.Lock()
	v, ok := m.sets[name]
	m.mu.Unlock()
	if !ok {
		return nil, fmt.Errorf("mem://%s: no such in-memory dataset (held: %v); give the test a fixture for it", name, m.Names())
	}
	recs, ok := v.([]T)
	if !ok {
		var zero T
		return nil, fmt.Errorf("mem://%s holds %T, not records of type %T", name, v, zero)
	}
	return recs, nil
}

// memWriter stages an in-memory output until the build commits it.
type memWriter[T any] struct{ recs []T }

func (w *memWriter[T]) Write(rec *T) error { w.recs = append(w.recs, *rec); return nil }
func (w *memWriter[T]) Close() error       { return nil }

// memDriver stores mem:// datasets in the Runner's Mem.
type memDriver struct{}

func (memDriver) manifests() bool                  { return false }
func (memDriver) publishesLocally(engine.URL) bool { return true }
func (memDriver) snapshot(*portRun)                {}
func (memDriver) removeParts(*portRun)             {}

func (memDriver) list(context.Context, *portRun) ([]engine.URL, error) {
	return nil, errors.New("a mem dataset is one dataset, not a wildcard")
}

func (memDriver) fingerprint(context.Context, *portRun) (string, int64, error) { return "", 0, nil }

// memIO reads and writes records held in memory.
type memIO[T any] struct{}

func (memIO[T]) readAll(p *port, count bool, yield func(T, error) bool) {
	r := p.run
	recs, err := memRecords[T](r.mem, r.url.Location, p.dir == Write && r.writer != nil)
	if err != nil {
		var zero T
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
}

// readFile reads the whole dataset: a fixture is one "file".
func (m memIO[T]) readFile(p *port, _ engine.URL, _ codec.Options, _ []int64, yield func(T, error) bool) {
	m.readAll(p, true, yield)
}

// openWriter stages the output in a slice, started with the existing
// records when it appends.
func (memIO[T]) openWriter(p *port) error {
	r := p.run
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

func (memIO[T]) openPart(p *port, _ int) (*partWriter[T], error) {
	if p.run.parts.worker {
		return nil, fmt.Errorf("dataset %q: a mem:// output lives in the coordinator's memory, so a worker cannot write a part of it; write it to a file, or build on the local executor", p.dataset)
	}
	return &partWriter[T]{}, nil
}

// joinParts appends the partitions' records, in partition order.
func (m memIO[T]) joinParts(p *port) error {
	ps := p.run.parts.current()
	if ps == nil || !ps.written {
		return nil
	}
	if p.run.writer != nil {
		return fmt.Errorf("dataset %q was written both by partitions (Part) and by Write; write it one way", p.dataset)
	}
	if err := m.openWriter(p); err != nil {
		return err
	}
	w := p.run.writer.(*memWriter[T])
	for _, i := range slices.Sorted(maps.Keys(ps.mem)) {
		w.recs = append(w.recs, ps.mem[i].([]T)...)
	}
	return nil
}
