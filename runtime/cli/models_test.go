package cli_test

import (
	"cmp"
	"context"
	"errors"
	"maps"
	"slices"

	"github.com/ayeaye-go/ayeaye/example/datasets"
	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/value"
)

// The models of the test project: real models over the example's
// generated datasets. popularity and leaders both read the survey (a
// fork); shopping joins their outputs.

// popularity counts how many people chose each colour: a real model over
// the example's generated datasets.
type popularity struct {
	Answers    runtime.Input[datasets.FavouriteColour]
	Popularity runtime.Output[datasets.ColourPopularity]
}

func (m *popularity) Build(ctx context.Context) error {
	names := map[string][]string{}
	total := 0
	for rec, err := range m.Answers.All() {
		if err != nil {
			return err
		}
		names[rec.Colour] = append(names[rec.Colour], rec.Name)
		total++
		runtime.Count(ctx, "answers", 1)
	}
	var out []datasets.ColourPopularity
	for colour, who := range names {
		slices.Sort(who)
		out = append(out, datasets.ColourPopularity{Colour: colour, People: int32(len(who)), Share: float64(len(who)) / float64(total), Names: who})
	}
	slices.SortFunc(out, func(a, b datasets.ColourPopularity) int {
		return cmp.Or(cmp.Compare(b.People, a.People), cmp.Compare(a.Colour, b.Colour))
	})
	for i := range out {
		if err := m.Popularity.Write(&out[i]); err != nil {
			return err
		}
	}
	return nil
}

// leaders lists the colours at least two people chose: with popularity,
// one side of the fork from the survey.
type leaders struct {
	Answers runtime.Input[datasets.FavouriteColour]
	Leaders runtime.Output[datasets.ColourPopularity]
	fail    bool
}

func (m *leaders) Build(ctx context.Context) error {
	if m.fail {
		return errors.New("no leaders today")
	}
	counts := map[string]int32{}
	for rec, err := range m.Answers.All() {
		if err != nil {
			return err
		}
		counts[rec.Colour]++
	}
	for _, colour := range slices.Sorted(maps.Keys(counts)) {
		if counts[colour] >= 2 {
			if err := m.Leaders.Write(&datasets.ColourPopularity{Colour: colour, People: counts[colour], Names: []string{}}); err != nil {
				return err
			}
		}
	}
	return nil
}

// shopping joins popularity and leaders: a tin more of each leading
// colour than people chose it.
type shopping struct {
	Popularity runtime.Input[datasets.ColourPopularity]
	Leaders    runtime.Input[datasets.ColourPopularity]
	List       runtime.Output[datasets.PaintOrder]
}

func (m *shopping) Build(ctx context.Context) error {
	lead := map[string]bool{}
	for l, err := range m.Leaders.All() {
		if err != nil {
			return err
		}
		lead[l.Colour] = true
	}
	for p, err := range m.Popularity.All() {
		if err != nil {
			return err
		}
		if lead[p.Colour] {
			tins := int64(p.People) + 1
			o := datasets.PaintOrder{Colour: p.Colour, Tins: tins, Litres: value.NewDecimal(25, 1).Mul(value.DecimalFromInt(tins)), Priority: datasets.PaintOrderPriorityHigh}
			if err := m.List.Write(&o); err != nil {
				return err
			}
		}
	}
	return nil
}

// colourLeaders, shoppingList and brokenOrders are datasets of the test
// project beside the example's, with the example's record types.
var (
	colourLeaders = &runtime.Dataset[datasets.ColourPopularity]{
		Name: "colour_leaders", Fingerprint: datasets.ColourPopularityDataset.Fingerprint, Schema: datasets.ColourPopularityDataset.Schema,
		EngineURL: "csv://{output_root}/colour_leaders.csv", Formats: datasets.ColourPopularityDataset.Formats,
	}
	shoppingList = &runtime.Dataset[datasets.PaintOrder]{
		Name: "shopping_list", Fingerprint: datasets.PaintOrdersDataset.Fingerprint, Schema: datasets.PaintOrdersDataset.Schema,
		EngineURL: "ndjson://{output_root}/shopping_list.ndjson", Formats: datasets.PaintOrdersDataset.Formats,
	}
	brokenOrders = &runtime.Dataset[datasets.PaintOrder]{
		Name: "broken_paint_orders", Fingerprint: datasets.PaintOrdersDataset.Fingerprint, Schema: datasets.PaintOrdersDataset.Schema,
		EngineURL: "ndjson://{output_root}/broken_paint_orders.ndjson", Formats: datasets.PaintOrdersDataset.Formats,
	}
)

// orders turns popularity into paint orders; with fail set it writes its
// orders and then fails, to show that nothing is published.
type orders struct {
	Popularity runtime.Input[datasets.ColourPopularity]
	Orders     runtime.Output[datasets.PaintOrder]
	fail       bool
}

func (m *orders) Build(ctx context.Context) error {
	for p, err := range m.Popularity.All() {
		if err != nil {
			return err
		}
		tins := int64(p.People)
		o := datasets.PaintOrder{Colour: p.Colour, Tins: tins, Litres: value.NewDecimal(25, 1).Mul(value.DecimalFromInt(tins)), Priority: datasets.PaintOrderPriorityNormal}
		if err := m.Orders.Write(&o); err != nil {
			return err
		}
	}
	if m.fail {
		return errors.New("the paint shop is closed")
	}
	return nil
}
