package blob

import (
	"context"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"

	gblob "gocloud.dev/blob"
	"gocloud.dev/gcerrors"

	"github.com/ayeaye-go/ayeaye/runtime/engine"
	"github.com/ayeaye-go/ayeaye/runtime/storage"
)

// at locates u and opens its bucket; op starts its errors.
func (o *Objects) at(ctx context.Context, op string, u engine.URL) (*gblob.Bucket, loc, error) {
	l, err := locate(u)
	if err != nil {
		return nil, loc{}, fmt.Errorf("%s %w", op, err)
	}
	b, err := o.bucket(ctx, l)
	if err != nil {
		return nil, loc{}, fmt.Errorf("%s %s: %w", op, u.Redacted(), err)
	}
	return b, l, nil
}

// Open opens the object at u, with its stored size.
func (o *Objects) Open(ctx context.Context, u engine.URL) (io.ReadCloser, int64, error) {
	b, l, err := o.at(ctx, "open", u)
	if err != nil {
		return nil, -1, err
	}
	r, err := b.NewReader(ctx, l.key, nil)
	if gcerrors.Code(err) == gcerrors.NotFound {
		return nil, -1, fmt.Errorf("open %s: %s does not exist: %w", u.Redacted(), l.display, fs.ErrNotExist)
	}
	if err != nil {
		return nil, -1, fmt.Errorf("open %s: %w", u.Redacted(), err)
	}
	return r, r.Size(), nil
}

// Create streams the object at u through a gocloud writer, which
// publishes it only when closed on Commit; Abort cancels its context, so
// the driver never publishes a partial object.
func (o *Objects) Create(ctx context.Context, u engine.URL) (storage.ObjectWriter, error) {
	b, l, err := o.at(ctx, "create", u)
	if err != nil {
		return nil, err
	}
	wctx, cancel := context.WithCancel(ctx)
	w, err := b.NewWriter(wctx, l.key, &gblob.WriterOptions{ContentType: contentType(u)})
	if err != nil {
		cancel()
		return nil, fmt.Errorf("create %s: %w", u.Redacted(), err)
	}
	return &writer{w: w, cancel: cancel}, nil
}

type writer struct {
	w      *gblob.Writer
	cancel context.CancelFunc
}

func (w *writer) Write(p []byte) (int, error) { return w.w.Write(p) }

func (w *writer) Commit() error {
	defer w.cancel()
	return w.w.Close()
}

func (w *writer) Abort() error {
	w.cancel()
	_ = w.w.Close() // fails because the context is cancelled; that is the abort
	return nil
}

// contentType labels blobs for tools that look at them. Compressed data is
// labelled as such rather than with a Content-Encoding, so that no client
// or CDN decompresses it on the way.
func contentType(u engine.URL) string {
	switch u.Compression() {
	case "gz":
		return "application/gzip"
	case "zst":
		return "application/zstd"
	}
	switch u.Type {
	case "csv":
		return "text/csv"
	case "tsv":
		return "text/tab-separated-values"
	case "json":
		return "application/json"
	case "ndjson":
		return "application/x-ndjson"
	}
	return "application/octet-stream"
}

// Remove deletes the object at u; a missing one is not an error.
func (o *Objects) Remove(ctx context.Context, u engine.URL) error {
	b, l, err := o.at(ctx, "remove", u)
	if err != nil {
		return err
	}
	if err := b.Delete(ctx, l.key); err != nil && gcerrors.Code(err) != gcerrors.NotFound {
		return fmt.Errorf("remove %s: %w", u.Redacted(), err)
	}
	return nil
}

// Version is the object's ETag, else its content MD5, else its
// modification time and size.
func (o *Objects) Version(ctx context.Context, u engine.URL) (string, error) {
	b, l, err := o.at(ctx, "version", u)
	if err != nil {
		return "", err
	}
	a, err := b.Attributes(ctx, l.key)
	if gcerrors.Code(err) == gcerrors.NotFound {
		return "", fmt.Errorf("version %s: %s does not exist: %w", u.Redacted(), l.display, fs.ErrNotExist)
	}
	if err != nil {
		return "", fmt.Errorf("version %s: %w", u.Redacted(), err)
	}
	switch {
	case a.ETag != "":
		return "etag:" + a.ETag, nil
	case len(a.MD5) > 0:
		return "md5:" + hex.EncodeToString(a.MD5), nil
	}
	return fmt.Sprintf("mod:%d/%d", a.ModTime.UnixNano(), a.Size), nil
}
