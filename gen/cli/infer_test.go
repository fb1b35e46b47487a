package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ayeaye-go/ayeaye/gen/schema"
)

const inferSample = "id,Zip Code,price\n1,02134,12.50\n2,10001,3.00\n"

const inferWant = `{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "shops",
  "description": "Inferred by ayeaye-gen infer from shops.csv (2 rows). Check the types, add a description and keys, and keep the file as the dataset's schema.",
  "type": "object",
  "x-ayeaye": {
    "name": "shops"
  },
  "required": ["id", "zip_code", "price"],
  "properties": {
    "id": {
      "type": "integer"
    },
    "zip_code": {
      "type": "string",
      "x-ayeaye": {
        "column": "Zip Code"
      }
    },
    "price": {
      "type": "number"
    }
  }
}
`

func TestInfer(t *testing.T) {
	dir := t.TempDir()
	sample := filepath.Join(dir, "shops.csv")
	if err := os.WriteFile(sample, []byte(inferSample), 0o644); err != nil {
		t.Fatal(err)
	}
	existing := filepath.Join(dir, "existing.json")
	if err := os.WriteFile(existing, []byte("keep me\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.json")
	notes := `$DIR/shops.csv: column "Zip Code": chose string: 1 value has leading zeros (e.g. "02134"), which a number would drop; values like these are codes or identifiers
$DIR/shops.csv: column "price": chose number: every value has 2 fraction digits (e.g. "12.50"), as exact amounts such as prices do; -decimal makes it an exact decimal (format: decimal) instead of a float
`
	usage := "usage: ayeaye-gen infer [-name N] [-rows N] [-enums N] [-decimal] [-o file [-f]] file...\nRun \"ayeaye-gen help infer\" for details.\n"
	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantStdout string
		wantStderr string
	}{
		{"stdout", []string{sample}, ExitOK, inferWant, notes},
		{"options", []string{"-name", "outlets", "-rows", "2", "-decimal", "-enums", "1", sample}, ExitOK,
			strings.NewReplacer(`"name": "shops"`, `"name": "outlets"`, "(2 rows)", "(the first 2 rows)",
				`"type": "number"`, `"type": "number",`+"\n"+`      "format": "decimal"`).Replace(inferWant),
			strings.SplitAfter(notes, "\n")[0]},
		{"to a file", []string{"-o", out, sample}, ExitOK, "", notes + "ayeaye-gen infer: wrote $DIR/out.json (dataset \"shops\")\n"},
		{"refuses to overwrite", []string{"-o", existing, sample}, ExitProblems, "",
			"ayeaye-gen infer: $DIR/existing.json already exists\n\thint: pass -f to overwrite it, or choose another -o\n"},
		{"overwrites with -f", []string{"-f", "-o", existing, sample}, ExitOK, "", notes + "ayeaye-gen infer: wrote $DIR/existing.json (dataset \"shops\")\n"},
		{"no such directory", []string{"-o", filepath.Join(dir, "nodir", "x.json"), sample}, ExitProblems, "",
			notes + "ayeaye-gen infer: cannot write $DIR/nodir/x.json: no such file or directory\n\thint: -o must be in an existing, writable directory\n"},
		{"missing file", []string{filepath.Join(dir, "nope.csv")}, ExitProblems, "", "ayeaye-gen infer: $DIR/nope.csv: no such file or directory\n"},
		{"unknown format", []string{existing + ".txt"}, ExitProblems, "",
			"ayeaye-gen infer: $DIR/existing.json.txt: cannot tell the format from the file name\n\thint: name the file .csv, .tsv, .json (one array of objects), .ndjson or .jsonl (one object per line), optionally followed by .gz\n"},
		{"no files", nil, ExitUsage, "", "ayeaye-gen infer: missing argument\n" + usage},
		{"flags after files", []string{sample, "-f", "-o", existing}, ExitOK, "", notes + "ayeaye-gen infer: wrote $DIR/existing.json (dataset \"shops\")\n"},
		{"negative rows", []string{"-rows", "-1", sample}, ExitUsage, "", "ayeaye-gen infer: -rows -1: give a positive number of rows, or 0 to read all\n" + usage},
		{"negative enums", []string{"-enums", "-1", sample}, ExitUsage, "", "ayeaye-gen infer: -enums -1: give the most distinct values an enum may have, or 0 for none\n" + usage},
		{"bad name", []string{"-name", "Shop Data", sample}, ExitUsage, "",
			"ayeaye-gen infer: -name \"Shop Data\": a dataset name is a lower-case letter followed by lower-case letters, digits and '_', such as \"shop_data\"\n" + usage},
		{"-f without -o", []string{"-f", sample}, ExitUsage, "", "ayeaye-gen infer: -f needs -o: it allows overwriting the -o file\n" + usage},
		{"output is a sample", []string{"-f", "-o", sample, sample}, ExitUsage, "",
			"ayeaye-gen infer: -o $DIR/shops.csv is also a sample file; write the schema elsewhere\n" + usage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := run(t, nil, append([]string{"infer"}, tt.args...)...)
			stderr = strings.ReplaceAll(stderr, dir, "$DIR")
			if code != tt.wantCode {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tt.wantCode, stderr)
			}
			if diff := cmp.Diff(tt.wantStdout, stdout); diff != "" {
				t.Errorf("stdout (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantStderr, stderr); diff != "" {
				t.Errorf("stderr (-want +got):\n%s", diff)
			}
		})
	}
	for _, path := range []string{out, existing} {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(inferWant, string(data)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", path, diff)
		}
		if _, diags := schema.Parse(path, data); len(diags) > 0 {
			t.Errorf("%s does not parse: %v", path, diags)
		}
	}
	if leftovers, _ := filepath.Glob(filepath.Join(dir, ".*.tmp")); len(leftovers) > 0 {
		t.Errorf("temporary files left behind: %v", leftovers)
	}
}
