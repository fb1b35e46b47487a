package runtime

import (
	"errors"
	"fmt"
	"io"
	"io/fs"

	"github.com/ayeaye-go/ayeaye/runtime/codec"
)

// copyExisting starts an appending output with the records its location
// already holds, read and written through the dataset's codec: the new
// file is the old records then the new ones, checked against the schema
// on the way, and it replaces the old file only when the run commits.
// Decoding rather than copying bytes keeps one header in a CSV file and
// one document in a JSON array or a Parquet file.
func copyExisting[T any](f codec.Format[T], r *portRun, w codec.Writer[T]) error {
	rc, _, err := r.store.Open(r.ctx, r.url)
	if errors.Is(err, fs.ErrNotExist) {
		return nil // the first append creates it
	}
	if err != nil {
		return r.redact(err)
	}
	defer rc.Close()
	opts := codec.Options{File: displayName(r.url), Delimiter: r.opts.Delimiter, NoHeader: r.opts.NoHeader}
	var rd codec.Reader[T]
	if f.NewReaderAt != nil {
		ra, n, done, err := readerAt(rc)
		if err != nil {
			return r.redact(fmt.Errorf("%s: %w", displayName(r.url), err))
		}
		defer done()
		rd, err = f.NewReaderAt(ra, n, opts)
		if err != nil {
			return r.redact(appendErr(err))
		}
	} else if rd, err = f.NewReader(rc, opts); err != nil {
		return r.redact(appendErr(err))
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
			return r.redact(appendErr(err))
		}
		if err := w.Write(&rec); err != nil {
			return r.redact(fmt.Errorf("appending: copying the existing records: %w", err))
		}
	}
}

func appendErr(err error) error {
	return fmt.Errorf("appending: the existing records do not read with the dataset's schema, so nothing was appended: %w\n\thint: fix or move the existing file, or write the dataset with Output() to replace it", err)
}
