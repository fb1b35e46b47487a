package runtime

import (
	"errors"
	"fmt"
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
	err := copyRecords(f, r, r.url, w, false)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil // the first append creates it
	case err != nil:
		return r.redact(fmt.Errorf("appending: the existing records do not read with the dataset's schema, so nothing was appended: %w\n\thint: fix or move the existing file, or write the dataset with Output() to replace it", err))
	}
	return nil
}
