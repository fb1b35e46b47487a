package models_test

import (
	"strings"
	"testing"

	"github.com/ayeaye-go/ayeaye/example/datasets"
	"github.com/ayeaye-go/ayeaye/example/models"
	"github.com/ayeaye-go/ayeaye/runtime/modeltest"
	"github.com/ayeaye-go/ayeaye/runtime/value"
)

func TestPartyPlan(t *testing.T) {
	h := modeltest.New(t)
	modeltest.Fixture(h, datasets.PaintOrdersDataset, []datasets.PaintOrder{
		{Colour: "blue", Tins: 2, Litres: value.MustParseDecimal("5.0"), Priority: datasets.PaintOrderPriorityHigh},
		{Colour: "red", Tins: 1, Litres: value.MustParseDecimal("2.5"), Priority: datasets.PaintOrderPriorityNormal},
	})
	modeltest.Fixture(h, datasets.ColourPopularityDataset, []datasets.ColourPopularity{
		{Colour: "red", People: 1, Share: 1.0 / 3, Names: []string{"Bo"}},
		{Colour: "blue", People: 2, Share: 2.0 / 3, Names: []string{"Ada", "Cy"}},
	})
	modeltest.Capture(h, datasets.PartyPlanDataset)
	h.Run(models.NewPartyPlan())
	modeltest.Expect(h, datasets.PartyPlanDataset, []datasets.PartyPlan{
		{Colour: "blue", Tins: 2, Priority: datasets.PartyPlanPriorityHigh, Painters: []string{"Ada", "Cy"}},
		{Colour: "red", Tins: 1, Priority: datasets.PartyPlanPriorityNormal, Painters: []string{"Bo"}},
	})
}

func TestPartyPlanRefusesUnknownColour(t *testing.T) {
	h := modeltest.New(t)
	modeltest.Fixture(h, datasets.PaintOrdersDataset, []datasets.PaintOrder{{Colour: "teal", Tins: 1, Priority: datasets.PaintOrderPriorityLow}})
	modeltest.Fixture(h, datasets.ColourPopularityDataset, []datasets.ColourPopularity{})
	modeltest.Capture(h, datasets.PartyPlanDataset)
	err := h.RunFails(models.NewPartyPlan())
	if !strings.Contains(err.Error(), `paint is ordered for "teal", but nobody chose it`) {
		t.Errorf("error = %v", err)
	}
}
