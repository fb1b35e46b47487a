package openlineage

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ayeaye-go/ayeaye/runtime/schema"
)

func TestSchemaFields(t *testing.T) {
	f := func(name, typ string, nested ...SchemaField) SchemaField {
		return SchemaField{Name: name, Type: typ, Fields: nested}
	}
	tests := []struct {
		name   string
		schema string
		want   []SchemaField
	}{
		{"document order is kept", `{"type":"object","properties":{"b":{"type":"string"},"a":{"type":"integer"}}}`,
			[]SchemaField{f("b", "string"), f("a", "integer")}},
		{"formats refine types", `{"properties":{
			"at":{"type":"string","format":"date-time"},"on":{"type":"string","format":"date"},
			"amount":{"type":"string","format":"decimal"},"n":{"type":"integer","format":"int32"},
			"x":{"type":"number","format":"float"},"email":{"type":"string","format":"email"},
			"ok":{"type":"boolean"},"at2":{"type":["string","null"],"format":"date-time"}}}`,
			[]SchemaField{f("at", "timestamp"), f("on", "date"), f("amount", "decimal"), f("n", "int32"),
				f("x", "float"), f("email", "string"), f("ok", "boolean"), f("at2", "timestamp")}},
		{"descriptions, from the ref when the field has none", `{"$defs":{"m":{"type":"string","description":"from def"}},"properties":{
			"a":{"type":"string","description":"own"},"b":{"$ref":"#/$defs/m"},"c":{"$ref":"#/$defs/m","description":"mine"}}}`,
			[]SchemaField{{Name: "a", Type: "string", Description: "own"}, {Name: "b", Type: "string", Description: "from def"},
				{Name: "c", Type: "string", Description: "mine"}}},
		{"nested objects and arrays", `{"properties":{"o":{"type":"object","properties":{"x":{"type":"string"}}},
			"l":{"type":"array","items":{"type":"integer"}},"ll":{"type":["array","null"],"items":{"type":"array","items":{"type":"string"}}},
			"untyped":{"properties":{"y":{"type":"boolean"}}},"any":true,"never":false,"mixed":{"type":["string","integer"]}}}`,
			[]SchemaField{f("o", "struct", f("x", "string")), f("l", "array", f("_element", "integer")),
				f("ll", "array", f("_element", "array", f("_element", "string"))), f("untyped", "struct", f("y", "boolean")),
				{Name: "any"}, f("mixed", "string|integer")}},
		{"enums without a type", `{"properties":{"e":{"enum":["a","b"]},"n":{"enum":[1,2]},"m":{"enum":["a",1,null]}}}`,
			[]SchemaField{f("e", "string"), f("n", "number"), f("m", "string|number")}},
		{"a recursive type stops where it recurs", `{"$defs":{"node":{"type":"object","properties":{"v":{"type":"integer"},"next":{"$ref":"#/$defs/node"}}}},
			"properties":{"head":{"$ref":"#/$defs/node"}}}`,
			[]SchemaField{f("head", "struct", f("v", "integer"), f("next", "struct"))}},
		{"the root may be a ref", `{"$ref":"#/$defs/r","$defs":{"r":{"type":"object","properties":{"a":{"type":"string"}}}}}`,
			[]SchemaField{f("a", "string")}},
		{"escaped pointers", `{"$defs":{"a/b":{"type":"string"},"c~d":{"type":"integer"},"e f":{"type":"boolean"}},"properties":{
			"x":{"$ref":"#/$defs/a~1b"},"y":{"$ref":"#/$defs/c~0d"},"z":{"$ref":"#/$defs/e%20f"}}}`,
			[]SchemaField{f("x", "string"), f("y", "integer"), f("z", "boolean")}},
		{"refs into arrays", `{"allOf":[{"type":"string"}],"properties":{"x":{"$ref":"#/allOf/0"}}}`,
			[]SchemaField{f("x", "string")}},
		{"no fields", `{"type":"object","properties":{}}`, []SchemaField{}},
		{"no properties", `{"type":"object"}`, []SchemaField{}},
		{"duplicate keys: the last wins, in the first's place", `{"properties":{"a":{"type":"string"},"b":{"type":"string"},"a":{"type":"integer"}}}`,
			[]SchemaField{f("a", "integer"), f("b", "string")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := SchemaFields([]byte(tt.schema))
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
	deep := strings.Repeat(`{"type":"object","properties":{"a":`, 70) + `{"type":"string"}` + strings.Repeat(`}}`, 70)
	// Each level refers twice to the next: 2^30 fields if expanded.
	var bomb strings.Builder
	bomb.WriteString(`{"$defs":{`)
	for i := range 30 {
		if i > 0 {
			bomb.WriteString(",")
		}
		bomb.WriteString(`"d` + string(rune('a'+i%26)) + strings.Repeat("x", i/26) + `":{"properties":{"l":{"$ref":"#/$defs/d` +
			string(rune('a'+(i+1)%26)) + strings.Repeat("x", (i+1)/26) + `"},"r":{"$ref":"#/$defs/d` + string(rune('a'+(i+1)%26)) +
			strings.Repeat("x", (i+1)/26) + `"}}}`)
	}
	bomb.WriteString(`,"dex":{"type":"string"}},"$ref":"#/$defs/da"}`)
	tests := []struct{ name, schema, want string }{
		{"not JSON", `{"properties":`, "not valid JSON"},
		{"trailing data", `{"properties":{}} x`, "the schema has data after its JSON value"},
		{"not an object", `[1]`, "the schema is an array; a dataset schema is a JSON object"},
		{"not an object type", `{"type":"string"}`, "the schema's type is string, not object"},
		{"empty", ` `, "the schema is empty"},
		{"properties not an object", `{"properties":[]}`, `"properties" is an array; it must be an object mapping each field name to its schema`},
		{"field not a schema", `{"properties":{"a":"string"}}`, `a field's schema must be an object (or true or false), not a string (at /properties/a`},
		{"remote ref", `{"properties":{"a":{"$ref":"https://example.com/s.json"}}}`, "only references inside the document"},
		{"missing ref", `{"properties":{"a":{"$ref":"#/$defs/nope"}}}`, `"#/$defs/nope" names nothing: there is no "$defs"`},
		{"ref not a pointer", `{"properties":{"a":{"$ref":"#anchor"}}}`, "is not a JSON Pointer"},
		{"ref not a string", `{"properties":{"a":{"$ref":1}}}`, `"$ref" is a number; write "$ref": "#/$defs/Name" (at /properties/a`},
		{"ref to a non-schema", `{"$defs":{"x":3},"properties":{"a":{"$ref":"#/$defs/x"}}}`, "names a number, not a schema object"},
		{"bad array index", `{"allOf":[],"properties":{"a":{"$ref":"#/allOf/0"}}}`, "is not an index of an array of 0"},
		{"bad escape", `{"properties":{"a":{"$ref":"#/%zz"}}}`, "is not a valid URL fragment"},
		{"self ref root", `{"$ref":"#"}`, "leads back to itself"},
		{"too deep", deep, "nested deeper than 64 levels"},
		{"too many fields", bomb.String(), "more than 10000 fields"},
		{"JSON too deep", strings.Repeat("[", 600) + strings.Repeat("]", 600), "nested deeper than 512 levels"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := SchemaFields([]byte(tt.schema))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func FuzzSchemaFields(f *testing.F) {
	for _, s := range []string{
		paintOrders, invoices,
		`{"$defs":{"n":{"properties":{"n":{"$ref":"#/$defs/n"}}}},"$ref":"#/$defs/n"}`,
		`{"properties":{"a":{"type":["array","null"],"items":{"enum":["x",1]}}}}`,
		`{"properties":{"a":{"$ref":"#/properties"}}}`,
		`{"properties":{"a":{"$ref":"#/$defs/%7E0"}}}`,
		`[`, `{}`, `null`, `{"properties":{"a":true,"b":false}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		fields, err := SchemaFields(b)
		if err != nil {
			if fields != nil {
				t.Errorf("fields %v with error %v", fields, err)
			}
			return
		}
		var count func([]SchemaField, int) int
		count = func(fs []SchemaField, depth int) int {
			if depth > schema.MaxDepth+2 {
				t.Fatalf("fields nested %d deep", depth)
			}
			n := len(fs)
			for _, f := range fs {
				n += count(f.Fields, depth+1)
			}
			return n
		}
		if n := count(fields, 0); n > schema.MaxFields {
			t.Errorf("%d fields, more than the limit", n)
		}
	})
}

// A generated dataset's Record gives the facet without its JSON being
// read: a broken Schemas entry beside it is never parsed.
func TestRecordsNeedNoParsing(t *testing.T) {
	rec := &schema.Record{Fields: []schema.Field{{Name: "at", Type: schema.Type{Kind: schema.String, Format: "date-time"}}}}
	m := newMapper(Config{Schemas: map[string]string{"x": "not JSON"}, Records: map[string]*schema.Record{"x": rec}})
	if err := m.parseSchemas(); err != nil {
		t.Fatal(err)
	}
	got, ok, err := m.fields("x")
	if d := cmp.Diff([]SchemaField{{Name: "at", Type: "timestamp"}}, got); d != "" || !ok || err != nil {
		t.Errorf("fields (-want +got):\n%s %v %v", d, ok, err)
	}
}
