package natsexec

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/ayeaye-go/ayeaye/runtime/partition"
	"github.com/ayeaye-go/ayeaye/runtime/provenance"
)

// Worker takes partitions from the stream and builds them. It is the
// user's own binary (the worker command of runtime/cli), so it has the
// models' code and reads the data with its own environment's secrets.
type Worker struct {
	Config Config
	// Models are the models this program has; a partition of any other
	// is refused with an error that says so.
	Models []string
	// Handle builds one partition and returns its result as JSON. An
	// error is retried within the model's budget, unless it is
	// Permanent or a panic.
	Handle func(ctx context.Context, req *Request) (json.RawMessage, error)
	// Code identifies this build (zero: provenance.CodeVersion()). A
	// partition from a coordinator of another build is refused, unless
	// AllowCodeMismatch, which builds it and notes the mismatch.
	Code              provenance.Code
	AllowCodeMismatch bool
	// Concurrency is how many partitions this process builds at once
	// (default 1: one process per core gives process-level parallelism).
	Concurrency int
	// TaskTimeout fails an attempt that takes longer (0: no limit), for
	// builds that hang while the process stays alive.
	TaskTimeout time.Duration
	// IdleExit makes Run return after this long without work (0: never),
	// for batch workers such as a Kubernetes Job.
	IdleExit time.Duration
	Logger   *slog.Logger
}

// Permanent marks an error that retrying cannot mend, such as a
// partition that cannot be decoded: the partition fails at once.
func Permanent(err error) error { return &permanentError{err} }

type permanentError struct{ error }

func (p *permanentError) Unwrap() error { return p.error }

// worker is one Run of a Worker.
type worker struct {
	*Worker
	c    *conn
	log  *slog.Logger
	id   string // host:pid
	host string
	code provenance.Code

	busy     atomic.Int64
	lastWork atomic.Int64 // unix nanoseconds
	// ackWait is the consumer's, which the coordinator sets: heartbeats
	// must follow it, whatever this worker's own Config says.
	ackWait atomic.Int64

	mu        sync.Mutex
	liveCache map[string]liveAnswer // by slot
}

// Run takes and builds partitions until ctx is cancelled (or, with
// IdleExit, until there is no more work). A partition being built when
// ctx is cancelled is handed back to the stream at once, for another
// worker.
func (w *Worker) Run(ctx context.Context) error {
	if w.Handle == nil {
		return errors.New("natsexec: Worker.Handle is nil; set it to build one partition")
	}
	cfg := w.Config
	if err := cfg.check(); err != nil {
		return err
	}
	host := provenance.Hostname()
	ww := &worker{Worker: w, host: host, id: fmt.Sprintf("%s:%d", host, os.Getpid()), liveCache: map[string]liveAnswer{}, code: w.Code}
	if ww.code.Module == "" && ww.code.Revision == "" && ww.code.Version == "" {
		ww.code = provenance.CodeVersion()
	}
	ww.log = w.Logger
	if ww.log == nil {
		ww.log = slog.New(slog.DiscardHandler)
	}
	ww.log = ww.log.With("worker", ww.id)
	ww.ackWait.Store(int64(cfg.AckWait))
	nc, err := dial(ctx, cfg, "ayeaye worker "+ww.id, true)
	if err != nil {
		return err
	}
	defer nc.Close()
	// The server may not be up yet (workers often start first): try the
	// setup until it works.
	for wait := 250 * time.Millisecond; ; wait = min(wait*2, 5*time.Second) {
		sctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		ww.c, err = setup(sctx, nc, cfg, false)
		cancel()
		if err == nil {
			break
		}
		if ctx.Err() != nil {
			return nil
		}
		if isAuthError(nc.LastError()) {
			return authError(cfg, nc.LastError()) // waiting will not mend credentials
		}
		ww.log.Warn("waiting for the NATS server", "url", cfg.URL, "error", err)
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return nil
		}
	}
	ww.log.Info("worker ready", "url", cfg.URL, "stream", cfg.stream(), "models", len(w.Models))
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	ww.lastWork.Store(time.Now().UnixNano())
	var wg sync.WaitGroup
	for range max(w.Concurrency, 1) {
		wg.Go(func() { ww.loop(ctx, stop) })
	}
	wg.Wait()
	return nil
}

