package runtime_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/ayeaye-go/ayeaye/example/datasets"
	"github.com/ayeaye-go/ayeaye/runtime"
	_ "github.com/ayeaye-go/ayeaye/runtime/table/sqlite"
)

// popular reads the colours at least Min people chose from a table.
type popular struct {
	Table runtime.Input[datasets.ColourPopularity]
	Out   runtime.Output[datasets.ColourPopularity]
	Min   int
}

func (m *popular) Build(ctx context.Context) error {
	// The threshold is a bound parameter: it never becomes SQL text.
	for p, err := range m.Table.Where("people >= ?", m.Min).OrderBy("people DESC").All() {
		if err != nil {
			return err
		}
		if err := m.Out.Write(&p); err != nil {
			return err
		}
	}
	return nil
}

// copyAll writes its fixture records to a dataset.
type copyAll struct {
	In  runtime.Input[datasets.ColourPopularity]
	Out runtime.Output[datasets.ColourPopularity]
}

func (m *copyAll) Build(ctx context.Context) error {
	for p, err := range m.In.All() {
		if err != nil {
			return err
		}
		if err := m.Out.Write(&p); err != nil {
			return err
		}
	}
	return nil
}

// A dataset generated with the sql format lives in a table when its
// engine URL says so: here a SQLite file, loaded by one model and
// queried by another.
func ExampleInput_Where() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	r := &runtime.Runner{Mem: runtime.NewMem(), Overrides: map[string]string{
		"summary":           "mem://summary",
		"colour_popularity": "sqlite://" + filepath.Join(dir, "colours.db") + ";table=popularity",
		"popular":           "mem://popular",
	}}
	summary := &runtime.Dataset[datasets.ColourPopularity]{Name: "summary"}
	out := &runtime.Dataset[datasets.ColourPopularity]{Name: "popular"}
	runtime.SetMem(r.Mem, "summary", []datasets.ColourPopularity{
		{Colour: "blue", People: 3, Share: 0.5, Names: []string{"Ada", "Bo", "Cy"}},
		{Colour: "red", People: 2, Share: 0.33, Names: []string{"Di", "Ed"}},
		{Colour: "green", People: 1, Share: 0.17, Names: []string{"Flo"}},
	})
	ctx := context.Background()
	if _, err := r.Run(ctx, "load", &copyAll{In: summary.Input(), Out: datasets.ColourPopularityDataset.Output()}); err != nil {
		fmt.Println(err)
		return
	}
	if _, err := r.Run(ctx, "popular", &popular{Table: datasets.ColourPopularityDataset.Input(), Out: out.Output(), Min: 2}); err != nil {
		fmt.Println(err)
		return
	}
	got, _ := runtime.GetMem[datasets.ColourPopularity](r.Mem, "popular")
	for _, p := range got {
		fmt.Println(p.Colour, p.People, p.Names)
	}
	// Output:
	// blue 3 [Ada Bo Cy]
	// red 2 [Di Ed]
}
