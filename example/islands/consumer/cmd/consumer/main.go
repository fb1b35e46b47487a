// Command consumer totals the orders the producer publishes, per
// customer. Run it from the project directory, after the producer:
//
//	go run ./cmd/consumer run -all
package main

import (
	"example.com/islands/consumer"
	"example.com/islands/consumer/models"
	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/cli"
)

func main() { cli.Run(program()) }

func program() cli.Program {
	return cli.Program{
		Name:   "consumer",
		Config: consumer.Config(),
		Models: []cli.Model{
			{Name: "customer_totals", New: func() runtime.Model { return models.NewCustomerTotals() }, Doc: "what each customer ordered, from the producer's published orders"},
		},
	}
}