// loop fetches one partition at a time: fetching only when idle keeps
// partitions in the stream, where any idle worker can take them, instead
// of queued behind a busy one.
func (w *worker) loop(ctx context.Context, stop context.CancelFunc) {
	var cons jetstream.Consumer
	var refreshed time.Time
	lost := false
	for ctx.Err() == nil {
		var err error
		if cons == nil {
			cons, err = w.c.stream.Consumer(ctx, w.c.cfg.consumer())
			if errors.Is(err, jetstream.ErrConsumerNotFound) {
				// Gone (a run on its own server re-creates it as it
				// starts): make it, as at start, unless it is back.
				cons, err = w.c.stream.CreateConsumer(ctx, consumerConfig(w.c.cfg))
			}
			if err != nil {
				cons = nil
				lost = w.away(ctx, lost, err)
				continue
			}
			refreshed = time.Now()
		}
		if time.Since(refreshed) > 10*time.Second {
			if _, err := cons.Info(ctx); err == nil { // refreshes CachedInfo
				refreshed = time.Now()
			}
		}
		if info := cons.CachedInfo(); info != nil && info.Config.AckWait > 0 {
			w.ackWait.Store(int64(info.Config.AckWait))
		}
		wait := 2 * time.Second
		if w.IdleExit > 0 {
			wait = min(wait, max(w.IdleExit, 100*time.Millisecond))
		}
		fctx, cancel := context.WithTimeout(ctx, wait)
		msg, err := cons.Next(jetstream.FetchContext(fctx))
		cancel()
		switch {
		case err == nil:
			if lost {
				w.log.Info("the NATS server is back")
				lost = false
			}
			w.busy.Add(1)
			w.handle(ctx, msg)
			w.lastWork.Store(time.Now().UnixNano())
			w.busy.Add(-1)
		case errors.Is(err, jetstream.ErrNoMessages) || errors.Is(err, nats.ErrTimeout) || errors.Is(err, context.DeadlineExceeded):
			if w.IdleExit > 0 && w.busy.Load() == 0 && time.Since(time.Unix(0, w.lastWork.Load())) >= w.IdleExit {
				w.log.Info("no work; exiting", "idle", w.IdleExit)
				stop()
			}
		case ctx.Err() != nil:
		case errors.Is(err, jetstream.ErrConsumerNotFound) || errors.Is(err, jetstream.ErrConsumerDeleted):
			cons = nil // look it up again, quietly: this is no outage
			select {
			case <-time.After(50 * time.Millisecond):
			case <-ctx.Done():
			}
		default:
			lost = w.away(ctx, lost, err)
		}
	}
}

// away waits a little after the server did not answer, saying so once.
func (w *worker) away(ctx context.Context, lost bool, err error) bool {
	if !lost {
		w.log.Warn("lost the NATS server; waiting for it", "error", err)
	}
	select {
	case <-time.After(250 * time.Millisecond):
	case <-ctx.Done():
	}
	return true
}

// handle processes one delivery of a partition.
func (w *worker) handle(ctx context.Context, msg jetstream.Msg) {
	md, err := msg.Metadata()
	if err != nil {
		_ = msg.Term()
		return
	}
	attempt := int(md.NumDelivered)
	env, err := decodeEnvelope(msg.Data())
	if err != nil {
		w.log.Error("refused a message", "subject", msg.Subject(), "error", err)
		if env != nil && idRE.MatchString(env.Run) && env.Index >= 0 {
			w.fail(ctx, env, attempt, time.Now(), err.Error())
		}
		_ = msg.TermWithReason(err.Error())
		return
	}
	log := w.log.With("model", env.Model, "partition", env.Key, "run", env.Run, "attempt", attempt)
	// When the server cannot tell, build anyway: the commit is what
	// must happen once, and it checks again.
	if live, err := w.live(ctx, env); err == nil && !live {
		log.Debug("dropped a partition of a run that has ended")
		_ = msg.Ack()
		return
	}
	// A redelivery may be of a partition committed already (its ack was
	// lost, or its worker was thought dead): look before building again.
	if attempt > 1 {
		if _, err := w.c.kv.Get(ctx, resultKey(env.Run, env.Index)); err == nil {
			log.Info("partition already committed; dropped this delivery")
			_ = msg.Ack()
			return
		}
	}
	start := time.Now()
	attempts := env.Retries + 1
	var refuse string
	switch {
	case attempt > attempts:
		last := "none reported"
		if ent, err := w.c.kv.Get(ctx, attemptKey(env.Run, env.Index)); err == nil {
			last = string(ent.Value())
		}
		refuse = fmt.Sprintf("it was handed out %d times and no worker finished it: the workers that took it died or stopped answering (last reported failure: %s)", attempt-1, last)
	case !slices.Contains(w.Models, env.Model):
		refuse = fmt.Sprintf("worker %s does not have model %q (it has: %s); run workers built from the coordinator's program", w.id, env.Model, strings.Join(w.Models, ", "))
	case !sameCode(env.Code, w.code) && !w.AllowCodeMismatch:
		refuse = fmt.Sprintf("code version mismatch: the coordinator runs %s, worker %s runs %s; deploy the coordinator's build to the workers, or start them with -allow-code-mismatch",
			codeString(env.Code), w.id, codeString(w.code))
	}
	if refuse != "" {
		log.Error("refused a partition", "reason", refuse)
		w.fail(ctx, env, min(attempt, attempts), start, refuse)
		_ = msg.TermWithReason(refuse)
		return
	}
	log.Debug("building partition")
	res, counts, err, ended := w.build(ctx, msg, env, attempt)
	switch {
	case ended:
		log.Info("the run ended while the partition was being built; dropped it")
		_ = msg.Ack()
	case err == nil:
		// A result built is worth storing even when the worker is being
		// stopped.
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		w.commit(cctx, log, msg, env, attempt, start, res, counts)
		cancel()
	case ctx.Err() != nil:
		log.Info("stopping; handed the partition back")
		_ = msg.Nak()
	default:
		text := errorText(err)
		_, _ = w.c.kv.Put(ctx, attemptKey(env.Run, env.Index), []byte(text+" (on worker "+w.id+")"))
		if isPermanent(err, text) || attempt >= attempts {
			log.Error("partition failed", "error", text)
			w.fail(ctx, env, attempt, start, text)
			_ = msg.Term()
			return
		}
		delay := backoff(env.Backoff, attempt)
		log.Warn("partition attempt failed; it will be retried", "error", text, "retry_in", delay)
		_ = msg.NakWithDelay(delay)
	}
}

