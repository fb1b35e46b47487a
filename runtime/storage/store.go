package storage

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"gocloud.dev/blob"
	"gocloud.dev/blob/fileblob"
	"gocloud.dev/blob/memblob"

	"github.com/ayeaye-go/ayeaye/runtime/engine"
)

// Store opens, creates and lists the bytes behind engine URLs. It keeps
// the blob buckets it opens, so that a run talks to each bucket through one
// client, and so that memblob buckets (which live in memory) outlive a
// single call. The zero value is ready to use; Close it when done. A Store
// is safe for concurrent use.
type Store struct {
	// Mux opens s3://, gs:// and azblob:// buckets. Nil means
	// blob.DefaultURLMux(), where a driver registers itself when the
	// program blank-imports it. memblob and fileblob need no driver.
	Mux *blob.URLMux

	mu      sync.Mutex
	buckets map[string]*blob.Bucket
	closed  bool
}

// Close closes every bucket the store opened; memblob contents are gone
// after it. Using the store after Close is an error.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	var errs []error
	for _, k := range slices.Sorted(maps.Keys(s.buckets)) {
		if err := s.buckets[k].Close(); err != nil {
			errs = append(errs, fmt.Errorf("close bucket %s: %w", k, err))
		}
	}
	s.buckets = nil
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

// drivers maps storage modifiers to their bucket URL scheme and the driver
// package a program must import for it.
var drivers = map[string]struct{ scheme, pkg string }{
	"s3":     {"s3", "gocloud.dev/blob/s3blob"},
	"gs":     {"gs", "gocloud.dev/blob/gcsblob"},
	"azblob": {"azblob", "gocloud.dev/blob/azureblob"},
}

// bucketParams are the engine URL options of each storage modifier, passed
// on as query parameters of the bucket URL. A test keeps this in step with
// the engine's table.
var bucketParams = map[string][]string{
	"s3":     {"anonymous", "endpoint", "profile", "region", "use_path_style"},
	"gs":     {"anonymous"},
	"azblob": {"domain", "storage_account"},
}

// blobLoc says where a blob URL's bytes are: the bucket (by cache key) and
// the key inside it, plus how to turn a key back into a location.
type blobLoc struct {
	storage string
	bucket  string // cache key: a bucket URL
	key     string
	prefix  string // location = prefix + key
	display string // how errors name the object
}

// locate splits a blob URL's location into bucket and key. memblob and the
// cloud stores write bucket/key. fileblob writes a file path (relative to
// the working directory, or absolute); its bucket is the root of the
// file system (the volume on Windows) and the key is the rest of the
// absolute path, so one bucket serves every path and globbing works
// across directories.
func locate(u engine.URL) (blobLoc, error) {
	st := u.Storage()
	if st == "fileblob" {
		abs, err := filepath.Abs(filepath.FromSlash(u.Location))
		if err != nil {
			return blobLoc{}, fmt.Errorf("%s: %w", u.Redacted(), err)
		}
		root := filepath.VolumeName(abs) + string(filepath.Separator)
		key := filepath.ToSlash(strings.TrimPrefix(abs, root))
		return blobLoc{storage: st, bucket: "file://" + filepath.ToSlash(root), key: key, prefix: filepath.ToSlash(root), display: abs}, nil
	}
	bucket, key, ok := strings.Cut(u.Location, "/")
	if !ok || bucket == "" || key == "" {
		return blobLoc{}, fmt.Errorf("%s: a %s location is bucket/key, e.g. %s+%s://my-bucket/path/data.%s", u.Redacted(), st, st, u.Type, u.Type)
	}
	if strings.ContainsAny(bucket, "*?[") {
		return blobLoc{}, fmt.Errorf("%s: the bucket name %q cannot be a wildcard; only keys can", u.Redacted(), bucket)
	}
	bu := ""
	switch st {
	case "memblob":
		bu = "mem://" + bucket
	default:
		d, ok := drivers[st]
		if !ok {
			return blobLoc{}, fmt.Errorf("%s: storage %q is not supported; use s3, gs, azblob, memblob or fileblob", u.Redacted(), st)
		}
		q := url.Values{}
		for _, p := range bucketParams[st] {
			if v, ok := u.Options[p]; ok {
				q.Set(p, v)
			}
		}
		bu = d.scheme + "://" + bucket
		if len(q) > 0 {
			bu += "?" + q.Encode()
		}
	}
	return blobLoc{storage: st, bucket: bu, key: key, prefix: bucket + "/", display: st + "://" + bucket + "/" + key}, nil
}

// bucket returns the (cached) bucket for l.
func (s *Store) bucket(ctx context.Context, l blobLoc) (*blob.Bucket, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, errors.New("storage.Store is closed")
	}
	if b, ok := s.buckets[l.bucket]; ok {
		return b, nil
	}
	var b *blob.Bucket
	switch l.storage {
	case "memblob":
		b = memblob.OpenBucket(nil)
	case "fileblob":
		root := filepath.FromSlash(strings.TrimPrefix(l.bucket, "file://"))
		var err error
		// Temporary files go next to their target, so the final rename
		// never crosses file systems; no metadata sidecar files.
		b, err = fileblob.OpenBucket(root, &fileblob.Options{NoTempDir: true, Metadata: fileblob.MetadataDontWrite})
		if err != nil {
			return nil, fmt.Errorf("open fileblob bucket %s: %w", root, err)
		}
	default:
		mux := s.Mux
		if mux == nil {
			mux = blob.DefaultURLMux()
		}
		d := drivers[l.storage]
		if !mux.ValidBucketScheme(d.scheme) {
			return nil, fmt.Errorf("no blob driver for %s:// is linked into this program; add this import to your main package:\n\timport _ %q", d.scheme, d.pkg)
		}
		var err error
		b, err = mux.OpenBucket(ctx, l.bucket)
		if err != nil {
			return nil, fmt.Errorf("open bucket %s: %w", l.bucket, err)
		}
	}
	if s.buckets == nil {
		s.buckets = make(map[string]*blob.Bucket)
	}
	s.buckets[l.bucket] = b
	return b, nil
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
