package natsexec_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/ayeaye-go/ayeaye/runtime/natsexec"
	"github.com/ayeaye-go/ayeaye/runtime/partition"
	"github.com/ayeaye-go/ayeaye/runtime/provenance"
)

// squares is the job of the in-process tests: partition n's result is
// n*n, built by workers that behave as b says.
type behaviour struct {
	mu        sync.Mutex
	builds    map[int]int // times each partition was built
	failUntil int         // partitions in fail fail their first failUntil attempts (0: always)
	fail      map[int]bool
	panicOn   map[int]bool
	sleep     time.Duration
	block     bool // wait for the context to end
	envs      []natsexec.Env
}

func (b *behaviour) handle(ctx context.Context, req *natsexec.Request) (json.RawMessage, error) {
	var n int
	if err := json.Unmarshal(req.Task.Payload, &n); err != nil {
		return nil, natsexec.Permanent(err)
	}
	b.mu.Lock()
	if b.builds == nil {
		b.builds = map[int]int{}
	}
	b.builds[n]++
	b.envs = append(b.envs, req.Env)
	b.mu.Unlock()
	if b.block {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	if b.sleep > 0 {
		select {
		case <-time.After(b.sleep):
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	if b.panicOn[n] {
		panic(fmt.Sprintf("partition %d is cursed", n))
	}
	if b.fail[n] && (b.failUntil == 0 || req.Attempt <= b.failUntil) {
		return nil, fmt.Errorf("boom %d", n)
	}
	return json.Marshal(n * n)
}

func (b *behaviour) count(n int) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.builds[n]
}

// runWorkers runs n workers in this process, logging to the returned
// lines as JSON.
func runWorkers(t *testing.T, cfg natsexec.Config, n int, w natsexec.Worker) *logLines {
	t.Helper()
	logs := &logLines{t: t, echo: os.Getenv("NATSEXEC_TEST_ECHO") != ""}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for range n {
		ww := w
		ww.Config = cfg
		if ww.Models == nil {
			ww.Models = []string{"squares"}
		}
		ww.Logger = slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
		wg.Go(func() {
			if err := ww.Run(ctx); err != nil {
				t.Error(err)
			}
		})
	}
	t.Cleanup(func() { cancel(); wg.Wait() })
	return logs
}

func open(t *testing.T, cfg natsexec.Config, o natsexec.Options) *natsexec.Executor {
	t.Helper()
	o.Config = cfg
	e, err := natsexec.Open(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = e.Close() })
	return e
}

// squares runs the squares model of n partitions on e.
func squares(ctx context.Context, e partition.Executor, n int) ([]int, error) {
	var got []int
	err := partition.Run(partition.WithExecutor(ctx, e), "squares",
		func(context.Context) ([]int, error) {
			parts := make([]int, n)
			for i := range parts {
				parts[i] = i
			}
			return parts, nil
		},
		func(ctx context.Context, n int) (int, error) { return n * n, nil },
		func(ctx context.Context, r []int) error { got = r; return nil })
	return got, err
}

// reports collects the partitions the executor reports for provenance.
type reports struct {
	mu   sync.Mutex
	runs []provenance.PartitionRun
}

func (r *reports) ctx(ctx context.Context) context.Context {
	return provenance.WithPartitionSink(ctx, func(p provenance.PartitionRun) {
		r.mu.Lock()
		r.runs = append(r.runs, p)
		r.mu.Unlock()
	})
}

// TestExecute runs a job on two workers: the results come back in
// partition order, equal to the serial executor's, and each partition is
// reported with the worker's host.
func TestExecute(t *testing.T) {
	forServers(t, func(t *testing.T, cfg natsexec.Config) {
		b := &behaviour{}
		logs := runWorkers(t, cfg, 2, natsexec.Worker{Handle: b.handle})
		env := natsexec.Env{Name: "prod", Vars: map[string]string{"survey": "2026"}, Sets: map[string]string{"in": "csv://{root}/in.csv"}}
		e := open(t, cfg, natsexec.Options{Env: env})
		rep := &reports{}
		got, err := squares(rep.ctx(context.Background()), e, 20)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := squares(context.Background(), partition.Serial{}, 20)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("results (-serial +nats):\n%s", diff)
		}
		if len(rep.runs) != 20 {
			t.Fatalf("%d partitions reported, want 20", len(rep.runs))
		}
		for _, p := range rep.runs {
			if p.Host != provenance.Hostname() || p.Attempts != 1 || p.Error != "" || p.End.Before(p.Start) {
				t.Errorf("partition reported as %+v", p)
			}
		}
		for k, n := range logs.commits() {
			if n != 1 {
				t.Errorf("partition %s committed %d times", k, n)
			}
		}
		for _, got := range b.envs {
			if diff := cmp.Diff(env, got); diff != "" {
				t.Fatalf("the worker got another environment (-sent +got):\n%s", diff)
			}
		}
		if got, err := squares(context.Background(), e, 0); err != nil || len(got) != 0 {
			t.Errorf("no partitions: %v, %v", got, err)
		}
	})
}

