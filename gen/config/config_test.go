package config

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ayeaye-go/ayeaye/gen/diag"
	"github.com/ayeaye-go/ayeaye/internal/suggest"
	"github.com/ayeaye-go/ayeaye/runtime/env"
)

var allowUnexported = cmp.AllowUnexported(Config{})

func TestParseFull(t *testing.T) {
	src := `# yaml-language-server: $schema=https://raw.githubusercontent.com/ayeaye-go/ayeaye/main/schemas/ayeaye.schema.json
version: 1
schemas: ["schemas/*.json", "more/*.yaml"]
output:
  dir: ./gen/datasets/
  package: ds
formats: [ndjson, csv]
naming:
  initialisms: [SKU, EAN]
nullable: pointer
overrides:
  - field: orders.quantity
    type: int32
  - {field: orders.customer.age, type: int8}
environments:
  dev:
    vars: {data_root: data}
  prod:
    vars: {data_root: "s3+{bucket}/raw", bucket: sales}
    secrets:
      db_password: {env: SALES_DB_PASSWORD}
`
	got, diags := Parse("proj/ayeaye.yaml", []byte(src))
	if diags != nil {
		t.Fatalf("Parse: %v", diags)
	}
	want := &Config{
		Version:  1,
		Schemas:  []string{"schemas/*.json", "more/*.yaml"},
		Output:   Output{Dir: "gen/datasets", Package: "ds"},
		Formats:  []string{"csv", "ndjson"},
		Naming:   Naming{Initialisms: []string{"SKU", "EAN"}},
		Nullable: "pointer",
		Overrides: []Override{
			{Field: "orders.quantity", Type: "int32", Pos: diag.Pos{File: "proj/ayeaye.yaml", Line: 12, Col: 12}},
			{Field: "orders.customer.age", Type: "int8", Pos: diag.Pos{File: "proj/ayeaye.yaml", Line: 14, Col: 13}},
		},
		Environments: env.Config{
			Environments: map[string]env.Environment{
				"dev": {Vars: map[string]string{"data_root": "data"}},
				"prod": {
					Vars:    map[string]string{"data_root": "s3+{bucket}/raw", "bucket": "sales"},
					Secrets: map[string]env.Secret{"db_password": {Env: "SALES_DB_PASSWORD"}},
				},
			},
			Dir: "proj",
		},
		Dir:        "proj",
		File:       "proj/ayeaye.yaml",
		schemasPos: diag.Pos{File: "proj/ayeaye.yaml", Line: 3, Col: 1},
	}
	if diff := cmp.Diff(want, got, allowUnexported); diff != "" {
		t.Errorf("Parse (-want +got):\n%s", diff)
	}
}

func TestParseDefaults(t *testing.T) {
	tests := []struct {
		src           string
		dir, pkg      string
		schemasLength int
	}{
		{"version: 1\n", "datasets", "datasets", 3},
		{"version: 0x1\n", "datasets", "datasets", 3},
		{"version: 1\noutput: {dir: out/My-Data}\n", "out/My-Data", "mydata", 3},
		{"version: 1\noutput: {dir: gen/2024}\n", "gen/2024", "x2024", 3},
		{"version: 1\noutput: {dir: type}\n", "type", "typepkg", 3},
		{"version: 1\noutput: {dir: cmd/main}\n", "cmd/main", "mainpkg", 3},
		{"version: 1\noutput: {dir: __}\n", "__", "datasets", 3},
		{"version: 1\noutput: {dir: Données}\n", "Données", "données", 3},
		{"version: 1\nschemas: [a/*.json]\n", "datasets", "datasets", 1},
	}
	for _, tt := range tests {
		c, diags := Parse("ayeaye.yaml", []byte(tt.src))
		if diags != nil {
			t.Errorf("Parse(%q): %v", tt.src, diags)
			continue
		}
		if c.Output.Dir != tt.dir || c.Output.Package != tt.pkg {
			t.Errorf("Parse(%q).Output = %+v, want dir %q package %q", tt.src, c.Output, tt.dir, tt.pkg)
		}
		if len(c.Schemas) != tt.schemasLength {
			t.Errorf("Parse(%q).Schemas = %q", tt.src, c.Schemas)
		}
		if diff := cmp.Diff(DefaultFormats(), c.Formats); diff != "" {
			t.Errorf("Parse(%q).Formats (-want +got):\n%s", tt.src, diff)
		}
		if c.Nullable != "value" || c.Version != 1 || c.Dir != "." {
			t.Errorf("Parse(%q) = %+v", tt.src, c)
		}
	}
}

