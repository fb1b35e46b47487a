package storage

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/ayeaye-go/ayeaye/runtime/engine"
)

// Objects is object storage as a Store uses it: everything a Store does
// for a URL whose storage modifier is not "file" (s3, gs, azblob, memblob,
// fileblob). Package github.com/ayeaye-go/ayeaye/runtime/storage/blob
// implements it with gocloud.dev/blob and registers itself with
// RegisterObjects when a program imports it, so that a program that
// reads only local files links no cloud SDK, as database/sql links no
// database driver.
//
// A Store makes one Objects for its lifetime (or uses Store.Objects) and
// calls it only with URLs it has checked: stored bytes, one location, no
// wildcard except in Glob. Errors say which URL failed (redacted, never
// a secret); a missing object satisfies errors.Is(err, fs.ErrNotExist).
// Objects leave no temporary files behind to sweep: a writer publishes
// nothing until Commit.
type Objects interface {
	// Open opens the object at u for reading, undecompressed, with its
	// stored size in bytes (or -1).
	Open(ctx context.Context, u engine.URL) (io.ReadCloser, int64, error)
	// Create starts writing the object at u; nothing is visible there
	// until Commit.
	Create(ctx context.Context, u engine.URL) (ObjectWriter, error)
	// Glob lists the objects that match a wildcard URL, sorted.
	Glob(ctx context.Context, u engine.URL) ([]engine.URL, error)
	// Remove deletes the object at u; a missing object is not an error.
	Remove(ctx context.Context, u engine.URL) error
	// Version names the object's state (an ETag, say) without reading it.
	Version(ctx context.Context, u engine.URL) (string, error)
	// Close releases every client; in-memory buckets are gone after it.
	Close() error
}

// ObjectWriter is an object being written: Commit publishes it whole,
// Abort discards it.
type ObjectWriter interface {
	io.Writer
	Commit() error
	Abort() error
}

// objectStorages are the storage modifiers that need Objects, with the
// gocloud driver a program imports for each, if any.
var objectStorages = map[string]string{
	"s3":       "gocloud.dev/blob/s3blob",
	"gs":       "gocloud.dev/blob/gcsblob",
	"azblob":   "gocloud.dev/blob/azureblob",
	"memblob":  "",
	"fileblob": "",
}

// ObjectsPackage is the import path of the package that implements Objects.
const ObjectsPackage = "github.com/ayeaye-go/ayeaye/runtime/storage/blob"

var (
	objectsMu  sync.Mutex
	newObjects func() Objects
)

// RegisterObjects makes newFn the maker of every Store's Objects (unless
// Store.Objects is set). The object-storage package calls it from init;
// calling it twice panics, as two object-storage implementations linked
// into one program are a mistake in the program.
func RegisterObjects(newFn func() Objects) {
	objectsMu.Lock()
	defer objectsMu.Unlock()
	if newFn == nil {
		panic("storage.RegisterObjects: nil maker")
	}
	if newObjects != nil {
		panic("storage.RegisterObjects: called twice; link one object-storage package")
	}
	newObjects = newFn
}

// objects returns the store's Objects for u, made on first use.
func (s *Store) objects(op string, u engine.URL) (Objects, error) {
	st := u.Storage()
	driver, known := objectStorages[st]
	if !known {
		return nil, fmt.Errorf("%s %s: storage %q is not supported; use file, s3, gs, azblob, memblob or fileblob", op, u.Redacted(), st)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, fmt.Errorf("%s %s: %w", op, u.Redacted(), errors.New("storage.Store is closed"))
	}
	if s.Objects != nil {
		return s.Objects, nil
	}
	if s.own == nil {
		objectsMu.Lock()
		newFn := newObjects
		objectsMu.Unlock()
		if newFn == nil {
			return nil, fmt.Errorf("%s %s: %w", op, u.Redacted(), notLinked(st, driver))
		}
		s.own = newFn()
	}
	return s.own, nil
}

// notLinked is the error for a URL of storage st (s3, say) in a program
// that does not link the object-storage package; driver is the gocloud
// driver st also needs, or "".
func notLinked(st, driver string) error {
	imports := fmt.Sprintf("import _ %q", ObjectsPackage)
	if driver != "" {
		imports += fmt.Sprintf(" and _ %q", driver)
	}
	return fmt.Errorf("%s storage needs the object-storage package, which this program does not link: add %s (ayeaye-gen generate adds them when a schema names %s)", st, imports, st)
}

// objectSink adapts an ObjectWriter to the Writer's sink.
type objectSink struct{ w ObjectWriter }

func (o objectSink) Write(p []byte) (int, error) { return o.w.Write(p) }
func (o objectSink) commit() error               { return o.w.Commit() }
func (o objectSink) abort() error                { return o.w.Abort() }
