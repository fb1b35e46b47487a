package natsexec

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ayeaye-go/ayeaye/runtime/partition"
	"github.com/ayeaye-go/ayeaye/runtime/provenance"
)

func TestDecodeEnvelope(t *testing.T) {
	good := envelope{V: format, Run: "01a2-b3", Slot: "abc123", Model: "m", Index: 2, Key: "#2 x", Payload: json.RawMessage(`"x"`), Retries: 2, Backoff: time.Second}
	mod := func(f func(e *envelope)) []byte {
		e := good
		f(&e)
		return mustJSON(e)
	}
	for _, tt := range []struct {
		name string
		data []byte
		want string
	}{
		{"good", mustJSON(good), ""},
		{"not json", []byte("{"), "the message is not a partition"},
		{"version", mod(func(e *envelope) { e.V = 9 }), "format version 9 and this worker reads 1"},
		{"run id", mod(func(e *envelope) { e.Run = "a.b" }), "malformed run id"},
		{"model", mod(func(e *envelope) { e.Model = "" }), "names no model"},
		{"index", mod(func(e *envelope) { e.Index = -1 }), "negative partition index"},
		{"payload", []byte(`{"v":1,"run":"r","slot":"s","model":"m","index":0}`), "not JSON"},
		{"budget", mod(func(e *envelope) { e.Retries = -1 }), "negative retry budget"},
	} {
		e, err := decodeEnvelope(tt.data)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.want == "" && !cmp.Equal(*e, good):
			t.Errorf("%s: %s", tt.name, cmp.Diff(good, *e))
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%s: error %v, want %q", tt.name, err, tt.want)
		}
	}
}

