package runtime

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/ayeaye-go/ayeaye/runtime/engine"
	"github.com/ayeaye-go/ayeaye/runtime/provenance"
)

// Content fingerprints are "sha256:" and the hex digest of a dataset's
// content as the codecs see it (decompressed), so an output and the same
// file read as an input later have the same fingerprint. Inputs are
// hashed while the model reads them, so a large input is not read twice;
// one the model did not read to the end is hashed before its outputs are
// published. A local file's size and modification time are taken before
// the model runs and checked again before publishing: an input changed
// during the run fails it rather than being recorded against outputs made
// from other content.

// fingerprints hashes what a dataset's stream carries.
type fingerprints struct {
	on       bool                // the run records content fingerprints
	mu       sync.Mutex          // guards hashes: partitions read concurrently
	hashes   map[string]fileHash // inputs: by URL, files read in full
	before   map[string]fileStat // inputs: local files before the run
	versions map[string]string   // inputs: objects' stored versions before the run
	out      *asyncHash          // outputs: what was written
	table    string              // SQL outputs: the table's fingerprint after commit (sql.go)
}

type fileStat struct {
	size int64
	mod  time.Time
}

// hashingReader hashes what passes through it.
type hashingReader struct {
	r io.Reader
	h *asyncHash
}

func (h *hashingReader) Read(p []byte) (int, error) {
	n, err := h.r.Read(p)
	h.h.Write(p[:n])
	return n, err
}

// noteHash records a file's fingerprint after a complete read.
func (r *portRun) noteHash(u engine.URL, h *hashingReader) {
	r.print.mu.Lock()
	defer r.print.mu.Unlock()
	if r.print.hashes == nil {
		r.print.hashes = map[string]fileHash{}
	}
	if _, done := r.print.hashes[u.String()]; !done {
		r.print.hashes[u.String()] = fileHash{sum: h.h.Sum(), size: h.h.n}
	} else {
		h.h.Abandon()
	}
}

type fileHash struct {
	sum  string
	size int64
}

// snapshot notes the inputs before the model runs: size and time of
// local files, the stored version (ETag) of objects.
func (fileDriver) snapshot(r *portRun) {
	r.print.before, r.print.versions = map[string]fileStat{}, map[string]string{}
	for _, u := range r.urls {
		switch u.Storage() {
		case "":
		case "file":
			if st, err := os.Stat(u.Location); err == nil {
				r.print.before[u.String()] = fileStat{size: st.Size(), mod: st.ModTime()}
			}
		default:
			if v, err := r.store.Version(r.ctx, u); err == nil {
				r.print.versions[u.String()] = v
			}
		}
	}
}

// fingerprint hashes the files the model did not read to the end and
// checks none changed while it ran. It returns the input's fingerprint
// and size.
func (fileDriver) fingerprint(ctx context.Context, r *portRun) (string, int64, error) {
	for _, u := range r.urls {
		r.print.mu.Lock()
		_, done := r.print.hashes[u.String()]
		r.print.mu.Unlock()
		if done {
			continue
		}
		rc, _, err := r.store.Open(ctx, u)
		if err != nil {
			return "", 0, r.redact(err)
		}
		hr := &hashingReader{r: rc, h: newAsyncHash()}
		_, err = io.Copy(io.Discard, hr)
		rc.Close()
		if err != nil {
			hr.h.Abandon()
			return "", 0, r.redact(fmt.Errorf("fingerprinting %s: %w", displayName(u), err))
		}
		r.noteHash(u, hr)
	}
	for key, was := range r.print.before {
		u, _ := engine.Parse(key)
		st, err := os.Stat(u.Location)
		if err != nil || st.Size() != was.size || !st.ModTime().Equal(was.mod) {
			return "", 0, fmt.Errorf("input %s changed while the model ran; nothing was published: run it again on settled data", u.Location)
		}
	}
	for key, was := range r.print.versions {
		u, _ := engine.Parse(key)
		if now, err := r.store.Version(ctx, u); err != nil || now != was {
			return "", 0, r.redact(fmt.Errorf("input %s changed while the model ran (its version was %s, now %s); nothing was published: run it again on settled data", u.Redacted(), was, now))
		}
	}
	r.print.mu.Lock()
	defer r.print.mu.Unlock()
	if len(r.urls) == 1 {
		h := r.print.hashes[r.urls[0].String()]
		return h.sum, h.size, nil
	}
	// Many files: one fingerprint over each file's name and fingerprint.
	keys := make([]string, 0, len(r.print.hashes))
	for k := range r.print.hashes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	var size int64
	for _, k := range keys {
		fmt.Fprintf(&b, "%s\t%s\n", k, r.print.hashes[k].sum)
		size += r.print.hashes[k].size
	}
	sum := sha256.Sum256([]byte(b.String()))
	return "sha256:" + hex.EncodeToString(sum[:]), size, nil
}

// Fingerprints hashes the datasets model m reads and writes, as they are
// now, without running it: for lock files, locked runs and skipping
// unchanged models. Datasets that do not exist yet, inputs or outputs,
// have no fingerprint: callers that need one (lock) say so.
func (r *Runner) Fingerprints(ctx context.Context, m Model) (inputs, outputs []provenance.Dataset, err error) {
	r.init()
	ports, err := Describe(m)
	if err != nil {
		return nil, nil, err
	}
	for _, p := range ports {
		u, err := r.resolve(p)
		if err != nil {
			return nil, nil, err
		}
		d := provenance.Dataset{Field: p.Field, Name: p.Dataset, Location: r.display(u), Schema: p.Fingerprint}
		fp, size, err := r.fingerprint(ctx, u)
		switch {
		case err == nil:
			d.Fingerprint, d.Size = fp, size
		case !errors.Is(err, fs.ErrNotExist):
			return nil, nil, fmt.Errorf("dataset %s: %w", p.Dataset, err)
		}
		if p.Direction == Read {
			inputs = append(inputs, d)
		} else {
			outputs = append(outputs, d)
		}
	}
	return inputs, outputs, nil
}

// fingerprint hashes what is at u now; a wildcard that matches nothing
// under a missing directory, like a missing file, is fs.ErrNotExist.
func (r *Runner) fingerprint(ctx context.Context, u engine.URL) (string, int64, error) {
	pr := r.bind(ctx, u)
	pr.print.on = true
	if u.HasWildcard() {
		var err error
		if pr.urls, err = pr.drv.list(ctx, pr); err != nil {
			return "", 0, r.redactErr(err)
		}
	}
	return pr.drv.fingerprint(ctx, pr)
}
