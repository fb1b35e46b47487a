package partition

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
)

// A distributed executor sends each task to a worker process: the user's
// own binary, which builds the same model and calls its Build with a
// context made by ForTask. In that context Run does not list or combine
// partitions: it decodes the task's payload, builds that one partition
// and hands the result back through the context, then returns
// ErrPartitionDone so that the runtime publishes nothing.

// ErrPartitionDone is returned by Run in a worker: the partition was
// built and its result handed over; the model's outputs must not be
// published from this process.
var ErrPartitionDone = errors.New("partition built in a worker")

type taskKey struct{}

// taskRun is the task a worker builds and where its result goes.
type taskRun struct {
	task   Task
	result json.RawMessage
	done   bool
}

// ForTask returns a context in which a model's Build builds only task t;
// Result reads the outcome afterwards.
func ForTask(ctx context.Context, t Task) (context.Context, *TaskResult) {
	tr := &taskRun{task: t}
	return context.WithValue(ctx, taskKey{}, tr), &TaskResult{tr: tr}
}

// TaskResult is the outcome of a task built in a worker.
type TaskResult struct{ tr *taskRun }

// Get returns the task's result as JSON, or false when Build never
// reached partition.Run (the model is not partitioned).
func (r *TaskResult) Get() (json.RawMessage, bool) { return r.tr.result, r.tr.done }

// runTask builds the single partition a worker was given.
func runTask[P, R any](ctx context.Context, tr *taskRun, model string, build func(context.Context, P) (R, error)) error {
	var p P
	if err := json.Unmarshal(tr.task.Payload, &p); err != nil {
		return fmt.Errorf("model %s: partition %s: decoding the partition: %w", model, tr.task.Key, err)
	}
	job := &Job{Model: model, Retry: Retry{}, Do: func(ctx context.Context, t Task) (any, error) { return build(ctx, p) }}
	res, err := attempt(ctx, job, tr.task)
	if err != nil {
		return err
	}
	if tr.result, err = json.Marshal(res); err != nil {
		return fmt.Errorf("model %s: partition %s: the result cannot be sent as JSON: %w", model, tr.task.Key, err)
	}
	tr.done = true
	return ErrPartitionDone
}
