package cli_test

import (
	"context"
	"os"

	"github.com/ayeaye-go/ayeaye/example/datasets"
	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/cli"
)

// ColourCounts counts the answers of the colour survey.
type ColourCounts struct {
	Answers runtime.Input[datasets.FavouriteColour]
	Counts  runtime.Output[datasets.ColourPopularity]
}

func (m *ColourCounts) Build(ctx context.Context) error {
	counts := map[string]int32{}
	var order []string
	for rec, err := range m.Answers.All() {
		if err != nil {
			return err
		}
		if counts[rec.Colour] == 0 {
			order = append(order, rec.Colour)
		}
		counts[rec.Colour]++
	}
	for _, colour := range order {
		if err := m.Counts.Write(&datasets.ColourPopularity{Colour: colour, People: counts[colour]}); err != nil {
			return err
		}
	}
	return nil
}

// The project's ayeaye.yaml; a real main embeds it with go:embed.
const config = `
environments:
  dev:
    vars:
      data_root: ../../example/data
      output_root: /tmp/colours
`

func ExampleMain() {
	prog := cli.Program{
		Name:   "colours",
		Config: []byte(config),
		Models: []cli.Model{{
			Name: "colour_counts",
			Doc:  "how many people chose each colour",
			New: func() runtime.Model {
				return &ColourCounts{Answers: datasets.FavouriteColoursDataset.Input(), Counts: datasets.ColourPopularityDataset.Output()}
			},
		}},
		Getenv: func(string) string { return "" }, // ignore AYEAYE_ENV and AYEAYE_VAR_* here
	}
	cli.Main(prog, []string{"list"}, os.Stdout, os.Stderr)
	cli.Main(prog, []string{"peek", "-n", "3", "favourite_colours"}, os.Stdout, os.Stderr)
	// Output:
	// environment dev
	//
	// colour_counts: how many people chose each colour
	//   input   favourite_colours  csv://../../example/data/favourite_colours.csv
	//   output  colour_popularity  json:///tmp/colours/colour_popularity.json;indent=2
	// person_id  name    colour  surveyed_on  certainty
	// 1          Ada     blue    2026-03-01   0.9
	// 2          Brian   green   2026-03-01
	// 3          Chiara  blue    2026-03-02   1
}

// Plan shows the order a run would take, and the groups of models that
// run at the same time, without running anything.
func ExampleMain_plan() {
	prog := cli.Program{
		Name:   "colours",
		Config: []byte(config),
		Models: []cli.Model{
			{Name: "paint_orders", New: func() runtime.Model {
				return &Orders{Popularity: datasets.ColourPopularityDataset.Input(), Orders: datasets.PaintOrdersDataset.Output()}
			}},
			{Name: "colour_counts", New: func() runtime.Model {
				return &ColourCounts{Answers: datasets.FavouriteColoursDataset.Input(), Counts: datasets.ColourPopularityDataset.Output()}
			}},
		},
		Getenv: func(string) string { return "" },
	}
	cli.Main(prog, []string{"plan"}, os.Stdout, os.Stderr)
	// Output:
	// environment dev
	//
	// group 1 (in parallel): colour_counts
	//   colour_counts
	//     reads  favourite_colours  csv://../../example/data/favourite_colours.csv
	//     writes colour_popularity  json:///tmp/colours/colour_popularity.json;indent=2
	// group 2 (in parallel): paint_orders
	//   paint_orders
	//     reads  colour_popularity  json:///tmp/colours/colour_popularity.json;indent=2
	//     writes paint_orders  ndjson:///tmp/colours/paint_orders.ndjson
}
