package natsexec

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/ayeaye-go/ayeaye/runtime/partition"
	"github.com/ayeaye-go/ayeaye/runtime/provenance"
)

// Options configure a coordinator.
type Options struct {
	Config
	// Env is the environment the workers build in (the coordinator's -env,
	// -var and -set).
	Env Env
	// Code identifies this build; workers compare it with their own. Zero
	// means provenance.CodeVersion().
	Code provenance.Code
	// Logger receives the run's events; nil discards them.
	Logger *slog.Logger
	// ResumeWithin: an unfinished run of the same job whose coordinator
	// was last heard of within this long is resumed, keeping the
	// partitions already built (default 1h). Older ones start over, as do
	// all with Fresh.
	ResumeWithin time.Duration
	Fresh        bool
	// Workers are local worker processes the run depends on (see Spawn):
	// when they have all stopped for good, Execute fails instead of
	// waiting for workers that will not come.
	Workers *Workers
	// Private says the server is this run's alone (an embedded server,
	// see StartServer): partitions that workers of an earlier, killed run
	// held are then handed out again at once, instead of after the ack
	// wait, since those workers are gone.
	Private bool
}

// Executor runs partitions on workers through a JetStream server: a
// partition.Executor for partition.WithExecutor.
type Executor struct {
	o    Options
	c    *conn
	log  *slog.Logger
	host string
}

var _ partition.Executor = (*Executor)(nil)

// Open connects to the server and sets up the stream, consumer and bucket.
func Open(ctx context.Context, o Options) (*Executor, error) {
	if err := o.Config.check(); err != nil {
		return nil, err
	}
	if o.Code.Module == "" && o.Code.Revision == "" && o.Code.Version == "" {
		o.Code = provenance.CodeVersion()
	}
	if o.ResumeWithin == 0 {
		o.ResumeWithin = time.Hour
	}
	log := o.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	nc, err := dial(ctx, o.Config, "ayeaye coordinator", false)
	if err != nil {
		return nil, err
	}
	if o.Private {
		// Deleting the consumer forgets its deliveries; the queued
		// partitions stay in the stream for the new one.
		if js, err := jetstream.New(nc); err == nil {
			_ = js.DeleteConsumer(ctx, o.Config.stream(), o.Config.consumer())
		}
	}
	c, err := setup(ctx, nc, o.Config, true)
	if err != nil {
		nc.Close()
		return nil, err
	}
	return &Executor{o: o, c: c, log: log, host: provenance.Hostname()}, nil
}

// Name is "nats".
func (e *Executor) Name() string { return "nats" }

// Close closes the connection; it does not touch the local workers.
func (e *Executor) Close() error {
	return e.c.nc.Drain()
}

// RemoteError is a partition's failure as a worker reported it.
type RemoteError struct {
	Msg    string
	Worker string // host:pid, or "" when no worker finished the partition
}

func (e *RemoteError) Error() string {
	if e.Worker == "" {
		return e.Msg
	}
	return e.Msg + " (on worker " + e.Worker + ")"
}

