// Package depcheck lets a package's tests prove what it does not link:
// the heavy dependencies (cloud SDKs, gRPC, a NATS server) that are
// opt-in through blank imports.
package depcheck

import (
	"os/exec"
	"strings"
	"testing"
)

// Forbid fails t when pkg (an import path) depends, in its non-test
// code, on a package whose path starts with one of the prefixes. It runs
// `go list -deps` and skips when go is not on the PATH.
func Forbid(t testing.TB, pkg string, prefixes ...string) {
	t.Helper()
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go is not on the PATH, so go list cannot show what " + pkg + " links")
	}
	out, err := exec.Command(gobin, "list", "-deps", pkg).CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps %s: %v\n%s", pkg, err, out)
	}
	deps := strings.Fields(string(out))
	if len(deps) == 0 {
		t.Fatalf("go list -deps %s listed nothing", pkg)
	}
	for _, d := range deps {
		for _, p := range prefixes {
			if d == p || strings.HasPrefix(d, p+"/") {
				t.Errorf("%s links %s; it must stay opt-in (a blank import of the package that needs it)", pkg, d)
			}
		}
	}
}

// Heavy are the dependencies no core package links.
var Heavy = []string{"gocloud.dev", "google.golang.org/grpc", "google.golang.org/api", "go.opentelemetry.io",
	"github.com/nats-io"}