// TestRetries: failing attempts are retried within the model's budget,
// with backoff, and the partition's record counts them.
func TestRetries(t *testing.T) {
	forServers(t, func(t *testing.T, cfg natsexec.Config) {
		b := &behaviour{fail: map[int]bool{3: true}, failUntil: 2}
		runWorkers(t, cfg, 2, natsexec.Worker{Handle: b.handle})
		e := open(t, cfg, natsexec.Options{})
		rep := &reports{}
		ctx := partition.WithRetry(rep.ctx(context.Background()), partition.Retry{Retries: 2, Backoff: 50 * time.Millisecond})
		start := time.Now()
		got, err := squares(ctx, e, 5)
		if err != nil {
			t.Fatal(err)
		}
		if got[3] != 9 || b.count(3) != 3 {
			t.Errorf("partition 3: result %d after %d builds, want 9 after 3", got[3], b.count(3))
		}
		if d := time.Since(start); d < 150*time.Millisecond {
			t.Errorf("retries took %s; the backoff is 50ms then 100ms", d)
		}
		for _, p := range rep.runs {
			if want := map[bool]int{true: 3, false: 1}[p.Key == "#3 3"]; p.Attempts != want {
				t.Errorf("partition %s: %d attempts, want %d", p.Key, p.Attempts, want)
			}
		}
	})
}

// TestFailures: a partition that keeps failing fails the run, naming
// it, its attempts and the worker; with KeepGoing the others finish
// first. A panic is not retried.
func TestFailures(t *testing.T) {
	s := embedded(t)
	for _, tc := range []struct {
		name      string
		b         *behaviour
		keepGoing bool
		want      []string
		builds    map[int]int
	}{
		{name: "retried then failed", b: &behaviour{fail: map[int]bool{2: true}},
			want: []string{"1 partition(s) failed", "partition #2 2 failed after 3 attempt(s): boom 2 (on worker "}},
		{name: "keep going", keepGoing: true, b: &behaviour{fail: map[int]bool{0: true, 5: true}, sleep: 20 * time.Millisecond},
			want:   []string{"2 partition(s) failed", "#0 0 failed after 3 attempt(s): boom 0", "#5 5 failed after 3 attempt(s): boom 5"},
			builds: map[int]int{0: 3, 1: 1, 2: 1, 3: 1, 4: 1, 5: 3, 6: 1, 7: 1}},
		{name: "panic", b: &behaviour{panicOn: map[int]bool{1: true}},
			want: []string{"partition #1 1 failed after 1 attempt(s): panic: partition 1 is cursed"}, builds: map[int]int{1: 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cfg := testConfig(t, s.URL(), s.Token())
			runWorkers(t, cfg, 2, natsexec.Worker{Handle: tc.b.handle})
			e := open(t, cfg, natsexec.Options{})
			ctx := partition.WithRetry(context.Background(), partition.Retry{Retries: 2, Backoff: 10 * time.Millisecond})
			if tc.keepGoing {
				ctx = partition.WithKeepGoing(ctx)
			}
			_, err := squares(ctx, e, 8)
			if err == nil {
				t.Fatal("the run succeeded")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\nlacks %q", err, w)
				}
			}
			var te *partition.TaskError
			var re *natsexec.RemoteError
			if !errors.As(err, &te) || !errors.As(err, &re) || !strings.HasPrefix(re.Worker, provenance.Hostname()+":") {
				t.Errorf("the failures are not reachable as TaskError and RemoteError: %#v", err)
			}
			for n, want := range tc.builds {
				if got := tc.b.count(n); got != want {
					t.Errorf("partition %d built %d times, want %d", n, got, want)
				}
			}
		})
	}
}

