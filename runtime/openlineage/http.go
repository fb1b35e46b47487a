package openlineage

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/bits"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

const (
	defaultQueueSize = 1000
	defaultRetries   = 5
	defaultBackoff   = 500 * time.Millisecond
	maxBackoff       = 30 * time.Second
	defaultTimeout   = 10 * time.Second
	maxErrorBody     = 512 // bytes of a server's error response kept for the log
)

// httpSink POSTs events, one per request, from a bounded queue drained by
// one background sender. One sender keeps a run's START before its
// COMPLETE; the queue keeps Record from waiting on the network; its bound
// keeps a dead server from holding the program's memory.
type httpSink struct {
	url     string
	display string // url without credentials, for messages
	client  *http.Client
	header  http.Header
	retries int
	backoff time.Duration
	timeout time.Duration
	log     *slog.Logger
	stats   *counters

	mu      sync.Mutex
	ring    [][]byte // the queue: n events from head, wrapping
	head, n int
	closed  bool
	failing bool  // the last event was given up on; the next success says so
	unsent  int64 // in-flight events abandoned when Close's deadline passed

	wake   chan struct{} // a new event or Close; buffered, so a signal is never lost
	ctx    context.Context
	cancel context.CancelFunc // aborts the sender when Close's deadline passes
	done   chan struct{}      // closed when the sender has returned
}

func newHTTPSink(u *url.URL, o Options, log *slog.Logger, stats *counters) *httpSink {
	s := &httpSink{
		url: endpoint(u), display: endpoint(redacted(u)), client: o.Client, header: o.Header.Clone(), retries: o.Retries, backoff: o.Backoff, timeout: o.Timeout,
		log: log, stats: stats, wake: make(chan struct{}, 1), done: make(chan struct{}),
	}
	size := o.QueueSize
	if size <= 0 {
		size = defaultQueueSize
	}
	s.ring = make([][]byte, size)
	switch {
	case s.retries == 0:
		s.retries = defaultRetries
	case s.retries < 0:
		s.retries = 0
	}
	if s.backoff <= 0 {
		s.backoff = defaultBackoff
	}
	if s.timeout <= 0 {
		s.timeout = defaultTimeout
	}
	if s.client == nil {
		s.client = &http.Client{}
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	go s.run()
	return s
}

// send queues ev, pushing out the oldest event when the queue is full. It
// takes a lock held only for queue operations, never during I/O.
func (s *httpSink) send(ev []byte) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		s.stats.failed.Add(1)
		s.log.Warn("openlineage: event after Close, dropped")
		return
	}
	var dropped int64
	if s.n == len(s.ring) {
		s.ring[s.head] = nil
		s.head = (s.head + 1) % len(s.ring)
		s.n--
		dropped = s.stats.dropped.Add(1)
	}
	s.ring[(s.head+s.n)%len(s.ring)] = ev
	s.n++
	s.mu.Unlock()
	s.signal()
	// Warn at 1, 2, 4, 8… drops: counted, but a dead server does not flood
	// the log.
	if dropped > 0 && bits.OnesCount64(uint64(dropped)) == 1 {
		s.log.Warn("openlineage: the event queue is full; dropped the oldest event",
			"dropped", dropped, "queue", len(s.ring), "hint", "the lineage server is slow or down; raise Options.QueueSize to buffer more")
	}
}

func (s *httpSink) signal() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// next waits for the oldest queued event; false means stop: closed and
// empty, or aborted.
func (s *httpSink) next() ([]byte, bool) {
	for {
		if s.ctx.Err() != nil {
			return nil, false
		}
		s.mu.Lock()
		if s.n > 0 {
			ev := s.ring[s.head]
			s.ring[s.head] = nil
			s.head = (s.head + 1) % len(s.ring)
			s.n--
			s.mu.Unlock()
			return ev, true
		}
		closed := s.closed
		s.mu.Unlock()
		if closed {
			return nil, false
		}
		select {
		case <-s.wake:
		case <-s.ctx.Done():
		}
	}
}

func (s *httpSink) run() {
	defer close(s.done)
	for {
		ev, ok := s.next()
		if !ok {
			return
		}
		s.deliver(ev)
	}
}

