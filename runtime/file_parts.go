package runtime

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/ayeaye-go/ayeaye/runtime/codec"
	"github.com/ayeaye-go/ayeaye/runtime/engine"
)

// The file side of output parts (output_part.go): each partition writes
// a scratch file in the output's parts directory; the run joins them into
// the output, byte for byte where the format allows.

func (f fileIO[T]) openPart(p *port, index int) (*partWriter[T], error) {
	r := p.run
	format, err := f.d.format(r.url.Type)
	if err != nil {
		return nil, err
	}
	u, err := partURL(r, index)
	if err != nil {
		return nil, err
	}
	sw, err := r.store.Create(r.ctx, u)
	if err != nil {
		return nil, r.redact(err)
	}
	sw.Scratch()
	opts := writerOptions(r)
	opts.File, opts.Indent = displayName(u), 0
	w, err := format.NewWriter(sw, opts)
	if err != nil {
		_ = sw.Abort()
		return nil, r.redact(err)
	}
	return &partWriter[T]{w: w, sink: sw}, nil
}

func (f fileIO[T]) joinParts(p *port) error {
	r := p.run
	ps := r.parts.current()
	files, err := partFiles(r)
	if err != nil {
		return err
	}
	want := int(r.parts.remote.Load())
	if ps != nil {
		ps.mu.Lock()
		want += ps.local
		ps.mu.Unlock()
	}
	if len(files) < want {
		dir, _ := partsDir(r)
		return fmt.Errorf("dataset %q: %d partitions wrote parts, but %s holds %d: workers resolved the output somewhere else; run them in the coordinator's environment, with the same -set and -var flags",
			p.dataset, want, displayName(dir), len(files))
	}
	if len(files) == 0 {
		return nil
	}
	if r.writer != nil {
		return fmt.Errorf("dataset %q was written both by partitions (Part) and by Write; write it one way", p.dataset)
	}
	format, err := f.d.format(r.url.Type)
	if err != nil {
		return err
	}
	switch r.url.Type {
	case "csv", "tsv", "ndjson":
		// Lines join as they are: no decoding, and one header.
		header, err := emptyDocument(format, r)
		if err == nil {
			err = concatParts(p, files, header)
		}
		return err
	}
	if err := f.openWriter(p); err != nil {
		return err
	}
	w := r.writer.(codec.Writer[T])
	for _, u := range files {
		if err := copyRecords(format, r, u, w, false); err != nil {
			return r.redact(fmt.Errorf("joining the parts of %s: %w", p.dataset, err))
		}
	}
	return nil
}

func (fileDriver) removeParts(r *portRun) {
	if dir, err := partsDir(r); err == nil && dir.Storage() == "file" {
		// The whole directory: with the parts go the temporary files of
		// attempts still writing when their process was killed.
		_ = os.RemoveAll(filepath.FromSlash(dir.Location))
		return
	}
	files, _ := partFiles(r) // none outside a recorded run; blobs have no directories
	for _, u := range files {
		_ = r.store.Remove(context.WithoutCancel(r.ctx), u)
	}
}

// emptyDocument is what f writes for no records: a delimited file's
// header line, which every part starts with.
func emptyDocument[T any](f codec.Format[T], r *portRun) ([]byte, error) {
	var b bytes.Buffer
	w, err := f.NewWriter(&b, writerOptions(r))
	if err == nil {
		err = w.Close()
	}
	return b.Bytes(), r.redact(err)
}

// concatParts writes an output as its parts' bytes one after the other,
// keeping the first part's header and dropping the others'.
func concatParts(p *port, files []engine.URL, header []byte) error {
	r := p.run
	cw, err := openSink(p)
	if err != nil {
		return err
	}
	for i, u := range files {
		if err := copyPart(r, u, cw, header, i > 0); err != nil {
			p.abort()
			return r.redact(fmt.Errorf("joining the parts of %s: %w", p.dataset, err))
		}
	}
	return nil
}

func copyPart(r *portRun, u engine.URL, w io.Writer, header []byte, dropHeader bool) error {
	rc, _, err := r.store.Open(r.ctx, u)
	if err != nil {
		return err
	}
	defer rc.Close()
	br := bufio.NewReaderSize(rc, 256<<10)
	if dropHeader && len(header) > 0 {
		got := make([]byte, len(header))
		if _, err := io.ReadFull(br, got); err != nil || !bytes.Equal(got, header) {
			return fmt.Errorf("%s does not start with the header %q", displayName(u), header)
		}
	}
	_, err = br.WriteTo(w)
	return err
}

// copyRecords copies the records of the file at u into w, counting them
// as the output's when count is set. Its errors are not redacted.
func copyRecords[T any](f codec.Format[T], r *portRun, u engine.URL, w codec.Writer[T], count bool) error {
	rc, _, err := r.store.Open(r.ctx, u)
	if err != nil {
		return err
	}
	defer rc.Close()
	opts := codec.Options{File: displayName(u), Delimiter: r.opts.Delimiter, NoHeader: r.opts.NoHeader}
	var rd codec.Reader[T]
	if f.NewReaderAt != nil {
		ra, n, done, err := readerAt(rc)
		if err != nil {
			return fmt.Errorf("%s: %w", displayName(u), err)
		}
		defer done()
		if rd, err = f.NewReaderAt(ra, n, opts); err != nil {
			return err
		}
	} else if rd, err = f.NewReader(rc, opts); err != nil {
		return err
	}
	var rec T
	for n := 0; ; n++ {
		if n&1023 == 0 {
			if err := r.ctx.Err(); err != nil {
				return err
			}
		}
		switch err := rd.Read(&rec); {
		case err == io.EOF:
			return nil
		case err != nil:
			return err
		}
		if err := w.Write(&rec); err != nil {
			return err
		}
		if count {
			r.records.Add(1)
		}
	}
}