// TestRefusals: a worker refuses partitions of models it does not have
// and from other builds of the program, failing them at once with an
// error that says what to do; a mismatch can be allowed, and is then
// noted.
func TestRefusals(t *testing.T) {
	s := embedded(t)
	coordinator := provenance.Code{Module: "example.com/etl", Revision: "aaaa"}
	other := provenance.Code{Module: "example.com/etl", Revision: "bbbb", Dirty: true}
	for _, tc := range []struct {
		name   string
		worker natsexec.Worker
		want   string
		note   string
	}{
		{name: "unknown model", worker: natsexec.Worker{Models: []string{"paint_orders", "colours"}, Code: coordinator},
			want: `does not have model "squares" (it has: paint_orders, colours); run workers built from the coordinator's program`},
		{name: "code mismatch", worker: natsexec.Worker{Code: other},
			want: "code version mismatch: the coordinator runs example.com/etl revision aaaa, worker "},
		{name: "mismatch allowed", worker: natsexec.Worker{Code: other, AllowCodeMismatch: true},
			note: "code version mismatch allowed: the coordinator runs example.com/etl revision aaaa, this worker runs example.com/etl revision bbbb (modified)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cfg := testConfig(t, s.URL(), s.Token())
			b := &behaviour{}
			tc.worker.Handle = b.handle
			runWorkers(t, cfg, 1, tc.worker)
			logs := &logLines{t: t}
			e := open(t, cfg, natsexec.Options{Code: coordinator, Logger: slog.New(slog.NewTextHandler(logs, nil))})
			_, err := squares(context.Background(), e, 3)
			switch {
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("error %v\nwant %q", err, tc.want)
			case tc.want != "" && strings.Contains(err.Error(), "attempt(s)") && !strings.Contains(err.Error(), "after 1 attempt(s)"):
				t.Errorf("a refusal was retried: %v", err)
			case tc.want == "" && err != nil:
				t.Fatal(err)
			}
			if tc.note != "" {
				logs.waitFor(t, time.Second, tc.note)
			}
		})
	}
}

// TestResume: a coordinator stopped midway and started again picks up
// the run: the partitions committed before are not built again.
func TestResume(t *testing.T) {
	forServers(t, func(t *testing.T, cfg natsexec.Config) {
		b := &behaviour{sleep: 100 * time.Millisecond}
		logs := runWorkers(t, cfg, 2, natsexec.Worker{Handle: b.handle})
		ctx, cancel := context.WithCancel(context.Background())
		go func() {
			logs.waitFor(t, 10*time.Second, "partition committed", `"#3 3"`)
			cancel()
		}()
		if _, err := squares(ctx, open(t, cfg, natsexec.Options{}), 12); !errors.Is(err, context.Canceled) {
			t.Fatalf("stopped run: %v", err)
		}
		before := logs.commits()
		if len(before) == 0 || len(before) == 12 {
			t.Fatalf("%d partitions committed before the stop; the test needs some but not all", len(before))
		}
		clog := &logLines{t: t}
		got, err := squares(context.Background(), open(t, cfg, natsexec.Options{Logger: slog.New(slog.NewTextHandler(clog, nil))}), 12)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := squares(context.Background(), partition.Serial{}, 12)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("results (-serial +resumed):\n%s", diff)
		}
		clog.waitFor(t, time.Second, "resuming a distributed run")
		for k := range before {
			var n int
			fmt.Sscanf(k, "#%d", &n)
			if b.count(n) != 1 {
				t.Errorf("partition %s was committed before the restart and built %d times", k, b.count(n))
			}
		}
		for k, n := range logs.commits() {
			if n != 1 {
				t.Errorf("partition %s committed %d times", k, n)
			}
		}
		// A finished run is not resumed: the next run builds afresh.
		if _, err := squares(context.Background(), open(t, cfg, natsexec.Options{}), 12); err != nil {
			t.Fatal(err)
		}
		if b.count(0) != 2 {
			t.Errorf("partition 0 built %d times after a second run, want 2", b.count(0))
		}
	})
}

