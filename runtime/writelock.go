package runtime

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"

	"github.com/ayeaye-go/ayeaye/runtime/engine"
	"github.com/ayeaye-go/ayeaye/runtime/provenance"
	"github.com/ayeaye-go/ayeaye/runtime/storage"
)

// lockOutputs takes the write lock of each output (storage.Lock), in one
// order for every process so that two models sharing outputs cannot wait
// for each other, and returns what releases them. A run that finds an
// output locked waits for the other run, saying so in the log: replacing
// or appending to a dataset another run is writing would lose one run's
// records.
func (r *Runner) lockOutputs(ctx context.Context, log *slog.Logger, ports []Port, runs []*portRun, rec *provenance.Run) (func(), error) {
	var outs []engine.URL
	for i, p := range ports {
		if p.Direction == Write {
			outs = append(outs, runs[i].url)
		}
	}
	slices.SortFunc(outs, func(a, b engine.URL) int { return strings.Compare(a.String(), b.String()) })
	outs = slices.CompactFunc(outs, func(a, b engine.URL) bool { return a.String() == b.String() })
	holder := fmt.Sprintf("run %s of model %s (pid %d on %s)", rec.ID, rec.Model, rec.PID, rec.Host)
	var unlocks []func()
	release := func() {
		for _, u := range slices.Backward(unlocks) {
			u()
		}
	}
	for _, u := range outs {
		unlock, err := storage.Lock(ctx, u, holder, func(other string) {
			log.Info("waiting for another run writing the same output", "output", r.display(u), "holder", other)
		})
		if err != nil {
			release()
			return nil, r.redactErr(err)
		}
		unlocks = append(unlocks, unlock)
	}
	return release, nil
}
