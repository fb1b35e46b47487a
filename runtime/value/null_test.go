package value

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestNullAccessors(t *testing.T) {
	var n Null[int]
	if v, ok := n.Get(); v != 0 || ok {
		t.Errorf("zero Null.Get() = %v, %v", v, ok)
	}
	if got := n.Or(7); got != 7 {
		t.Errorf("zero Null.Or(7) = %v", got)
	}
	if n.Ptr() != nil || !n.IsZero() || n.String() != "null" {
		t.Errorf("zero Null: Ptr %v, IsZero %v, String %q", n.Ptr(), n.IsZero(), n.String())
	}
	n.Set(0) // a present zero is not absent
	if v, ok := n.Get(); v != 0 || !ok || n.IsZero() || n.Or(7) != 0 || n.String() != "0" {
		t.Errorf("Set(0): Get %v, %v; IsZero %v; Or %v; String %q", v, ok, n.IsZero(), n.Or(7), n.String())
	}
	p := n.Ptr()
	*p = 5 // a copy: n is unchanged
	if n.V != 0 {
		t.Errorf("Ptr aliases the Null")
	}
	if diff := cmp.Diff(Some(5), FromPtr(p)); diff != "" {
		t.Errorf("FromPtr (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(Null[int]{}, FromPtr[int](nil)); diff != "" {
		t.Errorf("FromPtr(nil) (-want +got):\n%s", diff)
	}
	n = Some(9)
	n.Clear()
	if diff := cmp.Diff(Null[int]{}, n); diff != "" {
		t.Errorf("Clear (-want +got):\n%s", diff)
	}
	if got := Some(dec("1.50")).String(); got != "1.50" {
		t.Errorf("Some(1.50).String() = %q", got)
	}
}

func TestNullJSON(t *testing.T) {
	type row struct {
		S Null[string]    `json:"s"`
		I Null[int64]     `json:"i"`
		L Null[[]int]     `json:"l"`
		D Null[Date]      `json:"d"`
		O Null[float64]   `json:"o,omitzero"`
		P *Null[string]   `json:"p,omitempty"`
		M Null[*struct{}] `json:"m"`
	}
	tests := []struct {
		name string
		in   row
		json string
	}{
		{"absent", row{}, `{"s":null,"i":null,"l":null,"d":null,"m":null}`},
		{"present", row{S: Some(""), I: Some[int64](0), L: Some([]int{1}), D: Some(Date{2024, 2, 29}), O: Some(0.5)},
			`{"s":"","i":0,"l":[1],"d":"2024-02-29","o":0.5,"m":null}`},
	}
	for _, tt := range tests {
		b, err := json.Marshal(tt.in)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if string(b) != tt.json {
			t.Errorf("%s: json.Marshal = %s, want %s", tt.name, b, tt.json)
		}
		var out row
		if err := json.Unmarshal(b, &out); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if diff := cmp.Diff(tt.in, out); diff != "" {
			t.Errorf("%s: round trip (-want +got):\n%s", tt.name, diff)
		}
	}

	// null clears a present value; a missing key leaves it alone.
	out := row{S: Some("old"), I: Some[int64](1)}
	if err := json.Unmarshal([]byte(`{"s":null}`), &out); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(row{I: Some[int64](1)}, out); diff != "" {
		t.Errorf("null (-want +got):\n%s", diff)
	}

	// A bad value is an error and leaves the field unchanged.
	out = row{I: Some[int64](1)}
	err := json.Unmarshal([]byte(`{"i":"x"}`), &out)
	if err == nil || !strings.Contains(err.Error(), "cannot unmarshal string") {
		t.Errorf("bad value: error = %v", err)
	}
	if diff := cmp.Diff(Some[int64](1), out.I); diff != "" {
		t.Errorf("bad value changed the field (-want +got):\n%s", diff)
	}
}
