package modeltest_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/ayeaye-go/ayeaye/example/datasets"
	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/modeltest"
	"github.com/ayeaye-go/ayeaye/runtime/schema"
)

// popularityModel counts each colour's share of the answers; nudge is
// added to every share, as a second implementation's rounding might.
type popularityModel struct {
	Answers    runtime.Input[datasets.FavouriteColour]
	Popularity runtime.Output[datasets.ColourPopularity]
	nudge      float64
	reverse    bool
}

func newPopularity(nudge float64, reverse bool) *popularityModel {
	return &popularityModel{Answers: datasets.FavouriteColoursDataset.Input(), Popularity: tolerantPopularity.Output(), nudge: nudge, reverse: reverse}
}

func (m *popularityModel) Build(ctx context.Context) error {
	counts := map[string]int32{}
	var order []string
	total := 0
	for a, err := range m.Answers.All() {
		if err != nil {
			return err
		}
		if counts[a.Colour] == 0 {
			order = append(order, a.Colour)
		}
		counts[a.Colour]++
		total++
	}
	if m.reverse {
		for i, j := 0, len(order)-1; i < j; i, j = i+1, j-1 {
			order[i], order[j] = order[j], order[i]
		}
	}
	for _, c := range order {
		share := float64(counts[c])/float64(total) + m.nudge
		if err := m.Popularity.Write(&datasets.ColourPopularity{Colour: c, People: counts[c], Share: share, Names: []string{}}); err != nil {
			return err
		}
	}
	return nil
}

// tolerantPopularity is colour_popularity with a tolerance of 0.001 on
// share, as a schema would declare it.
var tolerantPopularity = func() *runtime.Dataset[datasets.ColourPopularity] {
	d := *datasets.ColourPopularityDataset
	var s map[string]any
	if err := json.Unmarshal([]byte(d.Schema), &s); err != nil {
		panic(err)
	}
	share := s["properties"].(map[string]any)["share"].(map[string]any)
	share["x-ayeaye"] = map[string]any{"tolerance": 0.001}
	b, err := json.Marshal(s)
	if err != nil {
		panic(err)
	}
	d.Schema = string(b)
	if d.Record, err = schema.FromJSON(b); err != nil { // the record as ayeaye-gen would emit it
		panic(err)
	}
	return &d
}()

// runPopularity runs the model on the answers in a harness of its own.
func runPopularity(tb testing.TB, nudge float64, reverse bool) *modeltest.Harness {
	h := modeltest.New(tb)
	modeltest.Fixture(h, datasets.FavouriteColoursDataset, []datasets.FavouriteColour{
		{PersonID: 1, Name: "Ada", Colour: "blue"}, {PersonID: 2, Name: "Bo", Colour: "green"}, {PersonID: 3, Name: "Cy", Colour: "blue"},
	})
	modeltest.Capture(h, tolerantPopularity)
	h.Run(newPopularity(nudge, reverse))
	return h
}

// TestExpectSame passes on outputs that are the same by the schema's
// rules (another order, shares within the tolerance) and fails, with
// verify's report, on a share out of tolerance.
func TestExpectSame(t *testing.T) {
	a, b := runPopularity(t, 0, false), runPopularity(t, 0.0004, true)
	modeltest.ExpectSame(a, b, tolerantPopularity)

	// The tolerance is the schema's: without it the same outputs differ.
	exact := &recorder{TB: t}
	exact.do(func() {
		modeltest.ExpectSame(&modeltest.Harness{TB: exact, Runner: a.Runner}, b, datasets.ColourPopularityDataset)
	})
	if len(exact.errors) != 1 || !strings.Contains(exact.errors[0], "off by 0.0004") {
		t.Errorf("without a tolerance: fatal %q, errors %q", exact.fatal, exact.errors)
	}

	rec := &recorder{TB: t}
	rec.do(func() {
		modeltest.ExpectSame(runPopularity(rec, 0, false), runPopularity(rec, 0.01, false), tolerantPopularity)
	})
	if rec.fatal != "" || len(rec.errors) != 1 {
		t.Fatalf("fatal %q, errors %q; want one error", rec.fatal, rec.errors)
	}
	for _, want := range []string{
		"dataset colour_popularity is not the same in the two runs",
		"colour_popularity: differs: 2 of 2 records only in A, 2 of 2 only in B",
		`only in A {"colour":"blue","people":2,`,
		"share: 0.6666666666666666 in A, 0.6766666666666666 in B, off by 0.01 (allowed 0.001)",
	} {
		if !strings.Contains(rec.errors[0], want) {
			t.Errorf("the report lacks %q:\n%s", want, rec.errors[0])
		}
	}
}
