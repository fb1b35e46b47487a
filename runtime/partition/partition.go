package partition

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	goruntime "runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ayeaye-go/ayeaye/runtime/provenance"
)

// Retry is a model's retry budget for failing partitions.
type Retry struct {
	Retries int           // extra attempts after the first
	Backoff time.Duration // wait before the first retry; doubles each time
}

// defaultRetry is used when the context carries no budget.
var defaultRetry = Retry{Retries: 2, Backoff: 100 * time.Millisecond}

// Task is one partition as executors see it: its position, a stable key
// and its description as JSON.
type Task struct {
	Index   int
	Key     string
	Payload json.RawMessage
}

// Job is one partitioned build handed to an executor.
type Job struct {
	Model string
	// Run names the run the partitions belong to (the model's run record
	// when the runtime runs it, see WithRun). Workers write their parts of
	// the model's outputs under it; an executor that resumes an earlier
	// run of the same job sets it to that run's.
	Run   string
	Tasks []Task
	Retry Retry
	// KeepGoing lets the other partitions finish after one has failed
	// for good.
	KeepGoing bool
	// Do runs one attempt of a task in this process and returns its
	// result as a Go value; the distributed executor sends the payload
	// to a worker instead.
	Do func(ctx context.Context, t Task) (any, error)
	// Progress is told each time a task finishes.
	Progress func(done, total int)
}

// Executor runs a job's tasks and returns their results in task order.
type Executor interface {
	Name() string
	Execute(ctx context.Context, job *Job) ([]any, error)
}

// TaskError is a partition that failed after its retries.
type TaskError struct {
	Key      string
	Attempts int
	Err      error
}

func (e *TaskError) Error() string {
	return fmt.Sprintf("partition %s failed after %d attempt(s): %v", e.Key, e.Attempts, e.Err)
}

func (e *TaskError) Unwrap() error { return e.Err }

type executorKey struct{}
type retryKey struct{}
type keepGoingKey struct{}
type loggerKey struct{}
type runKey struct{}
type progressKey struct{}

// WithProgress returns a context whose partitioned builds tell report
// each time a partition finishes: the runtime's progress bar or log
// lines, which add records per second and the time left.
func WithProgress(ctx context.Context, report func(done, total int)) context.Context {
	return context.WithValue(ctx, progressKey{}, report)
}

// runRef is the run of a partitioned build, and who to tell when an
// executor resumes another.
type runRef struct {
	id    string
	moved func(id string)
}

// WithRun returns a context whose partitioned build belongs to run id.
// moved, when not nil, is called with the earlier run's id if the
// executor resumes one instead (the parts of its outputs are there).
func WithRun(ctx context.Context, id string, moved func(id string)) context.Context {
	return context.WithValue(ctx, runKey{}, runRef{id: id, moved: moved})
}

// WithExecutor returns a context whose partitioned models run on e.
func WithExecutor(ctx context.Context, e Executor) context.Context {
	return context.WithValue(ctx, executorKey{}, e)
}

// WithRetry returns a context in which failing partitions are retried
// within r: how a model sets its own budget in Build.
func WithRetry(ctx context.Context, r Retry) context.Context {
	return context.WithValue(ctx, retryKey{}, r)
}

// WithKeepGoing returns a context in which a failed partition lets the
// others finish before the model fails.
func WithKeepGoing(ctx context.Context) context.Context {
	return context.WithValue(ctx, keepGoingKey{}, true)
}

// WithLogger returns a context whose partitioned runs log progress to l.
func WithLogger(ctx context.Context, l *slog.Logger) context.Context {
	return context.WithValue(ctx, loggerKey{}, l)
}

// Run builds a partitioned model: it lists the partitions, builds each on
// the context's executor, and hands the results, in partition order, to
// combine.
func Run[P, R any](ctx context.Context, model string,
	partitions func(context.Context) ([]P, error),
	build func(context.Context, P) (R, error),
	combine func(context.Context, []R) error,
) error {
	if err := CheckTypes[P, R](); err != nil {
		return fmt.Errorf("model %s: %w", model, err)
	}
	if tr, ok := ctx.Value(taskKey{}).(*taskRun); ok {
		return runTask(ctx, tr, model, build)
	}
	parts, err := partitions(ctx)
	if err != nil {
		return fmt.Errorf("model %s: listing partitions: %w", model, err)
	}
	ref, _ := ctx.Value(runKey{}).(runRef)
	job := &Job{Model: model, Run: ref.id, Retry: defaultRetry, Tasks: make([]Task, len(parts))}
	if r, ok := ctx.Value(retryKey{}).(Retry); ok {
		job.Retry = r
	}
	for i, p := range parts {
		payload, err := json.Marshal(p)
		if err != nil {
			return fmt.Errorf("model %s: partition %d cannot be sent as JSON: %w", model, i, err)
		}
		job.Tasks[i] = Task{Index: i, Key: key(i, payload), Payload: payload}
	}
	job.KeepGoing, _ = ctx.Value(keepGoingKey{}).(bool)
	job.Do = func(ctx context.Context, t Task) (any, error) { return build(ctx, parts[t.Index]) }
	exec, _ := ctx.Value(executorKey{}).(Executor)
	if exec == nil {
		exec = Local{}
	}
	if report, ok := ctx.Value(progressKey{}).(func(done, total int)); ok {
		job.Progress = report
	} else if log, ok := ctx.Value(loggerKey{}).(*slog.Logger); ok {
		job.Progress = progressLogger(log, model, time.Now())
	}
	if job.Progress != nil {
		job.Progress(0, len(job.Tasks))
	}
	results, err := exec.Execute(ctx, job)
	if job.Run != ref.id && ref.moved != nil {
		ref.moved(job.Run)
	}
	if err != nil {
		return fmt.Errorf("model %s (%s executor): %w", model, exec.Name(), err)
	}
	typed := make([]R, len(results))
	for i, r := range results {
		switch v := r.(type) {
		case R:
			typed[i] = v
		case json.RawMessage: // from another process
			if err := json.Unmarshal(v, &typed[i]); err != nil {
				return fmt.Errorf("model %s: result of partition %s: %w", model, job.Tasks[i].Key, err)
			}
		default:
			return fmt.Errorf("model %s: partition %s returned %T", model, job.Tasks[i].Key, r)
		}
	}
	return combine(ctx, typed)
}

