//go:build unix

package faulttest_test

import (
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ayeaye-go/ayeaye/runtime/codec"
	"github.com/ayeaye-go/ayeaye/runtime/internal/faulttest/datasets"
)

// digest is what k's output holds: the SHA-256 of a file's bytes or of a
// table's rows in id order, or a description of why it cannot be read.
func (h *harness) digest(k *kind) string {
	if k.db != nil {
		return k.db.digest()
	}
	b, err := os.ReadFile(k.file)
	if err != nil {
		return "unreadable: " + err.Error()
	}
	return fmt.Sprintf("%d bytes, sha256 %x", len(b), sha256.Sum256(b))
}

// resync takes what k's output holds now as what it should hold.
func (h *harness) resync(k *kind) {
	k.digest = h.digest(k)
	if k.name == "append" {
		n, err := h.appendBatches(k)
		if err != nil {
			h.t.Errorf("%s: %v", k.name, err)
		}
		k.batches = n
	}
}

// checkPrevious checks, after a kill, that k's output is the one the
// last successful run left. An appending output may hold one more
// batch, whole, when the kill came after its commit: it is atomic, not
// tied to the run's record.
func (h *harness) checkPrevious(what string, k *kind) {
	now := h.digest(k)
	if now == k.digest {
		return
	}
	if k.name == "append" {
		n, err := h.appendBatches(k)
		if err == nil && n == k.batches+1 {
			h.t.Logf("%s: the killed run had already committed its append; accepted", what)
			k.digest, k.batches = now, n
			return
		}
		h.t.Errorf("%s: the appending output holds neither the previous %d runs' records nor one run more (%d, %v)\n  now: %s\n  was: %s\n  seed in the log",
			what, k.batches, n, err, now, k.digest)
		h.resync(k)
		return
	}
	h.t.Errorf("%s: the previous output of %s changed\n  now: %s\n  was: %s", what, k.name, now, k.digest)
}

// checkAfterRun checks the output a successful run left: the same as
// every successful run's, or for the appending model one batch more.
func (h *harness) checkAfterRun(what string, k *kind) {
	now := h.digest(k)
	if k.name != "append" {
		if now != k.digest {
			h.t.Errorf("%s: the next run wrote a different %s output\n  now: %s\n  was: %s", what, k.name, now, k.digest)
			k.digest = now
		}
		return
	}
	n, err := h.appendBatches(k)
	if err != nil || n != k.batches+1 {
		h.t.Errorf("%s: after the next run the appending output holds %d runs' records (%v), want %d", what, n, err, k.batches+1)
	}
	k.digest, k.batches = now, n
}

// appendBatches reads the appending model's Parquet file and says how
// many runs' records it holds, checking that each run's are whole and
// in order.
func (h *harness) appendBatches(k *kind) (int, error) {
	f, err := os.Open(k.file)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return 0, err
	}
	r, err := datasets.NewReadingParquetReader(f, st.Size(), codec.Options{File: k.file})
	if err != nil {
		return 0, err
	}
	n := 0
	for rec, err := range r.All() {
		if err != nil {
			return 0, err
		}
		if rec.ID != int64(n%k.records) {
			return 0, fmt.Errorf("%s: record %d has id %d, want %d", k.file, n, rec.ID, n%k.records)
		}
		n++
	}
	if n%k.records != 0 {
		return 0, fmt.Errorf("%s: %d records, not a whole number of runs of %d", k.file, n, k.records)
	}
	return n / k.records, nil
}

// checkLeftovers reports what killed runs left that the next run did not
// remove: temporary files and parts directories anywhere in the project,
// anything in the children's TMPDIR, staging tables.
func (h *harness) checkLeftovers(what string) {
	found := h.leftoverFiles()
	for _, db := range h.dbs {
		found = append(found, db.stagingTables()...)
	}
	var fresh []string
	for _, f := range found {
		if !h.reported[f] {
			h.reported[f] = true
			fresh = append(fresh, f)
		}
	}
	if len(fresh) > 0 {
		h.t.Errorf("%s: left behind after the next run succeeded:\n  %s", what, strings.Join(fresh, "\n  "))
	}
}

// leftoverFiles lists temporary files (.NAME.tmp-*, *.tmp*) and parts
// directories (.NAME.parts-*) under the project, and whatever is in the
// children's TMPDIR, each with its size.
func (h *harness) leftoverFiles() []string {
	var found []string
	err := filepath.WalkDir(h.dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(h.dir, path)
		name := d.Name()
		switch {
		case path == h.dir:
		case path == h.tmp:
			entries, _ := os.ReadDir(path)
			for _, e := range entries {
				found = append(found, describe(filepath.Join(rel, e.Name()), e)+" (in the children's TMPDIR)")
			}
			return filepath.SkipDir
		case d.IsDir() && strings.HasPrefix(name, ".") && strings.Contains(name, ".parts-"):
			found = append(found, rel+"/ (a parts directory)")
		case !d.IsDir() && strings.Contains(name, ".tmp"):
			found = append(found, describe(rel, d))
		}
		return nil
	})
	if err != nil {
		h.t.Errorf("walking %s: %v", h.dir, err)
	}
	return found
}

func describe(rel string, d fs.DirEntry) string {
	if info, err := d.Info(); err == nil && !d.IsDir() {
		return fmt.Sprintf("%s (%d bytes)", rel, info.Size())
	}
	return rel
}

func sortedLines(set map[string]bool) string {
	var lines []string
	for l := range set {
		lines = append(lines, "  "+l)
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}
