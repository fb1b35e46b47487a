package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ayeaye-go/ayeaye/gen"
	"github.com/ayeaye-go/ayeaye/gen/schema"
	"github.com/ayeaye-go/ayeaye/runtime/engine"
	"github.com/ayeaye-go/ayeaye/runtime/manifest"
)

// producerSchema is what a producer publishes, in three versions: as
// first published, with a field added, and with a field retyped.
const producerSchema = `{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "Orders",
  "description": "Orders as the shop takes them; amounts in <EUR> & exact.",
  "type": "object",
  "x-ayeaye": {"name": "orders", "keys": ["id"], "engine_url": "csv://{out}/orders.csv"},
  "properties": {
    "id": {"type": "integer"},
    "customer": {"type": "string"},
    "amount": {"type": "string", "format": "decimal"},
    "big": {"type": "integer", "default": 9007199254740993}
  },
  "required": ["id", "customer", "amount"]
}`

func producerVersion(t *testing.T, v int) string {
	t.Helper()
	switch v {
	case 1:
		return producerSchema
	case 2:
		return strings.Replace(producerSchema, `"big":`, `"channel": {"type": "string"}, "big":`, 1)
	case 3:
		return strings.Replace(producerVersion(t, 2), `"customer": {"type": "string"}`, `"customer": {"type": "integer"}`, 1)
	}
	t.Fatalf("no version %d", v)
	return ""
}

// publish writes the manifest a producer's run would publish for src at
// path, the schema canonical as the runtime writes it.
func publish(t *testing.T, path, src string) []byte {
	t.Helper()
	ds, problems := schema.Parse("orders.json", []byte(src))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	m := &manifest.Manifest{
		Version: manifest.Version, Dataset: ds.Name, Schema: ds.Canonical, SchemaFP: ds.Fingerprint,
		Fingerprint: "sha256:" + strings.Repeat("1", 64), Records: 2,
		Producer: manifest.Producer{Project: "example.com/shop/sales", Model: "orders", Run: "0190aaaa-0000-7000-8000-000000000001"},
	}
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if path != "" {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return data
}

func newProject(t *testing.T, config string) string {
	t.Helper()
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, gen.ConfigFile), []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	return root
}

