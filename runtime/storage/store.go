package storage

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

	"github.com/ayeaye-go/ayeaye/runtime/engine"
)

// Store opens, creates and lists the bytes behind engine URLs. Local
// files it handles itself; object storage goes to its Objects, made once
// per Store so that a run talks to each bucket through one client and
// memblob buckets (which live in memory) outlive a single call. The zero
// value is ready to use; Close it when done. A Store is safe for
// concurrent use.
type Store struct {
	// Objects handles object storage. Nil means one made by the
	// registered object-storage package (runtime/storage/blob, linked by
	// a blank import), or an error naming that import when it is not
	// linked. Set it to use a custom gocloud URLMux: blob.New(mux).
	// Close closes it.
	Objects Objects

	mu     sync.Mutex
	own    Objects // made by the registered package, when Objects is nil
	closed bool
}

// Close closes the store's object storage; memblob contents are gone
// after it. Using the store after Close is an error.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	var errs []error
	for _, o := range []Objects{s.Objects, s.own} {
		if o != nil {
			errs = append(errs, o.Close())
		}
	}
	s.own = nil
	return errors.Join(errs...)
}

// Open opens u with a Store of its own, closed when the reader is. It
// cannot open memblob URLs, whose buckets live only as long as a Store:
// use a Store for those.
func Open(ctx context.Context, u engine.URL) (io.ReadCloser, int64, error) {
	if err := refuseOneShotMem(u); err != nil {
		return nil, -1, err
	}
	s := new(Store)
	r, size, err := s.Open(ctx, u)
	if err != nil {
		_ = s.Close()
		return nil, -1, err
	}
	return &closeAlso{ReadCloser: r, also: s.Close}, size, nil
}

// Create creates u with a Store of its own, closed by Commit or Abort.
// Like Open, it refuses memblob URLs.
func Create(ctx context.Context, u engine.URL) (*Writer, error) {
	if err := refuseOneShotMem(u); err != nil {
		return nil, err
	}
	s := new(Store)
	w, err := s.Create(ctx, u)
	if err != nil {
		_ = s.Close()
		return nil, err
	}
	w.release = s.Close
	return w, nil
}

// Glob lists u with a Store of its own. Like Open, it refuses memblob URLs.
func Glob(ctx context.Context, u engine.URL) ([]engine.URL, error) {
	if err := refuseOneShotMem(u); err != nil {
		return nil, err
	}
	s := new(Store)
	defer s.Close()
	return s.Glob(ctx, u)
}

func refuseOneShotMem(u engine.URL) error {
	if u.Storage() == "memblob" {
		return fmt.Errorf("%s: a memblob bucket lives only as long as the storage.Store that made it; use one Store for all calls (var s storage.Store; defer s.Close(); s.Create(ctx, u))", u.Redacted())
	}
	return nil
}

type closeAlso struct {
	io.ReadCloser
	also func() error
}

func (c *closeAlso) Close() error {
	return errors.Join(c.ReadCloser.Close(), c.also())
}

// check refuses URLs that name no stored bytes, or many.
func check(op string, u engine.URL) error {
	if u.Storage() == "" {
		return fmt.Errorf("%s %s: a %s dataset is held in memory by the runtime, not stored as bytes", op, u.Redacted(), u.Type)
	}
	if u.HasWildcard() {
		return fmt.Errorf("%s %s: the location is a wildcard pattern; expand it into concrete URLs with Glob first", op, u.Redacted())
	}
	return nil
}

// workdirNote tells where a relative path was looked for.
func workdirNote(p string) string {
	if filepath.IsAbs(p) {
		return ""
	}
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	return " (relative to the working directory " + wd + ")"
}
