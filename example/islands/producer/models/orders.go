// Package models holds the producer's model.
package models

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"

	"example.com/islands/producer/datasets"
	"github.com/ayeaye-go/ayeaye/runtime"
)

// Orders sums order lines into orders, in order id order.
type Orders struct {
	Lines  runtime.Input[datasets.OrderLine]
	Orders runtime.Output[datasets.Order]
}

// NewOrders returns the model wired to the project's datasets.
func NewOrders() *Orders {
	return &Orders{Lines: datasets.OrderLinesDataset.Input(), Orders: datasets.OrdersDataset.Output()}
}

// Build reads every line and writes one order per order id.
func (m *Orders) Build(ctx context.Context) error {
	orders := map[int64]*datasets.Order{}
	for l, err := range m.Lines.All() {
		if err != nil {
			return err
		}
		o := orders[l.OrderID]
		if o == nil {
			o = &datasets.Order{OrderID: l.OrderID, Customer: l.Customer}
			orders[l.OrderID] = o
		}
		if o.Customer != l.Customer {
			return fmt.Errorf("order %d has lines for %q and %q; an order has one customer", l.OrderID, o.Customer, l.Customer)
		}
		o.Lines++
		o.TotalCents += l.Quantity * l.UnitPriceCents
	}
	ids := slices.SortedFunc(maps.Keys(orders), cmp.Compare[int64])
	for _, id := range ids {
		if err := m.Orders.Write(orders[id]); err != nil {
			return err
		}
	}
	runtime.Count(ctx, "orders", int64(len(ids)))
	return nil
}