// live reports whether env's run is still going: a run that has ended
// (finished, failed, or replaced by a newer run of the same job) has no
// use for more partitions. An answer is reused for liveFor, which saves
// a round trip per partition when partitions are short.
func (w *worker) live(ctx context.Context, env *envelope) (bool, error) {
	w.mu.Lock()
	c, ok := w.liveCache[env.Slot]
	w.mu.Unlock()
	if ok && c.run == env.Run && time.Since(c.at) < liveFor {
		return c.live, nil
	}
	live, err := w.askLive(ctx, env)
	if err == nil {
		w.mu.Lock()
		if len(w.liveCache) > 1000 {
			clear(w.liveCache)
		}
		w.liveCache[env.Slot] = liveAnswer{run: env.Run, live: live, at: time.Now()}
		w.mu.Unlock()
	}
	return live, err
}

const liveFor = 200 * time.Millisecond

type liveAnswer struct {
	run  string
	live bool
	at   time.Time
}

func (w *worker) askLive(ctx context.Context, env *envelope) (bool, error) {
	ent, err := w.c.kv.Get(ctx, jobKey(env.Slot))
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	var rec jobRecord
	if json.Unmarshal(ent.Value(), &rec) != nil {
		return false, nil
	}
	return rec.Run == env.Run && rec.State == stateRunning, nil
}

// build runs the handler while telling the server, every third of the
// ack wait, that the partition is still in progress; it stops early when
// the run ends meanwhile (ended).
func (w *worker) build(ctx context.Context, msg jetstream.Msg, env *envelope, attempt int) (res json.RawMessage, counts [2]map[string]int64, err error, ended bool) {
	ctx = provenance.WithCounts(ctx, func(read, written map[string]int64) { counts = [2]map[string]int64{read, written} })
	bctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	if w.TaskTimeout > 0 {
		var c context.CancelFunc
		bctx, c = context.WithTimeoutCause(bctx, w.TaskTimeout, fmt.Errorf("the partition took longer than the worker's -task-timeout %s", w.TaskTimeout))
		defer c()
	}
	var runEnded atomic.Bool
	hbDone := make(chan struct{})
	go func() {
		defer close(hbDone)
		t := time.NewTicker(max(time.Duration(w.ackWait.Load())/3, 10*time.Millisecond))
		defer t.Stop()
		for {
			select {
			case <-bctx.Done():
				return
			case <-t.C:
				_ = msg.InProgress()
				if live, err := w.live(bctx, env); err == nil && !live {
					runEnded.Store(true)
					cancel(errors.New("the run has ended"))
					return
				}
			}
		}
	}()
	req := &Request{Run: env.Run, Model: env.Model, Task: partition.Task{Index: env.Index, Key: env.Key, Payload: env.Payload},
		Env: env.Env, Code: env.Code, Attempt: attempt}
	res, err = w.protect(bctx, req)
	if err != nil && bctx.Err() != nil && ctx.Err() == nil {
		if cause := context.Cause(bctx); cause != nil && !errors.Is(err, cause) {
			err = fmt.Errorf("%w: %w", cause, err)
		}
	}
	cancel(nil)
	<-hbDone
	return res, counts, err, runEnded.Load()
}

