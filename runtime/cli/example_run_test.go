package cli_test

import (
	"context"

	"github.com/ayeaye-go/ayeaye/example/datasets"
	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/cli"
)

// Orders is a model of the user's project.
type Orders struct {
	Popularity runtime.Input[datasets.ColourPopularity]
	Orders     runtime.Output[datasets.PaintOrder]
}

func (m *Orders) Build(ctx context.Context) error { return nil }

// ayeayeYAML is the project's ayeaye.yaml, embedded in the binary:
//
//	//go:embed ayeaye.yaml
//	var ayeayeYAML []byte
var ayeayeYAML []byte

// A user's whole main: the binary then has run, list, peek and help.
func ExampleRun() {
	// func main() {
	cli.Run(cli.Program{
		Name:   "colours",
		Config: ayeayeYAML,
		Models: []cli.Model{{
			Name: "paint_orders",
			Doc:  "paint to buy for the colour party",
			New: func() runtime.Model {
				return &Orders{Popularity: datasets.ColourPopularityDataset.Input(), Orders: datasets.PaintOrdersDataset.Output()}
			},
		}},
	})
	// }
}
