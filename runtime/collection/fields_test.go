package collection_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ayeaye-go/ayeaye/example/datasets"
	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/collection"
	"github.com/ayeaye-go/ayeaye/runtime/schema"
)

type field = collection.FieldJSON

func TestSchemaFields(t *testing.T) {
	tests := []struct {
		name   string
		schema string
		want   []field
	}{
		{"empty", "", []field{}},
		{"no properties", `{"type":"object"}`, []field{}},
		{"scalars and formats", `{"properties":{
			"b":{"type":"boolean"},
			"at":{"type":"string","format":"date-time","description":"When."},
			"n":{"type":"integer","format":"int32"},
			"x":{"type":"number"},
			"s":{"type":"string"}}}`,
			[]field{
				{Name: "at", Type: "string (date-time)", Description: "When."},
				{Name: "b", Type: "boolean"},
				{Name: "n", Type: "integer (int32)"},
				{Name: "s", Type: "string"},
				{Name: "x", Type: "number"},
			}},
		{"nullable", `{"properties":{"a":{"type":["number","null"]},"b":{"type":["null","string"],"format":"date"}}}`,
			[]field{{Name: "a", Type: "number | null"}, {Name: "b", Type: "string (date) | null"}}},
		{"enums", `{"properties":{
			"p":{"enum":["high","normal","low"],"type":"string"},
			"q":{"enum":["a",null]},
			"r":{"enum":[1,2.50,true]}}}`,
			[]field{{Name: "p", Type: "enum(high, normal, low)"}, {Name: "q", Type: "enum(a) | null"}, {Name: "r", Type: "enum(1, 2.50, true)"}}},
		{"arrays", `{"properties":{
			"tags":{"type":"array","items":{"type":"string"}},
			"maybe":{"type":"array","items":{"type":["integer","null"]}},
			"grid":{"type":"array","items":{"type":"array","items":{"type":"number"}}},
			"loose":{"type":"array"}}}`,
			[]field{
				{Name: "grid", Type: "array of array of number"},
				{Name: "loose", Type: "array of any"},
				{Name: "maybe", Type: "array of (integer | null)"},
				{Name: "tags", Type: "array of string"},
			}},
		{"nested objects", `{"properties":{
			"address":{"type":["object","null"],"properties":{"city":{"type":"string"},"geo":{"type":"object","properties":{"lat":{"type":"number"}}}}},
			"lines":{"type":"array","items":{"type":"object","properties":{"sku":{"type":"string"}}}}}}`,
			[]field{
				{Name: "address", Type: "object | null"},
				{Name: "address.city", Type: "string"},
				{Name: "address.geo", Type: "object"},
				{Name: "address.geo.lat", Type: "number"},
				{Name: "lines", Type: "array of object"},
				{Name: "lines[].sku", Type: "string"},
			}},
		{"refs", `{"$defs":{"Money":{"type":"object","description":"An amount.","properties":{"amount":{"type":"string","format":"decimal"}}},
			"a/b":{"enum":["x","y"]},"Alias":{"$ref":"#/$defs/Money"}},
			"properties":{
				"price":{"$ref":"#/$defs/Money"},
				"cost":{"$ref":"#/$defs/Alias","description":"What we paid."},
				"kind":{"$ref":"#/$defs/a~1b"},
				"pct":{"$ref":"#/$defs/a%7E1b"},
				"lost":{"$ref":"#/$defs/Nope"},
				"far":{"$ref":"other.json#/x"}}}`,
			[]field{
				{Name: "cost", Type: "object", Description: "What we paid."},
				{Name: "cost.amount", Type: "string (decimal)"},
				{Name: "far", Type: "$ref other.json#/x"},
				{Name: "kind", Type: "enum(x, y)"},
				{Name: "lost", Type: "$ref #/$defs/Nope"},
				{Name: "pct", Type: "enum(x, y)"},
				{Name: "price", Type: "object", Description: "An amount."},
				{Name: "price.amount", Type: "string (decimal)"},
			}},
		{"odd schemas", `{"properties":{"t":true,"u":{},"v":{"type":"null"},"w":{"type":["string","integer"]},"o":{"properties":{"k":{"type":"string"}}}}}`,
			[]field{
				{Name: "o", Type: "object"},
				{Name: "o.k", Type: "string"},
				{Name: "t", Type: "any"},
				{Name: "u", Type: "any"},
				{Name: "v", Type: "any | null"},
				{Name: "w", Type: "string | integer"},
			}},
		{"generated", datasets.FavouriteColoursDataset.Schema, []field{
			{Name: "certainty", Type: "number | null", Description: "How sure they were, 0 to 1; empty when they did not say."},
			{Name: "colour", Type: "string", Description: "Their favourite colour, lower case."},
			{Name: "name", Type: "string", Description: "The person's name as they gave it."},
			{Name: "person_id", Type: "integer", Description: "Who answered."},
			{Name: "surveyed_on", Type: "string (date)", Description: "The day they were asked."},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := collection.SchemaFields(tt.schema)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("fields (-want +got):\n%s", d)
			}
		})
	}
}