// protect calls Handle, turning a panic into a permanent failure.
func (w *worker) protect(ctx context.Context, req *Request) (res json.RawMessage, err error) {
	defer func() {
		if p := recover(); p != nil {
			res, err = nil, Permanent(fmt.Errorf("panic: %v", p))
		}
	}()
	return w.Handle(ctx, req)
}

// commit stores the result, once: if another worker committed the same
// partition first (it was handed out again while this one was thought
// dead), this result is dropped. The message is acked only after the
// result is safely stored.
func (w *worker) commit(ctx context.Context, log *slog.Logger, msg jetstream.Msg, env *envelope, attempt int, start time.Time, res json.RawMessage, counts [2]map[string]int64) {
	o := outcome{OK: true, Result: res, Records: counts[0], Written: counts[1], Worker: w.id, Host: w.host, Attempts: attempt, Start: start.UTC(), End: time.Now().UTC(), Commit: uuid.NewString()}
	if !sameCode(env.Code, w.code) {
		o.Note = fmt.Sprintf("code version mismatch allowed: the coordinator runs %s, this worker runs %s", codeString(env.Code), codeString(w.code))
	}
	data := mustJSON(o)
	if limit := w.c.nc.MaxPayload(); int64(len(data)) > limit-1024 {
		text := fmt.Sprintf("the partition's result is %d bytes, more than the server takes in one message (max_payload %d); return a smaller summary from BuildPartition, or raise max_payload", len(res), limit)
		log.Error("partition failed", "error", text)
		w.fail(ctx, env, attempt, start, text)
		_ = msg.Term()
		return
	}
	if live, err := w.live(ctx, env); err == nil && !live {
		log.Info("the run ended while the partition was being built; dropped it")
		_ = msg.Ack()
		return
	}
	for wait := 100 * time.Millisecond; ; wait = min(wait*2, 2*time.Second) {
		_, err := w.c.kv.Create(ctx, resultKey(env.Run, env.Index), data)
		if err == nil {
			break
		}
		if errors.Is(err, jetstream.ErrKeyExists) {
			if ent, gerr := w.c.kv.Get(ctx, resultKey(env.Run, env.Index)); gerr == nil {
				var mine outcome
				if json.Unmarshal(ent.Value(), &mine) == nil && mine.Commit == o.Commit {
					break // our own earlier try arrived; only its reply was lost
				}
			}
			log.Info("partition already committed by another worker; dropped this result")
			_ = msg.Ack()
			return
		}
		if ctx.Err() != nil {
			_ = msg.Nak()
			return
		}
		_ = msg.InProgress()
		select {
		case <-time.After(wait):
		case <-ctx.Done():
		}
	}
	// Not waiting for the ack to be confirmed saves a round trip: if it
	// is lost, the redelivery finds the result and is dropped.
	_ = msg.Ack()
	log.Info("partition committed", "duration", o.End.Sub(o.Start).Round(time.Millisecond))
}

// fail stores a partition's final failure (unless an outcome is already
// there).
func (w *worker) fail(ctx context.Context, env *envelope, attempt int, start time.Time, text string) {
	o := outcome{Error: text, Worker: w.id, Host: w.host, Attempts: attempt, Start: start.UTC(), End: time.Now().UTC(), Commit: uuid.NewString()}
	for range 20 {
		_, err := w.c.kv.Create(ctx, resultKey(env.Run, env.Index), mustJSON(o))
		if err == nil || errors.Is(err, jetstream.ErrKeyExists) || ctx.Err() != nil {
			return
		}
		select {
		case <-time.After(250 * time.Millisecond):
		case <-ctx.Done():
		}
	}
}

// errorText is the message a failure is reported with: a TaskError's
// cause, since the coordinator adds the partition and attempts itself.
func errorText(err error) string {
	var te *partition.TaskError
	if errors.As(err, &te) && te.Err != nil {
		return te.Err.Error()
	}
	return err.Error()
}

// isPermanent reports failures not worth retrying: marked Permanent, or
// a panic (a bug, which the local executors do not retry either).
func isPermanent(err error, text string) bool {
	var p *permanentError
	return errors.As(err, &p) || strings.HasPrefix(text, "panic: ") || strings.HasPrefix(text, "build panicked: ")
}

// backoff is the wait before retry number attempt: Backoff, doubling,
// capped at an hour.
func backoff(base time.Duration, attempt int) time.Duration {
	d := base
	for range attempt - 1 {
		if d >= time.Hour/2 {
			return time.Hour
		}
		d *= 2
	}
	return d
}
