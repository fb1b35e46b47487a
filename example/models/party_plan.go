package models

import (
	"context"
	"fmt"

	"github.com/ayeaye-go/ayeaye/example/datasets"
	"github.com/ayeaye-go/ayeaye/runtime"
)

// PartyPlan joins the paint orders with who chose each colour: the
// pipeline's join, reading the outputs of two other models.
type PartyPlan struct {
	Orders     runtime.Input[datasets.PaintOrder]
	Popularity runtime.Input[datasets.ColourPopularity]
	Plan       runtime.Output[datasets.PartyPlan]
}

// NewPartyPlan returns the model wired to the project's datasets.
func NewPartyPlan() *PartyPlan {
	return &PartyPlan{
		Orders:     datasets.PaintOrdersDataset.Input(),
		Popularity: datasets.ColourPopularityDataset.Input(),
		Plan:       datasets.PartyPlanDataset.Output(),
	}
}

// Build writes one plan line per order, in the orders' order. An order
// for a colour nobody chose is an error: the two inputs disagree.
func (m *PartyPlan) Build(ctx context.Context) error {
	painters := map[string][]string{}
	for p, err := range m.Popularity.All() {
		if err != nil {
			return err
		}
		painters[p.Colour] = p.Names
	}
	for o, err := range m.Orders.All() {
		if err != nil {
			return err
		}
		names, ok := painters[o.Colour]
		if !ok {
			return fmt.Errorf("paint is ordered for %q, but nobody chose it in the popularity summary; rerun favourite_colours and paint_orders together", o.Colour)
		}
		if names == nil {
			names = []string{}
		}
		plan := datasets.PartyPlan{Colour: o.Colour, Tins: o.Tins, Priority: datasets.PartyPlanPriority(o.Priority), Painters: names}
		if err := m.Plan.Write(&plan); err != nil {
			return err
		}
	}
	return nil
}
