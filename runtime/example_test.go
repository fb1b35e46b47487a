package runtime_test

import (
	"context"
	"fmt"

	"github.com/ayeaye-go/ayeaye/example/datasets"
	"github.com/ayeaye-go/ayeaye/runtime"
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
			runtime.Count(ctx, "blue", 1)
			if err := m.Blue.Write(&a); err != nil {
				return err
			}
		}
	}
	return nil
}

// A model runs on in-memory fixtures by pointing its datasets at mem://
// with one override each; the model itself does not change.
func ExampleRunner_Run() {
	blue := &runtime.Dataset[datasets.FavouriteColour]{Name: "blue_fans", Formats: datasets.FavouriteColoursDataset.Formats}
	m := &blueFans{Answers: datasets.FavouriteColoursDataset.Input(), Blue: blue.Output()}

	r := &runtime.Runner{Mem: runtime.NewMem(), Overrides: map[string]string{
		"favourite_colours": "mem://answers",
		"blue_fans":         "mem://blue",
	}}
	runtime.SetMem(r.Mem, "answers", []datasets.FavouriteColour{
		{PersonID: 1, Name: "Ada", Colour: "blue"},
		{PersonID: 2, Name: "Bo", Colour: "red"},
	})
	rep, err := r.Run(context.Background(), "blue_fans", m)
	if err != nil {
		fmt.Println(err)
		return
	}
	got, _ := runtime.GetMem[datasets.FavouriteColour](r.Mem, "blue")
	fmt.Println(got[0].Name, rep.Stats["blue"], rep.Datasets[0].Records)
	// Output: Ada 1 2
}

// Describe tells what a model reads and writes without running it.
func ExampleDescribe() {
	ports, _ := runtime.Describe(&blueFans{Answers: datasets.FavouriteColoursDataset.Input(), Blue: datasets.FavouriteColoursDataset.Output()})
	for _, p := range ports {
		fmt.Println(p.Field, p.Direction, p.Dataset, p.EngineURL)
	}
	// Output:
	// Answers input favourite_colours csv://{data_root}/favourite_colours.csv
	// Blue output favourite_colours csv://{data_root}/favourite_colours.csv
}