// TestSameJobTwice: two coordinators running the same job at once share
// its partitions instead of building each twice.
func TestSameJobTwice(t *testing.T) {
	s := embedded(t)
	cfg := testConfig(t, s.URL(), s.Token())
	b := &behaviour{sleep: 20 * time.Millisecond}
	logs := runWorkers(t, cfg, 2, natsexec.Worker{Handle: b.handle})
	var wg sync.WaitGroup
	for range 2 {
		e := open(t, cfg, natsexec.Options{})
		wg.Go(func() {
			got, err := squares(context.Background(), e, 10)
			if err != nil || len(got) != 10 || got[9] != 81 {
				t.Errorf("got %v, %v", got, err)
			}
		})
	}
	wg.Wait()
	for k, n := range logs.commits() {
		if n != 1 {
			t.Errorf("partition %s committed %d times", k, n)
		}
	}
	for n := range 10 {
		if c := b.count(n); c != 1 {
			t.Errorf("partition %d built %d times", n, c)
		}
	}
}

// TestLongPartition: a partition that takes longer than the ack wait is
// kept by its worker's heartbeats, not handed to another worker.
func TestLongPartition(t *testing.T) {
	s := embedded(t)
	cfg := testConfig(t, s.URL(), s.Token())
	b := &behaviour{sleep: 2500 * time.Millisecond}
	runWorkers(t, cfg, 2, natsexec.Worker{Handle: b.handle})
	if got, err := squares(context.Background(), open(t, cfg, natsexec.Options{}), 1); err != nil || got[0] != 0 {
		t.Fatalf("got %v, %v", got, err)
	}
	if n := b.count(0); n != 1 {
		t.Errorf("the partition was built %d times; its heartbeats should have kept it", n)
	}
}

// TestHangingBuild: a build that hangs while its process stays alive
// fails after the worker's TaskTimeout, instead of holding the run.
func TestHangingBuild(t *testing.T) {
	s := embedded(t)
	cfg := testConfig(t, s.URL(), s.Token())
	runWorkers(t, cfg, 1, natsexec.Worker{Handle: (&behaviour{block: true}).handle, TaskTimeout: 100 * time.Millisecond})
	ctx := partition.WithRetry(context.Background(), partition.Retry{Retries: 1, Backoff: time.Millisecond})
	_, err := squares(ctx, open(t, cfg, natsexec.Options{}), 1)
	if err == nil || !strings.Contains(err.Error(), "after 2 attempt(s): the partition took longer than the worker's -task-timeout 100ms") {
		t.Errorf("error %v", err)
	}
}

// TestMaxDeliveries: a partition handed out until the consumer's
// MaxDeliver without ever being acked (its workers died each time) is
// marked failed, not left hanging.
func TestMaxDeliveries(t *testing.T) {
	s := embedded(t)
	cfg := testConfig(t, s.URL(), s.Token())
	cfg.MaxDeliver = 2
	e := open(t, cfg, natsexec.Options{})
	// A "worker" that takes partitions and dies before answering.
	nc, err := nats.Connect(cfg.URL, nats.Token(cfg.Token))
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		js, _ := jetstream.New(nc)
		var cons jetstream.Consumer
		for {
			select {
			case <-stop:
				return
			default:
			}
			if cons == nil {
				cons, _ = js.Consumer(context.Background(), cfg.Namespace+"_tasks", cfg.Namespace+"_workers")
				time.Sleep(10 * time.Millisecond)
				continue
			}
			_, _ = cons.Next(jetstream.FetchMaxWait(200 * time.Millisecond))
		}
	}()
	ctx := partition.WithRetry(context.Background(), partition.Retry{Retries: 5})
	_, err = squares(ctx, e, 1)
	if err == nil || !strings.Contains(err.Error(), "handed this partition out 2 times (the stream's max_deliver) and no worker finished it") {
		t.Errorf("error %v", err)
	}
}

// TestLostMessages: partitions whose messages vanish from the stream
// (purged by an operator, say) are sent again, not waited for forever.
func TestLostMessages(t *testing.T) {
	s := embedded(t)
	cfg := testConfig(t, s.URL(), s.Token())
	logs := &logLines{t: t}
	e := open(t, cfg, natsexec.Options{Logger: slog.New(slog.NewTextHandler(logs, nil))})
	nc, err := nats.Connect(cfg.URL, nats.Token(cfg.Token))
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	go func() {
		logs.waitFor(t, 10*time.Second, "distributed run started")
		st, err := js.Stream(context.Background(), cfg.Namespace+"_tasks")
		if err == nil {
			err = st.Purge(context.Background())
		}
		if err != nil {
			t.Error(err)
		}
		b := &behaviour{}
		runWorkers(t, cfg, 1, natsexec.Worker{Handle: b.handle})
	}()
	got, err := squares(context.Background(), e, 4)
	if err != nil || len(got) != 4 || got[3] != 9 {
		t.Fatalf("got %v, %v", got, err)
	}
	logs.waitFor(t, time.Second, "a partition's message was lost without an outcome; sending it again")
}

