package runtime

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/ayeaye-go/ayeaye/runtime/codec"
	"github.com/ayeaye-go/ayeaye/runtime/engine"
)

// fileDriver stores datasets as files and objects (runtime/storage),
// encoded by the dataset's codecs: every engine type that names a format
// (csv, tsv, json, ndjson, parquet), local or behind a storage modifier
// (s3+csv://…).
type fileDriver struct{}

func (fileDriver) manifests() bool { return true }

func (fileDriver) publishesLocally(u engine.URL) bool { return u.Storage() == "file" }

func (fileDriver) list(ctx context.Context, r *portRun) ([]engine.URL, error) {
	return r.store.Glob(ctx, r.url)
}

// fileIO reads and writes a dataset's files through its codecs.
type fileIO[T any] struct{ d *Dataset[T] }

func (f fileIO[T]) readAll(p *port, count bool, yield func(T, error) bool) {
	format, err := f.d.format(p.run.url.Type)
	if err != nil {
		var zero T
		yield(zero, err)
		return
	}
	for _, u := range p.run.urls {
		if !readOne(format, u, p.run, count, yield, codec.Options{}) {
			return
		}
	}
}

func (f fileIO[T]) readFile(p *port, u engine.URL, extra codec.Options, span []int64, yield func(T, error) bool) {
	format, err := f.d.format(u.Type)
	if err != nil {
		var zero T
		yield(zero, err)
		return
	}
	readOne(format, u, p.run, true, yield, extra, span...)
}

// readOne streams one file; it returns false when the caller stopped or
// an error was yielded.
func readOne[T any](f codec.Format[T], u engine.URL, r *portRun, count bool, yield func(T, error) bool, extra codec.Options, span ...int64) bool {
	var zero T
	if err := r.firstRead(); err != nil {
		return yield(zero, err) && false
	}
	rc, size, err := r.store.Open(r.ctx, u)
	if err != nil {
		return yield(zero, r.redact(err)) && false
	}
	defer rc.Close()
	var src io.Reader = rc
	if len(span) == 2 {
		// A split: skip to its start (a seek for local files) and stop at
		// its end.
		if s, ok := rc.(io.Seeker); ok {
			if _, err := s.Seek(span[0], io.SeekStart); err != nil {
				return yield(zero, r.redact(err)) && false
			}
		} else if _, err := io.CopyN(io.Discard, rc, span[0]); err != nil {
			return yield(zero, r.redact(err)) && false
		}
		src = io.LimitReader(rc, span[1]-span[0])
		size = span[1] - span[0]
	}
	if u.Compression() != "" {
		size = -1 // progress counts decompressed bytes
	}
	var hr *hashingReader
	if r.print.on && len(span) == 0 {
		hr = &hashingReader{r: src, h: newAsyncHash()}
		src = hr
		defer hr.h.Abandon() // a no-op once noteHash has summed it
	}
	cr := r.progress.reader(src, size)
	opts := codec.Options{File: displayName(u), Delimiter: r.opts.Delimiter, NoHeader: r.opts.NoHeader, Header: extra.Header, Line: extra.Line,
		ExtraColumns: r.opts.ExtraColumns, RowGroups: extra.RowGroups}
	var rd codec.Reader[T]
	if f.NewReaderAt != nil {
		// Formats with a footer (Parquet) need random access: the file
		// itself, or a temporary copy of a stream.
		ra, n, done, cerr := readerAt(cr) // not err: the reader's error below must reach the check after
		if cerr != nil {
			return yield(zero, r.redact(fmt.Errorf("%s: %w", displayName(u), cerr))) && false
		}
		defer done()
		rd, err = f.NewReaderAt(ra, n, opts)
	} else {
		rd, err = f.NewReader(cr, opts)
	}
	if err != nil {
		return yield(zero, r.redact(err)) && false
	}
	var rec T
	lastLine, lastRow := -1, int64(-1)
	for n := 0; ; n++ {
		if n&1023 == 0 {
			if err := r.ctx.Err(); err != nil {
				return yield(zero, err) && false
			}
		}
		err := rd.Read(&rec)
		if err == io.EOF {
			if hr != nil {
				// Drain what the decoder did not need (none, normally) so
				// the fingerprint covers the whole file.
				if _, err := io.Copy(io.Discard, hr); err == nil {
					r.noteHash(u, hr)
				}
			}
			return true
		}
		if err != nil {
			var ce *codec.Error
			// A record-level error (with a line, or a row of a file
			// without lines) can be skipped when the run says so; a
			// reader stuck on the same record cannot.
			if r.reject != nil && errors.As(err, &ce) && (ce.Line > 0 || ce.Row > 0) && (ce.Line != lastLine || ce.Row != lastRow) {
				lastLine, lastRow = ce.Line, ce.Row
				if r.counts() { // a pre-build pass skips it; Build's pass records it
					if rerr := r.reject(ce); rerr != nil {
						return yield(zero, rerr) && false
					}
				}
				continue
			}
			return yield(zero, r.redact(err)) && false
		}
		if count && r.counts() {
			r.records.Add(1)
		}
		if !yield(rec, nil) {
			return false
		}
	}
}

// displayName names a location in record errors: the path of a local
// file, so editors can jump to file:line:col, else the redacted URL.
func displayName(u engine.URL) string {
	if u.Storage() == "file" {
		return u.Location
	}
	return u.Redacted()
}

// readerAt gives random access to what stream carries through a
// temporary copy, read through stream so progress and fingerprints still
// see every byte. done removes it.
func readerAt(stream io.Reader) (io.ReaderAt, int64, func(), error) {
	tmp, err := os.CreateTemp("", "ayeaye-*.tmp")
	if err != nil {
		return nil, 0, nil, err
	}
	// Unlinked at once where the system allows it (not Windows), so a
	// killed run leaves no copy behind; the open file stays readable.
	removed := os.Remove(tmp.Name()) == nil
	done := func() {
		tmp.Close()
		if !removed {
			os.Remove(tmp.Name())
		}
	}
	n, err := io.Copy(tmp, stream)
	if err != nil {
		done()
		return nil, 0, nil, err
	}
	return tmp, n, done, nil
}
