package gen

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestVersionGuard builds a generated package as it is and then as an
// older ayeaye-gen would have written it: the second must not compile, and
// the error must name the guard, whose name says to run go generate.
func TestVersionGuard(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a generated package twice")
	}
	res, diags := Generate("testdata/cases/basic")
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	root, err := os.MkdirTemp("testdata", "_version-")
	must(t, err)
	t.Cleanup(func() { os.RemoveAll(root) })
	const guard = "codec.GeneratedV2RunGoGenerate"
	found := false
	for _, f := range res.Files {
		path := filepath.Join(root, filepath.FromSlash(f.Path))
		must(t, os.MkdirAll(filepath.Dir(path), 0o755))
		must(t, os.WriteFile(path, f.Content, 0o644))
		found = found || strings.Contains(string(f.Content), "const _ = "+guard+"\n")
	}
	if !found {
		t.Fatalf("no generated file declares const _ = %s", guard)
	}
	pkg := "./" + filepath.ToSlash(filepath.Join(root, res.OutputDir))
	if out, err := exec.Command("go", "build", pkg).CombinedOutput(); err != nil {
		t.Fatalf("the current version does not build: %v\n%s", err, out)
	}
	main := filepath.Join(root, res.OutputDir, "orders.go")
	src, err := os.ReadFile(main)
	must(t, err)
	old := strings.Replace(string(src), guard, "codec.GeneratedV1RunGoGenerate", 1)
	must(t, os.WriteFile(main, []byte(old), 0o644))
	out, err := exec.Command("go", "build", pkg).CombinedOutput()
	if err == nil {
		t.Fatal("code carrying an older version's guard builds")
	}
	if !strings.Contains(string(out), "undefined: codec.GeneratedV1RunGoGenerate") {
		t.Errorf("the build error does not name the guard:\n%s", out)
	}
}
