package runtime

import (
	"fmt"
	"sort"
	"sync"
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
