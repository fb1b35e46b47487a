// Package models holds the consumer's model.
package models

import (
	"context"
	"maps"
	"slices"

	"example.com/islands/consumer/datasets"
	"github.com/ayeaye-go/ayeaye/runtime"
)

// CustomerTotals totals the producer's orders per customer.
type CustomerTotals struct {
	Orders runtime.Input[datasets.Order]
	Totals runtime.Output[datasets.CustomerTotal]
}

// NewCustomerTotals returns the model wired to the project's datasets.
func NewCustomerTotals() *CustomerTotals {
	return &CustomerTotals{Orders: datasets.OrdersDataset.Input(), Totals: datasets.CustomerTotalsDataset.Output()}
}

// Build writes one total per customer, in customer order.
func (m *CustomerTotals) Build(ctx context.Context) error {
	totals := map[string]*datasets.CustomerTotal{}
	for o, err := range m.Orders.All() {
		if err != nil {
			return err
		}
		t := totals[o.Customer]
		if t == nil {
			t = &datasets.CustomerTotal{Customer: o.Customer}
			totals[o.Customer] = t
		}
		t.Orders++
		t.TotalCents += o.TotalCents
	}
	for _, c := range slices.Sorted(maps.Keys(totals)) {
		if err := m.Totals.Write(totals[c]); err != nil {
			return err
		}
	}
	runtime.Count(ctx, "customers", int64(len(totals)))
	return nil
}
