package models

import (
	"context"
	"fmt"

	"github.com/ayeaye-go/ayeaye/example/datasets"
	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/value"
)

// PaintOrders turns the colour popularity into paint to buy for the
// colour party: one 2.5 litre tin per person who chose the colour, high
// priority for colours chosen by at least 30% of people.
type PaintOrders struct {
	Popularity runtime.Input[datasets.ColourPopularity]
	Orders     runtime.Output[datasets.PaintOrder]
}

// NewPaintOrders returns the model wired to the project's datasets.
func NewPaintOrders() *PaintOrders {
	return &PaintOrders{
		Popularity: datasets.ColourPopularityDataset.Input(),
		Orders:     datasets.PaintOrdersDataset.Output(),
	}
}

// highPriorityShare is the share of people from which a colour's paint is
// ordered with high priority.
const highPriorityShare = 0.3

// Build writes one order per colour, in the popularity's order. Litres are
// exact decimals: 3 tins are 7.5 litres, never 7.499999.
func (m *PaintOrders) Build(ctx context.Context) error {
	litresPerTin := value.NewDecimal(25, 1)
	for p, err := range m.Popularity.All() {
		if err != nil {
			return err
		}
		if p.People < 0 {
			return fmt.Errorf("colour %q has %d people; a count cannot be negative", p.Colour, p.People)
		}
		if !(p.Share >= 0 && p.Share <= 1) {
			return fmt.Errorf("colour %q has share %v, outside 0..1", p.Colour, p.Share)
		}
		tins := int64(p.People)
		order := datasets.PaintOrder{
			Colour:   p.Colour,
			Tins:     tins,
			Litres:   litresPerTin.Mul(value.DecimalFromInt(tins)),
			Priority: datasets.PaintOrderPriorityNormal,
		}
		if p.Share >= highPriorityShare {
			order.Priority = datasets.PaintOrderPriorityHigh
		}
		if err := m.Orders.Write(&order); err != nil {
			return err
		}
		runtime.Count(ctx, "tins", tins)
		runtime.Count(ctx, "orders."+string(order.Priority), 1)
	}
	return nil
}
