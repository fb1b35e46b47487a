package infer

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ayeaye-go/ayeaye/gen/schema"
)

var update = flag.Bool("update", false, "rewrite testdata/*/want.json and want.stderr from the current output")

// TestGolden runs every case under testdata: case.txt holds the flags and
// input files (relative to the case), want.json the schema and
// want.stderr the notes, or the error when inference fails.
func TestGolden(t *testing.T) {
	dirs, err := filepath.Glob("testdata/*/case.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) == 0 {
		t.Fatal("no cases in testdata")
	}
	for _, c := range dirs {
		dir := filepath.Dir(c)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			inputs, o := readCase(t, dir)
			res, err := Infer(inputs, o)
			var gotJSON, gotStderr string
			if err != nil {
				if errors.Is(err, errSelfCheck) {
					t.Fatal(err)
				}
				gotStderr = "error: " + err.Error() + "\n"
			} else {
				gotJSON = string(res.Schema)
				for _, n := range res.Notes {
					gotStderr += n.String() + "\n"
				}
				if _, diags := schema.Parse(res.Name+".json", res.Schema); len(diags) > 0 {
					t.Errorf("gen/schema refuses the inferred schema:\n%v", diags)
				}
			}
			golden(t, filepath.Join(dir, "want.json"), gotJSON)
			golden(t, filepath.Join(dir, "want.stderr"), gotStderr)
		})
	}
}

// readCase reads case.txt: lines starting with # are comments, the rest
// are command line words.
func readCase(t *testing.T, dir string) ([]Input, Options) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "case.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var words []string
	for _, line := range strings.Split(string(data), "\n") {
		if !strings.HasPrefix(line, "#") {
			words = append(words, strings.Fields(line)...)
		}
	}
	var o Options
	fs := flag.NewFlagSet("case", flag.ContinueOnError)
	fs.StringVar(&o.Name, "name", "", "")
	fs.IntVar(&o.Rows, "rows", 0, "")
	fs.IntVar(&o.Enums, "enums", 0, "")
	fs.BoolVar(&o.Decimal, "decimal", false, "")
	if err := fs.Parse(words); err != nil {
		t.Fatalf("case.txt: %v", err)
	}
	var inputs []Input
	for _, name := range fs.Args() {
		path := filepath.Join(dir, name)
		inputs = append(inputs, Input{Name: name, Open: func() (io.ReadCloser, error) { return os.Open(path) }})
	}
	return inputs, o
}

// golden compares got with the file; an empty got means the file must
// not exist. With -update it writes (or removes) the file instead.
func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if got == "" {
			if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
				t.Fatal(err)
			}
			return
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		want, err = nil, nil
	}
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s mismatch (-want +got; run with -update to accept):\n%s", path, diff)
	}
}

// memInput is an input held in memory.
func memInput(name, data string) Input {
	return Input{Name: name, Open: func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(data)), nil }}
}

func TestOptionErrors(t *testing.T) {
	in := []Input{memInput("a.csv", "x\n1\n")}
	tests := []struct {
		name   string
		inputs []Input
		o      Options
		want   string
	}{
		{"no inputs", nil, Options{}, "no input files"},
		{"negative rows", in, Options{Rows: -1}, "the number of rows to read is -1"},
		{"negative enums", in, Options{Enums: -2}, "the enum limit is -2"},
		{"bad name", in, Options{Name: "My Data"}, `dataset name "My Data" is not valid: it must match [a-z][a-z0-9_]*` + "\n\thint: try \"my_data\""},
		{"open fails", []Input{{Name: "gone.csv", Open: func() (io.ReadCloser, error) { return nil, os.ErrNotExist }}}, Options{}, "gone.csv: file does not exist"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Infer(tt.inputs, tt.o)
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("got error %v, want one starting with %q", err, tt.want)
			}
		})
	}
}

func TestFiles(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "2026 Orders.csv")
	if err := os.WriteFile(path, []byte("id\n1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Files([]string{path}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Name != "x2026_orders" {
		t.Errorf("name %q, want x2026_orders", res.Name)
	}
	if !bytes.Contains(res.Schema, []byte(`"title": "2026 Orders"`)) {
		t.Errorf("title missing:\n%s", res.Schema)
	}
	if _, err := Files([]string{filepath.Join(dir, "missing.csv")}, Options{}); err == nil || !strings.Contains(err.Error(), "missing.csv: no such file or directory") {
		t.Errorf("missing file: got %v", err)
	}
}

// TestDeterministic checks that the same samples give the same bytes.
func TestDeterministic(t *testing.T) {
	data := "b,a,c\nx,1,2026-01-01\ny,2,\n"
	first, err := Infer([]Input{memInput("s.csv", data)}, Options{Enums: 5})
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		again, err := Infer([]Input{memInput("s.csv", data)}, Options{Enums: 5})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(first, again); diff != "" {
			t.Fatalf("second run differs:\n%s", diff)
		}
	}
}

// TestLimits checks the bounds that keep memory constant.
func TestLimits(t *testing.T) {
	var wide strings.Builder
	wide.WriteString("{")
	for i := range maxColumns + 1 {
		if i > 0 {
			wide.WriteString(",")
		}
		wide.WriteString(`"k` + strconv.Itoa(i) + `":1`)
	}
	wide.WriteString("}\n")
	deep := strings.Repeat(`{"a":`, maxDepth+1) + "1" + strings.Repeat("}", maxDepth+1) + "\n"
	tests := []struct {
		name, file, data, want string
	}{
		{"too many keys", "wide.ndjson", wide.String(), "distinct keys"},
		{"too deep", "deep.ndjson", deep, "nested more than 64 levels"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Infer([]Input{memInput(tt.file, tt.data)}, Options{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}