func TestSchemaFieldsErrors(t *testing.T) {
	tests := []struct{ schema, want string }{
		{`{"properties":`, "the schema is not valid JSON: the document ends early (at line 1, column 15)"},
		{`[1]`, `the schema is an array; a dataset schema is a JSON object with "type": "object" and "properties"`},
		{`{} {}`, "the schema has data after its JSON value"},
		{`{"properties":[]}`, `"properties" is an array; it must be an object mapping each field name to its schema (at line 1, column 1)`},
		{`{"properties":{"a":{"type":"object","properties":"x"}}}`, `"properties" is a string; it must be an object mapping each field name to its schema (at /properties/a, line 1, column 20)`},
	}
	for _, tt := range tests {
		_, err := collection.SchemaFields(tt.schema)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("SchemaFields(%s) error = %v, want %q", tt.schema, err, tt.want)
		}
	}
}

// A schema that fans out through definitions is listed to a bound
// instead of in full; one that refers to itself stops where it recurs.
func TestSchemaFieldsBounded(t *testing.T) {
	// Each of 12 levels uses the next twice: 8,190 fields.
	var fan strings.Builder
	fan.WriteString(`{"$defs":{`)
	for i := range 12 {
		fmt.Fprintf(&fan, `"d%d":{"type":"object","properties":{"a":{"$ref":"#/$defs/d%d"},"b":{"$ref":"#/$defs/d%d"}}},`, i, i+1, i+1)
	}
	fan.WriteString(`"d12":{"type":"string"}},"properties":{"root":{"$ref":"#/$defs/d0"}}}`)
	got, err := collection.SchemaFields(fan.String())
	if err != nil {
		t.Fatal(err)
	}
	last := got[len(got)-1]
	if len(got) != 2001 || last.Name != "…" || !strings.Contains(last.Type, "only the first 2000 fields") {
		t.Errorf("%d fields, last %+v", len(got), last)
	}
	loop := `{"$defs":{"N":{"type":"object","properties":{"a":{"$ref":"#/$defs/N"},"b":{"$ref":"#/$defs/N"}}}},"properties":{"root":{"$ref":"#/$defs/N"}}}`
	got, err = collection.SchemaFields(loop)
	want := []field{{Name: "root", Type: "object"}, {Name: "root.a", Type: "object"}, {Name: "root.b", Type: "object"}}
	if d := cmp.Diff(want, got); d != "" || err != nil {
		t.Errorf("recursive (-want +got):\n%s %v", d, err)
	}
	self := `{"$defs":{"A":{"$ref":"#/$defs/A"}},"properties":{"x":{"$ref":"#/$defs/A"}}}`
	got, err = collection.SchemaFields(self)
	if err != nil || len(got) != 1 || got[0].Type != "$ref #/$defs/A" {
		t.Errorf("self reference: %+v %v", got, err)
	}
}

