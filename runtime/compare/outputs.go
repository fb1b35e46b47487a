package compare

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"

	"github.com/ayeaye-go/ayeaye/runtime/engine"
	"github.com/ayeaye-go/ayeaye/runtime/provenance"
	"github.com/ayeaye-go/ayeaye/runtime/storage"
)

// Pair is one dataset as two runs wrote it, matched by name; A or B is
// nil when only the other run wrote it.
type Pair struct {
	Name string
	A, B *provenance.Dataset
}

// SameContent reports whether both runs recorded the same content
// fingerprint, so the records need not be read to know they are the same.
func (p Pair) SameContent() bool {
	return p.A != nil && p.B != nil && p.A.Fingerprint != "" && p.A.Fingerprint == p.B.Fingerprint
}

// Pairs matches the outputs of runs a and b by dataset name, in the order
// a lists them, then those only b wrote.
func Pairs(a, b *provenance.Run) []Pair {
	var out []Pair
	index := map[string]int{}
	for side, r := range [2]*provenance.Run{a, b} {
		for i := range r.Outputs {
			d := &r.Outputs[i]
			k, ok := index[d.Name]
			if !ok {
				k = len(out)
				index[d.Name] = k
				out = append(out, Pair{Name: d.Name})
			}
			if side == 0 {
				out[k].A = d
			} else {
				out[k].B = d
			}
		}
	}
	return out
}

// Comparable checks that run r published outputs that can be compared:
// a whole model's run (not one partition's) that succeeded or was
// skipped.
func Comparable(r *provenance.Run) error {
	switch {
	case r.Partition != "":
		return fmt.Errorf("%s is a partition of run %s; compare model runs", r.ID, r.Parent)
	case r.Status != provenance.Succeeded && r.Status != provenance.Skipped:
		return fmt.Errorf("%s %s, so it published no outputs; compare runs that succeeded", r.ID, r.Status)
	}
	return nil
}

// Unchanged checks that u, where run side ("A" or "B") wrote d, still
// holds what it wrote: an output in memory lasted only as long as its
// process, and one overwritten since cannot be compared.
func Unchanged(ctx context.Context, u engine.URL, d provenance.Dataset, side string) error {
	if u.Type == "mem" {
		return fmt.Errorf("run %s wrote it in memory (%s), which lasts only as long as its process", side, d.Location)
	}
	if d.Fingerprint == "" {
		return nil
	}
	now, err := ContentFingerprint(ctx, u)
	if err != nil {
		return err
	}
	if now != d.Fingerprint {
		return fmt.Errorf("%s no longer holds what run %s wrote (fingerprint %s, now %s): it was overwritten since; write the runs' outputs to different places to compare them",
			d.Location, side, d.Fingerprint, now)
	}
	return nil
}

// ContentFingerprint hashes u's content as run records fingerprint it:
// sha256 of the bytes the codecs read, after decompression.
func ContentFingerprint(ctx context.Context, u engine.URL) (string, error) {
	rc, _, err := storage.Open(ctx, u)
	if err != nil {
		return "", err
	}
	defer rc.Close()
	h := sha256.New()
	if _, err := io.Copy(h, rc); err != nil {
		return "", fmt.Errorf("reading %s: %w", u.Redacted(), err)
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil)), nil
}