// key is a partition's stable id: its index and a short description.
func key(i int, payload []byte) string {
	s := string(payload)
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	return fmt.Sprintf("#%d %s", i, s)
}

// attempt runs one task with retries and backoff, turning a panic into an
// error that carries the stack (a panic is not retried: it is a bug).
func attempt(ctx context.Context, job *Job, t Task) (res any, err error) {
	start := time.Now()
	n := 0
	defer func() {
		pr := provenance.PartitionRun{Key: t.Key, Attempts: n, Host: hostname, Start: start, End: time.Now()}
		if err != nil {
			pr.Error = err.Error()
		}
		provenance.ReportPartition(ctx, pr)
	}()
	wait := job.Retry.Backoff
	for n = 1; ; n++ {
		res, err, panicked := protect(ctx, job, t)
		if err == nil {
			return res, nil
		}
		if panicked || n > job.Retry.Retries || ctx.Err() != nil {
			return nil, &TaskError{Key: t.Key, Attempts: n, Err: err}
		}
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return nil, &TaskError{Key: t.Key, Attempts: n, Err: ctx.Err()}
		}
		wait *= 2
	}
}

var hostname = provenance.Hostname()

func protect(ctx context.Context, job *Job, t Task) (res any, err error, panicked bool) {
	a := &attemptState{task: t}
	defer func() {
		if p := recover(); p != nil {
			err, panicked = fmt.Errorf("panic: %v\n%s", p, debug.Stack()), true
		}
		if endErr := a.end(err == nil); endErr != nil && err == nil {
			res, err = nil, endErr
		}
	}()
	res, err = job.Do(context.WithValue(ctx, attemptKey{}, a), t)
	return res, err, false
}

// joinFailures reports every failed partition, in partition order.
func joinFailures(errs []error) error {
	var msgs []string
	var all []error
	for _, e := range errs {
		if e != nil {
			msgs = append(msgs, e.Error())
			all = append(all, e)
		}
	}
	if len(all) == 0 {
		return nil
	}
	return fmt.Errorf("%d partition(s) failed:\n  %s%w", len(all), strings.Join(msgs, "\n  "), errJoined{errors.Join(all...)})
}

// errJoined keeps the failures reachable by errors.Is/As without printing
// them twice.
type errJoined struct{ error }

func (errJoined) Error() string { return "" }

func (e errJoined) Unwrap() error { return e.error }

// Serial runs partitions one by one in the calling goroutine.
type Serial struct{}

func (Serial) Name() string { return "serial" }

func (Serial) Execute(ctx context.Context, job *Job) ([]any, error) {
	results := make([]any, len(job.Tasks))
	errs := make([]error, len(job.Tasks))
	failed := false
	for i, t := range job.Tasks {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if failed && !job.KeepGoing {
			break
		}
		results[i], errs[i] = attempt(ctx, job, t)
		failed = failed || errs[i] != nil
		if job.Progress != nil {
			job.Progress(i+1, len(job.Tasks))
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := joinFailures(errs); err != nil {
		return nil, err
	}
	return results, nil
}

// Local runs partitions on a pool of Workers goroutines (one per CPU
// when zero).
type Local struct{ Workers int }

func (Local) Name() string { return "local" }

func (l Local) Execute(ctx context.Context, job *Job) ([]any, error) {
	workers := l.Workers
	if workers <= 0 {
		workers = goruntime.NumCPU()
	}
	workers = min(workers, max(len(job.Tasks), 1))
	parent := ctx
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	results := make([]any, len(job.Tasks))
	errs := make([]error, len(job.Tasks))
	var next, done atomic.Int64
	var wg sync.WaitGroup
	var progressMu sync.Mutex
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(job.Tasks) || ctx.Err() != nil {
					return
				}
				results[i], errs[i] = attempt(ctx, job, job.Tasks[i])
				switch {
				case errs[i] == nil:
				case ctx.Err() != nil && parent.Err() == nil:
					// Stopped because another partition failed: that
					// failure is the one to report.
					errs[i] = nil
				case !job.KeepGoing:
					cancel()
				}
				if job.Progress != nil {
					n := int(done.Add(1))
					progressMu.Lock()
					job.Progress(n, len(job.Tasks))
					progressMu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	if err := parent.Err(); err != nil {
		return nil, err // cancelled: the failures are its echo
	}
	if err := joinFailures(errs); err != nil {
		return nil, err
	}
	return results, nil
}

// progressLogger logs partitions done of total, their rate and the time
// left, at most every two seconds and at the end.
func progressLogger(log *slog.Logger, model string, start time.Time) func(done, total int) {
	var last time.Time
	return func(done, total int) {
		now := time.Now()
		if done < total && now.Sub(last) < 2*time.Second {
			return
		}
		last = now
		elapsed := now.Sub(start)
		rate := float64(done) / elapsed.Seconds()
		eta := time.Duration(0)
		if rate > 0 {
			eta = time.Duration(float64(total-done) / rate * float64(time.Second))
		}
		log.Info("partitions", "model", model, "done", done, "total", total,
			"per_second", fmt.Sprintf("%.1f", rate), "eta", eta.Round(time.Second))
	}
}
