package schema

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/ayeaye-go/ayeaye/gen/diag"
	"github.com/ayeaye-go/ayeaye/gen/ir"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestJSONAndYAMLAgree parses the same schema written in JSON and in YAML:
// everything but positions and the source name must be equal, including
// the fingerprint.
func TestJSONAndYAMLAgree(t *testing.T) {
	pairs := [][2]string{
		{"testdata/all_types_json/schema.json", "testdata/all_types_yaml/schema.yaml"},
	}
	for _, p := range pairs {
		var got [2]*ir.Dataset
		for i, file := range p {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			ds, diags := Parse(file, data)
			if len(diags) > 0 {
				t.Fatalf("%s: %v", file, diags)
			}
			got[i] = ds
		}
		opts := cmp.Options{
			cmpopts.IgnoreFields(ir.Dataset{}, "Pos", "Source"),
			cmpopts.IgnoreFields(ir.Field{}, "Pos"),
		}
		if diff := cmp.Diff(got[0], got[1], opts); diff != "" {
			t.Errorf("JSON and YAML differ (-json +yaml):\n%s", diff)
		}
	}
}

// TestSharedDefinitions checks pointer identity, which a text dump can
// only hint at: every $ref to an object or enum definition shares it.
func TestSharedDefinitions(t *testing.T) {
	data, err := os.ReadFile("testdata/defs_shared/schema.json")
	if err != nil {
		t.Fatal(err)
	}
	ds, diags := Parse("schema.json", data)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	field := func(name string) *ir.Field {
		for _, f := range ds.Record.Fields {
			if f.Name == name {
				return f
			}
		}
		t.Fatalf("no field %q", name)
		return nil
	}
	billing, shipping, stops := field("billing").Type, field("shipping").Type, field("stops").Type
	if billing.Object != shipping.Object || billing.Object != stops.Elem.Object {
		t.Error("references to #/$defs/Address do not share one *ir.Object")
	}
	if billing == shipping {
		t.Error("references share one *ir.Type; each must get its own")
	}
	if diff := cmp.Diff([]string{"$defs", "Address"}, billing.Object.Path); diff != "" {
		t.Errorf("Address path (-want +got):\n%s", diff)
	}
	country := billing.Object.Fields[1].Type.Enum
	if origin := field("origin").Type.Enum; origin != country {
		t.Error("references to #/$defs/Country do not share one *ir.EnumType")
	}
	if got := len(ds.Objects()); got != 2 {
		t.Errorf("Objects() lists %d objects, want the record and Address once", got)
	}
}