// Execute sends each task of job to the workers as one message and
// returns the results, in task order, as json.RawMessage. Finished
// partitions are reported to the context's provenance sink with the
// worker's host, as the local executors report theirs.
func (e *Executor) Execute(ctx context.Context, job *partition.Job) ([]any, error) {
	if len(job.Tasks) == 0 {
		return []any{}, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	slot := slotOf(job, e.o.Env, e.o.Code)
	rec, resumed, err := e.claim(ctx, slot, job)
	if err != nil {
		return nil, fmt.Errorf("registering the run in bucket %s: %w", e.c.cfg.bucket(), err)
	}
	job.Run = rec.Run // a resumed run's own
	r := &run{e: e, job: job, slot: slot, rec: rec, ctx: ctx,
		results: make([]any, len(job.Tasks)), done: make([]bool, len(job.Tasks)), failures: make([]error, len(job.Tasks)),
		notes: map[string]bool{}, lastProgress: time.Now()}
	return r.execute(resumed)
}

// claim finds the job's record in the bucket: an unfinished run of the
// same job is resumed; otherwise a new run starts. Compare-and-set keeps
// two coordinators starting at once from making two runs.
func (e *Executor) claim(ctx context.Context, slot string, job *partition.Job) (jobRecord, bool, error) {
	for range 20 {
		now := time.Now().UTC()
		id, err := uuid.NewV7()
		if err != nil {
			id = uuid.New()
		}
		run := id.String()
		if job.Run != "" {
			run = job.Run // workers then write their parts where the coordinator looks
		}
		fresh := jobRecord{Run: run, Model: job.Model, Tasks: len(job.Tasks), State: stateRunning,
			Host: e.host, PID: os.Getpid(), Started: now, Seen: now, Sessions: 1}
		ent, err := e.c.kv.Get(ctx, jobKey(slot))
		if errors.Is(err, jetstream.ErrKeyNotFound) {
			if _, err := e.c.kv.Create(ctx, jobKey(slot), mustJSON(fresh)); errors.Is(err, jetstream.ErrKeyExists) {
				continue
			} else if err != nil {
				return fresh, false, err
			}
			return fresh, false, nil
		}
		if err != nil {
			return fresh, false, err
		}
		var old jobRecord
		next, resumed := fresh, false
		if json.Unmarshal(ent.Value(), &old) == nil && !e.o.Fresh && old.Tasks == len(job.Tasks) &&
			(old.State == stateRunning || old.State == stateInterrupted) && now.Sub(old.Seen) < e.o.ResumeWithin {
			next, resumed = old, true
			next.State, next.Seen, next.Host, next.PID = stateRunning, now, e.host, os.Getpid()
			next.Sessions++
		}
		if _, err := e.c.kv.Update(ctx, jobKey(slot), mustJSON(next), ent.Revision()); errors.Is(err, jetstream.ErrKeyRevisionMismatch) {
			continue // another coordinator got there first; look again
		} else if err != nil {
			return next, false, err
		}
		return next, resumed, nil
	}
	return jobRecord{}, false, errors.New("another coordinator keeps changing this run's record; is the same model being started in a loop?")
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only our own plain structs are marshalled
	}
	return b
}

// run is one Execute: what has come back so far.
type run struct {
	e        *Executor
	job      *partition.Job
	slot     string
	rec      jobRecord
	ctx      context.Context
	results  []any
	done     []bool
	failures []error
	finished int
	failed   int
	resent   int
	notes    map[string]bool

	lastProgress time.Time // when a partition last finished
	lastWarned   time.Time
}

func (r *run) execute(resumed bool) ([]any, error) {
	e, ctx := r.e, r.ctx
	log := e.log.With("model", r.job.Model, "run", r.rec.Run)
	// Watch the results (the ones already there come first) and the
	// server's max-deliveries advisories before sending anything, so
	// that nothing is missed.
	w, err := e.c.kv.Watch(ctx, resultsOf(r.rec.Run))
	if err != nil {
		return nil, fmt.Errorf("watching results in bucket %s: %w", e.c.cfg.bucket(), err)
	}
	defer func() {
		if w != nil {
			_ = w.Stop()
		}
	}()
	advisories := make(chan *nats.Msg, 64)
	sub, err := e.c.nc.ChanSubscribe("$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES."+e.c.cfg.stream()+"."+e.c.cfg.consumer(), advisories)
	if err != nil {
		return nil, err
	}
	defer func() { _ = sub.Unsubscribe() }()
	updates := w.Updates()
	for ent := range updates {
		if ent == nil {
			break // the results already there have all come
		}
		if ent.Operation() == jetstream.KeyValuePut {
			r.take(ent.Key(), ent.Value())
		}
	}
	if resumed {
		log.Info("resuming a distributed run", "started", r.rec.Started.Local().Format(time.DateTime),
			"partitions_done", r.finished, "partitions", len(r.job.Tasks))
	} else {
		log.Info("distributed run started", "partitions", len(r.job.Tasks), "stream", e.c.cfg.stream())
	}
	if err := r.send(resumed); err != nil {
		return nil, r.stop(stateInterrupted, err)
	}
	tick := time.NewTicker(min(max(e.c.cfg.AckWait, time.Second), 10*time.Second))
	defer tick.Stop()
	var workersDead <-chan struct{}
	if e.o.Workers != nil {
		workersDead = e.o.Workers.Dead()
	}
	for r.finished < len(r.job.Tasks) {
		if r.failed > 0 && !r.job.KeepGoing {
			return nil, r.stop(stateFailed, r.failure())
		}
		if updates == nil {
			// The watcher ended (a server restart can do that): watch
			// again; meanwhile the tick's checks find the results.
			if w, err = e.c.kv.Watch(ctx, resultsOf(r.rec.Run)); err == nil {
				updates = w.Updates()
			} else {
				w = nil
			}
		}
		select {
		case ent, ok := <-updates:
			if !ok {
				updates = nil
				continue
			}
			if ent != nil && ent.Operation() == jetstream.KeyValuePut {
				r.take(ent.Key(), ent.Value())
			}
		case m := <-advisories:
			r.maxDelivered(m)
		case <-tick.C:
			r.check(log)
		case <-workersDead:
			return nil, r.stop(stateInterrupted, fmt.Errorf("the local worker processes have stopped: %w", e.o.Workers.Err()))
		case <-ctx.Done():
			return nil, r.stop(stateInterrupted, ctx.Err())
		}
	}
	if r.failed > 0 {
		return nil, r.stop(stateFailed, r.failure())
	}
	_ = r.stop(stateDone, nil)
	log.Info("distributed run finished", "partitions", len(r.job.Tasks), "resent", r.resent)
	return r.results, nil
}

