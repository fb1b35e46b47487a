package natsexec_test

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/ayeaye-go/ayeaye/runtime/natsexec"
)

// externalURL is the NATS server the tests also use when it runs.
const externalURL = "nats://127.0.0.1:4222"

// embedded starts an embedded server in a temporary directory.
func embedded(t testing.TB) *natsexec.Server {
	t.Helper()
	s, err := natsexec.StartServer(natsexec.ServerOptions{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// requireExternal skips the test when the external server is not
// running, or fails it when AYEAYE_REQUIRE_SERVICES=1.
func requireExternal(t testing.TB) {
	t.Helper()
	c, err := net.DialTimeout("tcp", strings.TrimPrefix(externalURL, "nats://"), time.Second)
	if err != nil {
		if os.Getenv("AYEAYE_REQUIRE_SERVICES") == "1" {
			t.Fatalf("the NATS server at %s is required (AYEAYE_REQUIRE_SERVICES=1) but not reachable: %v", externalURL, err)
		}
		t.Skipf("no NATS server at %s, skipping (start nats-server -js, or set AYEAYE_REQUIRE_SERVICES=1 to fail instead): %v", externalURL, err)
	}
	c.Close()
}

// forServers runs f against the embedded server and the external one,
// each time in a namespace of its own that is removed afterwards.
func forServers(t *testing.T, f func(t *testing.T, cfg natsexec.Config)) {
	t.Run("embedded", func(t *testing.T) {
		t.Parallel()
		s := embedded(t)
		f(t, testConfig(t, s.URL(), s.Token()))
	})
	t.Run("external", func(t *testing.T) {
		t.Parallel()
		requireExternal(t)
		f(t, testConfig(t, externalURL, ""))
	})
}

// testConfig is a Config in a fresh namespace with a short ack wait, so
// that lost partitions come back within a second.
func testConfig(t testing.TB, url, token string) natsexec.Config {
	t.Helper()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	cfg := natsexec.Config{URL: url, Token: token, Namespace: "test_" + hex.EncodeToString(b), AckWait: time.Second}
	t.Cleanup(func() { removeNamespace(t, cfg) })
	return cfg
}

// removeNamespace deletes what a test left on the server.
func removeNamespace(t testing.TB, cfg natsexec.Config) {
	opts := []nats.Option{}
	if cfg.Token != "" {
		opts = append(opts, nats.Token(cfg.Token))
	}
	nc, err := nats.Connect(cfg.URL, opts...)
	if err != nil {
		return // an embedded server is gone with its directory
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = js.DeleteStream(ctx, cfg.Namespace+"_tasks")
	_ = js.DeleteKeyValue(ctx, cfg.Namespace+"_partitions")
}

// logLines collects log output, line by line, and lets a test wait for a
// line.
type logLines struct {
	mu    sync.Mutex
	lines []string
	buf   []byte
	t     testing.TB
	echo  bool
}

func (l *logLines) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf = append(l.buf, b...)
	for {
		i := strings.IndexByte(string(l.buf), '\n')
		if i < 0 {
			break
		}
		line := string(l.buf[:i])
		l.buf = l.buf[i+1:]
		l.lines = append(l.lines, line)
		if l.echo && testing.Verbose() {
			l.t.Log(line)
		}
	}
	return len(b), nil
}

// readFrom copies a process's output into l.
func (l *logLines) readFrom(r interface{ Read([]byte) (int, error) }) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		_, _ = l.Write(append(sc.Bytes(), '\n'))
	}
}

// waitFor waits for a line holding all of parts and returns it.
func (l *logLines) waitFor(t testing.TB, timeout time.Duration, parts ...string) string {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if line, ok := l.find(0, parts...); ok {
			return line
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no log line with %q after %s; the log:\n%s", parts, timeout, l.String())
	return ""
}

func (l *logLines) find(from int, parts ...string) (string, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
next:
	for _, line := range l.lines[min(from, len(l.lines)):] {
		for _, p := range parts {
			if !strings.Contains(line, p) {
				continue next
			}
		}
		return line, true
	}
	return "", false
}

func (l *logLines) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}

// logRecord is one JSON log line of a worker, after any "worker N: "
// prefix.
type logRecord struct {
	Msg       string `json:"msg"`
	Run       string `json:"run"`
	Partition string `json:"partition"`
	Worker    string `json:"worker"`
}

// records parses the JSON log lines.
func (l *logLines) records() []logRecord {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []logRecord
	for _, line := range l.lines {
		i := strings.IndexByte(line, '{')
		if i < 0 {
			continue
		}
		var r logRecord
		if json.Unmarshal([]byte(line[i:]), &r) == nil {
			out = append(out, r)
		}
	}
	return out
}

// commits counts "partition committed" per partition key, across runs.
func (l *logLines) commits() map[string]int {
	n := map[string]int{}
	for _, r := range l.records() {
		if r.Msg == "partition committed" {
			n[r.Partition]++
		}
	}
	return n
}