// Defaults are fresh copies: changing one config does not change another.
func TestDefaultsAreNotShared(t *testing.T) {
	a, _ := Parse("ayeaye.yaml", []byte("version: 1\n"))
	a.Schemas[0], a.Formats[0] = "changed", "changed"
	b, _ := Parse("ayeaye.yaml", []byte("version: 1\n"))
	if b.Schemas[0] == "changed" || b.Formats[0] == "changed" {
		t.Error("defaults are shared between configs")
	}
}

func TestParseErrors(t *testing.T) {
	const (
		topKeys      = "valid keys are version, schemas, output, formats, naming, nullable, overrides, environments, catalogue"
		syntaxHint   = "\n\thint: fix the YAML syntax; a config looks like \"version: 1\" then one \"key: value\" per line"
		emptyHint    = "\n\thint: start the file with \"version: 1\""
		globHint     = "\n\thint: list glob patterns relative to this file, e.g. schemas: [\"schemas/*.json\"]"
		dirHint      = "\n\thint: use a directory inside the project, relative to ayeaye.yaml, e.g. datasets"
		pkgHint      = "\n\thint: use a lower-case Go package name such as datasets"
		formatsList  = "valid formats are csv, tsv, json, ndjson, parquet, sql"
		overrideEg   = `e.g. "- {field: orders.quantity, type: int32}"`
		fieldHint    = "\n\thint: write <dataset>.<property>, e.g. \"orders.quantity\"; nested properties add more steps: \"orders.customer.age\""
		dupHint      = "\n\thint: remove one of them"
		versionHint  = "\n\thint: write \"version: 1\""
		overrideBoth = "\n\thint: each override needs both field and type, " + overrideEg
	)
	tests := []struct {
		name, src string
		want      []string
	}{
		{"empty", "", []string{"ayeaye.yaml: config file is empty" + emptyHint}},
		{"only a comment", "# nothing\n", []string{"ayeaye.yaml: config file is empty" + emptyHint}},
		{"null", "~\n", []string{"ayeaye.yaml: config file is empty" + emptyHint}},
		{"unclosed list", "version: 1\nschemas: [a\n", []string{
			"ayeaye.yaml:2: invalid YAML: did not find expected ',' or ']'" + syntaxHint}},
		{"unclosed list on line 1", "a: [\n", []string{
			"ayeaye.yaml:2: invalid YAML: did not find expected node content" + syntaxHint}},
		{"bad indentation", "version: 1\noutput:\n  dir: x\n bad: 1\n", []string{
			"ayeaye.yaml:4: invalid YAML: did not find expected key" + syntaxHint}},
		{"tab", "version: 1\n\tschemas: x\n", []string{
			"ayeaye.yaml:2: invalid YAML: found a tab character that violates indentation" + syntaxHint}},
		{"two documents", "version: 1\n---\nversion: 1\n", []string{
			"ayeaye.yaml:2:1: config file has more than one YAML document\n\thint: remove the '---' line and what follows it; the config is one YAML document"}},
		{"list", "- version: 1\n", []string{
			"ayeaye.yaml:1:1: config must be a mapping, not a list\n\thint: the config is a mapping of keys such as \"version: 1\""}},
		{"no version", "schemas: [\"a/*.json\"]\n", []string{
			"ayeaye.yaml: config has no version\n\thint: add \"version: 1\" as the first line"}},
		{"version 2", "version: 2\n", []string{
			"ayeaye.yaml:1:10: config version 2 is not supported\n\thint: this ayeaye-gen reads version 1; install a newer ayeaye-gen for version 2 files"}},
		{"version 0", "version: 0\n", []string{
			"ayeaye.yaml:1:10: version 0 is not valid; the only config version is 1" + versionHint}},
		{"version string", "version: \"1\"\n", []string{`ayeaye.yaml:1:10: version must be 1, not "1"` + versionHint}},
		{"version float", "version: 1.0\n", []string{"ayeaye.yaml:1:10: version must be 1, not a number (1.0)" + versionHint}},
		{"unknown keys", "version: 1\nschema: [x]\nfoo: 1\n", []string{
			"ayeaye.yaml:2:1: unknown key \"schema\" in the config\n\thint: did you mean \"schemas\"? " + topKeys,
			"ayeaye.yaml:3:1: unknown key \"foo\" in the config\n\thint: " + topKeys}},
		{"non-string key", "version: 1\n1: x\n", []string{
			"ayeaye.yaml:2:1: key in the config must be a name, not a number (1)\n\thint: keys are names such as version, schemas, output, formats, naming, nullable, overrides, environments, catalogue"}},
		{"repeated key", "version: 1\nversion: 1\n", []string{
			`ayeaye.yaml:2:1: key "version" is already set at line 1` + dupHint}},
		{"schemas not a list", "version: 1\nschemas: x\n", []string{
			`ayeaye.yaml:2:10: schemas must be a list, not "x"` + globHint}},
		{"schemas empty", "version: 1\nschemas: []\n", []string{
			"ayeaye.yaml:2:10: schemas is an empty list" + globHint + ", or remove the key to use the default"}},
		{"bad globs", `version: 1
schemas: [1, "", "/abs/*.json", "schemas/**/*.json", "[", "a/*.json", "a/*.json", "../shared/*.json"]
`, []string{
			"ayeaye.yaml:2:11: schemas[0] must be a string, not a number (1)" + globHint,
			"ayeaye.yaml:2:14: schemas[1] is empty" + globHint,
			`ayeaye.yaml:2:18: schemas pattern "/abs/*.json" is an absolute path` +
				"\n\thint: write the pattern relative to the directory of ayeaye.yaml, so the project works wherever it is checked out",
			`ayeaye.yaml:2:33: schemas pattern "schemas/**/*.json" uses **` +
				"\n\thint: Go globs do not recurse; list each directory level, e.g. \"schemas/*.json\" and \"schemas/*/*.json\"",
			`ayeaye.yaml:2:54: schemas pattern "[" is not a valid glob` +
				"\n\thint: check the brackets and escapes; see `go doc path.Match` for the syntax",
			`ayeaye.yaml:2:71: schemas lists "a/*.json" twice (first at line 2)` + dupHint}},
		{"output not a mapping", "version: 1\noutput: datasets\n", []string{
			"ayeaye.yaml:2:9: output must be a mapping, not \"datasets\"\n\thint: write output as a mapping, e.g. \"output: {dir: datasets}\""}},
		{"output unknown keys", "version: 1\noutput: {directory: x, pakage: y}\n", []string{
			"ayeaye.yaml:2:10: unknown key \"directory\" in output\n\thint: valid keys are dir, package",
			"ayeaye.yaml:2:24: unknown key \"pakage\" in output\n\thint: did you mean \"package\"? valid keys are dir, package"}},
		{"output.dir absolute", "version: 1\noutput: {dir: /abs}\n", []string{`ayeaye.yaml:2:15: output.dir "/abs" is an absolute path` + dirHint}},
		{"output.dir parent", "version: 1\noutput: {dir: ..}\n", []string{`ayeaye.yaml:2:15: output.dir ".." is outside the project` + dirHint}},
		{"output.dir sibling", "version: 1\noutput: {dir: ../x}\n", []string{`ayeaye.yaml:2:15: output.dir "../x" is outside the project` + dirHint}},
		{"output.dir escapes", "version: 1\noutput: {dir: a/../..}\n", []string{`ayeaye.yaml:2:15: output.dir "a/../.." is outside the project` + dirHint}},
		{"output.dir project", "version: 1\noutput: {dir: ./}\n", []string{
			"ayeaye.yaml:2:15: output.dir \"./\" is the project directory itself\n\thint: generated code needs a package directory of its own; use a directory inside the project, relative to ayeaye.yaml, e.g. datasets"}},
		{"output.dir empty", "version: 1\noutput: {dir: \"\"}\n", []string{`ayeaye.yaml:2:15: output.dir is empty` + dirHint}},
		{"package not an identifier", "version: 1\noutput: {dir: ok, package: my-pkg}\n", []string{
			`ayeaye.yaml:2:28: output.package "my-pkg" is not a Go identifier` + pkgHint}},
		{"package keyword", "version: 1\noutput: {package: type}\n", []string{`ayeaye.yaml:2:19: output.package "type" is a Go keyword` + pkgHint}},
		{"package main", "version: 1\noutput: {package: main}\n", []string{`ayeaye.yaml:2:19: output.package "main" cannot be imported` + pkgHint}},
		{"package blank", "version: 1\noutput: {package: _}\n", []string{`ayeaye.yaml:2:19: output.package "_" is the blank identifier` + pkgHint}},
		{"package number", "version: 1\noutput: {package: 3}\n", []string{`ayeaye.yaml:2:19: output.package must be a string, not a number (3)` + pkgHint}},
		{"formats", "version: 1\nformats: [parquat, CSV, csv, csv, jsonl, \"é\", bad]\n", []string{
			`ayeaye.yaml:2:11: unknown format "parquat"` + "\n\thint: did you mean \"parquet\"? " + formatsList,
			`ayeaye.yaml:2:20: unknown format "CSV"` + "\n\thint: did you mean \"csv\"? " + formatsList,
			`ayeaye.yaml:2:30: formats lists "csv" twice (first at line 2)` + dupHint,
			`ayeaye.yaml:2:35: unknown format "jsonl"` + "\n\thint: did you mean \"json\"? " + formatsList,
			`ayeaye.yaml:2:42: unknown format "é"` + "\n\thint: " + formatsList,
			// "é" is two bytes, so bad starts at byte column 48.
			`ayeaye.yaml:2:48: unknown format "bad"` + "\n\thint: " + formatsList}},
		{"formats empty", "version: 1\nformats: []\n", []string{
			"ayeaye.yaml:2:10: formats is an empty list\n\thint: list some of csv, tsv, json, ndjson, parquet, sql, or remove the key to use the default"}},
		{"naming not a mapping", "version: 1\nnaming: [SKU]\n", []string{
			"ayeaye.yaml:2:9: naming must be a mapping, not a list\n\thint: write naming as a mapping, e.g. \"naming: {initialisms: [SKU]}\""}},
		{"initialisms", "version: 1\nnaming: {initialisms: [S-K-U, sku, SKU, \"\"], other: 1}\n", []string{
			`ayeaye.yaml:2:24: naming.initialisms: initialism "S-K-U" contains '-'; initialisms are letters and digits only` +
				"\n\thint: an initialism is letters and digits only, e.g. SKU",
			`ayeaye.yaml:2:36: naming.initialisms lists "SKU" twice (first at line 2)` + dupHint,
			"ayeaye.yaml:2:41: naming.initialisms[3] is empty\n\thint: list initialisms such as [SKU, EAN]",
			"ayeaye.yaml:2:46: unknown key \"other\" in naming\n\thint: valid keys are initialisms"}},
		{"nullable typo", "version: 1\nnullable: pointers\n", []string{
			`ayeaye.yaml:2:11: nullable "pointers" is not valid` + "\n\thint: did you mean \"pointer\"? valid values are value, pointer"}},
		{"nullable unknown", "version: 1\nnullable: ptr\n", []string{
			`ayeaye.yaml:2:11: nullable "ptr" is not valid` + "\n\thint: valid values are value, pointer"}},
		{"nullable null", "version: 1\nnullable: null\n", []string{
			"ayeaye.yaml:2:11: nullable must be a string, not null\n\thint: use one of value, pointer"}},
		{"overrides not a list", "version: 1\noverrides: {field: x}\n", []string{
			"ayeaye.yaml:2:12: overrides must be a list, not a mapping\n\thint: write overrides as a list, " + overrideEg}},
		{"overrides", `version: 1
overrides:
  - orders.quantity
  - field: orders.quantity
  - type: int32
  - field: orders.quantity
    type: int
  - field: orders
    type: int32
  - field: orders..x
    type: int32
  - field: orders.quantity
    type: int32
  - field: orders.quantity
    type: int16
  - {field: a.b, type: int8, extra: true}
`, []string{
			"ayeaye.yaml:3:5: overrides[0] must be a mapping, not \"orders.quantity\"\n\thint: each override is a mapping with field and type, " + overrideEg,
			"ayeaye.yaml:4:5: overrides[1] has no type" + overrideBoth,
			"ayeaye.yaml:5:5: overrides[2] has no field" + overrideBoth,
			`ayeaye.yaml:7:11: overrides[3].type "int" is not valid` + "\n\thint: valid values are int8, int16, int32, int64, float32, float64",
			`ayeaye.yaml:8:12: overrides[4].field "orders" is not <dataset>.<property>` + fieldHint,
			`ayeaye.yaml:10:12: overrides[5].field "orders..x" is not <dataset>.<property>` + fieldHint,
			`ayeaye.yaml:14:12: overrides[7]: field "orders.quantity" is already overridden at line 12` + "\n\thint: keep one override per field",
			"ayeaye.yaml:16:30: unknown key \"extra\" in overrides[8]\n\thint: valid keys are field, type"}},
		{"environments", `version: 1
environments:
  default: prd
  prod:
    vars: {data_root: "{bucket"}
    secret:
      db_password: {env: DB_PASSWORD}
formats: [xml]
`, []string{
			`ayeaye.yaml:3:12: environments.default "prd" is not an environment` + "\n\thint: did you mean \"prod\"? defined environments are prod",
			"ayeaye.yaml:5:24: environments.prod.vars.data_root: unclosed '{'\n\thint: close it with '}', or write {{ for a literal '{'",
			"ayeaye.yaml:6:5: unknown key \"secret\" in environments.prod\n\thint: did you mean \"secrets\"? valid keys are vars, secrets",
			`ayeaye.yaml:8:11: unknown format "xml"` + "\n\thint: " + formatsList}},
		{"environments not a mapping", "version: 1\nenvironments: [dev]\n", []string{
			"ayeaye.yaml:2:15: environments must be a mapping, not a list\n\thint: write environments as a mapping of environment names, e.g. \"environments: {dev: {vars: {data_root: data}}}\""}},
		{"environments twice, reported once", "version: 1\nenvironments: {}\nenvironments: {}\n", []string{
			`ayeaye.yaml:3:1: key "environments" is already set at line 2` + dupHint}},
		{"environments column counts bytes", "version: 1\nenvironments: {dév: {}}\n", []string{
			`ayeaye.yaml:2:16: environment name "dév" is not valid` +
				"\n\thint: an environment name starts with a letter and has only letters, digits, '_', '-' and '.'"}},
		{"problems sorted, file-level first", "base: &b [csv]\n", []string{
			"ayeaye.yaml: config has no version\n\thint: add \"version: 1\" as the first line",
			"ayeaye.yaml:1:1: unknown key \"base\" in the config\n\thint: " + topKeys}},
		{"alias", "version: 1\nformats: &f [csv, tsv]\nother: *f\n", []string{
			"ayeaye.yaml:3:1: unknown key \"other\" in the config\n\thint: " + topKeys}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, diags := Parse("ayeaye.yaml", []byte(tt.src))
			if c != nil {
				t.Errorf("Parse returned a config with %d problems", len(diags))
			}
			var got []string
			for _, d := range diags {
				got = append(got, d.String())
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Parse(%q) diagnostics (-want +got):\n%s", tt.src, diff)
			}
		})
	}
}

