package infer

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ayeaye-go/ayeaye/gen/schema"
)

// checkInfer holds for any input: no panic, and either an error that is
// about the input or a schema gen/schema accepts, with notes that name
// the input.
func checkInfer(t *testing.T, name string, data []byte, o Options) {
	res, err := Infer([]Input{memInput(name, string(data))}, o)
	if err != nil {
		if errors.Is(err, errSelfCheck) {
			t.Fatal(err)
		}
		if !strings.HasPrefix(err.Error(), name) {
			t.Fatalf("error does not name the file: %v", err)
		}
		return
	}
	if _, diags := schema.Parse(res.Name+".json", res.Schema); len(diags) > 0 {
		t.Fatalf("gen/schema refuses the inferred schema:\n%v\n%s", diags, res.Schema)
	}
	for _, n := range res.Notes {
		if n.File != name || n.Message == "" {
			t.Fatalf("incomplete note %#v", n)
		}
	}
}

// fuzzSeeds adds the testdata files with one of the extensions.
func fuzzSeeds(f *testing.F, exts ...string) {
	files, _ := filepath.Glob("testdata/*/*")
	for _, file := range files {
		for _, ext := range exts {
			if strings.HasSuffix(file, ext) {
				data, err := os.ReadFile(file)
				if err != nil {
					f.Fatal(err)
				}
				f.Add(data, uint8(3), true)
			}
		}
	}
}

func FuzzInferCSV(f *testing.F) {
	fuzzSeeds(f, ".csv")
	for _, s := range []string{
		"",
		"a\n",
		"a,a,a\n1,2,3\n",
		",\n,\n",
		"\"\",\"\"\n\"\",\n",
		"x\n007\n0\n-0\n+1\n1e999\n.5\n5.\n",
		"x\n2026-02-29\n2024-02-29T24:00:00Z\n",
		"\"a\nb\",\"a\rb\",\"a\tb\"\n1,2,3\n",
		"\xef\xbb\xbfid\n1\n",
		"\xff\xfe,a\xffb\n\xff,\xfe\n",
		"mHz,MHz,m_hz\n1,2,3\n",
		"a b,a_b,a-b,A B\n1,2,3,4\n",
		"x\nA\na\nA\na\n",
		"x,y\n1\n",
	} {
		f.Add([]byte(s), uint8(2), false)
	}
	f.Fuzz(func(t *testing.T, data []byte, enums uint8, decimal bool) {
		checkInfer(t, "fuzz.csv", data, Options{Enums: int(enums % 8), Decimal: decimal})
	})
}

func FuzzInferNDJSON(f *testing.F) {
	fuzzSeeds(f, ".ndjson", ".jsonl")
	for _, s := range []string{
		`{"a": 1}`,
		`{"a": {"b": [1, {"c": null}]}}` + "\n" + `{"a": {"b": []}}`,
		`{"a": [[1], [2.5], []]}`,
		`{"": 1, "a\tb": 2, "a_b": 3}`,
		`{"x": "12.50"}` + "\n" + `{"x": "1.25"}`,
		`{"a": {}}`,
		`[1]`,
		`{"a": 1, "a": 2}`,
		`{"a": "\ud800"}`,
	} {
		f.Add([]byte(s), uint8(2), true)
	}
	f.Fuzz(func(t *testing.T, data []byte, enums uint8, decimal bool) {
		checkInfer(t, "fuzz.ndjson", data, Options{Enums: int(enums % 8), Decimal: decimal})
	})
}