func TestLoadFileErrors(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "schemas"), 0o755); err != nil {
		t.Fatal(err)
	}
	good := `{"type": "object", "properties": {"id": {"type": "integer"}}}`
	if err := os.WriteFile(filepath.Join(root, "schemas", "orders.json"), []byte(good), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "schemas", "orders.txt"), []byte(good), 0o644); err != nil {
		t.Fatal(err)
	}

	dss, diags := Load(root, []string{"schemas/orders.json"})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if len(dss) != 1 || dss[0].Source != "schemas/orders.json" || dss[0].Name != "orders" {
		t.Fatalf("got %+v", dss)
	}

	dss, diags = Load(root, []string{"schemas/orders.json", "schemas/missing.json", "schemas/orders.txt"})
	if dss != nil {
		t.Error("datasets returned with diagnostics")
	}
	want := []string{
		"schemas/missing.json: cannot read schema file: open: no such file or directory",
		`schemas/orders.txt: cannot tell the syntax of schema file from its extension ".txt"`,
	}
	var got []string
	for _, d := range diags {
		got = append(got, d.Pos.String()+": "+d.Message)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestParseConcurrently runs Parse from many goroutines; with -race it
// proves the shared meta-schema is safe to use concurrently.
func TestParseConcurrently(t *testing.T) {
	data, err := os.ReadFile("testdata/nested/schema.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	fingerprints := make([]string, 8)
	for i := range fingerprints {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ds, diags := Parse(fmt.Sprintf("s%d.yaml", i), data)
			if len(diags) > 0 {
				t.Error(diags)
				return
			}
			fingerprints[i] = ds.Fingerprint
		}()
	}
	wg.Wait()
	for _, fp := range fingerprints[1:] {
		if fp != fingerprints[0] {
			t.Errorf("fingerprints differ: %q vs %q", fp, fingerprints[0])
		}
	}
}

// TestDiagnosticsSorted checks that problems come out in file order even
// when different passes find them.
func TestDiagnosticsSorted(t *testing.T) {
	in := `{"type": "object", "examples": 1, "x-ayeaye": {"keys": ["nope"]},
"properties": {"a": {"type": "money"}, "b": {"type": "string", "deprecated": 2}}}`
	_, diags := Parse("s.json", []byte(in))
	sorted := append(diag.List(nil), diags...)
	sorted.Sort()
	if diff := cmp.Diff(sorted, diags); diff != "" {
		t.Errorf("not sorted (-sorted +got):\n%s", diff)
	}
	if len(diags) != 4 {
		t.Errorf("want 4 problems, got:\n%v", diags)
	}
}

// TestNoPanicOnOddInput feeds inputs that have broken front ends before.
func TestNoPanicOnOddInput(t *testing.T) {
	for _, in := range []string{
		"", "null", "0", `""`, "[]", "{}", "true", `{"type": null}`, `{"properties": null}`,
		`{"type":"object","properties":{"a":{"type":"array","items":[]}}}`,
		`{"type":"object","properties":{"a":{"$ref":"#/$defs/"}}}`,
		`{"type":"object","$defs":{"":{}},"properties":{"a":{"$ref":"#/$defs/%zz"}}}`,
		`{"type":"object","properties":{"a":{"type":"integer","default":-9223372036854775809}}}`,
		`{"type":"object","properties":{"a":{"type":"integer","default":1e-400}}}`,
		`{"type":"object","x-ayeaye":{"keys":["a"]},"properties":{"a":{"$ref":"#/$defs/B"}},"required":["a"],"$defs":{"B":{"type":"object","properties":{"c":{"type":"string"}}}}}`,
		strings.Repeat(`{"a":`, 300),
	} {
		for _, name := range []string{"s.json", "s.yaml"} {
			ds, diags := Parse(name, []byte(in))
			if ds == nil && len(diags) == 0 {
				t.Errorf("%s %q: neither dataset nor diagnostics", name, in)
			}
		}
	}
}

// TestHintsListAFewNames checks that a hint naming the properties of a
// schema with thousands of them lists the first few and counts the rest.
func TestHintsListAFewNames(t *testing.T) {
	root := t.TempDir()
	var props []string
	for i := range 2000 {
		props = append(props, fmt.Sprintf(`"p%04d": {"type": "integer"}`, i))
	}
	doc := `{"type": "object", "required": ["something_else"], "properties": {` + strings.Join(props, ", ") + `}}`
	if err := os.MkdirAll(filepath.Join(root, "schemas"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "schemas", "wide.json"), []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	_, diags := Load(root, []string{"schemas/wide.json"})
	if len(diags) != 1 {
		t.Fatalf("want one problem, got %v", diags)
	}
	want := `the properties are "p0000", "p0001", "p0002", "p0003", "p0004", "p0005", "p0006", "p0007", "p0008", "p0009" … and 1,990 more`
	if diags[0].Hint != want {
		t.Errorf("hint = %.300q\nwant %q", diags[0].Hint, want)
	}
}

// TestTooManyProperties checks that an object wider than MaxProperties
// is refused at its "properties" key, with the limit and what to do.
func TestTooManyProperties(t *testing.T) {
	root := t.TempDir()
	var props []string
	for i := range MaxProperties + 1 {
		props = append(props, fmt.Sprintf(`"p%d": {"type": "integer"}`, i))
	}
	doc := "{\"type\": \"object\",\n  \"properties\": {" + strings.Join(props, ", ") + "}}"
	if err := os.MkdirAll(filepath.Join(root, "schemas"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "schemas", "wide.json"), []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	_, diags := Load(root, []string{"schemas/wide.json"})
	if len(diags) != 1 {
		t.Fatalf("want one problem, got %d: %.2000v", len(diags), diags)
	}
	got := diags[0].Pos.String() + ": " + diags[0].Message + "\n\thint: " + diags[0].Hint
	want := "schemas/wide.json:2:3: the object has 2,049 properties; at most 2,048 are supported\n" +
		"\thint: the Go code for a wider object takes minutes and gigabytes to compile; split the dataset into narrower ones joined by their keys, or group properties into nested objects"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}
