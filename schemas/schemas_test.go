package schemas

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"testing"

	"github.com/ayeaye-go/ayeaye/gen/config"
	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"
)

var update = flag.Bool("update", false, "rewrite the schema files from the Go types")

func generate(t *testing.T) map[string][]byte {
	t.Helper()
	files, err := Generate()
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestSchemasAreFresh(t *testing.T) {
	for name, want := range generate(t) {
		if *update {
			if err := os.WriteFile(name, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(name)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("schemas/%s is stale; run `go test ./schemas -update`", name)
		}
	}
}

func TestGenerateIsDeterministic(t *testing.T) {
	first := generate(t)
	for range 3 {
		if diff := cmp.Diff(first, generate(t)); diff != "" {
			t.Fatalf("Generate differs between calls:\n%s", diff)
		}
	}
}

func TestFSHoldsEveryFile(t *testing.T) {
	var want []string
	for name := range generate(t) {
		want = append(want, name)
	}
	slices.Sort(want)
	got, err := fs.Glob(FS, "*")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("FS files (-generated +embedded):\n%s", diff)
	}
}

func TestIDsAndShape(t *testing.T) {
	for name, data := range generate(t) {
		var doc map[string]any
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if id, want := doc["$id"], "https://raw.githubusercontent.com/ayeaye-go/ayeaye/main/schemas/"+name; id != want {
			t.Errorf("%s: $id = %v, want %s", name, id, want)
		}
		if s := doc["$schema"]; s != "https://json-schema.org/draft/2020-12/schema" {
			t.Errorf("%s: $schema = %v", name, s)
		}
		if doc["title"] == nil || doc["description"] == nil {
			t.Errorf("%s: no title or description", name)
		}
		if !bytes.HasSuffix(data, []byte("}\n")) || bytes.Contains(data, []byte(`\u00`)) {
			t.Errorf("%s: want a trailing newline and no \\u00 escapes", name)
		}
	}
}

// Every object in the schemas is closed (unknown keys are invalid, or,
// for maps such as an environment's vars, checked against a schema) and
// every property has help text for editors.
func TestEveryPropertyIsDescribed(t *testing.T) {
	for name, data := range generate(t) {
		var doc any
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		var walk func(path string, v any)
		walk = func(path string, v any) {
			m, ok := v.(map[string]any)
			if !ok {
				return
			}
			if _, isSchema := m["additionalProperties"].(map[string]any); m["type"] == "object" && m["additionalProperties"] != false && !isSchema {
				t.Errorf("%s %s: additionalProperties is neither false nor a schema", name, path)
			}
			if props, ok := m["properties"].(map[string]any); ok {
				for p, ps := range props {
					if d, _ := ps.(map[string]any)["description"].(string); d == "" {
						t.Errorf("%s %s.%s: no description", name, path, p)
					}
				}
			}
			for k, child := range m {
				walk(path+"/"+k, child)
			}
		}
		walk("#", doc)
	}
}

func compile(t *testing.T, name string) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	for n, data := range generate(t) {
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if err := c.AddResource(BaseURL+n, doc); err != nil {
			t.Fatal(err)
		}
	}
	s, err := c.Compile(BaseURL + name)
	if err != nil {
		t.Fatalf("compiling %s: %v", name, err)
	}
	return s
}

func yamlInstance(t *testing.T, src string) any {
	t.Helper()
	var v any
	if err := yaml.Unmarshal([]byte(src), &v); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return inst
}

