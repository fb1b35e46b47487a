package runtime

import (
	"context"
	"fmt"
	"strings"

	"github.com/ayeaye-go/ayeaye/runtime/provenance"
	"github.com/ayeaye-go/ayeaye/runtime/storage"
)

// publish makes a built run's outputs visible, each with its manifest.
// The run's cancellation is looked at once, before anything is published:
// from there on publishing runs to its end, so a model whose sibling fails
// is not stopped half-way through, and no output goes without its
// manifest: each manifest is written before its output is published and
// published right after it; one that cannot be written fails the run with
// nothing published. Outputs whose publishing does real work and can fail
// (tables commit, objects finish uploading) go first, local files (a
// rename each) last; if one still fails after others were published, the
// error names those.
func (r *Runner) publish(ctx context.Context, name string, ports []Port, runs []*portRun, rec *provenance.Run) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("model %s: stopped before its outputs were published: %w", name, err)
	}
	ctx = context.WithoutCancel(ctx)
	sidecars := make([]*storage.Writer, len(ports))
	abortSidecars := func() {
		for _, w := range sidecars {
			if w != nil {
				w.Abort()
			}
		}
	}
	for i, p := range ports {
		if p.Direction != Write {
			continue
		}
		if p.p.seal != nil {
			if err := p.p.seal(); err != nil {
				abortSidecars()
				return fmt.Errorf("model %s: publishing %s: %w", name, p.Dataset, err)
			}
		}
		if r.NoManifests {
			continue
		}
		w, err := r.prepareManifest(ctx, p, runs[i], rec)
		if err != nil {
			abortSidecars()
			return fmt.Errorf("model %s: writing the manifest of %s: %w; nothing was published\n\thint: make the directory of %s writable", name, p.Dataset, err, p.Dataset)
		}
		sidecars[i] = w
	}
	var published []string
	for _, i := range publishOrder(ports, runs) {
		p := ports[i]
		if err := p.p.commit(); err != nil {
			abortSidecars()
			if len(published) > 0 {
				return fmt.Errorf("model %s: publishing %s: %w (already published: %s)", name, p.Dataset, err, strings.Join(published, ", "))
			}
			return fmt.Errorf("model %s: publishing %s: %w", name, p.Dataset, err)
		}
		published = append(published, p.Dataset)
		p.p.abort = nil
		if w := sidecars[i]; w != nil {
			sidecars[i] = nil
			if err := w.Commit(); err != nil {
				abortSidecars()
				return fmt.Errorf("model %s: %s was published, but its manifest was not: %w\n\thint: run the model again; until then consumers check %s against its previous manifest", name, p.Dataset, err, p.Dataset)
			}
		}
		if partitioned(rec) {
			removeParts(runs[i])
		}
	}
	return nil
}

// publishOrder lists the outputs, those not in local files first.
func publishOrder(ports []Port, runs []*portRun) []int {
	var first, last []int
	for i, p := range ports {
		switch {
		case p.Direction != Write:
		case runs[i].drv.publishesLocally(runs[i].url):
			last = append(last, i)
		default:
			first = append(first, i)
		}
	}
	return append(first, last...)
}
