package gen

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ayeaye-go/ayeaye/gen/schema"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/cases")

// Each folder under testdata/cases is a project: ayeaye.yaml, schemas/,
// case.txt (one line: what it covers) and either the generated package
// (the golden Go files, at the config's output dir) or want.stderr (the
// expected diagnostics).
func TestGolden(t *testing.T) {
	cases, err := filepath.Glob("testdata/cases/*")
	if err != nil || len(cases) == 0 {
		t.Fatalf("no cases: %v", err)
	}
	var pkgs []string
	var generated []generatedCase
	// Every case is also generated with nullable: pointer, into a folder
	// inside the module so its imports resolve; the go tool ignores it
	// for ./... because it starts with an underscore.
	ptrRoot, err := os.MkdirTemp("testdata", "_pointer-")
	must(t, err)
	t.Cleanup(func() { os.RemoveAll(ptrRoot) })
	for _, dir := range cases {
		name := filepath.Base(dir)
		t.Run(name, func(t *testing.T) {
			if about, err := os.ReadFile(filepath.Join(dir, "case.txt")); err != nil || len(strings.TrimSpace(string(about))) == 0 {
				t.Fatalf("%s/case.txt must say what the case covers", dir)
			}
			res, diags := Generate(dir)
			stderrFile := filepath.Join(dir, "want.stderr")
			if len(diags) > 0 {
				got := strings.ReplaceAll(diags.Error(), filepath.ToSlash(dir)+"/", "") + "\n"
				if *update {
					must(t, os.WriteFile(stderrFile, []byte(got), 0o644))
					return
				}
				want, err := os.ReadFile(stderrFile)
				if err != nil {
					t.Fatalf("unexpected problems:\n%s", got)
				}
				if d := cmp.Diff(string(want), got); d != "" {
					t.Errorf("diagnostics (-want +got):\n%s", d)
				}
				return
			}
			if _, err := os.Stat(stderrFile); err == nil {
				t.Fatalf("generation succeeded but %s expects problems", stderrFile)
			}
			for _, f := range res.Files {
				path := filepath.Join(dir, filepath.FromSlash(f.Path))
				if *update {
					must(t, os.MkdirAll(filepath.Dir(path), 0o755))
					must(t, os.WriteFile(path, f.Content, 0o644))
					continue
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Errorf("missing golden file (run go test ./gen -update): %v", err)
					continue
				}
				if d := cmp.Diff(string(want), string(f.Content)); d != "" {
					t.Errorf("%s (-want +got):\n%s", f.Path, d)
				}
			}
			if missing := missingDrivers(t, res); missing != "" {
				// Another part of the module brings this package; until it
				// is here, the case's golden files are compared, not built.
				t.Logf("not compiling case %s: its %s imports %s, which this tree does not have yet", name, DriversFile, missing)
				return
			}
			pkgs = append(pkgs, "./"+filepath.ToSlash(filepath.Join(dir, res.OutputDir)))
			generated = append(generated, generatedCase{dir: dir, outputDir: res.OutputDir})
			if pkg := pointerVariant(t, dir, filepath.Join(ptrRoot, name)); pkg != "" {
				pkgs = append(pkgs, pkg)
			}
		})
	}
	// Every golden package and every pointer variant must compile and
	// pass vet: one go vet for all of them.
	if len(pkgs) > 0 && !t.Failed() {
		cmd := exec.Command("go", append([]string{"vet"}, pkgs...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("golden packages do not compile: %v\n%s", err, out)
		}
		checkRecords(t, generated) // record_test.go
	}
}

// missingDrivers returns a package of this module that the result's
// driver imports name but the tree lacks, or "".
func missingDrivers(t *testing.T, res *Result) string {
	t.Helper()
	const module = "github.com/ayeaye-go/ayeaye/"
	for _, d := range res.Drivers {
		if rel, ok := strings.CutPrefix(d.Import, module); ok {
			if _, err := os.Stat(filepath.Join("..", filepath.FromSlash(rel))); err != nil {
				return d.Import
			}
		}
	}
	return ""
}

// pointerVariant generates the case in dir again with nullable: pointer
// into out and returns its package path, or "" when the case already
// uses pointers.
func pointerVariant(t *testing.T, dir, out string) string {
	t.Helper()
	p, diags := load(dir)
	if len(diags) > 0 {
		t.Fatalf("pointer variant: %v", diags)
	}
	if p.cfg.Nullable == "pointer" {
		return ""
	}
	p.cfg.Nullable = "pointer"
	res, diags := p.emit()
	if len(diags) > 0 {
		t.Fatalf("pointer variant: %v", diags)
	}
	for _, f := range res.Files {
		path := filepath.Join(out, filepath.FromSlash(f.Path))
		must(t, os.MkdirAll(filepath.Dir(path), 0o755))
		must(t, os.WriteFile(path, f.Content, 0o644))
	}
	return "./" + filepath.ToSlash(filepath.Join(out, res.OutputDir))
}

// TestLargeSchemasCompile generates an enum of 200,000 values and an
// object of schema.MaxProperties properties in every format, and builds
// both: the limits gen/schema documents must hold.
func TestLargeSchemasCompile(t *testing.T) {
	if testing.Short() {
		t.Skip("builds two large generated packages (about 30 s)")
	}
	root, err := os.MkdirTemp("testdata", "_large-")
	must(t, err)
	t.Cleanup(func() { os.RemoveAll(root) })
	values := make([]string, 200_000)
	for i := range values {
		values[i] = fmt.Sprintf("%q", fmt.Sprintf("value %d", i))
	}
	types := []string{`{"type": "integer"}`, `{"type": "string"}`, `{"type": ["string", "null"], "format": "date"}`, `{"type": "number"}`}
	props := make([]string, schema.MaxProperties)
	for i := range props {
		props[i] = fmt.Sprintf(`"p%d": %s`, i, types[i%len(types)])
	}
	projects := map[string]string{
		"enum": `"id": {"type": "integer"}, "status": {"type": "string", "enum": [` + strings.Join(values, ", ") + `]}`,
		"wide": strings.Join(props, ", "),
	}
	var pkgs []string
	for name, properties := range projects {
		dir := filepath.Join(root, name)
		must(t, os.MkdirAll(filepath.Join(dir, "schemas"), 0o755))
		must(t, os.WriteFile(filepath.Join(dir, ConfigFile), []byte("version: 1\nformats: [csv, tsv, json, ndjson, parquet, sql]\n"), 0o644))
		doc := `{"type": "object", "x-ayeaye": {"name": "` + name + `"}, "properties": {` + properties + `}}`
		must(t, os.WriteFile(filepath.Join(dir, "schemas", name+".json"), []byte(doc), 0o644))
		res, diags := Generate(dir)
		if len(diags) > 0 {
			t.Fatalf("%s: %.2000v", name, diags)
		}
		for _, f := range res.Files {
			must(t, os.MkdirAll(filepath.Join(dir, filepath.Dir(f.Path)), 0o755))
			must(t, os.WriteFile(filepath.Join(dir, filepath.FromSlash(f.Path)), f.Content, 0o644))
		}
		pkgs = append(pkgs, "./"+filepath.ToSlash(filepath.Join(dir, res.OutputDir)))
	}
	// The big enum's table-based Valid, Values and parse are run, not
	// only compiled.
	must(t, os.WriteFile(filepath.Join(root, "enum", "datasets", "table_test.go"), []byte(enumTableTest), 0o644))
	slices.Sort(pkgs)
	if out, err := exec.Command("go", append([]string{"test", "-count=1"}, pkgs...)...).CombinedOutput(); err != nil {
		t.Fatalf("large generated packages do not compile or their enum table is wrong: %v\n%.4000s", err, out)
	}
}

const enumTableTest = `package datasets

import (
	"strings"
	"testing"

	"github.com/ayeaye-go/ayeaye/runtime/codec"
)

func TestEnumTable(t *testing.T) {
	vs := EnumStatusValues()
	if len(vs) != 200000 || vs[0] != "value 0" || vs[199999] != "value 199999" {
		t.Fatalf("values: %d, first %q", len(vs), vs[0])
	}
	if !EnumStatus("value 12345").Valid() || EnumStatus("value 200000").Valid() {
		t.Error("Valid")
	}
	r, err := EnumCodec.NewCSVReader(strings.NewReader("id,status\n1,value 7\n2,value x\n"), codec.Options{File: "e.csv"})
	if err != nil {
		t.Fatal(err)
	}
	var rec Enum
	if err := r.Read(&rec); err != nil || rec.Status != "value 7" {
		t.Errorf("first record %+v, %v", rec, err)
	}
	if err := r.Read(&rec); err == nil || !strings.Contains(err.Error(), "e.csv:3") {
		t.Errorf("a value not in the enum: %v", err)
	}
}
`

// TestDeterministic generates twice, the second time from a config that
// lists the schema files in the opposite order, and wants identical bytes.
func TestDeterministic(t *testing.T) {
	src := "testdata/cases/basic"
	first, diags := Generate(src)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	tmp := t.TempDir()
	must(t, os.MkdirAll(filepath.Join(tmp, "schemas"), 0o755))
	for _, name := range []string{"b.json", "a.json"} {
		data, err := os.ReadFile(filepath.Join(src, "schemas", "orders.json"))
		must(t, err)
		// Two datasets, so their order matters.
		data = []byte(strings.Replace(string(data), `"name": "orders"`, `"name": "orders_`+strings.TrimSuffix(name, ".json")+`"`, 1))
		must(t, os.WriteFile(filepath.Join(tmp, "schemas", name), data, 0o644))
	}
	var outs [][]File
	for _, cfg := range []string{"version: 1\nschemas: [schemas/a.json, schemas/b.json]\n", "version: 1\nschemas: [schemas/b.json, schemas/a.json]\n"} {
		must(t, os.WriteFile(filepath.Join(tmp, "ayeaye.yaml"), []byte(cfg), 0o644))
		res, diags := Generate(tmp)
		if len(diags) > 0 {
			t.Fatal(diags)
		}
		outs = append(outs, res.Files)
	}
	if d := cmp.Diff(outs[0], outs[1]); d != "" {
		t.Errorf("output depends on schema order (-first +second):\n%s", d)
	}
	again, _ := Generate(src)
	if d := cmp.Diff(first.Files, again.Files); d != "" {
		t.Errorf("two runs differ:\n%s", d)
	}
	if !slices.IsSortedFunc(first.Files, func(a, b File) int { return strings.Compare(a.Path, b.Path) }) {
		t.Error("files are not sorted by path")
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