// TestCancel: cancelling the context stops the run promptly and takes
// its partitions off the queue.
func TestCancel(t *testing.T) {
	s := embedded(t)
	cfg := testConfig(t, s.URL(), s.Token())
	e := open(t, cfg, natsexec.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	if _, err := squares(ctx, e, 5); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("cancelling took %s", d)
	}
	nc, err := nats.Connect(cfg.URL, nats.Token(cfg.Token))
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	st, err := js.Stream(context.Background(), cfg.Namespace+"_tasks")
	if err != nil {
		t.Fatal(err)
	}
	info, err := st.Info(context.Background())
	if err != nil || info.State.Msgs != 0 {
		t.Errorf("%d partitions left queued (%v)", info.State.Msgs, err)
	}
}

// TestOpenErrors: a server that is not there is reported with a hint.
func TestOpenErrors(t *testing.T) {
	_, err := natsexec.Open(context.Background(), natsexec.Options{Config: natsexec.Config{URL: "nats://127.0.0.1:1"}})
	if err == nil || !strings.Contains(err.Error(), "cannot reach the NATS server at nats://127.0.0.1:1") || !strings.Contains(err.Error(), "hint:") {
		t.Errorf("error %v", err)
	}
	_, err = natsexec.Open(context.Background(), natsexec.Options{Config: natsexec.Config{URL: "nats://127.0.0.1:1", Namespace: "a.b"}})
	if err == nil || !strings.Contains(err.Error(), `namespace "a.b"`) {
		t.Errorf("error %v", err)
	}
	if err := (&natsexec.Worker{}).Run(context.Background()); err == nil || !strings.Contains(err.Error(), "Handle is nil") {
		t.Errorf("error %v", err)
	}
	// Wrong credentials are said to be so, by coordinators and workers.
	s := embedded(t)
	wrong := natsexec.Config{URL: s.URL(), Token: "wrong"}
	const want = "refused this client: nats: Authorization Violation\n\thint: give the server's token in $AYEAYE_NATS_TOKEN"
	if _, err := natsexec.Open(context.Background(), natsexec.Options{Config: wrong}); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("coordinator: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := (&natsexec.Worker{Config: wrong, Handle: (&behaviour{}).handle}).Run(ctx); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("worker: %v", err)
	}
}

// TestIdleExit: a batch worker returns once there has been no work for
// its IdleExit.
func TestIdleExit(t *testing.T) {
	s := embedded(t)
	cfg := testConfig(t, s.URL(), s.Token())
	w := &natsexec.Worker{Config: cfg, Models: []string{"squares"}, Handle: (&behaviour{}).handle, IdleExit: 300 * time.Millisecond}
	done := make(chan error, 1)
	go func() { done <- w.Run(context.Background()) }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("the worker did not exit when idle")
	}
}

// TestWorkersGiveUp: local workers that fail as soon as they start are
// given up on, and a run that depends on them fails saying so instead of
// waiting.
func TestWorkersGiveUp(t *testing.T) {
	s := embedded(t)
	cfg := testConfig(t, s.URL(), s.Token())
	out := &logLines{t: t}
	workers, err := natsexec.Spawn(context.Background(), natsexec.SpawnOptions{N: 1, Output: out,
		Command: workerCommand("http://not-nats", "")})
	if err != nil {
		t.Fatal(err)
	}
	defer workers.Close()
	e := open(t, cfg, natsexec.Options{Workers: workers})
	_, err = squares(context.Background(), e, 2)
	if err == nil || !strings.Contains(err.Error(), "the local worker processes have stopped: worker 0 stopped right after starting three times in a row (exit status 2)") {
		t.Errorf("error %v", err)
	}
	out.waitFor(t, time.Second, "worker 0: ", `unknown scheme "http"`)
}
