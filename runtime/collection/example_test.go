package collection_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/ayeaye-go/ayeaye/example/datasets"
	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/collection"
)

// blueFans keeps the people whose favourite colour is blue.
type blueFans struct {
	Answers runtime.Input[datasets.FavouriteColour]
	Blue    runtime.Output[datasets.FavouriteColour]
}

func (m *blueFans) Build(ctx context.Context) error {
	for a, err := range m.Answers.All() {
		if err != nil {
			return err
		}
		if a.Colour == "blue" {
			if err := m.Blue.Write(&a); err != nil {
				return err
			}
		}
	}
	return nil
}

// The HTML page is one file to open in a browser; status adds each
// model's last run to it.
func ExampleCollection_WriteHTML() {
	blue := &runtime.Dataset[datasets.FavouriteColour]{Name: "blue_fans", EngineURL: "mem://blue",
		Schema: datasets.FavouriteColoursDataset.Schema, Formats: datasets.FavouriteColoursDataset.Formats}
	r := &runtime.Runner{Overrides: map[string]string{"favourite_colours": "mem://answers"}}
	c, err := collection.New(r, []collection.Model{
		{Name: "blue_fans", Model: &blueFans{Answers: datasets.FavouriteColoursDataset.Input(), Blue: blue.Output()}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	status := map[string]collection.ModelStatus{"blue_fans": {
		Status:   "succeeded",
		Finished: time.Date(2025, 3, 14, 9, 26, 53, 0, time.UTC),
		Records:  map[string]int64{"mem://answers": 1204, "mem://blue": 311},
	}}
	// Usually w is a file: f, err := os.Create("lineage.html").
	var page bytes.Buffer
	if err := c.WriteHTML(&page, status); err != nil {
		fmt.Println(err)
		return
	}
	first, _, _ := strings.Cut(page.String(), "\n")
	fmt.Println(first)
	fmt.Println(strings.Contains(page.String(), `"records":{"mem://answers":1204,"mem://blue":311}`))
	// Output:
	// <!DOCTYPE html>
	// true
}

// SchemaFields puts a dataset's JSON Schema in words, as the graph shows it.
func ExampleSchemaFields() {
	fields, err := collection.SchemaFields(datasets.PaintOrdersDataset.Schema)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range fields {
		fmt.Printf("%-8s %s\n", f.Name, f.Type)
	}
	// Output:
	// colour   string
	// litres   string (decimal)
	// priority enum(high, normal, low)
	// tins     integer
}
