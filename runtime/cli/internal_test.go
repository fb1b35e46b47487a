package cli

import (
	"strings"
	"testing"

	"github.com/ayeaye-go/ayeaye/runtime/runstore"

	"github.com/ayeaye-go/ayeaye/runtime/engine"
	"github.com/ayeaye-go/ayeaye/runtime/env"
	"github.com/ayeaye-go/ayeaye/runtime/provenance"
)

// secretSession is a session whose environment has the secret token.
func secretSession(t testing.TB, token string) *session {
	cfg, err := env.Parse("ayeaye.yaml", []byte("environments:\n  e:\n    vars: {root: /data}\n    secrets:\n      token: {env: TOKEN}\n"))
	if err != nil {
		t.Fatal(err)
	}
	e, err := cfg.Resolve(env.Options{Getenv: func(string) string { return token }})
	if err != nil {
		t.Skip(err) // a token the environment cannot hold
	}
	return &session{env: e}
}

func TestUnredact(t *testing.T) {
	s := secretSession(t, "s3cr3t")
	tests := []struct {
		loc  string
		want string
		ok   bool
	}{
		{"csv:///data/a.csv", "csv:///data/a.csv", true},
		{"csv:///data/xxxxx/a.csv", "csv:///data/s3cr3t/a.csv", true},
		{"csv:///data/xxxxx/xxxxx.csv", "csv:///data/s3cr3t/s3cr3t.csv", true},
		{"postgres://u:xxxxx@h/db", "postgres://u:s3cr3t@h/db", true},
	}
	for _, tt := range tests {
		got, ok := unredact(s, tt.loc)
		if got != tt.want || ok != tt.ok {
			t.Errorf("unredact(%q) = %q, %v; want %q, %v", tt.loc, got, ok, tt.want, tt.ok)
		}
	}
	if _, ok := unredact(&session{env: mustEnv(t)}, "csv:///xxxxx.csv"); ok {
		t.Error("unredacted without secrets")
	}
}

func mustEnv(t *testing.T) *env.Env {
	cfg, err := env.Parse("ayeaye.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	e, err := cfg.Resolve(env.Options{Getenv: func(string) string { return "" }})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// FuzzUnredact checks that a location holding a secret is found again
// from its printed form.
func FuzzUnredact(f *testing.F) {
	f.Add("s3cr3t", "csv:///data/", ".csv")
	f.Add("p@ss word", "postgres://u:", "@h/db;table=t")
	f.Add("a;b", "s3+csv://b/k.csv;endpoint=http://k:", "@127.0.0.1:9")
	f.Add("xx", "xxxxx", "")
	f.Fuzz(func(t *testing.T, token, before, after string) {
		if token == "" || strings.ContainsAny(token, "\n\r\x00") {
			return
		}
		s := secretSession(t, token)
		u, masked, err := engine.ParseText(engine.Text{{S: before}, {S: token, Secret: true, Name: "token"}, {S: after}})
		if err != nil {
			return // not a URL
		}
		loc := masked.Redacted()
		if strings.Count(loc, redactedMark) > 4 {
			return // more holes than unredact tries
		}
		got, ok := unredact(s, loc)
		if !ok {
			t.Fatalf("unredact(%q) found nothing", loc)
		}
		if !strings.Contains(before+after, "x") && got != u.String() {
			t.Fatalf("unredact(%q) = %q, want %q", loc, got, u.String())
		}
	})
}

func TestPrefixWidth(t *testing.T) {
	run := func(id string) *provenance.Run { return &provenance.Run{ID: id} }
	tests := []struct {
		ids  []string
		want int
	}{
		{[]string{"01a213cc-ae68-79d4-8334-2e54fdb884e9"}, 18},
		{[]string{"01a213cc-ae68-79d4-8334-2e54fdb884e9", "01a213cc-ae68-79d4-9334-2e54fdb884e9"}, 20},
		{[]string{"short", "shorter"}, 18},
		{nil, 18},
	}
	for _, tt := range tests {
		var runs []*provenance.Run
		for _, id := range tt.ids {
			runs = append(runs, run(id))
		}
		if got := prefixWidth(runs); got != tt.want {
			t.Errorf("prefixWidth(%v) = %d, want %d", tt.ids, got, tt.want)
		}
	}
}

func TestLocalStore(t *testing.T) {
	a := &app{prog: Program{Dir: "/proj"}}
	def := "/proj/.ayeaye/runs"
	if runstore.Linked("sqlite") {
		def = "/proj/.ayeaye/runs.db"
	}
	tests := []struct {
		dsn, want string
		ok        bool
	}{
		{"", def, true},
		{"sqlite:", "/proj/.ayeaye/runs.db", true},
		{"sqlite:runs.db", "/proj/runs.db", true},
		{"sqlite:///abs/runs.db", "/abs/runs.db", true},
		{"dir:", "/proj/.ayeaye/runs", true},
		{"dir:hist", "/proj/hist", true},
		{"postgres://h/db", "", false},
		{"none", "", false},
	}
	for _, tt := range tests {
		_, got, ok := a.localStore(tt.dsn)
		if got != tt.want || ok != tt.ok {
			t.Errorf("localStore(%q) = %q, %v; want %q, %v", tt.dsn, got, ok, tt.want, tt.ok)
		}
	}
}