func TestAliasesAreFollowed(t *testing.T) {
	c, diags := Parse("ayeaye.yaml", []byte("version: 1\nformats: [csv]\nnaming: {initialisms: &i [SKU]}\nschemas: *i\n"))
	if diags != nil {
		t.Fatal(diags)
	}
	if diff := cmp.Diff([]string{"SKU"}, c.Schemas); diff != "" {
		t.Errorf("Schemas (-want +got):\n%s", diff)
	}
}

func TestClosest(t *testing.T) {
	valid := []string{"version", "schemas", "output", "formats", "naming", "nullable", "overrides"}
	for got, want := range map[string]string{
		"schema": "schemas", "Version": "version", "nullabel": "nullable", "override": "overrides",
		"format": "formats", "xyz": "", "outputs": "output", "": "", "namingg": "naming",
	} {
		if s := suggest.Closest(got, valid); s != want {
			t.Errorf("closest(%q) = %q, want %q", got, s, want)
		}
	}
}

// The keys the parser accepts and the names in the struct tags (which the
// JSON Schema is generated from) must be the same words.
func TestStructTagsAgree(t *testing.T) {
	tests := []struct {
		v    any
		keys []string
	}{
		{Config{}, topKeys},
		{env.Config{}, []string{"default"}}, // the environments are the other keys
		{env.Environment{}, []string{"vars", "secrets"}},
		{env.Secret{}, []string{"env", "file"}},
		{Output{}, []string{"dir", "package"}},
		{Naming{}, []string{"initialisms"}},
		{Override{}, []string{"field", "type"}},
	}
	for _, tt := range tests {
		var jsonKeys, yamlKeys []string
		typ := reflect.TypeOf(tt.v)
		for i := range typ.NumField() {
			f := typ.Field(i)
			if j, _, _ := strings.Cut(f.Tag.Get("json"), ","); j != "-" && f.IsExported() {
				jsonKeys = append(jsonKeys, j)
			}
			// An inline map's keys are the struct's other keys.
			if y, opts, _ := strings.Cut(f.Tag.Get("yaml"), ","); y != "-" && f.IsExported() && opts != "inline" {
				yamlKeys = append(yamlKeys, y)
			}
		}
		if diff := cmp.Diff(tt.keys, jsonKeys); diff != "" {
			t.Errorf("%T json tags (-parser +tags):\n%s", tt.v, diff)
		}
		if diff := cmp.Diff(tt.keys, yamlKeys); diff != "" {
			t.Errorf("%T yaml tags (-parser +tags):\n%s", tt.v, diff)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"", "version: 1\n", "version: 2\n", "[1, 2]", "version: 1\nschemas: [\"a/*.json\"]\n",
		"version: 1\noutput: {dir: x/y, package: p}\nformats: [csv, json]\nnaming: {initialisms: [SKU]}\n",
		"version: 1\nnullable: pointer\noverrides:\n  - field: a.b\n    type: int32\n",
		"a: &a [*a]\n", "version: 1\n---\n", "\tversion: 1", "version: 1\nformats: &f [csv]\nschemas: *f\n",
		"version: 1\noutput:\n  dir: é/\u00e9\n",
		"version: 1\nenvironments:\n  default: dev\n  dev: {vars: {a: \"{b}\", b: x}, secrets: {s: {env: S}}}\n",
		"version: 1\nenvironments: {dev: {vars: {a: \"{a}\"}}}\nenvironments: []\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, diags := Parse("ayeaye.yaml", data)
		if (c == nil) == (len(diags) == 0) {
			t.Fatalf("Parse(%q) = %v, %v: want exactly one of config and diagnostics", data, c, diags)
		}
		for _, d := range diags {
			if d.Pos.File != "ayeaye.yaml" || d.Message == "" || d.Pos.Line < 0 || d.Pos.Col < 0 {
				t.Fatalf("Parse(%q): bad diagnostic %#v", data, d)
			}
		}
		if c == nil {
			return
		}
		if c.Version != 1 || len(c.Schemas) == 0 || len(c.Formats) == 0 || c.Output.Dir == "" ||
			packageNameProblem(c.Output.Package) != "" || c.Nullable == "" {
			t.Fatalf("Parse(%q) = %+v: defaults not applied", data, c)
		}
		if filepath.IsAbs(c.Output.Dir) || strings.HasPrefix(c.Output.Dir, "..") {
			t.Fatalf("Parse(%q): output.dir %q escapes the project", data, c.Output.Dir)
		}
	})
}

