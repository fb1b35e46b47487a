package runtime

import (
	"fmt"
	"iter"

	"github.com/ayeaye-go/ayeaye/runtime/codec"
	"github.com/ayeaye-go/ayeaye/runtime/engine"
)

// Files lists what the input reads: one location, or each file its
// wildcard matched, in order. Partitioned models make one partition per
// file from it (see runtime/partition).
func (in Input[T]) Files() ([]string, error) {
	r, err := in.bound()
	if err != nil {
		return nil, err
	}
	files := make([]string, len(r.urls))
	for i, u := range r.urls {
		files[i] = u.String()
	}
	return files, nil
}

// FileAll streams the records of one of the input's Files.
func (in Input[T]) FileAll(file string) iter.Seq2[T, error] {
	r, err := in.bound()
	if err != nil {
		return errSeq[T](err)
	}
	u, err := r.file(file)
	if err != nil {
		return errSeq[T](err)
	}
	return in.read(u, codec.Options{})
}

// Split is a byte range of one file of a delimited input, holding whole
// records: a partition of a large CSV or TSV file.
type Split struct {
	File  string      `json:"file"`
	Range codec.Range `json:"range"`
}

// Splits cuts each file of a CSV or TSV input into about n byte ranges at
// record boundaries (never inside a quoted field). It reads the files
// once to find the boundaries.
func (in Input[T]) Splits(n int) ([]Split, error) {
	r, err := in.bound()
	if err != nil {
		return nil, err
	}
	if r.url.Type != "csv" && r.url.Type != "tsv" {
		return nil, fmt.Errorf("dataset %q: only csv and tsv inputs split into byte ranges, not %s; partition by file instead", in.p.dataset, r.url.Type)
	}
	if r.url.Compression() != "" {
		return nil, fmt.Errorf("dataset %q: a compressed file cannot be split into byte ranges; partition by file instead", in.p.dataset)
	}
	var out []Split
	for _, u := range r.urls {
		rc, size, err := r.store.Open(r.ctx, u)
		if err != nil {
			return nil, r.redact(err)
		}
		ranges, err := codec.SplitCSV(rc, size, n)
		rc.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", displayName(u), err)
		}
		for _, rg := range ranges {
			out = append(out, Split{File: u.String(), Range: rg})
		}
	}
	return out, nil
}

// SplitAll streams the records of one split.
func (in Input[T]) SplitAll(s Split) iter.Seq2[T, error] {
	r, err := in.bound()
	if err != nil {
		return errSeq[T](err)
	}
	u, err := r.file(s.File)
	if err != nil {
		return errSeq[T](err)
	}
	u.Options = cloneOptions(u.Options)
	return in.read(u, codec.Options{Header: s.Range.Header, Line: s.Range.Line}, s.Range.Start, s.Range.End)
}

func (in Input[T]) bound() (*portRun, error) {
	if in.p == nil || in.p.run == nil {
		return nil, fmt.Errorf("runtime: input read outside a run; run the model with a Runner")
	}
	// Listing an input's files, splits or row groups is its first use: a
	// partitioned model (whose partitions may read it in other processes)
	// is checked against its contract here.
	if err := in.p.run.firstRead(); err != nil {
		return nil, err
	}
	return in.p.run, nil
}

// file finds one of the run's resolved locations by its URL string.
func (r *portRun) file(s string) (engine.URL, error) {
	for _, u := range r.urls {
		if u.String() == s {
			return u, nil
		}
	}
	return engine.URL{}, fmt.Errorf("runtime: %s is not one of the input's files", s)
}

func cloneOptions(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// read streams one location (or a byte range of it) with extra codec
// options.
func (in Input[T]) read(u engine.URL, extra codec.Options, span ...int64) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		ioOf(in.d, in.p.run).readFile(in.p, u, extra, span, yield)
	}
}
