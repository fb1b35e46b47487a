package openlineage

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ayeaye-go/ayeaye/runtime/provenance"
)

// logBuffer collects log output from many goroutines.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func (l *logBuffer) count(s string) int { return strings.Count(l.String(), s) }

func newLogger() (*slog.Logger, *logBuffer) {
	buf := &logBuffer{}
	return slog.New(slog.NewTextHandler(buf, &slog.HandlerOptions{Level: slog.LevelInfo})), buf
}

// numbered is a run record with a distinct ID per i.
func numbered(i int, status provenance.Status) *provenance.Run {
	r := &provenance.Run{
		ID: fmt.Sprintf("0190a2b4-0000-7000-8000-%012x", i), Project: "example.com/paint", Env: "test", Model: "PaintOrders",
		Outputs: []provenance.Dataset{{Name: "paint_orders", Location: "mem://paint_orders", Fingerprint: "sha256:00", Records: int64(i)}},
		Host:    "h", Start: t0, Status: status,
	}
	if status != provenance.Running {
		r.End = t1
	}
	return r
}

func runIDs(t testing.TB, events [][]byte) []string {
	t.Helper()
	var ids []string
	for _, b := range events {
		var ev RunEvent
		if err := json.Unmarshal(b, &ev); err != nil {
			t.Fatalf("%v: %s", err, b)
		}
		ids = append(ids, ev.EventType+" "+ev.Run.RunID)
	}
	return ids
}

func TestFileEmitter(t *testing.T) {
	v := newSpecValidator(t)
	log, logs := newLogger()
	path := filepath.Join(t.TempDir(), "lineage", "events.ndjson")
	e, err := New(path, log, Options{Config: testCfg})
	if err != nil {
		t.Fatal(err)
	}
	const runs = 40
	var wg sync.WaitGroup
	for i := range runs {
		wg.Go(func() {
			for _, st := range []provenance.Status{provenance.Running, provenance.Succeeded} {
				if err := e.Record(t.Context(), numbered(i, st)); err != nil {
					t.Errorf("Record: %v", err)
				}
			}
		})
	}
	wg.Wait()
	// Not emitted: skipped runs silently, bad records with an error in the log.
	skipped := numbered(1000, provenance.Skipped)
	bad := numbered(1001, provenance.Running)
	bad.ID = "not-a-uuid"
	for _, r := range []*provenance.Run{skipped, bad, nil} {
		if err := e.Record(t.Context(), r); err != nil {
			t.Errorf("Record(%v) = %v, want nil", r, err)
		}
	}
	if err := e.Close(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := e.Record(t.Context(), numbered(1002, provenance.Running)); err != nil {
		t.Errorf("Record after Close = %v", err)
	}
	if err := e.Close(t.Context()); err != nil {
		t.Errorf("second Close = %v", err)
	}

	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if n := v.mustCheck(t, data); n != 2*runs {
		t.Errorf("%d events in the file, want %d", n, 2*runs)
	}
	// Each run's START comes before its COMPLETE.
	var lines [][]byte
	for l := range bytes.Lines(data) {
		lines = append(lines, l)
	}
	seen := map[string]string{}
	for _, id := range runIDs(t, lines) {
		typ, run, _ := strings.Cut(id, " ")
		if typ == "COMPLETE" && seen[run] != "START" {
			t.Errorf("run %s: COMPLETE before START", run)
		}
		seen[run] = typ
	}
	if got, want := e.Stats(), (Stats{Sent: 2 * runs, Failed: 1}); got != want {
		t.Errorf("Stats = %+v, want %+v", got, want)
	}
	for _, want := range []string{"not a UUID", "no run record", "event after Close"} {
		if logs.count(want) != 1 {
			t.Errorf("log does not say %q once:\n%s", want, logs)
		}
	}

	// A second emitter appends to the same file.
	e2, err := New(path, log, Options{})
	if err != nil {
		t.Fatal(err)
	}
	_ = e2.Record(t.Context(), numbered(7, provenance.Failed))
	if err := e2.Close(t.Context()); err != nil {
		t.Fatal(err)
	}
	data, _ = os.ReadFile(path)
	if n := v.mustCheck(t, data); n != 2*runs+1 {
		t.Errorf("%d events after appending, want %d", n, 2*runs+1)
	}
}

func TestNewErrors(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "f")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, target string
		opts         Options
		want         string
	}{
		{"empty", "", Options{}, "no target"},
		{"other scheme", "ftp://host/x", Options{}, "neither a file path nor an http(s) URL"},
		{"no host", "http://", Options{}, "is not a valid URL"},
		{"bad URL", "http://u:secret@[::1", Options{}, "is not a valid URL"},
		{"directory under a file", filepath.Join(file, "sub", "events.ndjson"), Options{}, "cannot create the directory"},
		{"a directory", dir, Options{}, "cannot open the lineage file"},
		{"bad schema", filepath.Join(dir, "ok.ndjson"), Options{Config: Config{Schemas: map[string]string{"x": "[]"}}}, `JSON Schema of dataset "x": the schema is an array`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := New(tt.target, nil, tt.opts)
			if err == nil {
				_ = e.Close(t.Context())
				t.Fatalf("New(%q) succeeded", tt.target)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want one containing %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "secret") {
				t.Errorf("error shows the password: %v", err)
			}
		})
	}
}

func TestEndpoint(t *testing.T) {
	tests := map[string]string{
		"http://marquez:5000":                     "http://marquez:5000/api/v1/lineage",
		"https://lineage.example.com/":            "https://lineage.example.com/api/v1/lineage",
		"https://example.com/proxy/ol":            "https://example.com/proxy/ol/api/v1/lineage",
		"http://m:5000/api/v1/lineage":            "http://m:5000/api/v1/lineage",
		"http://m:5000/api/v1/lineage/":           "http://m:5000/api/v1/lineage/",
		"HTTP://m:5000?namespace=x":               "http://m:5000/api/v1/lineage?namespace=x",
		"http://user:pw@m:5000/x/api/v1/lineage/": "http://user:pw@m:5000/x/api/v1/lineage/",
	}
	got := map[string]string{}
	for in := range tests {
		e, err := New(in, nil, Options{})
		if err != nil {
			t.Fatal(err)
		}
		got[in] = e.sink.(*httpSink).url
		_ = e.Close(t.Context())
	}
	if d := cmp.Diff(tests, got); d != "" {
		t.Errorf("endpoints (-want +got):\n%s", d)
	}
}

func TestRetryAfter(t *testing.T) {
	for in, want := range map[string]time.Duration{"": 0, "3": 3 * time.Second, " 1 ": time.Second, "0": 0, "-2": 0, "Wed, 21 Oct 2026 07:28:00 GMT": 0, "99999": maxBackoff} {
		if got := retryAfter(in); got != want {
			t.Errorf("retryAfter(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestDelay(t *testing.T) {
	s := &httpSink{backoff: 100 * time.Millisecond}
	for attempt, max := range []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond} {
		for range 50 {
			if d := s.delay(attempt); d < max/2 || d > max {
				t.Fatalf("delay(%d) = %v, want within [%v, %v]", attempt, d, max/2, max)
			}
		}
	}
	if d := s.delay(100); d > maxBackoff || d < maxBackoff/2 {
		t.Errorf("delay(100) = %v, want at most %v", d, maxBackoff)
	}
}