// The JSON Schema editors use and the parser agree on what is a valid
// config (for the checks a JSON Schema can express).
func TestConfigSchemaAgreesWithParser(t *testing.T) {
	s := compile(t, ConfigFile)
	tests := []struct {
		name, src string
		valid     bool
	}{
		{"minimal", "version: 1\n", true},
		{"full", `version: 1
schemas: ["schemas/*.json", "more/*.yaml"]
output: {dir: gen/datasets, package: ds}
formats: [ndjson, csv]
naming: {initialisms: [SKU, EAN]}
nullable: pointer
overrides:
  - {field: orders.quantity, type: int32}
  - {field: orders.customer.age, type: float32}
`, true},
		{"no version", "formats: [csv]\n", false},
		{"version 2", "version: 2\n", false},
		{"unknown key", "version: 1\nschema: [x]\n", false},
		{"unknown output key", "version: 1\noutput: {directory: x}\n", false},
		{"unknown format", "version: 1\nformats: [avro]\n", false},
		{"repeated format", "version: 1\nformats: [csv, csv]\n", false},
		{"empty formats", "version: 1\nformats: []\n", false},
		{"bad nullable", "version: 1\nnullable: ptr\n", false},
		{"override without type", "version: 1\noverrides: [{field: a.b}]\n", false},
		{"override bad type", "version: 1\noverrides: [{field: a.b, type: int}]\n", false},
		{"override field without property", "version: 1\noverrides: [{field: orders, type: int8}]\n", false},
		{"override field with empty step", "version: 1\noverrides: [{field: orders..x, type: int8}]\n", false},
		{"empty initialisms", "version: 1\nnaming: {initialisms: []}\n", false},
		{"override extra key", "version: 1\noverrides: [{field: a.b, type: int8, x: 1}]\n", false},
		{"environments", `version: 1
environments:
  default: dev
  dev:
    vars: {data_root: data, port: 5432, debug: true, empty: ""}
  prod-eu.1:
    vars: {data_root: "s3+{bucket}/raw", bucket: sales}
    secrets:
      db_password: {env: SALES_DB_PASSWORD}
      token: {file: /run/secrets/token}
  ci: {}
`, true},
		{"no environments", "version: 1\nenvironments: {}\n", true},
		{"environments not a mapping", "version: 1\nenvironments: [dev]\n", false},
		{"environment not a mapping", "version: 1\nenvironments: {dev: x}\n", false},
		{"environment null", "version: 1\nenvironments: {dev: null}\n", false},
		{"environment name", "version: 1\nenvironments: {1dev: {}}\n", false},
		{"environment unknown key", "version: 1\nenvironments: {dev: {var: {}}}\n", false},
		{"default not a string", "version: 1\nenvironments: {default: 1, dev: {}}\n", false},
		{"var name", "version: 1\nenvironments: {dev: {vars: {a b: x}}}\n", false},
		{"var null", "version: 1\nenvironments: {dev: {vars: {a: null}}}\n", false},
		{"var list", "version: 1\nenvironments: {dev: {vars: {a: [x]}}}\n", false},
		{"secret plain", "version: 1\nenvironments: {dev: {secrets: {pw: hunter2}}}\n", false},
		{"secret both", "version: 1\nenvironments: {dev: {secrets: {pw: {env: A, file: b}}}}\n", false},
		{"secret neither", "version: 1\nenvironments: {dev: {secrets: {pw: {}}}}\n", false},
		{"secret env name", "version: 1\nenvironments: {dev: {secrets: {pw: {env: 1A}}}}\n", false},
		{"secret empty file", "version: 1\nenvironments: {dev: {secrets: {pw: {file: \"\"}}}}\n", false},
		{"secret unknown key", "version: 1\nenvironments: {dev: {secrets: {pw: {env: A, x: 1}}}}\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			schemaErr := s.Validate(yamlInstance(t, tt.src))
			_, diags := config.Parse("ayeaye.yaml", []byte(tt.src))
			if (schemaErr == nil) != tt.valid {
				t.Errorf("schema says valid=%v, want %v: %v", schemaErr == nil, tt.valid, schemaErr)
			}
			if (diags == nil) != tt.valid {
				t.Errorf("parser says valid=%v, want %v: %v", diags == nil, tt.valid, diags)
			}
		})
	}
}

