package blob

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	gblob "gocloud.dev/blob"
	"gocloud.dev/blob/fileblob"
	"gocloud.dev/blob/memblob"

	"github.com/ayeaye-go/ayeaye/runtime/engine"
	"github.com/ayeaye-go/ayeaye/runtime/storage"
)

func init() {
	storage.RegisterObjects(func() storage.Objects { return New(nil) })
}

// Objects is object storage through gocloud.dev/blob: the storage.Objects
// of every Store in a program that imports this package. It keeps the
// buckets it opens, one client each, until Close.
type Objects struct {
	mux *gblob.URLMux

	mu      sync.Mutex
	buckets map[string]*gblob.Bucket
	closed  bool
}

// New returns object storage that opens s3://, gs:// and azblob://
// buckets with mux; nil means gblob.DefaultURLMux(), where a gocloud driver
// registers itself when the program blank-imports it. memblob and
// fileblob need no driver. Give it to a Store as Store.Objects.
func New(mux *gblob.URLMux) *Objects {
	if mux == nil {
		mux = gblob.DefaultURLMux()
	}
	return &Objects{mux: mux}
}

var _ storage.Objects = (*Objects)(nil)

// Close closes every bucket; memblob contents are gone after it.
func (o *Objects) Close() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.closed = true
	var errs []error
	for _, k := range slices.Sorted(maps.Keys(o.buckets)) {
		if err := o.buckets[k].Close(); err != nil {
			errs = append(errs, fmt.Errorf("close bucket %s: %w", bucketName(k), err))
		}
	}
	o.buckets = nil
	return errors.Join(errs...)
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

// loc says where a blob URL's bytes are: the bucket (by cache key) and
// the key inside it, plus how to turn a key back into a location.
type loc struct {
	storage string
	bucket  string // cache key: a bucket URL, which may hold a secret (an endpoint's password)
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
func locate(u engine.URL) (loc, error) {
	st := u.Storage()
	if st == "fileblob" {
		abs, err := filepath.Abs(filepath.FromSlash(u.Location))
		if err != nil {
			return loc{}, fmt.Errorf("%s: %w", u.Redacted(), err)
		}
		root := filepath.VolumeName(abs) + string(filepath.Separator)
		key := filepath.ToSlash(strings.TrimPrefix(abs, root))
		return loc{storage: st, bucket: "file://" + filepath.ToSlash(root), key: key, prefix: filepath.ToSlash(root), display: abs}, nil
	}
	bucket, key, ok := strings.Cut(u.Location, "/")
	if !ok || bucket == "" || key == "" {
		return loc{}, fmt.Errorf("%s: a %s location is bucket/key, e.g. %s+%s://my-bucket/path/data.%s", u.Redacted(), st, st, u.Type, u.Type)
	}
	if strings.ContainsAny(bucket, "*?[") {
		return loc{}, fmt.Errorf("%s: the bucket name %q cannot be a wildcard; only keys can", u.Redacted(), bucket)
	}
	bu := ""
	switch st {
	case "memblob":
		bu = "mem://" + bucket
	default:
		d, ok := drivers[st]
		if !ok {
			return loc{}, fmt.Errorf("%s: storage %q is not supported; use s3, gs, azblob, memblob or fileblob", u.Redacted(), st)
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
	return loc{storage: st, bucket: bu, key: key, prefix: bucket + "/", display: st + "://" + bucket + "/" + key}, nil
}

// bucketName is a bucket URL without its query, whose endpoint option may
// carry a password: what errors may show.
func bucketName(bucketURL string) string {
	name, _, _ := strings.Cut(bucketURL, "?")
	return name
}

// bucket returns the (cached) bucket for l.
func (o *Objects) bucket(ctx context.Context, l loc) (*gblob.Bucket, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.closed {
		return nil, errors.New("storage.Store is closed")
	}
	if b, ok := o.buckets[l.bucket]; ok {
		return b, nil
	}
	var b *gblob.Bucket
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
		d := drivers[l.storage]
		if !o.mux.ValidBucketScheme(d.scheme) {
			return nil, fmt.Errorf("no blob driver for %s:// is linked into this program; add this import to your main package (ayeaye-gen generate adds it when a schema names %s):\n\timport _ %q", d.scheme, l.storage, d.pkg)
		}
		var err error
		b, err = o.mux.OpenBucket(ctx, l.bucket)
		if err != nil {
			return nil, fmt.Errorf("open bucket %s: %w", bucketName(l.bucket), err)
		}
	}
	if o.buckets == nil {
		o.buckets = make(map[string]*gblob.Bucket)
	}
	o.buckets[l.bucket] = b
	return b, nil
}
