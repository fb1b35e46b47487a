package runtime

import (
	"context"
	"fmt"
	"sync"

	"github.com/ayeaye-go/ayeaye/runtime/engine"
)

// A dataset's storage kind decides how its records are read and written:
// files and objects through the dataset's codecs (file.go), in-memory
// fixtures (mem.go), SQL tables through its table descriptor (sql.go), or
// a Driver a program registers for an engine type of its own
// (userdriver.go). The kind is chosen once, when the run resolves the
// dataset's engine URL (Registry.driverFor); from then on the run asks
// the driver, never the URL, what to do.

// Driver reads and writes the datasets of an engine type the runtime
// does not know: a message queue, an API, a format of the user's own.
// Register it with its engine.Spec, and engine URLs of that type resolve
// to it, in a schema's x-ayeaye.engine_url, in ayeaye.yaml or with -set.
//
// Records cross the interface as pointers to the dataset's record type
// (rec is a *T for a Dataset[T]), as database/sql's Scan takes its
// destinations: a driver serves the record types it knows and returns an
// error naming the type it got for any other.
type Driver interface {
	// Read opens the records at u for reading.
	Read(ctx context.Context, u engine.URL) (RecordReader, error)
	// Write starts replacing the dataset at u. Nothing the writer is
	// given may be visible at u before Commit; Abort discards it.
	Write(ctx context.Context, u engine.URL) (RecordWriter, error)
}

// RecordReader streams records from a Driver.
type RecordReader interface {
	// Next fills rec, a pointer to the dataset's record type, with the
	// next record; it returns io.EOF after the last one.
	Next(rec any) error
	Close() error
}

// RecordWriter takes the records of one run's output for a Driver.
type RecordWriter interface {
	Write(rec any) error // rec is a pointer to the dataset's record type
	Commit() error       // publishes what was written
	Abort()              // discards it
}

// Fingerprinter is implemented by a Driver that can hash a dataset's
// content, for run records, lock files and skipping unchanged models.
// Without it the driver's datasets are recorded with no fingerprint.
type Fingerprinter interface {
	Fingerprint(ctx context.Context, u engine.URL) (fingerprint string, size int64, err error)
}

// Registry pairs the engine types URLs are parsed against with the
// drivers that store them. NewRegistry starts from the built-in types
// (files and objects in every codec format, mem, sqlite, postgres,
// mysql) plus what was Registered globally; a Runner uses
// DefaultRegistry unless given its own. A Registry is safe for
// concurrent use.
type Registry struct {
	engine *engine.Registry
	mu     sync.RWMutex
	users  map[string]Driver
}

// NewRegistry returns a registry of the built-in types and of every
// driver registered with Register so far.
func NewRegistry() *Registry {
	r := &Registry{engine: engine.NewRegistry(), users: map[string]Driver{}}
	globalMu.Lock()
	defer globalMu.Unlock()
	for _, g := range global {
		if err := r.Register(g.spec, g.driver); err != nil {
			panic("runtime: " + err.Error()) // Register checked it already
		}
	}
	return r
}

// Register adds an engine type (spec.Kind must be engine.KindType) and
// the driver that stores its datasets. It refuses a name already taken.
func (r *Registry) Register(spec engine.Spec, d Driver) error {
	if spec.Kind != engine.KindType {
		return fmt.Errorf("runtime: cannot register %q: a driver stores an engine type, so its spec's Kind is engine.KindType, not %s", spec.Name, spec.Kind)
	}
	if d == nil {
		return fmt.Errorf("runtime: cannot register %q: the driver is nil", spec.Name)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := r.engine.Register(spec); err != nil {
		return err
	}
	r.users[spec.Name] = d
	return nil
}

// Engine is the registry's URL grammar, for parsing engine URLs that may
// name registered types.
func (r *Registry) Engine() *engine.Registry { return r.engine }

// driverFor chooses the storage kind of a resolved URL.
func (r *Registry) driverFor(u engine.URL) driver {
	switch {
	case u.Type == "mem":
		return memDriver{}
	case engine.IsDatabase(u.Type):
		return tableDriver{}
	}
	r.mu.RLock()
	d, ok := r.users[u.Type]
	r.mu.RUnlock()
	if ok {
		return userDriver{d}
	}
	return fileDriver{}
}

type registered struct {
	spec   engine.Spec
	driver Driver
}

var (
	globalMu sync.Mutex
	global   []registered
	defaults = &Registry{engine: engine.NewRegistry(), users: map[string]Driver{}}
)

// Register adds a driver to DefaultRegistry and to every registry made
// after it: a driver package calls it from init, so that a blank import
// links it in, as database/sql drivers do. It panics on a spec Registry
// refuses, as a duplicate name is a program's bug found at start-up.
func Register(spec engine.Spec, d Driver) {
	if err := defaults.Register(spec, d); err != nil {
		panic(err)
	}
	globalMu.Lock()
	global = append(global, registered{spec, d})
	globalMu.Unlock()
}

// DefaultRegistry is the registry of runners that have none: the built-in
// types and every driver passed to Register.
func DefaultRegistry() *Registry { return defaults }

// driver is what the run asks a storage kind. The typed half, which
// reads and writes records of a dataset's type, is recordIO (io.go).
type driver interface {
	// list expands an input's location: the files a wildcard matches.
	list(ctx context.Context, r *portRun) ([]engine.URL, error)
	// snapshot notes what the inputs are before the model runs, so that
	// fingerprint can refuse one that changed during the run.
	snapshot(r *portRun)
	// fingerprint hashes an input's content after the model read it
	// ("" when the kind has none).
	fingerprint(ctx context.Context, r *portRun) (string, int64, error)
	// manifests reports whether datasets of this kind have sidecar
	// manifests and contract checks.
	manifests() bool
	// publishesLocally reports whether an output is published by a local
	// rename, which cannot fail half-way: those go last (publish.go).
	publishesLocally(u engine.URL) bool
	// removeParts deletes a run's output parts (output_part.go).
	removeParts(r *portRun)
}