// TestLoadAllKeepsWhatItCanRead: a config with problems still gives its
// good settings, defaults for the bad ones, and says when it could read
// nothing.
func TestLoadAllKeepsWhatItCanRead(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	write := func(s string) {
		t.Helper()
		if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("version: 1\nformats: [json, jsn]\noutput: {dir: /abs, package: tables}\nnulable: pointer\n")
	c, unread, diags := LoadAll(path)
	if unread || len(diags) != 3 {
		t.Fatalf("unread %v, diags:\n%v\nwant 3 problems, the file read", unread, diags)
	}
	if !slices.Equal(c.Formats, []string{"json"}) || c.Output.Dir != DefaultOutputDir || c.Output.Package != "tables" || c.Nullable != "value" || c.Dir != dir {
		t.Errorf("config %+v: want formats [json], the default dir, package tables, nullable value, Dir %s", c, dir)
	}
	for _, bad := range []string{"version: 1\nformats: [csv\n", "", "- a\n"} {
		write(bad)
		c, unread, diags := LoadAll(path)
		if !unread || len(diags) == 0 || !slices.Equal(c.Formats, DefaultFormats()) || c.Dir != dir {
			t.Errorf("%q: unread %v, formats %v, diags %v; want unread, defaults and a problem", bad, unread, c.Formats, diags)
		}
	}
	if c, unread, diags := LoadAll(filepath.Join(dir, "missing", FileName)); !unread || len(diags) != 1 || c.Output.Dir != DefaultOutputDir {
		t.Errorf("missing file: unread %v, config %+v, diags %v", unread, c, diags)
	}
	if c, diags := Load(path); c != nil || len(diags) == 0 {
		t.Errorf("Load of a bad config gave %+v, %v; want nil and the problems", c, diags)
	}
}
