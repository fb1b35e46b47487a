package models

import (
	"context"
	"fmt"

	"github.com/ayeaye-go/ayeaye/example/datasets"
	"github.com/ayeaye-go/ayeaye/runtime"
)

// PopularityDB is the colour popularity summary as a table in the
// project's SQLite database, where SQL tools can query it: the same
// records as datasets.ColourPopularityDataset, declared here rather than
// by a schema of its own because only the location differs. In
// production the URL would be a server's, e.g.
// postgres://etl:{db_password}@db.example.com/colours;table=public.colour_popularity,
// with the password a secret of the environment.
var PopularityDB = &runtime.Dataset[datasets.ColourPopularity]{
	Name:        "colour_popularity_db",
	Fingerprint: datasets.ColourPopularityDataset.Fingerprint,
	Schema:      datasets.ColourPopularityDataset.Schema,
	EngineURL:   "sqlite://{output_root}/colours.db;table=colour_popularity",
	Table:       datasets.ColourPopularityTable,
}

// PopularColoursCSV is the list of colours chosen by enough people, as
// CSV.
var PopularColoursCSV = &runtime.Dataset[datasets.ColourPopularity]{
	Name:        "popular_colours",
	Fingerprint: datasets.ColourPopularityDataset.Fingerprint,
	Schema:      datasets.ColourPopularityDataset.Schema,
	EngineURL:   "csv://{output_root}/popular_colours.csv",
	Formats:     datasets.ColourPopularityDataset.Formats,
}

// LoadPopularity loads the colour popularity summary into the SQLite
// table. Its output replaces the table: readers see the old summary
// until the run commits, and a failed run leaves it as it was.
type LoadPopularity struct {
	Popularity runtime.Input[datasets.ColourPopularity]
	Table      runtime.Output[datasets.ColourPopularity]
}

// NewLoadPopularity returns the model wired to the project's datasets.
func NewLoadPopularity() *LoadPopularity {
	return &LoadPopularity{Popularity: datasets.ColourPopularityDataset.Input(), Table: PopularityDB.Output()}
}

// Build copies every record.
func (m *LoadPopularity) Build(ctx context.Context) error {
	for p, err := range m.Popularity.All() {
		if err != nil {
			return err
		}
		if err := m.Table.Write(&p); err != nil {
			return err
		}
	}
	return nil
}

// PopularColours reads the table back with a query: the colours at
// least MinPeople people chose, most popular first. The threshold is a
// bound parameter of the query, never part of its text.
type PopularColours struct {
	Table   runtime.Input[datasets.ColourPopularity]
	Popular runtime.Output[datasets.ColourPopularity]

	MinPeople int
}

// NewPopularColours returns the model wired to the project's datasets,
// keeping colours that at least two people chose.
func NewPopularColours() *PopularColours {
	return &PopularColours{Table: PopularityDB.Input(), Popular: PopularColoursCSV.Output(), MinPeople: 2}
}

// Build writes the selected colours in the order the query gives them.
func (m *PopularColours) Build(ctx context.Context) error {
	if m.MinPeople < 1 {
		return fmt.Errorf("MinPeople is %d; a popular colour has at least one person", m.MinPeople)
	}
	for p, err := range m.Table.Where("people >= ?", m.MinPeople).OrderBy("people DESC", "colour").All() {
		if err != nil {
			return err
		}
		runtime.Count(ctx, "popular", 1)
		if err := m.Popular.Write(&p); err != nil {
			return err
		}
	}
	return nil
}