// take records one partition's outcome from the bucket.
func (r *run) take(key string, value []byte) {
	i, ok := indexOfKey(key)
	if !ok || i >= len(r.job.Tasks) || r.done[i] {
		return
	}
	var o outcome
	if err := json.Unmarshal(value, &o); err != nil {
		o = outcome{Error: fmt.Sprintf("the result in the bucket is not readable: %v", err)}
	}
	t := r.job.Tasks[i]
	r.done[i] = true
	r.finished++
	r.lastProgress = time.Now()
	pr := provenance.PartitionRun{Key: t.Key, Attempts: o.Attempts, Host: o.Host, Start: o.Start, End: o.End, Records: o.Records, Written: o.Written}
	if o.OK {
		r.results[i] = json.RawMessage(o.Result)
	} else {
		r.failed++
		r.failures[i] = &partition.TaskError{Key: t.Key, Attempts: o.Attempts, Err: &RemoteError{Msg: o.Error, Worker: o.Worker}}
		pr.Error = r.failures[i].(*partition.TaskError).Err.Error()
	}
	if o.Note != "" && !r.notes[o.Worker] {
		r.notes[o.Worker] = true
		r.e.log.Warn(o.Note, "worker", o.Worker)
	}
	provenance.ReportPartition(r.ctx, pr)
	if r.job.Progress != nil {
		r.job.Progress(r.finished, len(r.job.Tasks))
	}
}

// send publishes the partitions that have no outcome yet. On a resumed
// run, those whose message is still queued are left alone: sending them
// again would only make work for the deduplication.
func (r *run) send(resumed bool) error {
	var queued map[int]bool
	if resumed {
		var err error
		if queued, err = r.queued(); err != nil {
			return err
		}
	}
	var todo []int
	for i := range r.job.Tasks {
		if !r.done[i] && !queued[i] {
			todo = append(todo, i)
		}
	}
	// Asynchronous publishing, in batches the client can hold, sends
	// thousands of partitions a second.
	for len(todo) > 0 {
		batch := todo[:min(len(todo), 1000)]
		todo = todo[len(batch):]
		futures := make([]jetstream.PubAckFuture, len(batch))
		for k, i := range batch {
			f, err := r.e.c.js.PublishMsgAsync(r.message(i), jetstream.WithMsgID(r.sendID(i, resumed)), jetstream.WithExpectStream(r.e.c.cfg.stream()))
			if err != nil {
				return r.publishErr(err)
			}
			futures[k] = f
		}
		for k, f := range futures {
			select {
			case <-f.Ok():
			case err := <-f.Err():
				// Once more, synchronously, with the same id: if the first
				// did arrive, the stream drops this one as a duplicate.
				if _, err2 := r.e.c.js.PublishMsg(r.ctx, r.message(batch[k]), jetstream.WithMsgID(r.sendID(batch[k], resumed))); err2 != nil {
					return r.publishErr(fmt.Errorf("%w (and again: %v)", err, err2))
				}
			case <-r.ctx.Done():
				return r.ctx.Err()
			}
		}
	}
	return nil
}

