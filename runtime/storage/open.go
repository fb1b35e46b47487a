package storage

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"

	"github.com/ayeaye-go/ayeaye/runtime/engine"
)

// Open opens u for reading and undoes its compression modifier (gz or
// zst). size is the stored, compressed size in bytes when the store knows
// it (always for files and objects), else -1; compare it with the bytes
// read from the underlying store for progress. A missing file or object is
// an error that names it and satisfies errors.Is(err, fs.ErrNotExist).
func (s *Store) Open(ctx context.Context, u engine.URL) (io.ReadCloser, int64, error) {
	if err := check("open", u); err != nil {
		return nil, -1, err
	}
	var (
		raw  io.ReadCloser
		size int64
		err  error
	)
	if u.Storage() == "file" {
		raw, size, err = openFile(u)
	} else {
		raw, size, err = s.openObject(ctx, u)
	}
	if err != nil {
		return nil, -1, err
	}
	r, err := decompress(u, raw)
	if err != nil {
		_ = raw.Close()
		return nil, -1, err
	}
	return r, size, nil
}

func openFile(u engine.URL) (io.ReadCloser, int64, error) {
	path := filepath.FromSlash(u.Location)
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, -1, fmt.Errorf("open %s: file %s does not exist%s: %w", u.Redacted(), path, workdirNote(path), fs.ErrNotExist)
	}
	if err != nil {
		return nil, -1, fmt.Errorf("open %s: %w", u.Redacted(), err)
	}
	info, err := f.Stat()
	if err != nil {
		_ = f.Close()
		return nil, -1, fmt.Errorf("open %s: %w", u.Redacted(), err)
	}
	if info.IsDir() {
		_ = f.Close()
		return nil, -1, fmt.Errorf("open %s: %s is a directory; to read the files in it, use a wildcard such as %s/*.%s", u.Redacted(), path, u.Location, u.Type)
	}
	size := info.Size()
	if !info.Mode().IsRegular() {
		size = -1 // a pipe or device has no meaningful size
	}
	return f, size, nil
}

func (s *Store) openObject(ctx context.Context, u engine.URL) (io.ReadCloser, int64, error) {
	o, err := s.objects("open", u)
	if err != nil {
		return nil, -1, err
	}
	return o.Open(ctx, u)
}

// decompress wraps raw in the decompressor the URL asks for; the returned
// reader closes both.
func decompress(u engine.URL, raw io.ReadCloser) (io.ReadCloser, error) {
	rd := &reader{name: u.Redacted(), comp: u.Compression(), r: raw, closers: []func() error{raw.Close}}
	switch rd.comp {
	case "":
	case "gz":
		z, err := gzip.NewReader(raw)
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("open %s: the file is empty, so it is not gzip data; remove the gz modifier or write the file with it", rd.name)
		}
		if err != nil {
			return nil, fmt.Errorf("open %s: not gzip data (remove the gz modifier if the file is not compressed): %w", rd.name, err)
		}
		rd.r = z
		rd.closers = append([]func() error{z.Close}, rd.closers...)
	case "zst":
		z, err := zstd.NewReader(raw)
		if err != nil {
			return nil, fmt.Errorf("open %s: %w", rd.name, err)
		}
		rd.r = z
		rd.closers = append([]func() error{func() error { z.Close(); return nil }}, rd.closers...)
	default:
		return nil, fmt.Errorf("open %s: compression %q is not supported; use gz or zst", rd.name, rd.comp)
	}
	return rd, nil
}

// reader names the URL in read errors, which would otherwise say only
// "unexpected EOF" or "invalid checksum".
type reader struct {
	name    string
	comp    string
	r       io.Reader
	closers []func() error
	closed  bool
}

func (r *reader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if err != nil && err != io.EOF {
		switch {
		case r.comp == "zst" && errors.Is(err, zstd.ErrMagicMismatch):
			err = fmt.Errorf("read %s: not zstd data (remove the zst modifier if the file is not compressed): %w", r.name, err)
		default:
			err = fmt.Errorf("read %s: %w", r.name, err)
		}
	}
	return n, err
}

// Close closes the decompressor and the underlying file or blob reader.
// Calling it again does nothing.
func (r *reader) Close() error {
	if r.closed {
		return nil
	}
	r.closed = true
	var errs []error
	for _, c := range r.closers {
		if err := c(); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("close %s: %w", r.name, err)
	}
	return nil
}
