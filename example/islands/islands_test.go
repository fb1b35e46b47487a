// Package islands_test runs the islands example: two separate projects,
// each its own Go module, one consuming what the other publishes. The
// projects are copied to a temporary directory, so the test may change
// the producer's schema without touching the checked-in example.
package islands_test

import (
	"bufio"
	"bytes"
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	gencli "github.com/ayeaye-go/ayeaye/gen/cli"
	"github.com/ayeaye-go/ayeaye/runtime/manifest"
	"github.com/ayeaye-go/ayeaye/runtime/runstore"
	_ "github.com/ayeaye-go/ayeaye/runtime/runstore/sqlite"
)

// TestCheckedInCodeIsFresh: the generated code of both projects is what
// their schemas generate.
func TestCheckedInCodeIsFresh(t *testing.T) {
	for _, p := range []string{"producer", "consumer"} {
		if code, _, stderr := ayeayeGen(t, "diff", "-q", "-C", p); code != 0 {
			t.Errorf("%s: the generated code is stale: %s", p, stderr)
		}
	}
}

// TestIslands runs the producer, then the consumer; then the producer
// adds a field (compatible: the consumer runs, with a warning) and then
// retypes one (breaking: the consumer fails before reading, naming it).
func TestIslands(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: builds and runs two separate modules")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build the example projects with")
	}
	mainRoot, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	producer, consumer := filepath.Join(tmp, "producer"), filepath.Join(tmp, "consumer")
	for _, p := range []string{"producer", "consumer"} {
		copyProject(t, p, filepath.Join(tmp, p), mainRoot)
	}
	goRun := func(dir string, args ...string) (stdout, stderr string, err error) {
		t.Helper()
		cmd := exec.Command(goCmd, args...)
		cmd.Dir = dir
		// -mod=mod: the copies may need requirements the main module
		// gained since their go.mod was last tidied; the sums are there.
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		err = cmd.Run()
		return out.String(), errOut.String(), err
	}
	mustRun := func(dir string, args ...string) string {
		t.Helper()
		stdout, stderr, err := goRun(dir, args...)
		if err != nil {
			t.Fatalf("go %s in %s: %v\n%s%s", strings.Join(args, " "), dir, err, stdout, stderr)
		}
		return stdout + stderr
	}
	published := filepath.Join(producer, "out", "orders.ndjson"+manifest.Suffix)
	totals := filepath.Join(consumer, "out", "customer_totals.csv")

	// Both projects are sound Go on their own.
	mustRun(producer, "vet", "./...")
	mustRun(consumer, "vet", "./...")

	// The producer publishes; the checked-in import is its current schema.
	mustRun(producer, "run", "./cmd/producer", "run", "-all")
	if code, stdout, stderr := ayeayeGen(t, "import", "-C", consumer, "-f", published); code != 0 || !strings.Contains(stdout, "is up to date") {
		t.Fatalf("the consumer's imported schema is not the producer's current one (exit %d):\n%s%s", code, stdout, stderr)
	}

	// The consumer reads it through the catalogue.
	out := mustRun(consumer, "run", "./cmd/consumer", "run", "-all")
	want := "customer,orders,total_cents\nada,2,5997\ngrace,1,3897\nlinus,1,1299\n"
	if got := readFile(t, totals); got != want {
		t.Fatalf("customer totals:\n%s\nwant:\n%s\nrun output:\n%s", got, want, out)
	}
	if !strings.Contains(out, "ndjson://../producer/out/orders.ndjson") {
		t.Errorf("the consumer did not read the published orders through the catalogue:\n%s", out)
	}
	m := readManifest(t, published)
	checkProducerLink(t, consumer, m.Producer.Run)

	// A compatible change: the producer adds an optional field.
	editFile(t, filepath.Join(producer, "schemas", "orders.json"),
		`"total_cents": {"type": "integer", "description": "What the order costs, in cents."}`,
		`"total_cents": {"type": "integer", "description": "What the order costs, in cents."},
    "channel": {"type": "string", "description": "Where the order was taken."}`)
	if code, _, stderr := ayeayeGen(t, "generate", "-q", "-C", producer); code != 0 {
		t.Fatalf("regenerating the producer: %s", stderr)
	}
	mustRun(producer, "run", "./cmd/producer", "run", "-all")
	if code, stdout, _ := ayeayeGen(t, "schema-diff", filepath.Join(consumer, "schemas", "orders.json"), published); code != 0 || !strings.Contains(stdout, "compatible channel: new optional field") {
		t.Errorf("schema-diff of a compatible change: exit %d\n%s", code, stdout)
	}
	out = mustRun(consumer, "run", "./cmd/consumer", "run", "-all")
	if !strings.Contains(out, "schema changed compatibly") || !strings.Contains(out, "channel: new optional field") {
		t.Errorf("the consumer ran without warning of the new field:\n%s", out)
	}
	if got := readFile(t, totals); got != want {
		t.Errorf("customer totals after a compatible change:\n%s", got)
	}
	checkProducerLink(t, consumer, readManifest(t, published).Producer.Run)

	// A breaking change: the producer retypes total_cents as a number.
	editFile(t, filepath.Join(producer, "schemas", "orders.json"),
		`"total_cents": {"type": "integer"`, `"total_cents": {"type": "number"`)
	editFile(t, filepath.Join(producer, "models", "orders.go"),
		"o.TotalCents += l.Quantity * l.UnitPriceCents", "o.TotalCents += float64(l.Quantity * l.UnitPriceCents)")
	if code, _, stderr := ayeayeGen(t, "generate", "-q", "-C", producer); code != 0 {
		t.Fatalf("regenerating the producer: %s", stderr)
	}
	mustRun(producer, "run", "./cmd/producer", "run", "-all")
	if code, stdout, _ := ayeayeGen(t, "schema-diff", filepath.Join(consumer, "schemas", "orders.json"), published); code != 1 || !strings.Contains(stdout, "BREAKING   total_cents: type integer → number") {
		t.Errorf("schema-diff of a breaking change: exit %d\n%s", code, stdout)
	}
	before := readFile(t, totals)
	stdout, stderr, err := goRun(consumer, "run", "./cmd/consumer", "run", "-all")
	if err == nil {
		t.Fatalf("the consumer ran on a breaking change:\n%s%s", stdout, stderr)
	}
	if !strings.Contains(stderr, "BREAKING   total_cents: type integer → number") || !strings.Contains(stderr, "cannot read") {
		t.Errorf("the failure does not name the field:\n%s%s", stdout, stderr)
	}
	if strings.Contains(stderr, "orders.input_records") && !strings.Contains(stderr, "orders.input_records=0") {
		t.Errorf("the consumer read records before failing:\n%s", stderr)
	}
	if got := readFile(t, totals); got != before {
		t.Errorf("a failed run changed the consumer's output:\n%s", got)
	}
}

