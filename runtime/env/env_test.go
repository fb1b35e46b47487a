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
)

func sprintf(format string, v any) string { return fmt.Sprintf(format, v) }

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func urlEscaped(s string) string { return url.PathEscape(s) + " " + url.QueryEscape(s) }

func TestRedact(t *testing.T) {
	e := newEnv("prod", map[string]string{"v": "x"}, map[string]string{"short": "abc", "long": "abcdef", "odd": `a"b<c> d/e`}, nil)
	tests := map[string]string{
		"":                          "",
		"no secrets here":           "no secrets here",
		"abcdef abc ab":             "xxxxx xxxxx ab",
		"abcabcdef":                 "xxxxxxxxxx",
		`json: "a\"b<c> d/e"`:       `json: "xxxxx"`,
		`json: "a\"b\u003cc\u003e"`: `json: "a\"b\u003cc\u003e"`, // not the whole secret
		jsonString(`a"b<c> d/e`):    `"xxxxx"`,
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
	e := newEnv("prod", nil, map[string]string{"pw": "hunter2"}, nil)
	base := fmt.Errorf("open postgres://u:hunter2@db: %w", fs.ErrPermission)
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
	e := newEnv("dev", map[string]string{"a": "1"}, nil, nil)
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
	e := newEnv("prod", map[string]string{"root": "/data"}, map[string]string{"pw": "hunter2"}, nil)
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
