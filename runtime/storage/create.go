package storage

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"

	"github.com/ayeaye-go/ayeaye/runtime/engine"
	"github.com/ayeaye-go/ayeaye/runtime/internal/owner"
)

// Writer writes the bytes of one dataset. Nothing is visible at its URL
// until Commit succeeds; Abort, or a failed Write or Commit, leaves the
// previous contents (if any) untouched. A Writer is not safe for
// concurrent use.
//
// The usual pattern is
//
//	w, err := store.Create(ctx, u)
//	if err != nil { return err }
//	defer w.Abort() // does nothing after a successful Commit
//	... write ...
//	return w.Commit()
type Writer struct {
	ctx     context.Context
	name    string         // the redacted URL, for errors
	top     io.Writer      // where Write goes: the compressor, or the sink
	comp    io.WriteCloser // the compressor, or nil
	sink    sink
	release func() error // closes a one-shot Store; may be nil
	err     error        // the first write error; Commit reports it
	done    bool         // Commit or Abort has run
	ok      bool         // Commit succeeded
}

// sink is where the (compressed) bytes go until they are published.
type sink interface {
	io.Writer
	commit() error // publish; on failure, clean up as abort does
	abort() error  // discard
}

// Create opens u for writing. Local files are written to a hidden
// temporary file in the target's directory (parent directories are
// created), fsynced and renamed over the target on Commit. Objects are
// written by the store's Objects, which publishes the object on Commit
// and discards it on Abort. The gz and zst
// modifiers compress on the fly, at the URL's level option if given.
func (s *Store) Create(ctx context.Context, u engine.URL) (*Writer, error) {
	if err := check("create", u); err != nil {
		return nil, err
	}
	w := &Writer{ctx: ctx, name: u.Redacted()}
	var err error
	if u.Storage() == "file" {
		w.sink, err = createFile(u)
	} else {
		w.sink, err = s.createObject(ctx, u)
	}
	if err != nil {
		return nil, err
	}
	w.top = w.sink
	switch c := u.Compression(); c {
	case "":
	case "gz":
		level := gzip.DefaultCompression
		if v, ok := u.Options["level"]; ok {
			level, _ = strconv.Atoi(v) // validated by engine.Parse
		}
		w.comp, err = gzip.NewWriterLevel(w.sink, level)
	case "zst":
		opts := []zstd.EOption{zstd.WithEncoderConcurrency(1)}
		if v, ok := u.Options["level"]; ok {
			n, _ := strconv.Atoi(v)
			opts = append(opts, zstd.WithEncoderLevel(zstd.EncoderLevelFromZstd(n)))
		}
		w.comp, err = zstd.NewWriter(w.sink, opts...)
	default:
		err = fmt.Errorf("compression %q is not supported; use gz or zst", c)
	}
	if err != nil {
		_ = w.sink.abort()
		return nil, fmt.Errorf("create %s: %w", w.name, err)
	}
	if w.comp != nil {
		w.top = w.comp
	}
	return w, nil
}

// Write writes p. After an error every later Write and Commit fails, so a
// caller may check only Commit's result.
func (w *Writer) Write(p []byte) (int, error) {
	if w.done {
		return 0, fmt.Errorf("write %s: the writer was already committed or aborted", w.name)
	}
	if w.err != nil {
		return 0, w.err
	}
	n, err := w.top.Write(p)
	if err != nil {
		w.err = fmt.Errorf("write %s: %w", w.name, err)
		return n, w.err
	}
	return n, nil
}

// Commit flushes everything and publishes the dataset at its URL. If any
// Write failed, or the context is done, or publishing fails, Commit
// returns the error and aborts instead: the previous contents stay and no
// temporary file is left behind.
func (w *Writer) Commit() error {
	if w.done {
		if w.ok {
			return fmt.Errorf("commit %s: already committed", w.name)
		}
		return fmt.Errorf("commit %s: already aborted", w.name)
	}
	err := w.err
	if err == nil {
		if cerr := w.ctx.Err(); cerr != nil {
			err = fmt.Errorf("commit %s: %w", w.name, cerr)
		}
	}
	if err == nil && w.comp != nil {
		if cerr := w.comp.Close(); cerr != nil {
			err = fmt.Errorf("commit %s: finish compression: %w", w.name, cerr)
		}
	}
	if err != nil {
		return errors.Join(err, w.Abort())
	}
	w.done = true
	if cerr := w.sink.commit(); cerr != nil {
		err = fmt.Errorf("commit %s: %w", w.name, cerr)
	} else {
		w.ok = true
	}
	return errors.Join(err, w.finish())
}

