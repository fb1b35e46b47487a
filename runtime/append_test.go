package runtime_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ayeaye-go/ayeaye/example/datasets"
	"github.com/ayeaye-go/ayeaye/runtime"
	_ "github.com/ayeaye-go/ayeaye/runtime/table/sqlite"
)

// appendTo is the copy model writing to a dataset at url with Append.
func appendTo(url string) *copyModel {
	m := newCopy()
	m.Out = (&runtime.Dataset[datasets.FavouriteColour]{Name: "log", EngineURL: url, Formats: datasets.FavouriteColoursDataset.Formats,
		Table: datasets.FavouriteColourTable}).Append()
	return m
}

// TestAppend runs an appending model three times over each kind of
// location: the first run creates the dataset, the next add to it, and a
// failed run in between changes nothing.
func TestAppend(t *testing.T) {
	tests := []struct {
		name, url string
		file      string // where the dataset lands, to read back raw
	}{
		{"csv keeps one header", "csv://{data_root}/log.csv", "log.csv"},
		{"ndjson", "ndjson://{data_root}/log.ndjson", "log.ndjson"},
		{"json array stays one document", "json://{data_root}/log.json", "log.json"},
		{"compressed csv", "gz+csv://{data_root}/log.csv.gz", ""},
		{"sqlite table", "sqlite://{data_root}/log.db;table=log", ""},
		{"mem", "mem://log", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "favourite_colours.csv"), header+"1,Ada,blue,2026-03-01,0.9\n2,Bo,red,2026-03-02,\n")
			r := copyRunner(dir)
			r.Mem = runtime.NewMem()
			ctx := context.Background()
			if _, err := r.Run(ctx, "append", appendTo(tt.url)); err != nil {
				t.Fatal(err)
			}
			var before []byte
			if tt.file != "" {
				before, _ = os.ReadFile(filepath.Join(dir, tt.file))
			}
			broken := appendTo(tt.url)
			broken.fail = errors.New("model says no")
			if _, err := r.Run(ctx, "append", broken); err == nil {
				t.Fatal("the broken run succeeded")
			}
			if tt.file != "" {
				if after, _ := os.ReadFile(filepath.Join(dir, tt.file)); string(after) != string(before) {
					t.Errorf("a failed append changed the file:\n%s", after)
				}
			}
			// New keys: a table keyed on person_id refuses the same rows twice.
			writeFile(t, filepath.Join(dir, "favourite_colours.csv"), header+"3,Cy,green,2026-03-03,0.5\n4,Di,blue,2026-03-04,\n")
			rep, err := r.Run(ctx, "append", appendTo(tt.url))
			if err != nil {
				t.Fatal(err)
			}
			if got := rep.Datasets[1].Records; got != 2 {
				t.Errorf("the report counts %d records written, want the 2 appended", got)
			}
			recs, err := r.ReadAt(ctx, appendTo(tt.url), "log", "", -1)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, rec := range recs {
				names = append(names, rec.(datasets.FavouriteColour).Name)
			}
			if d := cmp.Diff([]string{"Ada", "Bo", "Cy", "Di"}, names); d != "" {
				t.Errorf("records after two appends (-want +got):\n%s", d)
			}
			if tt.file == "log.csv" {
				got, _ := os.ReadFile(filepath.Join(dir, tt.file))
				if strings.Count(string(got), "person_id") != 1 {
					t.Errorf("CSV has more than one header:\n%s", got)
				}
			}
		})
	}
}

// TestAppendToBadFile: existing records that do not read with the schema
// stop the append before anything is written, naming where they are.
func TestAppendToBadFile(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "favourite_colours.csv"), header+"1,Ada,blue,2026-03-01,0.9\n")
	writeFile(t, filepath.Join(dir, "log.csv"), header+"1,Ada,blue,not a date,0.9\n")
	_, err := copyRunner(dir).Run(context.Background(), "append", appendTo("csv://{data_root}/log.csv"))
	if err == nil {
		t.Fatal("appended to a file whose records are bad")
	}
	for _, want := range []string{"the existing records do not read with the dataset's schema, so nothing was appended", "log.csv:2:", `"surveyed_on"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %v", want, err)
		}
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "log.csv")); !strings.Contains(string(got), "not a date") {
		t.Errorf("the existing file changed:\n%s", got)
	}
}
