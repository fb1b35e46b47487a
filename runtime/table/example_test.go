package table_test

import (
	"fmt"

	"github.com/ayeaye-go/ayeaye/runtime/table"
)

// CreateTable prints the DDL a dataset's table is created with; the
// generator emits the Schema.
func ExampleCreateTable() {
	s := table.Schema{
		Dataset: "sales",
		Columns: []table.Column{
			{Name: "id", Kind: table.Int, Bits: 64},
			{Name: "region", Kind: table.Enum, Enum: []string{"north", "south"}},
			{Name: "amount", Kind: table.Decimal},
			{Name: "sold_at", Kind: table.DateTime},
			{Name: "note", Kind: table.String, Nullable: true},
		},
		Keys: []string{"id"},
	}
	fmt.Println(table.CreateTable(table.Postgres, table.Name{Schema: "shop", Table: "sales"}, &s))
	// Output:
	// CREATE TABLE "shop"."sales" (
	//   "id" bigint NOT NULL,
	//   "region" text NOT NULL CHECK ("region" IN ('north', 'south')),
	//   "amount" numeric NOT NULL,
	//   "sold_at" timestamptz NOT NULL,
	//   "note" text,
	//   PRIMARY KEY ("id")
	// )
}

// Select builds the statement of a read: the condition keeps its ?
// placeholders (numbered for PostgreSQL) and the values travel apart.
func ExampleSelect() {
	s := table.Schema{Dataset: "sales", Columns: []table.Column{{Name: "id", Kind: table.Int, Bits: 64}, {Name: "region", Kind: table.String}}}
	q, args, err := table.Select(table.Postgres, table.Name{Table: "sales"}, &s, table.Query{
		Where:   "region = ? AND id > ?",
		Args:    []any{"x' OR '1'='1", 100},
		OrderBy: []string{"id DESC"},
	})
	fmt.Println(q)
	fmt.Println(args, err)
	// Output:
	// SELECT "id", "region" FROM "sales" WHERE (region = $1 AND id > $2) ORDER BY "id" DESC
	// [x' OR '1'='1 100] <nil>
}