// Abort discards what was written. It returns nil after a successful
// Commit and on a second call, so it can always be deferred.
func (w *Writer) Abort() error {
	if w.done {
		return nil
	}
	w.done = true
	if w.comp != nil {
		_ = w.comp.Close() // only frees the compressor: its output is discarded
	}
	err := w.sink.abort()
	if err != nil {
		err = fmt.Errorf("abort %s: %w", w.name, err)
	}
	return errors.Join(err, w.finish())
}

func (w *Writer) finish() error {
	if w.release == nil {
		return nil
	}
	r := w.release
	w.release = nil
	return r()
}

// fileSink writes a hidden temporary file next to the target.
type fileSink struct {
	f       *os.File
	buf     *bufio.Writer
	path    string
	scratch bool // no fsync: see Writer.Scratch
}

// Scratch marks what w writes as scratch data that a crash may lose: a
// local file is then committed without fsync, which costs a disk flush.
// The runtime's partition parts are scratch: a run that crashes is run
// again, and its parts with it.
func (w *Writer) Scratch() {
	if s, ok := w.sink.(*fileSink); ok {
		s.scratch = true
	}
}

func createFile(u engine.URL) (*fileSink, error) {
	path := filepath.FromSlash(u.Location)
	dir, base := filepath.Split(path)
	if base == "" {
		return nil, fmt.Errorf("create %s: the location ends in a separator; name a file, e.g. %sdata.%s", u.Redacted(), u.Location, u.Type)
	}
	if dir == "" {
		dir = "."
	}
	mode := fs.FileMode(0o644)
	switch info, err := os.Stat(path); {
	case err == nil && info.IsDir():
		return nil, fmt.Errorf("create %s: %s is a directory; name a file inside it", u.Redacted(), path)
	case err == nil:
		mode = info.Mode().Perm() // replacing a file keeps its permissions
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create %s: make directory %s: %w", u.Redacted(), dir, err)
	}
	// The leading dot hides the temporary file from wildcards such as
	// "*.csv" (see engine.Match) while it is being written; the owner tag
	// lets a later process remove it if this one is killed (RemoveStale;
	// the first file this process creates in a directory sweeps it).
	sweepOnce(dir)
	f, err := os.CreateTemp(dir, "."+base+tempInfix+owner.Tag()+"-*")
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", u.Redacted(), err)
	}
	if err := f.Chmod(mode); err != nil && !errors.Is(err, errors.ErrUnsupported) {
		_ = f.Close()
		_ = os.Remove(f.Name())
		return nil, fmt.Errorf("create %s: %w", u.Redacted(), err)
	}
	return &fileSink{f: f, buf: bufio.NewWriterSize(f, 64<<10), path: path}, nil
}

func (s *fileSink) Write(p []byte) (int, error) { return s.buf.Write(p) }

func (s *fileSink) commit() error {
	err := s.buf.Flush()
	if err == nil && !s.scratch {
		err = s.f.Sync() // the data is on disk before the name points at it
	}
	if cerr := s.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(s.f.Name(), s.path)
	}
	if err != nil {
		_ = os.Remove(s.f.Name())
		return err
	}
	if !s.scratch {
		syncDir(filepath.Dir(s.path))
	}
	return nil
}

func (s *fileSink) abort() error {
	_ = s.f.Close()
	if err := os.Remove(s.f.Name()); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// syncDir makes a rename durable. Not every system can sync a directory
// (Windows cannot), and the data itself is already synced, so failures are
// ignored.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	_ = d.Sync()
	_ = d.Close()
}

func (s *Store) createObject(ctx context.Context, u engine.URL) (sink, error) {
	o, err := s.objects("create", u)
	if err != nil {
		return nil, err
	}
	w, err := o.Create(ctx, u)
	if err != nil {
		return nil, err
	}
	return objectSink{w}, nil
}
