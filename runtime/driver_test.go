package runtime_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/engine"
)

func linesRegistry(t *testing.T) *runtime.Registry {
	t.Helper()
	reg := runtime.NewRegistry()
	if err := reg.Register(engine.Spec{Name: "lines", Kind: engine.KindType}, linesDriver{}); err != nil {
		t.Fatal(err)
	}
	return reg
}

// failing writes every line, then fails: its output must not change.
type failing struct {
	In  runtime.Input[Line]
	Out runtime.Output[Line]
}

func (m *failing) Build(ctx context.Context) error {
	if err := (&shout{In: m.In, Out: m.Out}).Build(ctx); err != nil {
		return err
	}
	return errors.New("boom")
}

func TestDriverFailedRunPublishesNothing(t *testing.T) {
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in.txt"), filepath.Join(dir, "out.txt")
	os.WriteFile(in, []byte("a\nb\n"), 0o644)
	os.WriteFile(out, []byte("old\n"), 0o644)
	notes := &runtime.Dataset[Line]{Name: "notes", EngineURL: "lines://" + in}
	loud := &runtime.Dataset[Line]{Name: "loud", EngineURL: "lines://" + out}
	r := &runtime.Runner{Registry: linesRegistry(t)}
	_, err := r.Run(context.Background(), "failing", &failing{In: notes.Input(), Out: loud.Output()})
	if err == nil || !strings.Contains(err.Error(), "boom") {
		t.Fatalf("want the build's error, got %v", err)
	}
	if b, _ := os.ReadFile(out); string(b) != "old\n" {
		t.Errorf("a failed run changed its output: %q", b)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".lines-*")); len(left) > 0 {
		t.Errorf("the aborted writer left %v", left)
	}
}

func TestDriverTypeUnknownWithoutRegistry(t *testing.T) {
	notes := &runtime.Dataset[Line]{Name: "notes", EngineURL: "lines://x.txt"}
	loud := &runtime.Dataset[Line]{Name: "loud", EngineURL: "mem://loud"}
	_, err := (&runtime.Runner{}).Run(context.Background(), "shout", &shout{In: notes.Input(), Out: loud.Output()})
	if err == nil || !strings.Contains(err.Error(), `unknown type "lines"`) {
		t.Fatalf("want unknown type, got %v", err)
	}
}

func TestRegisterRefuses(t *testing.T) {
	reg := runtime.NewRegistry()
	for _, tc := range []struct {
		spec engine.Spec
		d    runtime.Driver
		want string
	}{
		{engine.Spec{Name: "csv", Kind: engine.KindType}, linesDriver{}, "already"},
		{engine.Spec{Name: "lz", Kind: engine.KindCompression}, linesDriver{}, "KindType"},
		{engine.Spec{Name: "lines", Kind: engine.KindType}, nil, "nil"},
	} {
		if err := reg.Register(tc.spec, tc.d); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Register(%s): want an error with %q, got %v", tc.spec.Name, tc.want, err)
		}
	}
}

func TestGlobalRegisterReachesDefaultAndNewRegistries(t *testing.T) {
	runtime.Register(engine.Spec{Name: "lines_global_test", Kind: engine.KindType}, linesDriver{})
	for _, reg := range []*runtime.Registry{runtime.DefaultRegistry(), runtime.NewRegistry()} {
		if _, ok := reg.Engine().Lookup("lines_global_test"); !ok {
			t.Error("a globally registered type is missing from a registry")
		}
	}
}
