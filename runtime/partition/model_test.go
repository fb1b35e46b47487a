package partition_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ayeaye-go/ayeaye/example/datasets"
	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/partition"
)

// colourCount counts answers per colour, one partition per file or per
// byte range.
type colourCount struct {
	Answers runtime.Input[datasets.FavouriteColour]
	Out     runtime.Output[datasets.ColourPopularity]
	split   int // >0: partition by byte ranges, about this many per file
	failOn  string
}

type counts struct {
	People map[string]int32 `json:"people"`
}

func (m *colourCount) Build(ctx context.Context) error {
	if m.split > 0 {
		return partition.Run(ctx, "colour_count",
			func(context.Context) ([]runtime.Split, error) { return m.Answers.Splits(m.split) },
			func(ctx context.Context, s runtime.Split) (counts, error) { return m.count(m.Answers.SplitAll(s)) },
			m.combine)
	}
	return partition.Run(ctx, "colour_count",
		func(context.Context) ([]string, error) { return m.Answers.Files() },
		func(ctx context.Context, file string) (counts, error) {
			if m.failOn != "" && strings.HasSuffix(file, m.failOn) {
				return counts{}, errors.New("cannot read " + m.failOn)
			}
			return m.count(m.Answers.FileAll(file))
		},
		m.combine)
}

func (m *colourCount) count(recs func(func(datasets.FavouriteColour, error) bool)) (counts, error) {
	c := counts{People: map[string]int32{}}
	for r, err := range recs {
		if err != nil {
			return c, err
		}
		c.People[r.Colour]++
	}
	return c, nil
}

func (m *colourCount) combine(ctx context.Context, parts []counts) error {
	total := map[string]int32{}
	for _, p := range parts {
		for k, v := range p.People {
			total[k] += v
		}
	}
	keys := make([]string, 0, len(total))
	for k := range total {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if err := m.Out.Write(&datasets.ColourPopularity{Colour: k, People: total[k], Names: []string{}}); err != nil {
			return err
		}
	}
	return nil
}

func writeParts(t *testing.T, dir string, files int) {
	t.Helper()
	colours := []string{"red", "blue", "green"}
	for f := range files {
		var b strings.Builder
		b.WriteString("person_id,name,colour,surveyed_on,certainty\n")
		for i := range 50 + f {
			fmt.Fprintf(&b, "%d,\"P\n%d\",%s,2026-03-01,\n", f*1000+i, i, colours[(i*7+f)%3])
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("answers-%02d.csv", f)), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func runCount(t *testing.T, dir string, m *colourCount, e partition.Executor) (string, error) {
	t.Helper()
	r := &runtime.Runner{Overrides: map[string]string{
		"favourite_colours": "csv://" + dir + "/answers-*.csv",
		"colour_popularity": "csv://" + dir + "/out.csv",
	}}
	_, err := r.Run(partition.WithExecutor(context.Background(), e), "colour_count", m)
	out, _ := os.ReadFile(filepath.Join(dir, "out.csv"))
	return string(out), err
}

func newCount() *colourCount {
	return &colourCount{Answers: datasets.FavouriteColoursDataset.Input(), Out: datasets.ColourPopularityDataset.Output()}
}

// TestPartitionedModel: by file and by byte range, on both executors, the
// output is the same.
func TestPartitionedModel(t *testing.T) {
	dir := t.TempDir()
	writeParts(t, dir, 8)
	var outputs []string
	for _, split := range []int{0, 3} {
		for _, e := range []partition.Executor{partition.Serial{}, partition.Local{Workers: 2}} {
			m := newCount()
			m.split = split
			out, err := runCount(t, dir, m, e)
			if err != nil {
				t.Fatalf("split %d, %s: %v", split, e.Name(), err)
			}
			outputs = append(outputs, out)
		}
	}
	for _, o := range outputs[1:] {
		if d := cmp.Diff(outputs[0], o); d != "" {
			t.Errorf("outputs differ (-first +other):\n%s", d)
		}
	}
	if !strings.Contains(outputs[0], "blue,") || strings.Count(outputs[0], "\n") != 4 {
		t.Errorf("output:\n%s", outputs[0])
	}
}

// TestFailedPartitionKeepsOutput: nothing is published when a partition
// fails.
func TestFailedPartitionKeepsOutput(t *testing.T) {
	dir := t.TempDir()
	writeParts(t, dir, 4)
	if err := os.WriteFile(filepath.Join(dir, "out.csv"), []byte("previous\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	m := newCount()
	m.failOn = "answers-02.csv"
	ctx := partition.WithRetry(context.Background(), partition.Retry{Retries: 1})
	r := &runtime.Runner{Overrides: map[string]string{
		"favourite_colours": "csv://" + dir + "/answers-*.csv",
		"colour_popularity": "csv://" + dir + "/out.csv",
	}}
	_, err := r.Run(partition.WithExecutor(ctx, partition.Local{Workers: 2}), "colour_count", m)
	if err == nil || !strings.Contains(err.Error(), "answers-02.csv") {
		t.Fatalf("error = %v", err)
	}
	if out, _ := os.ReadFile(filepath.Join(dir, "out.csv")); string(out) != "previous\n" {
		t.Errorf("output changed: %q", out)
	}
}
