package runtime

import (
	"fmt"
	"io"
	"iter"

	"github.com/ayeaye-go/ayeaye/runtime/codec"
	"github.com/ayeaye-go/ayeaye/runtime/engine"
)

// RowGroup is one row group of one file of a Parquet input: a partition
// of a large Parquet dataset. Parquet files are written in row groups,
// each decodable alone, so a row group is the natural unit of parallel
// reading, as a byte range is for CSV (Split).
type RowGroup struct {
	File  string `json:"file"`  // one of the input's Files
	Index int    `json:"index"` // the row group's number in the file, from 0
	Rows  int64  `json:"rows"`  // how many rows it holds
}

// RowGroups lists every row group of every file of a Parquet input, file
// by file in the order of Files, reading only each file's footer. Models
// partitioned by row group make one partition per RowGroup and read it
// with RowGroupAll; a file written with row_group_rows=N in its engine
// URL has a row group per N rows.
func (in Input[T]) RowGroups() ([]RowGroup, error) {
	r, err := in.bound()
	if err != nil {
		return nil, err
	}
	if r.url.Type != "parquet" {
		return nil, fmt.Errorf("dataset %q: only parquet inputs have row groups, not %s; partition by file (Files) or, for csv and tsv, by byte range (Splits)", in.p.dataset, r.url.Type)
	}
	f, err := in.d.format("parquet")
	if err != nil {
		return nil, err
	}
	if f.RowGroups == nil {
		return nil, fmt.Errorf("dataset %q: its parquet codec cannot list row groups; regenerate it with go generate", in.p.dataset)
	}
	var out []RowGroup
	for _, u := range r.urls {
		sizes, err := fileRowGroups(r, u, f.RowGroups)
		if err != nil {
			return nil, err
		}
		for i, n := range sizes {
			out = append(out, RowGroup{File: u.String(), Index: i, Rows: n})
		}
	}
	return out, nil
}

// fileRowGroups reads the row group sizes from the footer of one file:
// the file itself when the store gives random access to it, else a
// temporary copy.
func fileRowGroups(r *portRun, u engine.URL, list func(io.ReaderAt, int64) ([]int64, error)) ([]int64, error) {
	rc, size, err := r.store.Open(r.ctx, u)
	if err != nil {
		return nil, r.redact(err)
	}
	defer rc.Close()
	ra, ok := rc.(io.ReaderAt)
	if !ok || size < 0 || u.Compression() != "" {
		tmp, n, done, err := readerAt(rc)
		if err != nil {
			return nil, r.redact(fmt.Errorf("%s: %w", displayName(u), err))
		}
		defer done()
		ra, size = tmp, n
	}
	sizes, err := list(ra, size)
	if err != nil {
		if ce, ok := err.(*codec.Error); ok && ce.File == "" {
			ce.File = displayName(u)
		}
		return nil, r.redact(err)
	}
	return sizes, nil
}

// RowGroupAll streams the records of one row group of one of the input's
// files, as listed by RowGroups.
func (in Input[T]) RowGroupAll(g RowGroup) iter.Seq2[T, error] {
	r, err := in.bound()
	if err != nil {
		return errSeq[T](err)
	}
	if r.url.Type != "parquet" {
		return errSeq[T](fmt.Errorf("dataset %q: only parquet inputs have row groups, not %s", in.p.dataset, r.url.Type))
	}
	u, err := r.file(g.File)
	if err != nil {
		return errSeq[T](err)
	}
	if g.Index < 0 {
		return errSeq[T](fmt.Errorf("dataset %q: row group %d of %s does not exist; list them with RowGroups", in.p.dataset, g.Index, displayName(u)))
	}
	return in.read(u, codec.Options{RowGroups: []int{g.Index}})
}
