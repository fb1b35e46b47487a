package schema

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// seeds adds every testdata schema with the given extensions to f.
func seeds(f *testing.F, exts ...string) {
	files, _ := filepath.Glob("testdata/*/*")
	for _, file := range files {
		for _, ext := range exts {
			if strings.HasSuffix(file, ext) {
				data, err := os.ReadFile(file)
				if err != nil {
					f.Fatal(err)
				}
				f.Add(data)
			}
		}
	}
}

// checkParse holds for any input: no panic, a dataset xor diagnostics,
// every diagnostic placed in the file and with a hint, and a dataset's
// canonical form is valid JSON that parses back to the same fingerprint.
func checkParse(t *testing.T, name string, data []byte) {
	ds, diags := Parse(name, data)
	if (ds == nil) == (len(diags) == 0) {
		t.Fatalf("want a dataset or diagnostics, got %v and %v", ds, diags)
	}
	for _, d := range diags {
		if d.Pos.File != name || d.Message == "" || d.Hint == "" {
			t.Errorf("incomplete diagnostic %#v", d)
		}
	}
	if ds == nil {
		return
	}
	if !json.Valid(ds.Canonical) {
		t.Fatalf("canonical form is not JSON: %s", ds.Canonical)
	}
	again, diags := Parse("again.json", ds.Canonical)
	if len(diags) > 0 {
		t.Fatalf("canonical form does not parse: %v\n%s", diags, ds.Canonical)
	}
	if again.Fingerprint != ds.Fingerprint {
		t.Fatalf("fingerprint changed through the canonical form: %s", ds.Canonical)
	}
}

func FuzzParseJSON(f *testing.F) {
	seeds(f, ".json")
	for _, s := range []string{
		`{"type":"object","properties":{"a":{"type":"string"}}}`,
		`{"type":"object","properties":{"a":{"type":["integer","null"],"default":null}}}`,
		`{"a":"\ud83d\ude00\u0000"}`,
		`[1e400, -0, 0.0]`,
		"\uFEFF{}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkParse(t, "fuzz.json", data)
	})
}

func FuzzParseYAML(f *testing.F) {
	seeds(f, ".yaml", ".yml")
	for _, s := range []string{
		"type: object\nproperties:\n  a: {type: string}\n",
		"a: &x {b: *x}\n",
		"? [a]\n: b\n",
		"a: !!binary aGk=\n",
		"type: object\nproperties:\n  a: {type: number, default: 0x10}\n",
		"--- 1\n--- 2\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkParse(t, "fuzz.yaml", data)
	})
}
