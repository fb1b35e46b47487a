package runtime

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"slices"

	"github.com/ayeaye-go/ayeaye/runtime/provenance"
	"github.com/ayeaye-go/ayeaye/runtime/storage"
)

// outputLock is the write lock of one output: a file beside a local file
// or SQLite database (storage.Lock), or a lock in a PostgreSQL or MariaDB
// server (table.DB.Lock). key orders and identifies it.
type outputLock struct {
	key  string
	take func() (unlock func(), err error)
}

// lockOutputs takes the write lock of each output and returns what
// releases them. Every process takes them in the order of their keys, so
// two models sharing outputs cannot wait for each other; waiting follows
// ctx, so a cancelled run stops waiting. A run that finds an output locked
// waits for the other run: replacing or appending to a dataset another
// run is writing would lose one run's records.
func (r *Runner) lockOutputs(ctx context.Context, log *slog.Logger, ports []Port, runs []*portRun, rec *provenance.Run) (func(), error) {
	holder := fmt.Sprintf("run %s of model %s (pid %d on %s)", rec.ID, rec.Model, rec.PID, rec.Host)
	var locks []outputLock
	for i, p := range ports {
		if p.Direction != Write {
			continue
		}
		if l, ok := r.outputLock(ctx, log, runs[i], holder); ok {
			locks = append(locks, l)
		}
	}
	slices.SortFunc(locks, func(a, b outputLock) int { return cmp.Compare(a.key, b.key) })
	locks = slices.CompactFunc(locks, func(a, b outputLock) bool { return a.key == b.key })
	var unlocks []func()
	release := func() {
		for _, u := range slices.Backward(unlocks) {
			u()
		}
	}
	for _, l := range locks {
		unlock, err := l.take()
		if err != nil {
			release()
			return nil, r.redactErr(err)
		}
		unlocks = append(unlocks, unlock)
	}
	return release, nil
}

// outputLock is pr's write lock, if its storage has one.
func (r *Runner) outputLock(ctx context.Context, log *slog.Logger, pr *portRun, holder string) (outputLock, bool) {
	u := pr.url
	if path, ok := storage.LockPath(u); ok {
		return outputLock{key: "file:" + path, take: func() (func(), error) {
			return storage.Lock(ctx, u, holder, func(other string) {
				log.Info("waiting for another run writing the same output", "output", r.display(u), "holder", other)
			})
		}}, true
	}
	if u.Type != "postgres" && u.Type != "mysql" {
		return outputLock{}, false // mem, object storage: see storage.Lock
	}
	loc, err := pr.tableLocation()
	if err != nil {
		return outputLock{}, false // the writer reports it
	}
	// The key is never printed: it may hold the connection's secrets.
	key := "table:" + u.Type + "://" + u.Location + "#" + loc.Table.String()
	return outputLock{key: key, take: func() (func(), error) {
		db, done, err := sqlDB(ctx, loc, true)
		if err != nil {
			return nil, err
		}
		unlock, err := db.Lock(ctx, loc.Table)
		if err != nil {
			done()
			return nil, err
		}
		return func() { unlock(); done() }, nil
	}}, true
}
