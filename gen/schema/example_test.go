package schema_test

import (
	"fmt"

	"github.com/ayeaye-go/ayeaye/gen/schema"
)

func ExampleParse() {
	src := []byte(`type: object
x-ayeaye: {name: orders, keys: [id]}
properties:
  id: {type: integer}
  amount: {type: string, format: decimal}
  status: {enum: [open, paid]}
required: [id]
`)
	ds, diags := schema.Parse("schemas/orders.yaml", src)
	if len(diags) > 0 {
		fmt.Println(diags)
		return
	}
	fmt.Println(ds.Name, ds.Keys)
	for _, f := range ds.Record.Fields {
		fmt.Println(f.Name, f.Type.Kind, f.Required)
	}
	// Output:
	// orders [id]
	// id integer true
	// amount decimal false
	// status enum false
}

func ExampleParse_diagnostics() {
	src := []byte(`{
  "type": "object",
  "properties": {
    "amount": {"type": "money"},
    "qty": {"type": "integer", "minimum": 0}
  }
}`)
	_, diags := schema.Parse("schemas/orders.json", src)
	fmt.Println(diags)
	// Output:
	// schemas/orders.json:4:24: property "amount": type "money" is not a JSON Schema type
	// 	hint: for exact amounts use "type": "string" with "format": "decimal"
	// schemas/orders.json:5:32: property "qty": keyword "minimum" is not supported
	// 	hint: Aye-aye does not enforce validation keywords yet; remove it, or move the rule into a model's pre-build check
}