// sendID is the deduplication id of task i's message: run/model/index,
// and the coordinator's session when resuming (the first session's
// messages may have been removed since, which the stream's memory of ids
// does not know).
func (r *run) sendID(i int, resumed bool) string {
	id := msgID(r.rec.Run, r.job.Model, i)
	if resumed {
		id += fmt.Sprintf("/s%d", r.rec.Sessions)
	}
	return id
}

func (r *run) publishErr(err error) error {
	return fmt.Errorf("sending partitions to stream %s on %s: %w", r.e.c.cfg.stream(), r.e.c.cfg.URL, err)
}

// message is task i's envelope.
func (r *run) message(i int) *nats.Msg {
	t := r.job.Tasks[i]
	env := envelope{V: format, Run: r.rec.Run, Slot: r.slot, Model: r.job.Model, Index: i, Key: t.Key, Payload: t.Payload,
		Env: r.e.o.Env, Code: r.e.o.Code, Retries: r.job.Retry.Retries, Backoff: r.job.Retry.Backoff}
	if max := r.e.c.cfg.MaxDeliver - 1; env.Retries+1 > max {
		env.Retries = max - 1 // the server's cap must leave one delivery to declare the partition failed
	}
	return &nats.Msg{Subject: r.e.c.cfg.taskSubject(r.rec.Run, i), Data: mustJSON(env)}
}

// queued lists the partitions whose message is still in the stream.
func (r *run) queued() (map[int]bool, error) {
	info, err := r.e.c.stream.Info(r.ctx, jetstream.WithSubjectFilter(r.e.c.cfg.runSubjects(r.rec.Run)))
	if err != nil {
		return nil, fmt.Errorf("listing queued partitions in stream %s: %w", r.e.c.cfg.stream(), err)
	}
	q := make(map[int]bool, len(info.State.Subjects))
	for s := range info.State.Subjects {
		if i, ok := indexOfKey(s); ok {
			q[i] = true
		}
	}
	return q, nil
}

// check runs every tick: it keeps the run's record fresh (so that a
// restarted coordinator knows it may resume), finds partitions whose
// message was lost and no outcome came (sending them again), and warns
// when nothing is taking the work.
func (r *run) check(log *slog.Logger) {
	ctx := r.ctx
	r.heartbeat()
	queued, err := r.queued()
	if err != nil {
		log.Warn("cannot check the queue; will try again", "error", err)
		return
	}
	for i := range r.job.Tasks {
		if r.done[i] || queued[i] {
			continue
		}
		ent, err := r.e.c.kv.Get(ctx, resultKey(r.rec.Run, i))
		if err == nil {
			r.take(ent.Key(), ent.Value())
			continue
		}
		if !errors.Is(err, jetstream.ErrKeyNotFound) {
			return // the server is busy or away; next tick
		}
		r.resent++
		log.Warn("a partition's message was lost without an outcome; sending it again", "partition", r.job.Tasks[i].Key)
		id := fmt.Sprintf("%s/s%dr%d", msgID(r.rec.Run, r.job.Model, i), r.rec.Sessions, r.resent)
		if _, err := r.e.c.js.PublishMsg(ctx, r.message(i), jetstream.WithMsgID(id)); err != nil {
			log.Warn("sending the partition again failed; will try again", "error", err)
		}
	}
	if time.Since(r.lastProgress) < 30*time.Second || time.Since(r.lastWarned) < 30*time.Second {
		return
	}
	if ci, err := r.e.c.stream.Consumer(ctx, r.e.c.cfg.consumer()); err == nil {
		if info, err := ci.Info(ctx); err == nil && info.NumWaiting == 0 && info.NumAckPending == 0 {
			r.lastWarned = time.Now()
			log.Warn(fmt.Sprintf("%d partitions are waiting and no worker is asking for work; start workers with: PROGRAM worker -executor %s",
				len(r.job.Tasks)-r.finished, r.e.c.cfg.URL))
		}
	}
}