// TestImportTranscript imports a producer's schema, then follows the
// producer through a compatible and a breaking change, as a user would.
// The transcript is testdata/import/transcript.golden.
func TestImportTranscript(t *testing.T) {
	base := t.TempDir()
	consumer := filepath.Join(base, "consumer")
	if err := os.Mkdir(consumer, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(consumer, gen.ConfigFile), []byte("version: 1\nformats: [csv]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	published := filepath.Join(base, "sales", "out", "orders.csv"+manifest.Suffix)
	var transcript strings.Builder
	step := func(title string, args ...string) {
		code, stdout, stderr := run(t, nil, args...)
		fmt.Fprintf(&transcript, "### %s\n$ ayeaye-gen %s\nexit %d\n-- stdout --\n%s-- stderr --\n%s\n",
			title, strings.Join(args, " "), code, stdout, stderr)
	}
	file := func(title, rel string) {
		data, err := os.ReadFile(filepath.Join(consumer, rel))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&transcript, "### %s\n-- %s --\n%s\n", title, rel, data)
	}

	publish(t, published, producerVersion(t, 1))
	step("first import", "import", "-C", consumer, published)
	file("the imported schema", "schemas/orders.json")
	step("again, without -f", "import", "-C", consumer, published)
	step("again, with -f: nothing changed", "import", "-C", consumer, "-f", published)

	publish(t, published, producerVersion(t, 2))
	step("the producer added a field", "schema-diff", filepath.Join(consumer, "schemas/orders.json"), published)
	step("re-import", "import", "-C", consumer, "-f", published)

	publish(t, published, producerVersion(t, 3))
	step("the producer retyped a field", "schema-diff", filepath.Join(consumer, "schemas/orders.json"), published)
	step("re-import", "import", "-C", consumer, "-f", published)

	if err := os.WriteFile(filepath.Join(consumer, gen.ConfigFile), []byte("version: 1\nformats: [csv]\ncatalogue:\n  sales/orders: \"csv://../sales/out/orders.csv\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(consumer, "schemas/orders.json"), filepath.Join(consumer, "schemas/orders.yaml")); err != nil {
		t.Fatal(err)
	}
	step("with a catalogue entry, over a YAML schema, from the dataset's path", "import", "-C", consumer, "-f", strings.TrimSuffix(published, manifest.Suffix))

	// What import wrote generates.
	if _, problems := gen.Generate(consumer); len(problems) > 0 {
		t.Errorf("generate: %v", problems)
	}
	got := strings.ReplaceAll(transcript.String(), base, "$DIR")
	golden(t, "testdata/import/transcript.golden", got)
}

func TestImportSources(t *testing.T) {
	base := t.TempDir()
	manifestJSON := publish(t, filepath.Join(base, "out", "orders.csv"+manifest.Suffix), producerSchema)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write(manifestJSON)
	}))
	defer srv.Close()

	tests := []struct {
		name   string
		args   []string
		pin    string // x-ayeaye.source.manifest
		ref    string // x-ayeaye.engine_url
		file   string // what is written
		stdout string // a line of stdout
	}{
		{"http, query and user dropped from the pin", []string{srv.URL + "/o.csv.ayeaye.json?X-Sig=secret"},
			srv.URL + "/o.csv.ayeaye.json", "ref://sales/orders", "schemas/orders.json", `e.g.` + "\n\tcatalogue:\n\t  sales/orders: \"<engine URL of the published data>\""},
		{"engine URL of the dataset", []string{"-name", "shop_orders", "-ref", "shop/orders-v1", "csv://" + filepath.ToSlash(base) + "/out/orders.csv"},
			"file://" + filepath.ToSlash(base) + "/out/orders.csv.ayeaye.json", "ref://shop/orders-v1", "schemas/shop_orders.json",
			"\t  shop/orders-v1: \"csv://" + filepath.ToSlash(base) + "/out/orders.csv\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := newProject(t, "version: 1\nschemas: [\"datasets/*.yaml\"]\n")
			code, stdout, stderr := run(t, nil, append([]string{"import", "-C", root}, tt.args...)...)
			if code != ExitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if !strings.Contains(stdout, tt.stdout) || !strings.Contains(stdout, `note: the schemas globs of ayeaye.yaml (datasets/*.yaml) do not match `+tt.file) {
				t.Errorf("stdout lacks %q or the globs note:\n%s", tt.stdout, stdout)
			}
			data, err := os.ReadFile(filepath.Join(root, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			var doc struct {
				X struct {
					Name      string            `json:"name"`
					EngineURL string            `json:"engine_url"`
					Source    map[string]string `json:"source"`
				} `json:"x-ayeaye"`
			}
			if err := json.Unmarshal(data, &doc); err != nil {
				t.Fatal(err)
			}
			if doc.X.Source["manifest"] != tt.pin || doc.X.EngineURL != tt.ref || doc.X.Name != strings.TrimSuffix(filepath.Base(tt.file), ".json") {
				t.Errorf("x-ayeaye = %+v", doc.X)
			}
		})
	}
}

