package openlineage

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ayeaye-go/ayeaye/runtime/provenance"
)

// receiver is an OpenLineage server: it keeps the events it accepts and
// answers with the statuses it is told to, in turn, then 201.
type receiver struct {
	t        testing.TB
	v        *specValidator
	mu       sync.Mutex
	events   [][]byte
	statuses []int
	attempts int
	auth     string        // the last Authorization header
	arrived  chan struct{} // a request came in (buffered, never blocks)
	release  chan struct{} // closed to let held requests finish; nil: answer at once
	let      func()        // closes release, once
}

// hold makes requests wait until let is called (or the test ends).
func (rc *receiver) hold() {
	rc.release = make(chan struct{})
	rc.let = sync.OnceFunc(func() { close(rc.release) })
	rc.t.Cleanup(rc.let) // runs before the server's Close, which waits for requests
}

func newReceiver(t testing.TB, v *specValidator, statuses ...int) (*receiver, *httptest.Server) {
	rc := &receiver{t: t, v: v, statuses: statuses, arrived: make(chan struct{}, 1000)}
	srv := httptest.NewServer(rc)
	t.Cleanup(srv.Close)
	return rc, srv
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return
	}
	rc.arrived <- struct{}{}
	if rc.release != nil {
		select {
		case <-rc.release:
		case <-r.Context().Done():
			return
		}
	}
	switch {
	case r.Method != http.MethodPost || r.URL.Path != "/api/v1/lineage":
		rc.t.Errorf("%s %s, want POST /api/v1/lineage", r.Method, r.URL.Path)
	case r.Header.Get("Content-Type") != "application/json":
		rc.t.Errorf("Content-Type %q", r.Header.Get("Content-Type"))
	}
	if err := rc.v.check(body); err != nil {
		rc.t.Errorf("received an event that does not follow the spec: %v\n%s", err, body)
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	rc.mu.Lock()
	rc.auth = r.Header.Get("Authorization")
	status := http.StatusCreated
	if rc.attempts < len(rc.statuses) {
		status = rc.statuses[rc.attempts]
	}
	rc.attempts++
	if status == http.StatusCreated {
		rc.events = append(rc.events, body)
	}
	rc.mu.Unlock()
	if status != http.StatusCreated {
		http.Error(w, "lineage store unavailable", status)
		return
	}
	w.WriteHeader(status)
}

func (rc *receiver) received() ([][]byte, int) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([][]byte(nil), rc.events...), rc.attempts
}

// fast retries, so that the tests take milliseconds.
func fast(o Options) Options {
	o.Backoff = time.Millisecond
	o.Config = testCfg
	return o
}