func FuzzSchemaFields(f *testing.F) {
	for _, s := range []string{
		"", "{}", `{"properties":{"a":{"type":"string"}}}`,
		datasets.FavouriteColoursDataset.Schema, datasets.PaintOrdersDataset.Schema, datasets.ColourPopularityDataset.Schema,
		`{"$defs":{"N":{"properties":{"a":{"$ref":"#/$defs/N"}}}},"properties":{"r":{"$ref":"#/$defs/N"}}}`,
		`{"properties":{"a":{"type":"array","items":{"type":"array","items":{"enum":[null,1]}}}}}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, schema string) {
		a, errA := collection.SchemaFields(schema)
		b, errB := collection.SchemaFields(schema)
		if (errA == nil) != (errB == nil) || cmp.Diff(a, b) != "" {
			t.Fatalf("not deterministic: %v %v", errA, errB)
		}
		if errA == nil && len(a) > 2001 {
			t.Fatalf("%d fields: the bound does not hold", len(a))
		}
	})
}

// The graph carries each dataset's fields; a model naming a dataset whose
// schema is broken is refused with the model and dataset named.
func TestGraphFields(t *testing.T) {
	withSchema := func(name, schema string) *runtime.Dataset[rec] {
		d := ds(name)
		d.Schema = schema
		return d
	}
	good := &pass{probe: &probe{name: "a"}, In: withSchema("src", datasets.FavouriteColoursDataset.Schema).Input(), Out: ds("x").Output()}
	c, err := collection.New(runner(), []collection.Model{{Name: "a", Model: good}})
	if err != nil {
		t.Fatal(err)
	}
	g := c.Graph()
	if d := cmp.Diff([]string{"src", "x"}, []string{g.Datasets[0].Name, g.Datasets[1].Name}); d != "" {
		t.Fatalf("datasets (-want +got):\n%s", d)
	}
	if len(g.Datasets[0].Fields) != 5 || g.Datasets[0].Fields[4].Type != "string (date)" {
		t.Errorf("src fields: %+v", g.Datasets[0].Fields)
	}
	if g.Datasets[1].Fields == nil || len(g.Datasets[1].Fields) != 0 {
		t.Errorf("a dataset without schema has fields %#v, want an empty list", g.Datasets[1].Fields)
	}
	if c.Datasets()[0].Schema != datasets.FavouriteColoursDataset.Schema {
		t.Error("Dataset.Schema is not the declared schema")
	}
	bad := &pass{probe: &probe{name: "b"}, In: withSchema("src", `{"properties":`).Input(), Out: ds("x").Output()}
	_, err = collection.New(runner(), []collection.Model{{Name: "b", Model: bad}})
	if err == nil || !strings.Contains(err.Error(), "model b: dataset src (mem://src): the schema is not valid JSON") {
		t.Errorf("broken schema: %v", err)
	}
}

// A dataset's generated Record gives the graph its fields; its JSON is
// then not read at all.
func TestGraphFieldsFromRecord(t *testing.T) {
	d := ds("src")
	d.Schema = `not JSON: never parsed while Record is set`
	d.Record = &schema.Record{Fields: []schema.Field{
		{Name: "lines", Type: schema.Type{Kind: schema.Array, Elem: &schema.Type{Kind: schema.Object, Fields: []schema.Field{{Name: "sku", Type: schema.Type{Kind: schema.String}}}}}},
	}}
	c, err := collection.New(runner(), []collection.Model{{Name: "a", Model: &pass{probe: &probe{name: "a"}, In: d.Input(), Out: ds("x").Output()}}})
	if err != nil {
		t.Fatal(err)
	}
	want := []field{{Name: "lines", Type: "array of object"}, {Name: "lines[].sku", Type: "string"}}
	if diff := cmp.Diff(want, c.Graph().Datasets[0].Fields); diff != "" {
		t.Errorf("fields (-want +got):\n%s", diff)
	}
}
