package runtime_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ayeaye-go/ayeaye/example/datasets"
	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/manifest"
	"github.com/ayeaye-go/ayeaye/runtime/provenance"
	rtschema "github.com/ayeaye-go/ayeaye/runtime/schema"
)

// TestManifestsAndContracts: a producer's run publishes a manifest; a
// consumer built from a compatible schema runs with a note and a link to
// the producer's run; one built from an incompatible schema fails before
// reading, naming the field.
func TestManifestsAndContracts(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "favourite_colours.csv"), header+"1,Ada,blue,2026-03-01,0.9\n")
	published := &runtime.Dataset[datasets.FavouriteColour]{Name: "shared", Fingerprint: datasets.FavouriteColoursDataset.Fingerprint,
		Schema: datasets.FavouriteColoursDataset.Schema, EngineURL: "csv://{data_root}/shared.csv", Formats: datasets.FavouriteColoursDataset.Formats}
	producer := newCopy()
	producer.Out = published.Output()
	rep, err := copyRunner(dir).Run(context.Background(), "publish", producer)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "shared.csv"+manifest.Suffix))
	if err != nil {
		t.Fatal(err)
	}
	m, err := manifest.Decode(strings.NewReader(string(data)), "m")
	if err != nil {
		t.Fatal(err)
	}
	out, _ := os.ReadFile(filepath.Join(dir, "shared.csv"))
	if m.Producer.Run != rep.RunID || m.Fingerprint != sum(out) || m.Records != 1 || len(m.Upstream) != 1 || m.Upstream[0].Records != 1 || m.Dataset != "shared" {
		t.Errorf("manifest: %+v", m)
	}

	consume := func(schema string, record ...*rtschema.Record) (*records, error) {
		consumed := &runtime.Dataset[datasets.FavouriteColour]{Name: "shared", Fingerprint: "sha256:consumer", Schema: schema,
			EngineURL: "csv://{data_root}/shared.csv", Formats: datasets.FavouriteColoursDataset.Formats}
		if len(record) > 0 {
			consumed.Record = record[0]
		}
		c := newCopy()
		c.In = consumed.Input()
		c.Out = (&runtime.Dataset[datasets.FavouriteColour]{Name: "copy", EngineURL: "mem://copy", Formats: datasets.FavouriteColoursDataset.Formats}).Output()
		rec := &records{}
		r := copyRunner(dir)
		r.Recorders = []provenance.Recorder{rec}
		_, err := r.Run(context.Background(), "consume", c)
		return rec, err
	}
	var schema map[string]any
	if err := json.Unmarshal([]byte(datasets.FavouriteColoursDataset.Schema), &schema); err != nil {
		t.Fatal(err)
	}
	props := schema["properties"].(map[string]any)

	// The consumer does not know "certainty": the producer added a field.
	delete(props, "certainty")
	compatible, _ := json.Marshal(schema)
	rec, err := consume(string(compatible))
	if err != nil {
		t.Fatalf("compatible change refused: %v", err)
	}
	final := rec.runs[len(rec.runs)-1]
	if len(final.Notes) != 1 || !strings.Contains(final.Notes[0], "certainty: new optional field") {
		t.Errorf("notes: %q", final.Notes)
	}
	if p := final.Inputs[0].Producer; p == nil || p.Run != rep.RunID {
		t.Errorf("input not linked to its producer's run: %+v", final.Inputs[0])
	}

	// The consumer expects an integer colour code: the producer has text.
	props["colour"] = map[string]any{"type": "integer"}
	breaking, _ := json.Marshal(schema)
	if _, err := consume(string(breaking)); err == nil || !strings.Contains(err.Error(), "BREAKING   colour: type integer → string") {
		t.Errorf("breaking change not refused: %v", err)
	}

	// A generated consumer's Record is what is compared, not its Schema
	// text: here the text is the compatible one, the Record the breaking.
	record, err := rtschema.FromJSON(breaking)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := consume(string(compatible), record); err == nil || !strings.Contains(err.Error(), "BREAKING   colour: type integer → string") {
		t.Errorf("the consumer's Record was not compared: %v", err)
	}
}