// deliver sends one event, retrying with backoff, and counts the outcome.
func (s *httpSink) deliver(ev []byte) {
	for attempt := 0; ; attempt++ {
		retry, wait, err := s.post(ev)
		if err == nil {
			s.stats.sent.Add(1)
			s.mu.Lock()
			recovered := s.failing
			s.failing = false
			s.mu.Unlock()
			if recovered {
				s.log.Info("openlineage: the lineage server accepts events again")
			}
			return
		}
		if s.ctx.Err() != nil {
			s.mu.Lock()
			s.unsent++
			s.mu.Unlock()
			return
		}
		if !retry || attempt >= s.retries {
			s.stats.failed.Add(1)
			s.mu.Lock()
			first := !s.failing
			s.failing = true
			s.mu.Unlock()
			// One warning per outage; the rest of it goes to the debug log.
			level := slog.LevelDebug
			if first || !retry {
				level = slog.LevelWarn
			}
			s.log.Log(s.ctx, level, "openlineage: event not sent", "attempts", attempt+1, "err", err)
			return
		}
		s.log.Debug("openlineage: sending the event failed; retrying", "attempt", attempt+1, "err", err)
		if wait <= 0 {
			wait = s.delay(attempt)
		}
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-s.ctx.Done():
			t.Stop()
		}
	}
}

// delay is the exponential backoff before retry attempt+1, with jitter so
// that many programs do not retry in step.
func (s *httpSink) delay(attempt int) time.Duration {
	d := s.backoff << min(attempt, 20)
	if d <= 0 || d > maxBackoff {
		d = maxBackoff
	}
	return d/2 + rand.N(d/2+1)
}

// post makes one attempt. retry says whether another could succeed; wait
// is the server's Retry-After, if it gave one.
func (s *httpSink) post(ev []byte) (retry bool, wait time.Duration, err error) {
	ctx, cancel := context.WithTimeout(s.ctx, s.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.url, bytes.NewReader(ev))
	if err != nil {
		return false, 0, err
	}
	for k, v := range s.header {
		req.Header[k] = v
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := s.client.Do(req)
	if err != nil {
		return true, 0, err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20)) // let the connection be reused
	if resp.StatusCode/100 == 2 {
		return false, 0, nil
	}
	err = fmt.Errorf("%s from %s: %s", resp.Status, s.display, strings.TrimSpace(string(body)))
	switch resp.StatusCode {
	case http.StatusRequestTimeout, http.StatusTooManyRequests:
		return true, retryAfter(resp.Header.Get("Retry-After")), err
	}
	if resp.StatusCode >= 500 {
		return true, retryAfter(resp.Header.Get("Retry-After")), err
	}
	return false, 0, err // the server refused this event; sending it again will not help
}

// retryAfter reads a Retry-After in seconds (an HTTP date is rare from
// lineage servers and is ignored), capped at the longest backoff.
func retryAfter(v string) time.Duration {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n <= 0 {
		return 0
	}
	return min(time.Duration(n)*time.Second, maxBackoff)
}

// close stops taking events and waits for the queue to drain, until ctx is
// done; then it aborts the sender and reports what was not sent.
func (s *httpSink) close(ctx context.Context) error {
	s.mu.Lock()
	already := s.closed
	s.closed = true
	s.mu.Unlock()
	if already {
		<-s.done
		return nil
	}
	s.signal()
	select {
	case <-s.done:
		s.cancel()
		return nil
	case <-ctx.Done():
	}
	s.cancel()
	<-s.done // the sender returns promptly: its request and waits use s.ctx
	s.mu.Lock()
	unsent := int64(s.n) + s.unsent
	s.mu.Unlock()
	if unsent == 0 {
		return nil
	}
	s.stats.failed.Add(unsent)
	err := fmt.Errorf("openlineage: %d events not sent to %s before Close's deadline: %w", unsent, s.display, context.Cause(ctx))
	s.log.Warn("openlineage: events not sent", "unsent", unsent, "err", errors.Unwrap(err))
	return err
}
