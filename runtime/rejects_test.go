package runtime_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ayeaye-go/ayeaye/example/datasets"
	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/env"
	_ "github.com/ayeaye-go/ayeaye/runtime/table/sqlite"
)

// TestRejectsNotNamedFromSecrets checks that the rejects of an output
// whose location holds a secret are named from the dataset, in the
// working directory, and that the report says so, without the secret.
func TestRejectsNotNamedFromSecrets(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	writeFile(t, filepath.Join(dir, "favourite_colours.csv"), header+"1,Ada,blue,2026-03-01,0.9\nx,Bo,red,2026-03-02,\n")
	cfg, err := env.Parse("ayeaye.yaml", []byte("environments:\n  e:\n    vars: {data_root: "+dir+"}\n    secrets:\n      tok: {env: TOK}\n"))
	if err != nil {
		t.Fatal(err)
	}
	const secret = "Qj@X#K"
	e, err := cfg.Resolve(env.Options{Getenv: func(k string) string { return map[string]string{"TOK": secret}[k] }})
	if err != nil {
		t.Fatal(err)
	}
	m := newCopy()
	m.Out = (&runtime.Dataset[datasets.FavouriteColour]{Name: "copy", EngineURL: "postgres://u:{tok}@127.0.0.1:1/db;table=copy", Formats: datasets.FavouriteColoursDataset.Formats}).Output()
	r := &runtime.Runner{Env: e, SkipBadRecords: true}
	_, err = r.Run(context.Background(), "copy", m)
	if err == nil || strings.Contains(err.Error(), "Qj@X") || strings.Contains(err.Error(), "X#K") {
		t.Errorf("a table without table code: %v", err)
	}
	m = newCopy()
	m.Out = (&runtime.Dataset[datasets.FavouriteColour]{Name: "copy", EngineURL: "csv://{data_root}/out-{tok}.csv", Formats: datasets.FavouriteColoursDataset.Formats}).Output()
	rep, err := r.Run(context.Background(), "copy", m)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Rejected != 1 || rep.RejectsLocation != "ndjson://copy.rejects.ndjson" {
		t.Errorf("rejected %d in %s; want 1 in ndjson://copy.rejects.ndjson", rep.Rejected, rep.RejectsLocation)
	}
	if _, err := os.Stat(filepath.Join(dir, "copy.rejects.ndjson")); err != nil {
		t.Error(err)
	}
	if loc := rep.Datasets[1].Location; loc != "csv://"+dir+"/out-xxxxx.csv" {
		t.Errorf("the output is shown as %s", loc)
	}
}
