package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ayeaye-go/ayeaye/example/datasets"
	"github.com/ayeaye-go/ayeaye/runtime/codec"
)

func TestPipeline(t *testing.T) {
	out := t.TempDir()
	if err := run("../../data", out); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(out, "paint_orders.ndjson"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, _ := datasets.NewPaintOrderNDJSONReader(f, codec.Options{})
	got := map[string]string{}
	for rec, err := range r.All() {
		if err != nil {
			t.Fatal(err)
		}
		got[rec.Colour] = rec.Litres.String() + " " + string(rec.Priority)
	}
	want := map[string]string{"blue": "12.5 high", "green": "7.5 normal", "red": "5.0 normal", "purple": "2.5 normal", "yellow": "2.5 normal"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("paint orders (-want +got):\n%s", d)
	}
}

// TestFailedRunKeepsOutputs breaks the input and checks the previous
// outputs survive.
func TestFailedRunKeepsOutputs(t *testing.T) {
	out, data := t.TempDir(), t.TempDir()
	if err := run("../../data", out); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(filepath.Join(out, "colour_popularity.json"))
	bad := "person_id,name,colour,surveyed_on,certainty\n1,Ada,blue,2026-02-30,\n"
	if err := os.WriteFile(filepath.Join(data, "favourite_colours.csv"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	err := run(data, out)
	if err == nil {
		t.Fatal("a bad date was accepted")
	}
	t.Log(err)
	after, _ := os.ReadFile(filepath.Join(out, "colour_popularity.json"))
	if string(before) != string(after) {
		t.Error("a failed run changed the earlier output")
	}
}
