// Command producer runs the producer's model and publishes out/orders.ndjson
// with its manifest. Run it from the project directory:
//
//	go run ./cmd/producer run -all
package main

import (
	"example.com/islands/producer"
	"example.com/islands/producer/models"
	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/cli"
)

func main() { cli.Run(program()) }

func program() cli.Program {
	return cli.Program{
		Name:   "producer",
		Config: producer.Config(),
		Models: []cli.Model{
			{Name: "orders", New: func() runtime.Model { return models.NewOrders() }, Doc: "sum order lines into the published orders"},
		},
	}
}
