package env

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ayeaye-go/ayeaye/runtime/engine"
)

func sprintf(format string, v any) string { return fmt.Sprintf(format, v) }

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func urlEscaped(s string) string { return url.PathEscape(s) + " " + url.QueryEscape(s) }

// plain is vars without secrets in them.
func plain(vars map[string]string) map[string]engine.Text {
	out := map[string]engine.Text{}
	for k, v := range vars {
		out[k] = engine.Plain(v)
	}
	return out
}

func TestRedact(t *testing.T) {
	e := newEnv("prod", plain(map[string]string{"v": "x"}), map[string]string{"short": "abc", "long": "abcdefgh", "longer": "abcdefghij", "odd": `a"b<c> d/e`}, nil)
	tests := map[string]string{
		"":                           "",
		"no secrets here":            "no secrets here",
		"abcdefghij abcdefgh abc ab": "xxxxx xxxxx abc ab", // a short secret is hidden only where it was filled in
		"abcabcdefgh":                "abcxxxxx",
		`json: "a\"b<c> d/e"`:        `json: "xxxxx"`,
		`json: "a\"b\u003cc\u003e"`:  `json: "a\"b\u003cc\u003e"`, // not the whole secret
		jsonString(`a"b<c> d/e`):     `"xxxxx"`,
		url.QueryEscape(`a"b<c> d/e`) + "&" + url.PathEscape(`a"b<c> d/e`): "xxxxx&xxxxx",
	}
	for in, want := range tests {
		if got := e.Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
	var none *Env
	if none.Redact("abc") != "abc" || none.RedactError(nil) != nil || none.Name() != "" || len(none.Vars()) != 0 || none.Secrets() != nil {
		t.Error("a nil Env is not empty")
	}
	if s, err := none.Expand("plain"); s != "plain" || err != nil {
		t.Errorf("nil Env Expand = %q, %v", s, err)
	}
}

func TestRedactError(t *testing.T) {
	e := newEnv("prod", nil, map[string]string{"pw": "hunter2-long"}, nil)
	base := fmt.Errorf("open postgres://u:hunter2-long@db: %w", fs.ErrPermission)
	err := e.RedactError(base)
	if err.Error() != "open postgres://u:xxxxx@db: permission denied" {
		t.Errorf("Error() = %q", err)
	}
	if !errors.Is(err, fs.ErrPermission) || errors.Unwrap(err) != base {
		t.Error("RedactError hides the wrapped error from errors.Is")
	}
	if wrapped := fmt.Errorf("model orders: %w", err); wrapped.Error() != "model orders: open postgres://u:xxxxx@db: permission denied" {
		t.Errorf("wrapped = %q", wrapped)
	}
	if e.RedactError(nil) != nil {
		t.Error("RedactError(nil) != nil")
	}
}

func TestVarsIsACopy(t *testing.T) {
	e := newEnv("dev", plain(map[string]string{"a": "1"}), nil, nil)
	e.Vars()["a"] = "changed"
	if diff := cmp.Diff(map[string]string{"a": "1"}, e.Vars()); diff != "" {
		t.Errorf("Vars (-want +got):\n%s", diff)
	}
	if got := e.String(); got != `env "dev": a=1` {
		t.Errorf("String() = %q", got)
	}
	if got := fmt.Sprintf("%#v", e); got != `env.Env{"env \"dev\": a=1"}` {
		t.Errorf("%%#v = %q", got)
	}
}

// An Env is used from every goroutine of a run; -race checks it.
func TestConcurrentUse(t *testing.T) {
	e := newEnv("prod", plain(map[string]string{"root": "/data"}), map[string]string{"pw": "hunter2-long"}, nil)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 100 {
				s, err := e.Expand("{root}/{pw}")
				if err != nil || e.Redact(s) != "/data/xxxxx" || e.Vars()["root"] != "/data" || e.Name() != "prod" {
					t.Errorf("Expand = %q, %v", s, err)
					return
				}
			}
		})
	}
	wg.Wait()
}

// TestVarsKeepEveryNonSecretCharacter checks that Vars hides a secret
// where it was filled in, and nothing else: a variable that happens to
// equal a secret, or to hold its text, is kept as it is.
func TestVarsKeepEveryNonSecretCharacter(t *testing.T) {
	cfg, err := Parse("ayeaye.yaml", []byte(`version: 1
environments:
  prod:
    vars:
      same: secret
      word: non-secret
      dsn: "postgres://secret:{pw}@h/db"
    secrets:
      pw: {env: PW}
`))
	if err != nil {
		t.Fatal(err)
	}
	e, err := cfg.Resolve(Options{Getenv: func(k string) string { return map[string]string{"PW": "secret"}[k] }})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"same": "secret", "word": "non-secret", "dsn": "postgres://secret:xxxxx@h/db"}
	if d := cmp.Diff(want, e.Vars()); d != "" {
		t.Errorf("Vars (-want +got):\n%s", d)
	}
	if got := e.Redact("non-secret"); got != "non-secret" {
		t.Errorf("Redact of free text with a short secret in it: %q", got)
	}
}
