package gen

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ayeaye-go/ayeaye/gen/golang"
)

// generatedCase is a golden case that generated a package.
type generatedCase struct{ dir, outputDir string }

// checkRecords proves, for every golden package, that each dataset's
// emitted Record equals schema.FromJSON of its emitted Schema, so the Go
// value and the JSON cannot drift apart: it writes one test that imports
// every golden package and runs it.
func checkRecords(t *testing.T, cases []generatedCase) {
	t.Helper()
	if len(cases) == 0 {
		return
	}
	root, err := os.MkdirTemp("testdata", "_records-")
	must(t, err)
	t.Cleanup(func() { os.RemoveAll(root) })
	var imports, checks strings.Builder
	for i, c := range cases {
		p, diags := load(c.dir)
		if len(diags) > 0 {
			t.Fatalf("%s: %v", c.dir, diags)
		}
		alias := fmt.Sprintf("c%d", i)
		decls, diags := golang.Declarations(p.datasets, p.namer, alias)
		if len(diags) > 0 {
			t.Fatalf("%s: %v", c.dir, diags)
		}
		fmt.Fprintf(&imports, "\t%s %q\n", alias, "github.com/ayeaye-go/ayeaye/gen/"+filepath.ToSlash(filepath.Join(c.dir, c.outputDir)))
		for _, d := range decls {
			v := alias + "." + d.Var
			fmt.Fprintf(&checks, "\tcheck(t, %q, %s.Record, %s.Schema)\n", filepath.Base(c.dir)+"/"+d.Dataset, v, v)
		}
	}
	src := fmt.Sprintf(recordCheck, imports.String(), checks.String())
	must(t, os.WriteFile(filepath.Join(root, "records_test.go"), []byte(src), 0o644))
	cmd := exec.Command("go", "test", "-count=1", ".")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("an emitted Record is not schema.FromJSON of the emitted Schema: %v\n%.4000s", err, out)
	}
}

const recordCheck = `package records

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ayeaye-go/ayeaye/runtime/schema"
%s)

func check(t *testing.T, name string, rec *schema.Record, doc string) {
	want, err := schema.FromJSON([]byte(doc))
	if err != nil {
		t.Fatalf("%%s: %%v", name, err)
	}
	if rec == nil {
		t.Fatalf("%%s: no Record emitted", name)
	}
	if d := cmp.Diff(want, rec); d != "" {
		t.Errorf("%%s (-FromJSON(Schema) +Record):\n%%s", name, d)
	}
}

func TestRecords(t *testing.T) {
%s}
`
