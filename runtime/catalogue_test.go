package runtime_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ayeaye-go/ayeaye/example/datasets"
	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/env"
)

// catalogueEnv resolves environment name of a config whose catalogue
// publishes sales/colours under each environment's root.
func catalogueEnv(t *testing.T, name, devRoot string) *env.Env {
	t.Helper()
	src := "environments:\n  dev: {vars: {sales_root: " + devRoot + "}}\n  prod: {vars: {sales_root: /srv/sales}}\n" +
		"catalogue:\n  sales/colours: \"csv://{sales_root}/favourite_colours.csv\"\n  sales/orders: csv://orders.csv\n"
	c, err := env.Parse("ayeaye.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	e, err := c.Resolve(env.Options{Name: name, Getenv: func(string) string { return "" }})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func refCopy(engineURL string) *copyModel {
	m := newCopy()
	m.In = (&runtime.Dataset[datasets.FavouriteColour]{Name: "colours", EngineURL: engineURL, Formats: datasets.FavouriteColoursDataset.Formats}).Input()
	m.Out = (&runtime.Dataset[datasets.FavouriteColour]{Name: "copy", EngineURL: "mem://copy", Formats: datasets.FavouriteColoursDataset.Formats}).Output()
	return m
}

func TestRefResolvesThroughTheCatalogue(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "favourite_colours.csv"), header+"1,Ada,blue,2026-03-01,0.9\n2,Bo,red,2026-03-02,\n")

	r := &runtime.Runner{Env: catalogueEnv(t, "dev", dir)}
	rep, err := r.Run(context.Background(), "copy", refCopy("ref://sales/colours"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := rep.Datasets[0].Location, "csv://"+dir+"/favourite_colours.csv"; got != want || rep.Datasets[0].Records != 2 {
		t.Errorf("input read from %s (%d records), want %s", got, rep.Datasets[0].Records, want)
	}

	// The same name finds the dataset where another environment keeps it.
	prod := &runtime.Runner{Env: catalogueEnv(t, "prod", dir)}
	ds, err := prod.Describe(refCopy("ref://sales/colours"))
	if err != nil {
		t.Fatal(err)
	}
	if got := ds[0].Location; got != "csv:///srv/sales/favourite_colours.csv" {
		t.Errorf("prod location = %s", got)
	}

	// An override may name a catalogue entry too.
	over := &runtime.Runner{Env: catalogueEnv(t, "dev", dir), Overrides: map[string]string{"colours": "ref://sales/orders"}}
	if ds, err = over.Describe(refCopy("csv://x.csv")); err != nil || ds[0].Location != "csv://orders.csv" {
		t.Errorf("override: %v, %v", ds, err)
	}
}

// lookupEnv is an Environment with a catalogue but no name listing.
type lookupEnv struct {
	vars
	cat map[string]string
}

func (e lookupEnv) Lookup(name string) (string, bool) {
	s, ok := e.cat[name]
	return s, ok
}

func TestRefErrors(t *testing.T) {
	tests := []struct {
		name string
		env  runtime.Environment
		url  string
		want []string
	}{
		{"unknown name", catalogueEnv(t, "dev", "d"), "ref://sales/colors", []string{
			`dataset "colours": ref://sales/colors: "sales/colors" is not in the catalogue`,
			"hint: the catalogue has sales/colours, sales/orders; or add it under catalogue in ayeaye.yaml"}},
		{"unknown name, no listing", lookupEnv{cat: map[string]string{}}, "ref://a/b", []string{
			`"a/b" is not in the catalogue`, `hint: add it under catalogue in ayeaye.yaml, e.g. "a/b": "csv://{data_root}/orders.csv"`}},
		{"no environment", nil, "ref://sales/colours", []string{
			"ref://sales/colours names a published dataset in the catalogue, but the run has no environment"}},
		{"no catalogue", vars{}, "ref://sales/colours", []string{"but the run's environment has no catalogue"}},
		{"undefined variable", lookupEnv{cat: map[string]string{"a/b": "csv://{root}/x.csv"}}, "ref://a/b", []string{
			`dataset "colours": catalogue entry a/b:`, "root"}},
		{"bad URL", lookupEnv{cat: map[string]string{"a/b": "cvs://x.csv"}}, "ref://a/b", []string{
			`dataset "colours": catalogue entry a/b:`, `unknown type "cvs"`}},
		{"ref to a ref", lookupEnv{cat: map[string]string{"a/b": "ref://a/b"}}, "ref://a/b", []string{
			"catalogue entry a/b is itself a ref (ref://a/b)"}},
		{"bad ref", nil, "ref://orders", []string{`dataset "colours"`, "not a catalogue name"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &runtime.Runner{Env: tt.env}
			_, err := r.Describe(refCopy(tt.url))
			if err == nil {
				t.Fatal("Describe succeeded")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\nlacks %q", err, w)
				}
			}
		})
	}
}