// FuzzDecodeEnvelope: whatever arrives on the stream, decoding never
// panics, and what it accepts is safe to use as keys and subjects.
func FuzzDecodeEnvelope(f *testing.F) {
	f.Add([]byte(`{"v":1,"run":"r","slot":"s","model":"m","index":0,"key":"#0","payload":1}`))
	f.Add([]byte(`{"v":1,"run":"r.>","slot":"s","model":"m","index":0,"payload":{}}`))
	f.Add([]byte(`{"v":1,"run":"r","slot":"s","model":"m","index":-5,"payload":[]}`))
	f.Add([]byte(`null`))
	f.Add([]byte(`{"v":1,"payload":"\u0000"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := decodeEnvelope(data)
		if err != nil {
			return
		}
		if !idRE.MatchString(e.Run) || !idRE.MatchString(e.Slot) || e.Index < 0 || !json.Valid(e.Payload) {
			t.Fatalf("accepted %q as %+v", data, e)
		}
		if k := resultKey(e.Run, e.Index); strings.ContainsAny(k, " *>") {
			t.Fatalf("key %q", k)
		}
	})
}

func TestParseURL(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Config
		err  string
	}{
		{in: "nats://127.0.0.1:4222", want: Config{URL: "nats://127.0.0.1:4222", Namespace: "ayeaye", Replicas: 1, AckWait: 30 * time.Second, MaxDeliver: 100, KeepFor: 7 * 24 * time.Hour}},
		{in: " tls://a:4222,wss://b:443?max_deliver=5&namespace=x-y_1 ", want: Config{URL: "tls://a:4222,wss://b:443", Namespace: "x-y_1", Replicas: 1, AckWait: 30 * time.Second, MaxDeliver: 5, KeepFor: 7 * 24 * time.Hour}},
		{in: "", err: "no server given"},
		{in: "host:4222", err: "is not a server URL"},
		{in: "nats://h:1?ack_wait=5ms", err: "ack_wait=5ms: give a duration of at least 100ms"},
		{in: "nats://h:1?max_deliver=1", err: "max_deliver=1: give a number of at least 2"},
		{in: "nats://h:1?namespace=a.b", err: `namespace "a.b": use up to 64 letters`},
		{in: "nats://h:1?%zz", err: "settings after ?"},
	} {
		got, err := ParseURL(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseURL(%q): error %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseURL(%q): %v", tt.in, err)
		} else if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ParseURL(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}

// FuzzParseURL: any -executor value gives a Config or an error, never a
// panic, and an accepted one names a valid namespace.
func FuzzParseURL(f *testing.F) {
	for _, s := range []string{"nats://h:4222", "nats://a:1,tls://b:2?replicas=3", "nats://h?namespace=", "://", "nats://[::1]:4222?ack_wait=1h", "nats://h:1?x=%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseURL(s)
		if err == nil && (!namespaceRE.MatchString(c.Namespace) || c.URL == "" || c.Replicas < 1) {
			t.Fatalf("ParseURL(%q) = %+v", s, c)
		}
	})
}

func TestSlot(t *testing.T) {
	job := func(payloads ...string) *partition.Job {
		j := &partition.Job{Model: "m"}
		for i, p := range payloads {
			j.Tasks = append(j.Tasks, partition.Task{Index: i, Key: p, Payload: json.RawMessage(p)})
		}
		return j
	}
	code := provenance.Code{Module: "m", Revision: "r"}
	base := slotOf(job("1", "2"), Env{Name: "dev", Vars: map[string]string{"a": "1", "b": "2"}}, code)
	if again := slotOf(job("1", "2"), Env{Name: "dev", Vars: map[string]string{"b": "2", "a": "1"}}, code); again != base {
		t.Error("the same job has two slots")
	}
	for name, other := range map[string]string{
		"partitions":  slotOf(job("1", "3"), Env{Name: "dev", Vars: map[string]string{"a": "1", "b": "2"}}, code),
		"environment": slotOf(job("1", "2"), Env{Name: "prod", Vars: map[string]string{"a": "1", "b": "2"}}, code),
		"vars":        slotOf(job("1", "2"), Env{Name: "dev", Vars: map[string]string{"a": "12"}}, code),
		"code":        slotOf(job("1", "2"), Env{Name: "dev", Vars: map[string]string{"a": "1", "b": "2"}}, provenance.Code{Module: "m", Revision: "s"}),
	} {
		if other == base {
			t.Errorf("a job with other %s has the same slot", name)
		}
	}
	if !idRE.MatchString(base) {
		t.Errorf("slot %q is not a valid key part", base)
	}
}

func TestSameCode(t *testing.T) {
	a := provenance.Code{Module: "m", Version: "v1", Revision: "r", Schemas: map[string]string{"x": "1"}}
	for _, tt := range []struct {
		b    provenance.Code
		same bool
	}{
		{a, true},
		{provenance.Code{Module: "m", Version: "v1", Revision: "r"}, true}, // no schemas to compare
		{provenance.Code{Module: "m", Version: "v1", Revision: "r", Schemas: map[string]string{"x": "2"}}, false},
		{provenance.Code{Module: "m", Version: "v1", Revision: "r", Dirty: true}, false},
		{provenance.Code{Module: "m", Version: "v2", Revision: "r"}, false},
	} {
		if got := sameCode(a, tt.b); got != tt.same {
			t.Errorf("sameCode(%+v) = %v", tt.b, got)
		}
	}
	if s := codeString(provenance.Code{}); s != "an unknown build" {
		t.Errorf("codeString of nothing: %q", s)
	}
}

func TestBackoff(t *testing.T) {
	for attempt, want := range map[int]time.Duration{1: 100 * time.Millisecond, 2: 200 * time.Millisecond, 3: 400 * time.Millisecond, 60: time.Hour} {
		if got := backoff(100*time.Millisecond, attempt); got != want {
			t.Errorf("backoff(100ms, %d) = %s, want %s", attempt, got, want)
		}
	}
}

func TestIndexOfKey(t *testing.T) {
	for key, want := range map[string]int{"res.r.12": 12, "ayeaye.tasks.r.0": 0, "res.r.x": -1, "res.r.-1": -1, "nodot": -1} {
		got, ok := indexOfKey(key)
		if !ok {
			got = -1
		}
		if got != want {
			t.Errorf("indexOfKey(%q) = %d, want %d", key, got, want)
		}
	}
}
