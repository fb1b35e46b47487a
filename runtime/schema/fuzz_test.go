package schema_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ayeaye-go/ayeaye/runtime/schema"
)

// FuzzFromJSON wants no panic, the same answer twice, and a record within
// the limits: no deeper than MaxDepth, no more than MaxFields fields and
// elements, whatever the document.
func FuzzFromJSON(f *testing.F) {
	for _, s := range []string{
		`{"type":"object","required":["a"],"properties":{"a":{"type":["string","null"],"format":"date"},"b":{"enum":["x",1,null]}}}`,
		`{"$defs":{"n":{"properties":{"a":{"$ref":"#/$defs/n"},"b":{"$ref":"#/$defs/n"}}}},"$ref":"#/$defs/n"}`,
		`{"properties":{"l":{"type":"array","items":{"type":"array","items":{"type":"number"}},"x-ayeaye":{"tolerance":{"relative":0.1}}}}}`,
		`{"x-ayeaye":{"keys":["a"],"ordered":true},"properties":{"a":{"$ref":"#/properties"},"b":{"$ref":"#/$defs/%7E0"},"c":true,"d":false}}`,
		`[`, `{}`, `null`, `{"$ref":"#"}`, `{"allOf":[{"type":"string"}],"properties":{"x":{"$ref":"#/allOf/0"}}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		rec, err := schema.FromJSON(doc)
		again, err2 := schema.FromJSON(doc)
		if (err == nil) != (err2 == nil) || cmp.Diff(rec, again) != "" {
			t.Fatalf("not deterministic: %v / %v", err, err2)
		}
		if err != nil {
			if rec != nil {
				t.Fatalf("a record with error %v", err)
			}
			return
		}
		if rec == nil {
			return
		}
		if n := count(t, rec.Fields, 1); n > schema.MaxFields {
			t.Fatalf("%d fields and elements, more than MaxFields", n)
		}
	})
}

func count(t *testing.T, fields []schema.Field, depth int) int {
	n := 0
	for i := range fields {
		n += countType(t, &fields[i].Type, depth)
	}
	return n
}

func countType(t *testing.T, ty *schema.Type, depth int) int {
	if depth > schema.MaxDepth+1 {
		t.Fatalf("types nested %d deep", depth)
	}
	n := 1 + count(t, ty.Fields, depth+1)
	if ty.Elem != nil {
		n += countType(t, ty.Elem, depth+1)
	}
	return n
}
