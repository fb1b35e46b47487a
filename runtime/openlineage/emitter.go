package openlineage

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ayeaye-go/ayeaye/runtime/provenance"
)

// Options configure an Emitter. The zero value is ready to use.
type Options struct {
	Config // how records become events

	// HTTP transport only.
	QueueSize int           // events waiting to be sent; the oldest are dropped beyond it (default 1000)
	Retries   int           // retries of an event after a failed attempt (default 5; negative: none)
	Backoff   time.Duration // wait before the first retry, doubling up to 30s (default 500ms)
	Timeout   time.Duration // per request (default 10s)
	Client    *http.Client  // default: a new client
	Header    http.Header   // added to every request, e.g. Authorization: Bearer <api key>
}

// Stats count what an Emitter did with the events it was given.
type Stats struct {
	Sent    int64 // written to the file or accepted by the server
	Dropped int64 // pushed out of a full queue, oldest first
	Failed  int64 // given up on: retries exhausted, a client error, or a file write that failed
}

// Emitter sends an OpenLineage event for every run record it is given. It
// is a provenance.Recorder: give it to the runner next to the run store.
//
// Lineage is an observer, never a reason for a run to fail or wait:
// Record never returns an error (problems are logged), and never waits for
// a lineage server. Call Close when the program ends to send what is still
// queued.
type Emitter struct {
	m      *mapper
	log    *slog.Logger
	target string // for messages, without credentials
	sink   sink
	stats  *counters
}

type counters struct{ sent, dropped, failed atomic.Int64 }

// sink takes encoded events. send must not block for long and is safe
// for concurrent use.
type sink interface {
	send(ev []byte)
	close(ctx context.Context) error
}

// New makes an Emitter that sends events to target: an http or https URL
// of an OpenLineage server (events are POSTed to <url>/api/v1/lineage,
// Marquez's API, unless the URL already ends with that path), or the path
// of a file that receives one JSON event per line (NDJSON), appended to
// and created with its directory when missing. A nil logger means
// slog.Default().
func New(target string, logger *slog.Logger, opts Options) (*Emitter, error) {
	if logger == nil {
		logger = slog.Default()
	}
	e := &Emitter{m: newMapper(opts.Config), stats: &counters{}}
	if err := e.m.parseSchemas(); err != nil {
		return nil, err
	}
	switch {
	case target == "":
		return nil, errors.New("openlineage: no target; give a file path (events.ndjson) or an OpenLineage server URL (http://localhost:5000)")
	case hasScheme(target, "http"), hasScheme(target, "https"):
		u, err := url.Parse(target)
		if err != nil || u.Host == "" {
			return nil, fmt.Errorf("openlineage: target %q is not a valid URL; write e.g. http://localhost:5000", redactURL(target))
		}
		e.target = u.Redacted()
		e.log = logger.With("lineage", e.target)
		e.sink = newHTTPSink(u, opts, e.log, e.stats)
	case strings.Contains(target, "://"):
		return nil, fmt.Errorf("openlineage: target %q is neither a file path nor an http(s) URL; write e.g. lineage/events.ndjson or http://localhost:5000", redactURL(target))
	default:
		e.target = target
		e.log = logger.With("lineage", e.target)
		fs, err := newFileSink(target, e.log, e.stats)
		if err != nil {
			return nil, err
		}
		e.sink = fs
	}
	return e, nil
}

// Record emits the event for r. It returns nil whatever happens, so that
// lineage never fails a run: a record that cannot be mapped, and every
// transport error, is logged instead. It does not wait for the network,
// so ctx is not used.
func (e *Emitter) Record(ctx context.Context, r *provenance.Run) error {
	ev, err := e.m.event(r)
	if errors.Is(err, ErrSkipped) {
		return nil
	}
	if err != nil {
		e.log.Error("openlineage: no event for this run record", "err", err)
		return nil
	}
	b, err := json.Marshal(ev)
	if err != nil {
		e.log.Error("openlineage: cannot encode the event", "run", r.ID, "err", err)
		return nil
	}
	e.sink.send(b)
	return nil
}

// Close sends the events still queued, waiting at most until ctx is done,
// and releases the file or connections. It reports the events it could not
// send; the caller should log that, not fail. Record after Close logs and
// drops the event.
func (e *Emitter) Close(ctx context.Context) error {
	return e.sink.close(ctx)
}

// Stats says how many events were sent, dropped and given up on so far.
func (e *Emitter) Stats() Stats {
	return Stats{Sent: e.stats.sent.Load(), Dropped: e.stats.dropped.Load(), Failed: e.stats.failed.Load()}
}

func hasScheme(s, scheme string) bool {
	return len(s) >= len(scheme)+3 && strings.EqualFold(s[:len(scheme)+3], scheme+"://")
}

// endpoint is the lineage API URL of a server URL.
func endpoint(u *url.URL) string {
	v := *u
	if !strings.HasSuffix(strings.TrimSuffix(v.Path, "/"), "/api/v1/lineage") {
		v.Path = strings.TrimSuffix(v.Path, "/") + "/api/v1/lineage"
		v.RawPath = ""
	}
	return v.String()
}

// redacted is u with its password replaced by "xxxxx".
func redacted(u *url.URL) *url.URL {
	v := *u
	if _, ok := v.User.Password(); ok {
		v.User = url.UserPassword(v.User.Username(), "xxxxx")
	}
	return &v
}

// redactURL hides a password in a target that did not parse.
func redactURL(s string) string {
	if u, err := url.Parse(s); err == nil {
		return u.Redacted()
	}
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok {
		return s
	}
	if at := strings.LastIndexByte(rest, '@'); at >= 0 {
		rest = "xxxxx" + rest[at:]
	}
	return scheme + "://" + rest
}

// fileSink appends events to a file, one per line. Writes are synchronous
// (a local append takes microseconds) so that the file is complete even if
// the program dies; each event is one write on a file opened for
// appending, so concurrent writers never interleave lines.
type fileSink struct {
	log   *slog.Logger
	stats *counters
	mu    sync.Mutex
	f     *os.File // nil once closed
	path  string
}

func newFileSink(path string, log *slog.Logger, stats *counters) (*fileSink, error) {
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("openlineage: cannot create the directory of the lineage file: %w", err)
		}
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("openlineage: cannot open the lineage file: %w", err)
	}
	return &fileSink{log: log, stats: stats, f: f, path: path}, nil
}

func (s *fileSink) send(ev []byte) {
	line := make([]byte, 0, len(ev)+1)
	line = append(append(line, ev...), '\n')
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.f == nil {
		s.stats.failed.Add(1)
		s.log.Warn("openlineage: event after Close, dropped")
		return
	}
	if _, err := s.f.Write(line); err != nil {
		s.stats.failed.Add(1)
		s.log.Warn("openlineage: cannot write the event", "err", err)
		return
	}
	s.stats.sent.Add(1)
}

func (s *fileSink) close(context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.f == nil {
		return nil
	}
	err := s.f.Close()
	s.f = nil
	if err != nil {
		return fmt.Errorf("openlineage: closing %s: %w", s.path, err)
	}
	return nil
}
