package runtime

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"

	"github.com/ayeaye-go/ayeaye/runtime/codec"
)

// openWriter opens a file output: an atomic storage writer with the
// format's encoder, started with the existing records when it appends.
func (f fileIO[T]) openWriter(p *port) error {
	r := p.run
	format, err := f.d.format(r.url.Type)
	if err != nil {
		return err
	}
	cw, err := openSink(p)
	if err != nil {
		return err
	}
	w, err := format.NewWriter(cw, writerOptions(r))
	if err != nil {
		p.abort()
		return r.redact(err)
	}
	r.writer = w
	if p.append {
		if err := copyExisting(format, r, w); err != nil {
			p.abort()
			return err
		}
	}
	p.seal = func() error {
		if err := w.Close(); err != nil {
			p.abort()
			return r.redact(err)
		}
		return nil
	}
	return nil
}

// openSink starts the file or object an output is written to, counting
// and hashing its bytes, and sets the port's commit (publish it) and
// abort (discard it). The run decides whether to publish (Runner.publish),
// so the writer does not follow the run's cancellation: a model cancelled
// while its sibling fails is aborted before the commit or not at all.
func openSink(p *port) (io.Writer, error) {
	r := p.run
	sw, err := r.store.Create(context.WithoutCancel(r.ctx), r.url)
	if err != nil {
		return nil, r.redact(err)
	}
	cw := &countingWriter{w: sw, n: &r.bytes}
	if r.print.on {
		r.print.out = newAsyncHash()
		cw.h = r.print.out
	}
	p.commit = func() error { return r.redact(sw.Commit()) }
	p.abort = func() {
		sw.Abort()
		if r.print.out != nil {
			r.print.out.Abandon()
		}
	}
	return cw, nil
}

// writerOptions are the codec options an output's writer takes from its
// engine URL.
func writerOptions(r *portRun) codec.Options {
	return codec.Options{File: displayName(r.url), Delimiter: r.opts.Delimiter, NoHeader: r.opts.NoHeader, Indent: r.opts.Indent,
		Compression: r.opts.Compression, RowGroupRows: r.opts.RowGroupRows}
}

type countingWriter struct {
	w io.Writer
	n *int64
	h *asyncHash // nil when not fingerprinting
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	*c.n += int64(n)
	if c.h != nil {
		c.h.Write(p[:n])
	}
	return n, err
}

// copyExisting starts an appending output with the records its location
// already holds, read and written through the dataset's codec: the new
// file is the old records then the new ones, checked against the schema
// on the way, and it replaces the old file only when the run commits.
// Decoding rather than copying bytes keeps one header in a CSV file and
// one document in a JSON array or a Parquet file.
func copyExisting[T any](f codec.Format[T], r *portRun, w codec.Writer[T]) error {
	err := copyRecords(f, r, r.url, w, false)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil // the first append creates it
	case err != nil:
		return r.redact(fmt.Errorf("appending: the existing records do not read with the dataset's schema, so nothing was appended: %w\n\thint: fix or move the existing file, or write the dataset with Output() to replace it", err))
	}
	return nil
}
