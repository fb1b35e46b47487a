package collection_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/ayeaye-go/ayeaye/example/datasets"
	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/collection"
)

// idle is a model that does nothing: the HTML tests only draw graphs.
type idle struct{}

func (idle) Build(context.Context) error { return nil }

// Model shapes by number of inputs and outputs; Describe needs every
// handle field set, so each shape is its own struct.
type (
	shape01 struct {
		idle
		O1 runtime.Output[rec]
	}
	shape02 struct {
		idle
		O1, O2 runtime.Output[rec]
	}
	shape11 struct {
		idle
		I1 runtime.Input[rec]
		O1 runtime.Output[rec]
	}
	shape12 struct {
		idle
		I1     runtime.Input[rec]
		O1, O2 runtime.Output[rec]
	}
	shape21 struct {
		idle
		I1, I2 runtime.Input[rec]
		O1     runtime.Output[rec]
	}
	shape22 struct {
		idle
		I1, I2 runtime.Input[rec]
		O1, O2 runtime.Output[rec]
	}
	shape31 struct {
		idle
		I1, I2, I3 runtime.Input[rec]
		O1         runtime.Output[rec]
	}
	shape32 struct {
		idle
		I1, I2, I3 runtime.Input[rec]
		O1, O2     runtime.Output[rec]
	}
)

// shaped builds a model reading ins and writing outs (datasets named by
// their mem:// location, each with schema when it is known; an output
// named "+name" is appended to).
func shaped(t testing.TB, name string, schemas map[string]string, ins, outs []string) collection.Model {
	d := func(n string) *runtime.Dataset[rec] {
		x := ds(n)
		x.Schema = schemas[n]
		return x
	}
	i := func(k int) runtime.Input[rec] { return d(ins[k]).Input() }
	o := func(k int) runtime.Output[rec] {
		if name, ok := strings.CutPrefix(outs[k], "+"); ok {
			return d(name).Append()
		}
		return d(outs[k]).Output()
	}
	var m runtime.Model
	switch fmt.Sprint(len(ins), len(outs)) {
	case "0 1":
		m = &shape01{O1: o(0)}
	case "0 2":
		m = &shape02{O1: o(0), O2: o(1)}
	case "1 1":
		m = &shape11{I1: i(0), O1: o(0)}
	case "1 2":
		m = &shape12{I1: i(0), O1: o(0), O2: o(1)}
	case "2 1":
		m = &shape21{I1: i(0), I2: i(1), O1: o(0)}
	case "2 2":
		m = &shape22{I1: i(0), I2: i(1), O1: o(0), O2: o(1)}
	case "3 1":
		m = &shape31{I1: i(0), I2: i(1), I3: i(2), O1: o(0)}
	case "3 2":
		m = &shape32{I1: i(0), I2: i(1), I3: i(2), O1: o(0), O2: o(1)}
	default:
		t.Fatalf("no model shape with %d inputs and %d outputs", len(ins), len(outs))
	}
	return collection.Model{Name: name, Model: m}
}

// fixtureGraph is a small pipeline with a fork, a join, a model that
// updates what it reads, an unrelated branch, a dataset without schema,
// a model whose name is markup, and one that appends to another's output.
func fixtureGraph(t testing.TB) *collection.Collection {
	schemas := map[string]string{
		"survey_raw":        datasets.FavouriteColoursDataset.Schema,
		"favourite_colours": datasets.FavouriteColoursDataset.Schema,
		"clean_colours":     datasets.FavouriteColoursDataset.Schema,
		"colour_popularity": datasets.ColourPopularityDataset.Schema,
		"paint_orders":      datasets.PaintOrdersDataset.Schema,
		"notes":             `{"properties":{"note":{"type":"string"},"at":{"type":"string","format":"date-time"}}}`,
		"weather_raw":       `{"properties":{"day":{"type":"string","format":"date"},"rain_mm":{"type":["number","null"]}}}`,
	}
	models := []collection.Model{
		shaped(t, "load_survey", schemas, []string{"survey_raw"}, []string{"favourite_colours"}),
		shaped(t, "count_colours", schemas, []string{"favourite_colours"}, []string{"colour_popularity"}),
		shaped(t, "order_paint", schemas, []string{"colour_popularity"}, []string{"paint_orders"}),
		shaped(t, "audit", schemas, []string{"paint_orders", "survey_raw"}, []string{"audit_log"}),
		shaped(t, "annotate", schemas, []string{"notes", "colour_popularity"}, []string{"notes"}),
		shaped(t, `tidy</script><b>"x"&y`, schemas, []string{"favourite_colours"}, []string{"clean_colours"}),
		shaped(t, "weather", schemas, []string{"weather_raw"}, []string{"weather"}),
		shaped(t, "backfill_weather", schemas, []string{"weather_archive"}, []string{"+weather"}),
	}
	c, err := collection.New(runner(), models)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func fixtureStatus() map[string]collection.ModelStatus {
	at := time.Date(2025, 3, 14, 9, 26, 53, 0, time.UTC)
	return map[string]collection.ModelStatus{
		"load_survey":   {Status: "succeeded", Finished: at, Records: map[string]int64{"mem://survey_raw": 1204, "mem://favourite_colours": 1198}},
		"count_colours": {Status: "succeeded", Finished: at.Add(time.Minute), Records: map[string]int64{"mem://favourite_colours": 1198, "mem://colour_popularity": 12, "mem://not_its_own": 5}},
		"order_paint":   {Status: "failed", Finished: at.Add(2 * time.Minute)},
		"audit":         {Status: "skipped"},
		"removed_model": {Status: "succeeded"},
	}
}

// generatedGraph is n models over a few dozen sources: each reads up to
// three recent outputs or sources and writes one or two datasets, the
// shape of a large real project.
func generatedGraph(t testing.TB, n int) *collection.Collection {
	rng := rand.New(rand.NewPCG(7, 11))
	schemas := map[string]string{}
	var outs []string
	var models []collection.Model
	for i := range n {
		var ins []string
		for range rng.IntN(4) {
			var in string
			if len(outs) > 0 && rng.IntN(10) < 8 {
				in = outs[len(outs)-1-rng.IntN(min(len(outs), 25))]
			} else {
				in = fmt.Sprintf("source_%02d", rng.IntN(30))
			}
			if !strings.Contains(strings.Join(ins, " ")+" ", in+" ") {
				ins = append(ins, in)
			}
		}
		var mine []string
		for k := range 1 + rng.IntN(2) {
			out := fmt.Sprintf("model_%03d_out_%d", i, k)
			mine = append(mine, out)
			outs = append(outs, out)
		}
		for _, d := range append(ins, mine...) {
			schemas[d] = [...]string{datasets.FavouriteColoursDataset.Schema, datasets.PaintOrdersDataset.Schema, datasets.ColourPopularityDataset.Schema}[len(d)%3]
		}
		models = append(models, shaped(t, fmt.Sprintf("model_%03d", i), schemas, ins, mine))
	}
	c, err := collection.New(runner(), models)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
