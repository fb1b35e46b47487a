package partition

import (
	"context"
	"sync"
)

// An attempt is one try at building one partition. The runtime hangs
// per-attempt state on it (the part a partition writes of an output, see
// runtime.Output.Part): kept when the attempt succeeds, thrown away when
// it fails, so a retried partition never leaves its failed try behind.
type attemptState struct {
	task Task
	mu   sync.Mutex
	ends []func(ok bool) error
}

type attemptKey struct{}

// Current returns the partition being built with ctx: the context a
// BuildPartition function receives. ok is false outside one.
func Current(ctx context.Context) (t Task, ok bool) {
	a, ok := ctx.Value(attemptKey{}).(*attemptState)
	if !ok {
		return Task{}, false
	}
	return a.task, true
}

// OnAttemptEnd registers f to run when the current attempt at a partition
// ends: with ok true after it succeeded (an error from f then fails the
// attempt, which may be retried), with ok false after it failed or
// panicked. It reports false, registering nothing, outside a partition.
func OnAttemptEnd(ctx context.Context, f func(ok bool) error) bool {
	a, ok := ctx.Value(attemptKey{}).(*attemptState)
	if !ok {
		return false
	}
	a.mu.Lock()
	a.ends = append(a.ends, f)
	a.mu.Unlock()
	return true
}

// end runs the attempt's end functions in registration order, returning
// the first error.
func (a *attemptState) end(ok bool) error {
	a.mu.Lock()
	ends := a.ends
	a.ends = nil
	a.mu.Unlock()
	var first error
	for _, f := range ends {
		if err := f(ok); err != nil && first == nil {
			first, ok = err, false // what is left is thrown away
		}
	}
	return first
}