// ayeayeGen runs ayeaye-gen in-process.
func ayeayeGen(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = gencli.Main(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// copyProject copies the example project src (without what runs wrote)
// to dst, points its replace directive at the main module's absolute
// path, and adds the main module's checksums to its go.sum, so that it
// builds against this checkout wherever the copy is.
func copyProject(t *testing.T, src, dst, mainRoot string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		if d.IsDir() {
			if rel == "out" || d.Name() == ".ayeaye" {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	editFile(t, filepath.Join(dst, "go.mod"), "=> ../../..", "=> "+mainRoot)
	sums := append([]byte(readFile(t, filepath.Join(dst, "go.sum"))), readFile(t, filepath.Join(mainRoot, "go.sum"))...)
	var lines []string
	sc := bufio.NewScanner(bytes.NewReader(sums))
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" {
			lines = append(lines, l)
		}
	}
	slices.Sort(lines)
	lines = slices.Compact(lines)
	if err := os.WriteFile(filepath.Join(dst, "go.sum"), []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// editFile replaces old with new in the file, which must hold old.
func editFile(t *testing.T, path, old, new string) {
	t.Helper()
	s := readFile(t, path)
	if !strings.Contains(s, old) {
		t.Fatalf("%s does not hold %q", path, old)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(s, old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readManifest(t *testing.T, path string) *manifest.Manifest {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := manifest.Decode(f, path)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// checkProducerLink: the consumer's last run record links its input to
// the producer's run, so lineage crosses the projects.
func checkProducerLink(t *testing.T, consumer, producerRun string) {
	t.Helper()
	ctx := context.Background()
	st, err := runstore.Open(ctx, "sqlite:"+filepath.Join(consumer, runstore.DefaultPath))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	runs, err := st.List(ctx, runstore.Filter{Model: "customer_totals", Limit: 1})
	if err != nil || len(runs) != 1 {
		t.Fatalf("the consumer's runs: %v, %v", runs, err)
	}
	in := runs[0].Inputs
	if len(in) != 1 || in[0].Producer == nil || in[0].Producer.Run != producerRun || in[0].Producer.Project != "example.com/islands/producer" {
		t.Errorf("the consumer's input is not linked to producer run %s: %+v", producerRun, in)
	}
}