func writeBlob(t *testing.T, f *fetcher, rawURL string, data []byte) {
	t.Helper()
	u, err := engine.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	w, err := f.store.Create(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
}

func TestImportFromMemblob(t *testing.T) {
	f := newFetcher()
	defer f.store.Close()
	writeBlob(t, f, "memblob+file://bucket/sales/orders.csv.gz.ayeaye.json", publish(t, "", producerSchema))
	root := newProject(t, "version: 1\n")
	a, out, errOut := testApp()
	if code := a.importFrom(context.Background(), f, root, importOptions{}, "memblob+gz+csv://bucket/sales/orders.csv.gz"); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if want := "\t  sales/orders: \"memblob+gz+csv://bucket/sales/orders.csv.gz\""; !strings.Contains(out.String(), want) {
		t.Errorf("stdout lacks %q:\n%s", want, out)
	}
}

func testApp() (*app, *strings.Builder, *strings.Builder) {
	var out, errOut strings.Builder
	return &app{stdout: &out, stderr: &errOut, schemas: testSchemas}, &out, &errOut
}

func TestImportErrors(t *testing.T) {
	base := t.TempDir()
	good := filepath.Join(base, "orders.csv"+manifest.Suffix)
	publish(t, good, producerSchema)
	newer := filepath.Join(base, "newer.csv"+manifest.Suffix)
	data := publish(t, "", producerSchema)
	data = []byte(strings.Replace(string(data), `"type": "integer"`, `"type": "integer", "minimum": 0`, 1))
	if err := os.WriteFile(newer, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(base, "bad.json.ayeaye.json"), []byte("not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(base, "empty.csv"+manifest.Suffix)
	if err := os.WriteFile(empty, []byte(`{"version": 1, "dataset": "x", "schema": {}, "producer": {"model": "m", "run": "r", "code": {}}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	usage := "usage: ayeaye-gen import [-C dir] [-name N] [-ref team/dataset] [-f] SOURCE\n"
	tests := []struct {
		name string
		args []string
		code int
		has  []string
	}{
		{"no source", nil, ExitUsage, []string{"missing argument", usage}},
		{"bad -name", []string{"-name", "Orders", good}, ExitUsage, []string{`-name "Orders": a dataset name is`, usage}},
		{"bad -ref", []string{"-ref", "orders", good}, ExitUsage, []string{`-ref "orders": a catalogue name is team/dataset`}},
		{"missing manifest", []string{filepath.Join(base, "nope.csv")}, ExitProblems, []string{
			"cannot read manifest $DIR/nope.csv.ayeaye.json: no such file or directory", "hint: give the path of a published manifest"}},
		{"not a manifest", []string{filepath.Join(base, "bad.json.ayeaye.json")}, ExitProblems, []string{
			"manifest $DIR/bad.json.ayeaye.json: invalid character", "hint: give a manifest that an Aye-aye run published"}},
		{"no schema", []string{empty}, ExitProblems, []string{`carries no schema: the producer's dataset "x" has none`}},
		{"newer vocabulary", []string{newer}, ExitProblems, []string{
			`schemas/orders.json:`, `schemas/orders.json:11:7: property "big": keyword "minimum" is not supported`, "nothing was written (the positions are in schemas/orders.json as it would have been written)",
			"uses something this ayeaye-gen cannot read"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := newProject(t, "version: 1\n")
			code, _, stderr := run(t, nil, append([]string{"import", "-C", root}, tt.args...)...)
			stderr = strings.ReplaceAll(stderr, base, "$DIR")
			if code != tt.code {
				t.Errorf("exit %d, want %d: %s", code, tt.code, stderr)
			}
			for _, h := range tt.has {
				if !strings.Contains(stderr, h) {
					t.Errorf("stderr lacks %q:\n%s", h, stderr)
				}
			}
			if _, err := os.Stat(filepath.Join(root, "schemas")); code != ExitOK && err == nil {
				t.Error("a failed import created schemas/")
			}
		})
	}
}

func TestDefaultRef(t *testing.T) {
	for _, tt := range []struct{ project, dataset, want string }{
		{"example.com/shop/sales", "orders", "sales/orders"},
		{"github.com/acme/data-lake/", "events", "data-lake/events"},
		{"", "orders", "published/orders"},
		{"example.com/ünï", "x", "-n-/x"},
		{"...", "x", "published/x"},
	} {
		if got := defaultRef(tt.project, tt.dataset); got != tt.want {
			t.Errorf("defaultRef(%q, %q) = %q, want %q", tt.project, tt.dataset, got, tt.want)
		}
	}
}

// FuzzImportedSchema: whatever schema a manifest carries, import either
// refuses it or writes JSON whose x-ayeaye says what it was told, and
// whose other members are the producer's.
func FuzzImportedSchema(f *testing.F) {
	for _, s := range []string{producerSchema, `{}`, `null`, `[]`, `{"x-ayeaye": 5}`, `{"x-ayeaye": {"keys": ["id"], "source": 1}}`,
		`{"a": 1e400, "b": "<&>", "c": "\u2028"}`, `{"type": "object"} trailing`, `{"a": {"b": [1, 2.50, -0]}}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		out, err := importedSchema(data, "orders", "ref://sales/orders", "m.ayeaye.json", "sha256:x")
		if err != nil {
			return
		}
		var doc map[string]any
		if err := decodeNumbers(out, &doc); err != nil {
			t.Fatalf("importedSchema(%q) wrote invalid JSON %q: %v", data, out, err)
		}
		x, _ := doc["x-ayeaye"].(map[string]any)
		src, _ := x["source"].(map[string]any)
		if x["name"] != "orders" || x["engine_url"] != "ref://sales/orders" || src["manifest"] != "m.ayeaye.json" || src["fingerprint"] != "sha256:x" {
			t.Fatalf("importedSchema(%q): x-ayeaye = %v", data, x)
		}
		var in map[string]any
		if decodeNumbers(data, &in) == nil {
			for k := range in {
				if _, ok := doc[k]; !ok {
					t.Fatalf("importedSchema(%q) dropped %q", data, k)
				}
			}
		}
	})
}

// decodeNumbers decodes JSON keeping numbers as text, as import does.
func decodeNumbers(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	return dec.Decode(v)
}