// heartbeat refreshes the record's Seen, if the record is still ours.
func (r *run) heartbeat() {
	ctx := r.ctx
	ent, err := r.e.c.kv.Get(ctx, jobKey(r.slot))
	if err != nil {
		return
	}
	var cur jobRecord
	if json.Unmarshal(ent.Value(), &cur) != nil || cur.Run != r.rec.Run {
		return
	}
	cur.Seen = time.Now().UTC()
	_, _ = r.e.c.kv.Update(ctx, jobKey(r.slot), mustJSON(cur), ent.Revision())
}

// maxDelivered handles the server's advisory that a message reached the
// consumer's MaxDeliver without an ack: the partition would otherwise
// hang, so it is marked failed and its message removed.
func (r *run) maxDelivered(m *nats.Msg) {
	var adv struct {
		StreamSeq  uint64 `json:"stream_seq"`
		Deliveries int    `json:"deliveries"`
	}
	if json.Unmarshal(m.Data, &adv) != nil {
		return
	}
	sm, err := r.e.c.stream.GetMsg(r.ctx, adv.StreamSeq)
	if err != nil {
		return
	}
	env, err := decodeEnvelope(sm.Data)
	if err != nil || env.Run != r.rec.Run || env.Index >= len(r.job.Tasks) {
		return
	}
	now := time.Now().UTC()
	o := outcome{Attempts: adv.Deliveries, Start: now, End: now, Commit: "coordinator", Permanent: true,
		Error: fmt.Sprintf("the server handed this partition out %d times (the stream's max_deliver) and no worker finished it: workers died or stopped answering while building it", adv.Deliveries)}
	if _, err := r.e.c.kv.Create(r.ctx, resultKey(r.rec.Run, env.Index), mustJSON(o)); err == nil || errors.Is(err, jetstream.ErrKeyExists) {
		_ = r.e.c.stream.DeleteMsg(r.ctx, adv.StreamSeq)
	}
}

// failure is the run's error: every failed partition, in order.
func (r *run) failure() error {
	var msgs []string
	var all []error
	for _, err := range r.failures {
		if err != nil {
			msgs, all = append(msgs, err.Error()), append(all, err)
		}
	}
	return &failures{msg: fmt.Sprintf("%d partition(s) failed:\n  %s", len(all), strings.Join(msgs, "\n  ")), errs: all}
}

// failures keeps the failed partitions reachable by errors.As.
type failures struct {
	msg  string
	errs []error
}

func (f *failures) Error() string   { return f.msg }
func (f *failures) Unwrap() []error { return f.errs }

// stop ends the run in state: the partitions still queued are removed
// (so that workers stop picking them up), the record says how it ended,
// and a finished run's results are cleared from the bucket.
func (r *run) stop(state string, err error) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.ctx), 10*time.Second)
	defer cancel()
	c := r.e.c
	if state != stateDone {
		if perr := c.stream.Purge(ctx, jetstream.WithPurgeSubject(c.cfg.runSubjects(r.rec.Run))); perr != nil {
			r.e.log.Warn("could not remove the run's queued partitions; workers will drop them", "error", perr)
		}
	}
	for range 5 {
		ent, gerr := c.kv.Get(ctx, jobKey(r.slot))
		if gerr != nil {
			break
		}
		var cur jobRecord
		if json.Unmarshal(ent.Value(), &cur) != nil || cur.Run != r.rec.Run {
			break
		}
		cur.State, cur.Seen = state, time.Now().UTC()
		if _, uerr := c.kv.Update(ctx, jobKey(r.slot), mustJSON(cur), ent.Revision()); !errors.Is(uerr, jetstream.ErrKeyRevisionMismatch) {
			break
		}
	}
	if state == stateDone || state == stateFailed {
		// The results have been handed over; a later run of the same job
		// starts afresh, so they are only clutter now.
		if kvs, serr := c.js.Stream(ctx, "KV_"+c.cfg.bucket()); serr == nil {
			for _, prefix := range []string{"res.", "att."} {
				_ = kvs.Purge(ctx, jetstream.WithPurgeSubject("$KV."+c.cfg.bucket()+"."+prefix+r.rec.Run+".>"))
			}
		}
	}
	return err
}
