package models_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ayeaye-go/ayeaye/example/datasets"
	"github.com/ayeaye-go/ayeaye/example/models"
	"github.com/ayeaye-go/ayeaye/runtime/modeltest"
	"github.com/ayeaye-go/ayeaye/runtime/value"
)

func TestPaintOrders(t *testing.T) {
	h := modeltest.New(t)
	modeltest.Fixture(h, datasets.ColourPopularityDataset, []datasets.ColourPopularity{
		{Colour: "blue", People: 5, Share: 0.5},
		{Colour: "green", People: 3, Share: 0.3}, // exactly the threshold: high
		{Colour: "red", People: 2, Share: 0.2},
		{Colour: "grey", People: 0, Share: 0},
	})
	modeltest.Capture(h, datasets.PaintOrdersDataset)
	rep := h.Run(models.NewPaintOrders())
	modeltest.Expect(h, datasets.PaintOrdersDataset, []datasets.PaintOrder{
		{Colour: "blue", Tins: 5, Litres: value.MustParseDecimal("12.5"), Priority: datasets.PaintOrderPriorityHigh},
		{Colour: "green", Tins: 3, Litres: value.MustParseDecimal("7.5"), Priority: datasets.PaintOrderPriorityHigh},
		{Colour: "red", Tins: 2, Litres: value.MustParseDecimal("5"), Priority: datasets.PaintOrderPriorityNormal},
		{Colour: "grey", Tins: 0, Litres: value.MustParseDecimal("0"), Priority: datasets.PaintOrderPriorityNormal},
	})
	want := map[string]int64{"tins": 10, "orders.high": 2, "orders.normal": 2}
	if diff := cmp.Diff(want, rep.Stats); diff != "" {
		t.Errorf("statistics (-want +got):\n%s", diff)
	}
}

// TestPaintOrdersExactLitres checks that litres are exact decimals, never
// floating-point approximations, whatever the count.
func TestPaintOrdersExactLitres(t *testing.T) {
	h := modeltest.New(t)
	modeltest.Fixture(h, datasets.ColourPopularityDataset, []datasets.ColourPopularity{{Colour: "blue", People: 2147483647, Share: 1}})
	modeltest.Capture(h, datasets.PaintOrdersDataset)
	h.Run(models.NewPaintOrders())
	got := modeltest.Records(h, datasets.PaintOrdersDataset)
	if len(got) != 1 || got[0].Litres.String() != "5368709117.5" {
		t.Errorf("orders = %v, want 5368709117.5 litres", got)
	}
}

func TestPaintOrdersBadInput(t *testing.T) {
	for _, tc := range []struct {
		name   string
		record datasets.ColourPopularity
		want   string
	}{
		{"negative people", datasets.ColourPopularity{Colour: "blue", People: -1, Share: 0.1}, `colour "blue" has -1 people; a count cannot be negative`},
		{"share above 1", datasets.ColourPopularity{Colour: "red", People: 1, Share: 1.5}, `colour "red" has share 1.5, outside 0..1`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := modeltest.New(t)
			modeltest.Fixture(h, datasets.ColourPopularityDataset, []datasets.ColourPopularity{tc.record})
			modeltest.Capture(h, datasets.PaintOrdersDataset)
			if err := h.RunFails(models.NewPaintOrders()); !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error lacks %q:\n%v", tc.want, err)
			}
		})
	}
}

func TestPaintOrdersBadRecord(t *testing.T) {
	h := modeltest.New(t)
	modeltest.FixtureFile(h, datasets.ColourPopularityDataset, "testdata/bad_popularity.json")
	modeltest.Capture(h, datasets.PaintOrdersDataset)
	err := h.RunFails(models.NewPaintOrders())
	if want := `bad_popularity.json:3:`; !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "people") {
		t.Errorf("error does not name the file, line and field:\n%v", err)
	}

	h.Runner.SkipBadRecords = true
	rep := h.Run(models.NewPaintOrders())
	if rep.Rejected != 1 {
		t.Errorf("Rejected = %d, want 1", rep.Rejected)
	}
	modeltest.Expect(h, datasets.PaintOrdersDataset, []datasets.PaintOrder{
		{Colour: "blue", Tins: 2, Litres: value.MustParseDecimal("5"), Priority: datasets.PaintOrderPriorityHigh},
	})
}
