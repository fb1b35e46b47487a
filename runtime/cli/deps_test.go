package cli

import (
	"strings"
	"testing"

	"github.com/ayeaye-go/ayeaye/runtime/internal/depcheck"
)

// TestLinksNoHeavyDependencies: the command line links no object storage
// (gocloud, gRPC, OTel) and no NATS: those come with the blank imports
// of runtime/storage/blob and runtime/natsexec.
func TestLinksNoHeavyDependencies(t *testing.T) {
	depcheck.Forbid(t, "github.com/ayeaye-go/ayeaye/runtime/cli", depcheck.Heavy...)
}

// TestExecutorNotLinked: a program that does not import runtime/natsexec
// gets, for -executor nats or a NATS URL, an error naming the import.
// (This test binary links natsexec, so the look-up is given no
// registered executors.)
func TestExecutorNotLinked(t *testing.T) {
	for _, spec := range []string{"nats", "nats://127.0.0.1:4222", "tls://a:4222,tls://b:4222", "wss://host"} {
		e, err := findExecutorIn(nil, spec)
		want := `the nats executor is not linked into this program: add import _ "github.com/ayeaye-go/ayeaye/runtime/natsexec" to its main package`
		if e != nil || err == nil || err.Error() != want {
			t.Errorf("findExecutorIn(nil, %q) = %v, %v; want %q", spec, e, err, want)
		}
	}
	if _, err := findExecutorIn(nil, "http://host"); err == nil || !strings.Contains(err.Error(), `unknown scheme "http"; use nats://, tls://, ws:// or wss://`) {
		t.Errorf("http: %v", err)
	}
	if e, err := findExecutorIn(nil, "natz"); e != nil || err != nil {
		t.Errorf("natz: %v, %v; want neither (an unknown executor)", e, err)
	}
}
