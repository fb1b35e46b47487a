package contract

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const base = `{"type":"object","required":["id","name","status"],"properties":{
 "id":{"type":"integer","format":"int32"},
 "name":{"type":"string"},
 "status":{"type":"string","enum":["new","done"]},
 "score":{"type":["number","null"]},
 "at":{"type":"string","format":"date-time"},
 "addr":{"type":"object","required":["city"],"properties":{"city":{"type":"string"}}},
 "tags":{"type":"array","items":{"type":"string"}}}}`

func TestCompare(t *testing.T) {
	tests := []struct {
		name     string
		producer string
		want     []string
		breaking bool
	}{
		{"identical", base, nil, false},
		{"new optional field", strings.Replace(base, `"tags":`, `"extra":{"type":"string"},"tags":`, 1),
			[]string{`compatible extra: new optional field (string); the consumer ignores it`}, false},
		{"widened integer", strings.Replace(base, `"format":"int32"`, `"format":"int64"`, 1),
			[]string{`compatible id: widened from integer (int32) to integer (int64); values beyond the consumer's range fail where they occur`}, false},
		{"relaxed enum", strings.Replace(base, `["new","done"]`, `["new","done","lost"]`, 1),
			[]string{`compatible status: enum relaxed with ["lost"]; records holding them fail where they occur`}, false},
		{"removed field", strings.Replace(base, `"name":{"type":"string"},`, ``, 1),
			[]string{`BREAKING   name: removed by the producer`, `BREAKING   name: removed by the producer`}[:1], true},
		{"retyped field", strings.Replace(base, `"at":{"type":"string","format":"date-time"}`, `"at":{"type":"string","format":"date"}`, 1),
			[]string{`BREAKING   at: type string (date-time) → string (date)`}, true},
		{"nullable where required", strings.Replace(base, `"name":{"type":"string"}`, `"name":{"type":["string","null"]}`, 1),
			[]string{`BREAKING   name: now nullable, but the consumer expects a value`}, true},
		{"nested retype", strings.Replace(base, `"city":{"type":"string"}`, `"city":{"type":"integer"}`, 1),
			[]string{`BREAKING   addr.city: type string → integer`}, true},
		{"array items", strings.Replace(base, `"items":{"type":"string"}`, `"items":{"type":"boolean"}`, 1),
			[]string{`BREAKING   tags[]: type string → boolean`}, true},
		{"no longer nullable", strings.Replace(base, `["number","null"]`, `"number"`, 1),
			[]string{`compatible score: no longer nullable`}, false},
	}
	for _, tt := range tests {
		changes, err := Compare([]byte(base), []byte(tt.producer))
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		var got []string
		for _, c := range changes {
			got = append(got, c.String())
		}
		if d := cmp.Diff(tt.want, got); d != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, d)
		}
		if Breaking(changes) != tt.breaking {
			t.Errorf("%s: breaking = %v", tt.name, !tt.breaking)
		}
	}
	if _, err := Compare([]byte(base), []byte(`{`)); err == nil || !strings.Contains(err.Error(), "producer") {
		t.Errorf("bad producer schema: %v", err)
	}
}

func FuzzCompare(f *testing.F) {
	f.Add(base, strings.Replace(base, "int32", "int64", 1))
	f.Add(`{"$defs":{"a":{"$ref":"#/$defs/a"}},"properties":{"x":{"$ref":"#/$defs/a"}}}`, `{}`)
	f.Fuzz(func(t *testing.T, a, b string) {
		_, _ = Compare([]byte(a), []byte(b)) // errors are fine; panics and hangs are not
	})
}

// TestCompareHugeEnums checks that enums of tens of thousands of values
// compare in linear time and that the changes list the first few values
// and count the rest.
func TestCompareHugeEnums(t *testing.T) {
	enum := func(prefix string, n int) string {
		vals := make([]string, n)
		for i := range vals {
			vals[i] = fmt.Sprintf("%q", fmt.Sprintf("%s%d", prefix, i))
		}
		return `{"type":"object","properties":{"s":{"type":"string","enum":[` + strings.Join(vals, ",") + `]}}}`
	}
	changes, err := Compare([]byte(enum("a", 100_000)), []byte(enum("b", 100_000)))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range changes {
		got = append(got, c.String())
	}
	want := []string{
		`compatible s: enum relaxed with ["b0" "b1" "b2" "b3" "b4" "b5" "b6" "b7" "b8" "b9" … and 99,990 more]; records holding them fail where they occur`,
		`compatible s: enum no longer has ["a0" "a1" "a2" "a3" "a4" "a5" "a6" "a7" "a8" "a9" … and 99,990 more]`,
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%.3000s", d)
	}
}

// A reference that cannot be resolved hides the fields behind it, so the
// comparison refuses it, naming the side and the place.
func TestCompareUnresolved(t *testing.T) {
	_, err := Compare([]byte(base), []byte(`{"properties":{"a":{"$ref":"other.json#/a"}}}`))
	if err == nil || !strings.Contains(err.Error(), `the producer's schema: $ref "other.json#/a" is not a local reference`) ||
		!strings.Contains(err.Error(), "/properties/a") {
		t.Errorf("error = %v", err)
	}
	// A recursive type compares down to where it recurs.
	rec := `{"$defs":{"n":{"type":"object","properties":{"v":{"type":"integer"},"next":{"$ref":"#/$defs/n"}}}},"properties":{"head":{"$ref":"#/$defs/n"}}}`
	changes, err := Compare([]byte(rec), []byte(strings.Replace(rec, `"integer"`, `"string"`, 1)))
	if err != nil || len(changes) != 1 || changes[0].String() != "BREAKING   head.v: type integer → string" {
		t.Errorf("recursive: %v %v", changes, err)
	}
}
