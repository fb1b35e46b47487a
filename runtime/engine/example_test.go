package engine_test

import (
	"fmt"

	"github.com/ayeaye-go/ayeaye/runtime/engine"
)

func ExampleParse() {
	u, err := engine.Parse("s3+gz+csv://my-bucket/raw/orders.csv.gz;delimiter=pipe;header=true")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(u.Type, u.Modifiers, u.Location)
	fmt.Printf("storage=%s compression=%s delimiter=%q\n", u.Storage(), u.Compression(), u.Options["delimiter"])
	fmt.Println(u)

	_, err = engine.Parse("csv://people.csv;delimeter=tab")
	fmt.Println(err)
	// Output:
	// csv [s3 gz] my-bucket/raw/orders.csv.gz
	// storage=s3 compression=gz delimiter="|"
	// s3+gz+csv://my-bucket/raw/orders.csv.gz;delimiter=|;header=true
	// engine URL "csv://people.csv;delimeter=tab": at offset 17: unknown option "delimeter" for csv; did you mean "delimiter"? valid options: delimiter, header, quote
}

func ExampleExpand() {
	vars := map[string]string{"data_root": "/srv/data", "env": "prod"}
	s, err := engine.Expand("csv://{data_root}/{env}/people.csv", vars)
	fmt.Println(s, err)

	_, err = engine.Expand("csv://{data_rot}/people.csv", vars)
	fmt.Println(err)
	// Output:
	// csv:///srv/data/prod/people.csv <nil>
	// template "csv://{data_rot}/people.csv": at offset 6: unknown name {data_rot}; did you mean {data_root}? known names: data_root, env
}

func ExampleURL_Redacted() {
	u := engine.URL{Type: "postgres", Location: "etl:s3cret@db.internal:5432/sales", Options: map[string]string{"sslmode": "require"}}
	fmt.Println(u.Redacted())
	// Output:
	// postgres://etl:xxxxx@db.internal:5432/sales;sslmode=require
}

func ExampleMatch() {
	for _, name := range []string{"raw/2024/orders-1.csv", "raw/orders-2.csv", "raw/.orders-3.csv"} {
		ok, _ := engine.Match("raw/**/orders-*.csv", name)
		fmt.Println(name, ok)
	}
	// Output:
	// raw/2024/orders-1.csv true
	// raw/orders-2.csv true
	// raw/.orders-3.csv false
}

func ExampleRegistry_Register() {
	reg := engine.NewRegistry() // the built-in types and modifiers
	err := reg.Register(engine.Spec{
		Name: "avro",
		Kind: engine.KindType,
		Options: []engine.Option{
			{Name: "codec", Doc: "deflate or snappy"},
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	u, err := reg.Parse("s3+avro://lake/orders.avro;codec=snappy")
	fmt.Println(u, err)
	// Output:
	// s3+avro://lake/orders.avro;codec=snappy <nil>
}