func TestExtensionSchema(t *testing.T) {
	s := compile(t, ExtensionFile)
	tests := []struct {
		src   string
		valid bool
	}{
		{`{name: orders, engine_url: "csv://data/orders.csv", keys: [order_id]}`, true},
		{`{column: "Unit Price ($)"}`, true},
		{`{json_encoded: true}`, true},
		{`{}`, true},
		{`{name: orders, column: x}`, false}, // dataset and field keys do not mix
		{`{keys: []}`, false},
		{`{keys: [a, a]}`, false},
		{`{json_encoded: "yes"}`, false},
		{`{engine: "csv://x"}`, false},
		{`{name: readings, ordered: true}`, true},
		{`{ordered: "yes"}`, false},
		{`{tolerance: 1e-9}`, true},
		{`{tolerance: {absolute: 1e-9, relative: 1e-6}}`, true},
		{`{tolerance: {relative: 0.001}, column: x}`, true},
		{`{tolerance: -1}`, false},
		{`{tolerance: {}}`, false},
		{`{tolerance: {relative: 1}}`, false},
		{`{tolerance: {abs: 1}}`, false},
		{`{tolerance: "1e-9"}`, false},
	}
	for _, tt := range tests {
		err := s.Validate(yamlInstance(t, tt.src))
		if (err == nil) != tt.valid {
			t.Errorf("%s: valid=%v, want %v: %v", tt.src, err == nil, tt.valid, err)
		}
	}
}

// TestToleranceSpellings decodes both ways the schema allows a
// tolerance to be written into the Go type the schema is made from.
func TestToleranceSpellings(t *testing.T) {
	for src, want := range map[string]config.Tolerance{
		`{"tolerance": 1e-9}`:                                    {Absolute: 1e-9},
		`{"tolerance": {"absolute": 0.5, "relative": 1e-6}}`:     {Absolute: 0.5, Relative: 1e-6},
		`{"tolerance": {"relative": 0.001}, "column": "Weight"}`: {Relative: 0.001},
	} {
		var fe config.FieldExtension
		if err := json.Unmarshal([]byte(src), &fe); err != nil || fe.Tolerance == nil || *fe.Tolerance != want {
			t.Errorf("%s: got %+v, %v; want %+v", src, fe.Tolerance, err, want)
		}
	}
	var fe config.FieldExtension
	if err := json.Unmarshal([]byte(`{"tolerance": "x"}`), &fe); err == nil {
		t.Error("a string tolerance decoded without error")
	}
}

func TestUnescapeHTML(t *testing.T) {
	tests := map[string]string{
		`"a \u003cb\u003e \u0026 c"`: `"a <b> & c"`,
		`"\\u003c"`:                  `"\\u003c"`,
		`"\\\u003c"`:                 `"\\<"`,
		`"\u00e9 \n \""`:             `"\u00e9 \n \""`,
		`"trailing \u003`:            `"trailing \u003`,
	}
	for in, want := range tests {
		if got := string(unescapeHTML([]byte(in))); got != want {
			t.Errorf("unescapeHTML(%s) = %s, want %s", in, got, want)
		}
	}
	// Round trip: unescaping never changes what a JSON string means.
	for _, s := range []string{"<dataset>.<property>", `\u003c`, `a\b<&>`, "é"} {
		raw, _ := json.Marshal(s)
		var back string
		if err := json.Unmarshal(unescapeHTML(raw), &back); err != nil || back != s {
			t.Errorf("round trip of %q gave %q, %v", s, back, err)
		}
	}
}

func ExampleGenerate() {
	files, err := Generate()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(bytes.Contains(files[ConfigFile], []byte(`"additionalProperties": false`)))
	// Output: true
}

func ExampleFS() {
	// The CLI prints the schemas the binary was built with.
	names, _ := fs.Glob(FS, "*.schema.json")
	for _, name := range names {
		fmt.Println(name)
	}
	// Output:
	// ayeaye.schema.json
	// graph.schema.json
	// lock.schema.json
	// manifest.schema.json
	// run-record.schema.json
	// x-ayeaye.schema.json
}
