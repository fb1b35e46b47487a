// Command colours is the example project's program: people's favourite
// colours are summarised (favourite_colours → colour_popularity) and
// turned into paint orders (colour_popularity → paint_orders); and, on
// the side, weather-station readings are summarised per station and day
// by a partitioned model (sensor_readings → site_daily). Run it from the
// example directory:
//
//	go run ./cmd/colours run -all        # the whole pipeline, in dependency order
//	go run ./cmd/colours plan            # what would run, and where the data is
//	go run ./cmd/colours graph -format html -o lineage.html
//	go run ./cmd/colours peek colour_popularity
//	go run ./cmd/colours help
//
// Outputs go to output/ (the dev environment of ayeaye.yaml) and run
// records to .ayeaye/runs.db.
package main

import (
	"github.com/ayeaye-go/ayeaye/example"
	"github.com/ayeaye-go/ayeaye/example/models"
	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/cli"
)

func main() { cli.Run(program()) }

func program() cli.Program {
	return cli.Program{
		Name:   "colours",
		Config: example.Config(),
		Models: []cli.Model{
			{Name: "favourite_colours", New: func() runtime.Model { return models.NewFavouriteColours() }, Doc: "how many people chose each colour"},
			{Name: "paint_orders", New: func() runtime.Model { return models.NewPaintOrders() }, Doc: "paint to buy for the colour party"},
			{Name: "party_plan", New: func() runtime.Model { return models.NewPartyPlan() }, Doc: "who paints with which colour: orders joined with the popularity"},
			{Name: "load_popularity", New: func() runtime.Model { return models.NewLoadPopularity() }, Doc: "the popularity summary as a SQLite table"},
			{Name: "popular_colours", New: func() runtime.Model { return models.NewPopularColours() }, Doc: "colours two or more chose, queried from SQLite"},
			{Name: "site_daily", New: func() runtime.Model { return models.NewSiteDaily() }, Doc: "each weather station's daily min, max and mean temperature (partitioned by file)"},
		},
	}
}