func TestHTTPEmitterDelivers(t *testing.T) {
	v := newSpecValidator(t)
	rc, srv := newReceiver(t, v)
	log, logs := newLogger()
	e, err := New(srv.URL, log, fast(Options{Header: http.Header{"Authorization": {"Bearer k3y"}}}))
	if err != nil {
		t.Fatal(err)
	}
	records := []*provenance.Run{modelRun(), partitionRun(), endedRun(provenance.Succeeded, "")}
	for _, r := range records {
		if err := e.Record(t.Context(), r); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	if err := e.Close(ctx); err != nil {
		t.Fatal(err)
	}
	events, _ := rc.received()
	want := []string{"START " + runID, "COMPLETE " + partitionID, "COMPLETE " + runID}
	if d := cmp.Diff(want, runIDs(t, events)); d != "" {
		t.Errorf("events received, in order (-want +got):\n%s", d)
	}
	if rc.auth != "Bearer k3y" {
		t.Errorf("Authorization = %q", rc.auth)
	}
	if got := e.Stats(); got != (Stats{Sent: 3}) {
		t.Errorf("Stats = %+v", got)
	}
	if strings.Contains(logs.String(), "level=WARN") {
		t.Errorf("warnings for a healthy server:\n%s", logs)
	}
}

func TestHTTPEmitterRetries(t *testing.T) {
	v := newSpecValidator(t)
	tests := []struct {
		name      string
		statuses  []int
		retries   int
		wantSent  int64
		wantTries int
		wantLog   string
	}{
		{"after 500s", []int{500, 503, 502}, 5, 1, 4, ""},
		{"after 429 and 408", []int{429, 408}, 5, 1, 3, ""},
		{"gives up after the retries", []int{500, 500, 500, 500}, 2, 0, 3, "500 Internal Server Error"},
		{"no retry of a 400", []int{400}, 5, 0, 1, "lineage store unavailable"},
		{"no retries at all", []int{500}, -1, 0, 1, "event not sent"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rc, srv := newReceiver(t, v, tt.statuses...)
			log, logs := newLogger()
			e, err := New(srv.URL, log, fast(Options{Retries: tt.retries}))
			if err != nil {
				t.Fatal(err)
			}
			_ = e.Record(t.Context(), modelRun())
			if err := e.Close(t.Context()); err != nil {
				t.Fatal(err)
			}
			events, tries := rc.received()
			if int64(len(events)) != tt.wantSent || tries != tt.wantTries {
				t.Errorf("%d events after %d attempts, want %d after %d", len(events), tries, tt.wantSent, tt.wantTries)
			}
			if got := e.Stats(); got != (Stats{Sent: tt.wantSent, Failed: 1 - tt.wantSent}) {
				t.Errorf("Stats = %+v", got)
			}
			if tt.wantLog != "" && !strings.Contains(logs.String(), tt.wantLog) {
				t.Errorf("log does not say %q:\n%s", tt.wantLog, logs)
			}
		})
	}
}

// Record must not wait on the network. On a shared, loaded machine any
// call can be preempted for tens of milliseconds, so the test asks for a
// typical (median) call of a few milliseconds, and for no call as long as
// the network waits that a blocking Record would suffer (the dead server's
// backoff, the stalled server's forever).
const (
	maxMedianRecord = 5 * time.Millisecond
	maxRecord       = 250 * time.Millisecond
)

func recordTimed(t *testing.T, e *Emitter, n int) (median, worst time.Duration) {
	t.Helper()
	took := make([]time.Duration, n)
	for i := range n {
		start := time.Now()
		if err := e.Record(t.Context(), numbered(i, provenance.Running)); err != nil {
			t.Fatalf("Record = %v; lineage must never fail a run", err)
		}
		took[i] = time.Since(start)
	}
	slices.Sort(took)
	median, worst = took[n/2], took[n-1]
	if median > maxMedianRecord || worst > maxRecord {
		t.Errorf("Record took %v (median), %v (slowest); want under %v and %v", median, worst, maxMedianRecord, maxRecord)
	}
	return median, worst
}

func TestHTTPEmitterDeadServer(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close() // nothing listens there any more
	log, logs := newLogger()
	e, err := New(url, log, Options{Backoff: 50 * time.Millisecond, QueueSize: 50})
	if err != nil {
		t.Fatal(err)
	}
	median, worst := recordTimed(t, e, 200)
	t.Logf("Record against a dead server: %v median, %v slowest", median, worst)
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	err = e.Close(ctx)
	if took := time.Since(start); took > time.Second {
		t.Errorf("Close took %v with a 100ms deadline", took)
	}
	if err == nil || !strings.Contains(err.Error(), "events not sent to "+url) {
		t.Errorf("Close = %v, want a count of unsent events", err)
	}
	st := e.Stats()
	if st.Sent != 0 || st.Dropped+st.Failed != 200 {
		t.Errorf("Stats = %+v, want all 200 dropped or failed", st)
	}
	if n := logs.count("the event queue is full"); n == 0 || n > 8 {
		t.Errorf("%d queue-full warnings for %d drops, want a few:\n%s", n, st.Dropped, logs)
	}
}

