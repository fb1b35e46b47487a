package models_test

import (
	"strings"
	"testing"

	"github.com/ayeaye-go/ayeaye/example/datasets"
	"github.com/ayeaye-go/ayeaye/example/models"
	"github.com/ayeaye-go/ayeaye/runtime/modeltest"
	_ "github.com/ayeaye-go/ayeaye/runtime/table/sqlite"
)

// TestColoursInSQLite runs the summary, loads it into SQLite, and reads
// the popular colours back with a query, in the dev environment with the
// outputs in a temporary directory.
func TestColoursInSQLite(t *testing.T) {
	out := t.TempDir()
	h := modeltest.New(t)
	h.Runner.Env = resolve(t, "dev", map[string]string{"data_root": "../data", "output_root": out})
	h.Run(models.NewFavouriteColours())
	summary := modeltest.Records(h, datasets.ColourPopularityDataset)

	rep := h.Run(models.NewLoadPopularity())
	if loc := rep.Datasets[1].Location; loc != "sqlite://"+out+"/colours.db;table=colour_popularity" {
		t.Errorf("the table is at %s", loc)
	}
	modeltest.Expect(h, datasets.ColourPopularityDBDataset, summary)

	rep = h.Run(models.NewPopularColours())
	popular := modeltest.Records(h, datasets.PopularColoursDataset)
	var want []datasets.ColourPopularity
	for _, p := range summary { // the summary is sorted most popular first, then by colour
		if p.People >= 2 {
			want = append(want, p)
		}
	}
	if len(want) == 0 || rep.Stats["popular"] != int64(len(want)) {
		t.Fatalf("%d popular colours counted, want %d", rep.Stats["popular"], len(want))
	}
	modeltest.Expect(h, datasets.PopularColoursDataset, want)
	if len(popular) != len(want) {
		t.Errorf("popular colours: %v", popular)
	}

	// A load that fails halfway leaves the table as it was.
	modeltest.FixtureFile(h, datasets.ColourPopularityDataset, "testdata/bad_popularity.json")
	err := h.RunFails(models.NewLoadPopularity())
	if !strings.Contains(err.Error(), `field "people"`) {
		t.Errorf("the bad load failed with %v", err)
	}
	modeltest.Expect(h, datasets.ColourPopularityDBDataset, summary)
}
