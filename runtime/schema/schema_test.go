package schema_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ayeaye-go/ayeaye/runtime/schema"
)

func TestFromJSON(t *testing.T) {
	str := schema.Type{Kind: schema.String}
	tests := []struct {
		name string
		doc  string
		want *schema.Record
	}{
		{"blank is no schema", " \n", nil},
		{"no properties", `{"type":"object"}`, &schema.Record{}},
		{"document order, formats, required", `{"type":"object","required":["b"],"properties":{
			"b":{"type":"integer","format":"int32","description":"B."},"a":{"type":["string","null"],"format":"date-time"}}}`,
			&schema.Record{Fields: []schema.Field{
				{Name: "b", Description: "B.", Required: true, Type: schema.Type{Kind: schema.Integer, Format: "int32"}},
				{Name: "a", Type: schema.Type{Kind: schema.String, Format: "date-time", Nullable: true}},
			}}},
		{"dataset facts", `{"x-ayeaye":{"name":"n","keys":["id"],"ordered":true},"properties":{"id":{"type":"string"}}}`,
			&schema.Record{Keys: []string{"id"}, Ordered: true, Fields: []schema.Field{{Name: "id", Type: str}}}},
		{"enums", `{"properties":{"e":{"type":["string","null"],"enum":["a","b",null]},"n":{"enum":[1,2.50,true]},"o":{"enum":["x"]}}}`,
			&schema.Record{Fields: []schema.Field{
				{Name: "e", Type: schema.Type{Kind: schema.String, Nullable: true, Enum: []string{"a", "b"}}},
				{Name: "n", Type: schema.Type{Kind: schema.Number, Also: []schema.Kind{schema.Boolean}, Enum: []string{"1", "2.50", "true"}}},
				{Name: "o", Type: schema.Type{Kind: schema.String, Enum: []string{"x"}}},
			}}},
		{"nested, refs and descriptions", `{"$defs":{"m":{"type":"object","description":"Money.","properties":{"v":{"type":"number"}}},"alias":{"$ref":"#/$defs/m"}},
			"properties":{"price":{"$ref":"#/$defs/alias"},"tags":{"type":"array","items":{"type":"array","items":{"type":"string"}}},"any":true,"never":false,"u":{}}}`,
			&schema.Record{Fields: []schema.Field{
				{Name: "price", Description: "Money.", Type: schema.Type{Kind: schema.Object, Fields: []schema.Field{{Name: "v", Type: schema.Type{Kind: schema.Number}}}}},
				{Name: "tags", Type: schema.Type{Kind: schema.Array, Elem: &schema.Type{Kind: schema.Array, Elem: &str}}},
				{Name: "any"},
				{Name: "u"},
			}}},
		{"tolerances: own, inherited by elements and through refs", `{"$defs":{"t":{"type":"number","x-ayeaye":{"tolerance":0.5}},"u":{"type":"number"}},"properties":{
			"a":{"type":"number","x-ayeaye":{"tolerance":{"absolute":1e-9,"relative":1E-6}}},
			"l":{"type":"array","items":{"type":"number"},"x-ayeaye":{"tolerance":2}},
			"r":{"$ref":"#/$defs/t","x-ayeaye":{"tolerance":3}},"s":{"$ref":"#/$defs/u","x-ayeaye":{"tolerance":4}}}}`,
			&schema.Record{Fields: []schema.Field{
				{Name: "a", Type: schema.Type{Kind: schema.Number, Tolerance: &schema.Tolerance{Absolute: 1e-9, Relative: 1e-6}}},
				{Name: "l", Type: schema.Type{Kind: schema.Array, Tolerance: &schema.Tolerance{Absolute: 2}, Elem: &schema.Type{Kind: schema.Number, Tolerance: &schema.Tolerance{Absolute: 2}}}},
				{Name: "r", Type: schema.Type{Kind: schema.Number, Tolerance: &schema.Tolerance{Absolute: 0.5}}},
				{Name: "s", Type: schema.Type{Kind: schema.Number, Tolerance: &schema.Tolerance{Absolute: 4}}},
			}}},
		{"a recursive type stops where it recurs", `{"$defs":{"node":{"type":"object","properties":{"next":{"$ref":"#/$defs/node"}}},"self":{"$ref":"#/$defs/self"}},
			"properties":{"head":{"$ref":"#/$defs/node"},"loop":{"$ref":"#/$defs/self"}}}`,
			&schema.Record{Fields: []schema.Field{
				{Name: "head", Type: schema.Type{Kind: schema.Object, Fields: []schema.Field{
					{Name: "next", Type: schema.Type{Kind: schema.Object, Ref: &schema.Ref{Ref: "#/$defs/node", Recursive: true}}}}}},
				{Name: "loop", Type: schema.Type{Ref: &schema.Ref{Ref: "#/$defs/self", Recursive: true}}},
			}}},
		{"the root may be a ref; pointers are escaped", `{"$ref":"#/$defs/r","$defs":{"r":{"type":"object","properties":{"x":{"$ref":"#/$defs/a~1b"},"y":{"$ref":"#/$defs/e%20f"},"z":{"$ref":"#/allOf/0"}}},
			"a/b":{"type":"string"},"e f":{"type":"boolean"}},"allOf":[{"type":"integer"}]}`,
			&schema.Record{Fields: []schema.Field{{Name: "x", Type: str}, {Name: "y", Type: schema.Type{Kind: schema.Boolean}}, {Name: "z", Type: schema.Type{Kind: schema.Integer}}}}},
		{"duplicate keys: the last wins, in the first's place", `{"properties":{"a":{"type":"string"},"b":{"type":"string"},"a":{"type":"integer"}}}`,
			&schema.Record{Fields: []schema.Field{{Name: "a", Type: schema.Type{Kind: schema.Integer}}, {Name: "b", Type: str}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := schema.FromJSON([]byte(tt.doc))
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

// References that cannot be followed are kept, with their error, for the
// readers that can show them; Unresolved finds the first.
func TestUnresolved(t *testing.T) {
	rec, err := schema.FromJSON([]byte(`{"properties":{"ok":{"type":"string"},"l":{"type":"array","items":{"type":"object","properties":{
		"far":{"$ref":"other.json#/x"}}}},"lost":{"$ref":"#/$defs/nope"}}}`))
	if err != nil {
		t.Fatal(err)
	}
	far := rec.Fields[1].Elem.Fields[0]
	if far.Kind != schema.Any || far.Ref == nil || far.Ref.Ref != "other.json#/x" || far.Ref.Recursive {
		t.Fatalf("far: %+v", far)
	}
	want := `$ref "other.json#/x" is not a local reference; only references inside the document (#/$defs/Name) are followed (at /properties/l/items/properties/far, line 2, column 9)`
	if err := rec.Unresolved(); err == nil || err.Error() != want {
		t.Errorf("Unresolved() = %v\nwant %s", err, want)
	}
	if lost := rec.Fields[2].Ref; lost == nil || !strings.Contains(lost.Err.Error(), `"#/$defs/nope" names nothing: there is no "$defs"`) {
		t.Errorf("lost: %+v", lost)
	}
	ok, _ := schema.FromJSON([]byte(`{"properties":{"a":{"type":"string"}}}`))
	if ok.Unresolved() != nil || (*schema.Record)(nil).Unresolved() != nil {
		t.Error("a schema without references has an unresolved one")
	}
}

func TestFromJSONErrors(t *testing.T) {
	deep := strings.Repeat(`{"type":"object","properties":{"a":`, 70) + `{"type":"string"}` + strings.Repeat(`}}`, 70)
	// Each level refers twice to the next: 2^20 fields if expanded.
	var bomb strings.Builder
	bomb.WriteString(`{"$defs":{`)
	for i := range 20 {
		bomb.WriteString(`"d` + string(rune('a'+i)) + `":{"properties":{"l":{"$ref":"#/$defs/d` + string(rune('b'+i)) + `"},"r":{"$ref":"#/$defs/d` + string(rune('b'+i)) + `"}}},`)
	}
	bomb.WriteString(`"du":{"type":"string"}},"$ref":"#/$defs/da"}`)
	tests := []struct{ name, doc, want string }{
		{"not JSON", "{\n\"properties\":", "the schema is not valid JSON: the document ends early (at line 2, column 14)"},
		{"syntax", `{"a" 1}`, "the schema is not valid JSON: invalid character '1' after object key (at line 1, column 6)"},
		{"trailing data", `{} x`, "the schema has data after its JSON value; a schema document is one JSON object (at line 1, column 4)"},
		{"not an object", `[1]`, `the schema is an array; a dataset schema is a JSON object with "type": "object" and "properties" (at line 1, column 1)`},
		{"not an object type", `{"type":"string"}`, "the schema's type is string, not object"},
		{"self ref root", `{"$ref":"#"}`, "leads back to itself"},
		{"unresolved root", `{"$ref":"#/x"}`, `$ref "#/x" names nothing: there is no "x"`},
		{"properties not an object", `{"properties":[]}`, `"properties" is an array; it must be an object mapping each field name to its schema (at line 1, column 1)`},
		{"nested properties", "{\"properties\":{\"a\":\n  {\"type\":\"object\",\"properties\":\"x\"}}}", `"properties" is a string; it must be an object mapping each field name to its schema (at /properties/a, line 2, column 3)`},
		{"field not a schema", `{"properties":{"a":"string"}}`, `a field's schema must be an object (or true or false), not a string (at /properties/a`},
		{"ref not a string", `{"properties":{"a":{"$ref":1}}}`, `"$ref" is a number; write "$ref": "#/$defs/Name" (at /properties/a`},
		{"bad type", `{"properties":{"a":{"type":"str"}}}`, `"type" lists "str", which is not a JSON Schema type`},
		{"type not a name", `{"properties":{"a":{"type":3}}}`, `"type" is a number`},
		{"format not a string", `{"properties":{"a":{"type":"string","format":1}}}`, `"format" is a number; it must be a string`},
		{"enum not a list", `{"properties":{"a":{"enum":"x"}}}`, `"enum" is a string`},
		{"required not names", `{"required":[1],"properties":{}}`, `"required" must list property names`},
		{"bad keys", `{"x-ayeaye":{"keys":"id"},"properties":{}}`, `x-ayeaye.keys must list property names, e.g. ["id"] (at /x-ayeaye`},
		{"bad ordered", `{"x-ayeaye":{"ordered":1},"properties":{}}`, `x-ayeaye.ordered is a number; it must be true or false`},
		{"negative tolerance", `{"properties":{"a":{"type":"number","x-ayeaye":{"tolerance":-1}}}}`, "x-ayeaye.tolerance is -1; it must be a finite number, not negative"},
		{"relative tolerance of 1", `{"properties":{"a":{"type":"number","x-ayeaye":{"tolerance":{"relative":1}}}}}`, "relative is 1; it must be below 1"},
		{"unknown tolerance key", `{"properties":{"a":{"type":"number","x-ayeaye":{"tolerance":{"abs":1}}}}}`, `has the unknown key "abs"`},
		{"tolerance not a number", `{"properties":{"a":{"type":"number","x-ayeaye":{"tolerance":"1"}}}}`, "is a string; it must be a number or an object"},
		{"x-ayeaye not an object", `{"properties":{"a":{"type":"number","x-ayeaye":true}}}`, "x-ayeaye is a boolean"},
		{"too deep", deep, "types are nested deeper than 64 levels"},
		{"too many fields", bomb.String(), "more than 10000 fields (counting each use of a $ref)"},
		{"JSON too deep", strings.Repeat("[", 600) + strings.Repeat("]", 600), "nested deeper than 512 levels of JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, err := schema.FromJSON([]byte(tt.doc))
			var se *schema.Error
			if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.As(err, &se) || rec != nil {
				t.Errorf("error = %v (%T), record %v; want an *Error containing %q", err, err, rec, tt.want)
			}
		})
	}
}

func TestBits(t *testing.T) {
	for _, tt := range []struct {
		t    schema.Type
		want int
	}{
		{schema.Type{Kind: schema.Integer}, 64}, {schema.Type{Kind: schema.Integer, Format: "int8"}, 8},
		{schema.Type{Kind: schema.Integer, Format: "int32"}, 32}, {schema.Type{Kind: schema.Number, Format: "float"}, 32},
		{schema.Type{Kind: schema.Number}, 64}, {schema.Type{Kind: schema.Number, Format: "decimal"}, 0},
		{schema.Type{Kind: schema.String}, 0},
	} {
		if got := tt.t.Bits(); got != tt.want {
			t.Errorf("%+v: Bits() = %d, want %d", tt.t, got, tt.want)
		}
	}
}
