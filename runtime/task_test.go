package runtime_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/ayeaye-go/ayeaye/example/datasets"
	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/partition"
	"github.com/ayeaye-go/ayeaye/runtime/provenance"
)

// byColour counts answers per colour, one partition per colour letter.
type byColour struct {
	In  runtime.Input[datasets.FavouriteColour]
	Out runtime.Output[datasets.FavouriteColour]
}

func (m *byColour) Build(ctx context.Context) error {
	return partition.Run(ctx, "by_colour",
		func(context.Context) ([]string, error) { return []string{"b", "r"}, nil },
		func(ctx context.Context, letter string) (int, error) {
			n := 0
			for a, err := range m.In.All() {
				if err != nil {
					return 0, err
				}
				if strings.HasPrefix(a.Colour, letter) {
					n++
				}
			}
			return n, nil
		},
		func(ctx context.Context, counts []int) error { return nil })
}

// TestRunTask builds one partition as a worker would: the result comes
// back as JSON, nothing is published, and the partition is recorded as a
// child of the coordinator's run.
func TestRunTask(t *testing.T) {
	rec := &records{}
	r := &runtime.Runner{Mem: runtime.NewMem(), Recorders: []provenance.Recorder{rec},
		Overrides: map[string]string{"favourite_colours": "mem://in", "copy": "mem://out"}}
	runtime.SetMem(r.Mem, "in", []datasets.FavouriteColour{{Colour: "blue"}, {Colour: "red"}, {Colour: "brown"}})
	m := &byColour{In: datasets.FavouriteColoursDataset.Input(),
		Out: (&runtime.Dataset[datasets.FavouriteColour]{Name: "copy", Formats: datasets.FavouriteColoursDataset.Formats}).Output()}
	payload, _ := json.Marshal("b")
	res, err := r.RunTask(context.Background(), "by_colour", m, partition.Task{Index: 0, Key: "#0 \"b\"", Payload: payload}, "parent-run")
	if err != nil {
		t.Fatal(err)
	}
	if string(res) != "2" {
		t.Errorf("result %s, want 2", res)
	}
	if names := r.Mem.Names(); len(names) != 1 {
		t.Errorf("a worker published outputs: %v", names)
	}
	if len(rec.runs) != 1 || rec.runs[0].Parent != "parent-run" || rec.runs[0].Partition != "#0 \"b\"" || rec.runs[0].Status != provenance.Succeeded {
		t.Errorf("partition record: %+v", rec.runs)
	}
	if _, err := r.RunTask(context.Background(), "copy", newCopy(), partition.Task{Payload: payload}, "p"); err == nil || !strings.Contains(err.Error(), "not partitioned") {
		t.Errorf("unpartitioned model: %v", err)
	}
}