func TestHTTPEmitterSlowServer(t *testing.T) {
	v := newSpecValidator(t)
	rc, srv := newReceiver(t, v)
	rc.hold()
	log, _ := newLogger()
	e, err := New(srv.URL, log, Options{QueueSize: 10000, Timeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	median, worst := recordTimed(t, e, 300)
	t.Logf("Record against a stalled server: %v median, %v slowest", median, worst)
	<-rc.arrived // the sender is stuck in its first request
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	err = e.Close(ctx)
	if took := time.Since(start); took > time.Second {
		t.Errorf("Close took %v with a 100ms deadline", took)
	}
	if err == nil || !strings.Contains(err.Error(), "300 events not sent") {
		t.Errorf("Close = %v, want 300 events not sent", err)
	}
	if st := e.Stats(); st != (Stats{Failed: 300}) {
		t.Errorf("Stats = %+v", st)
	}
}

func TestHTTPEmitterQueueDropsOldest(t *testing.T) {
	v := newSpecValidator(t)
	rc, srv := newReceiver(t, v)
	rc.hold()
	log, logs := newLogger()
	e, err := New(srv.URL, log, Options{QueueSize: 3, Config: testCfg})
	if err != nil {
		t.Fatal(err)
	}
	_ = e.Record(t.Context(), numbered(0, provenance.Running))
	<-rc.arrived // event 0 is in flight; the queue is empty
	for i := 1; i <= 10; i++ {
		_ = e.Record(t.Context(), numbered(i, provenance.Running))
	}
	if got := e.Stats().Dropped; got != 7 {
		t.Errorf("Dropped = %d, want 7 (10 events into a queue of 3)", got)
	}
	// Warned at the 1st, 2nd and 4th drop, each with the count.
	for _, want := range []string{"dropped=1 ", "dropped=2 ", "dropped=4 "} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, logs)
		}
	}
	if n := logs.count("the event queue is full"); n != 3 {
		t.Errorf("%d queue-full warnings, want 3:\n%s", n, logs)
	}
	rc.let()
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	if err := e.Close(ctx); err != nil {
		t.Fatal(err)
	}
	events, _ := rc.received()
	want := []string{"START " + numbered(0, "").ID, "START " + numbered(8, "").ID, "START " + numbered(9, "").ID, "START " + numbered(10, "").ID}
	if d := cmp.Diff(want, runIDs(t, events)); d != "" {
		t.Errorf("the newest events should survive (-want +got):\n%s", d)
	}
	if got := e.Stats(); got != (Stats{Sent: 4, Dropped: 7}) {
		t.Errorf("Stats = %+v", got)
	}
}

func TestHTTPEmitterRecovers(t *testing.T) {
	v := newSpecValidator(t)
	// The first event fails for good, the second gets through: the log
	// has one warning for the outage and one note for the recovery.
	rc, srv := newReceiver(t, v, 503, 503)
	log, logs := newLogger()
	e, err := New(srv.URL, log, fast(Options{Retries: 1}))
	if err != nil {
		t.Fatal(err)
	}
	_ = e.Record(t.Context(), numbered(1, provenance.Running))
	_ = e.Record(t.Context(), numbered(2, provenance.Running))
	if err := e.Close(t.Context()); err != nil {
		t.Fatal(err)
	}
	events, _ := rc.received()
	if len(events) != 1 || logs.count("event not sent") != 1 || logs.count("accepts events again") != 1 {
		t.Errorf("%d events; log:\n%s", len(events), logs)
	}
}

func TestHTTPEmitterRedactsPassword(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := strings.Replace(srv.URL, "http://", "http://user:s3cret@", 1)
	srv.Close()
	log, logs := newLogger()
	e, err := New(url, log, Options{Retries: -1})
	if err != nil {
		t.Fatal(err)
	}
	_ = e.Record(t.Context(), modelRun())
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	err = e.Close(ctx)
	if strings.Contains(logs.String(), "s3cret") || err != nil && strings.Contains(err.Error(), "s3cret") {
		t.Errorf("the password shows:\n%v\n%s", err, logs)
	}
	if !strings.Contains(logs.String(), "user:xxxxx@") {
		t.Errorf("the log does not name the server:\n%s", logs)
	}
}
