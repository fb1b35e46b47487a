package schemas

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/ayeaye-go/ayeaye/runtime/provenance"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// The records Go writes are valid, and the schema catches what a store or
// another tool must not accept.
func TestRunRecordSchema(t *testing.T) {
	s := compile(t, RunRecordFile)
	start := time.Date(2026, 3, 1, 9, 0, 0, 123456789, time.UTC)
	full := provenance.Run{
		ID: "0195f3a2-7c00-7d3e-9a41-5b2c8e0f1a77", Parent: "0195f3a2-7b00-7000-8000-000000000000",
		Project: "example.com/shop", Model: "Popularity", Partition: "2026-01",
		Code: provenance.Code{Module: "example.com/shop", Version: "(devel)", Revision: "abc", Dirty: true,
			Schemas: map[string]string{"orders": "sha256:1"}},
		Env: "dev", Vars: map[string]string{"data_root": "data"},
		Inputs: []provenance.Dataset{{Field: "Orders", Name: "orders", Location: "csv://data/orders.csv",
			Schema: "sha256:s", Fingerprint: "sha256:f", Size: 10, Records: 2,
			Producer: &provenance.ProducerRef{Project: "example.com/sales", Model: "Orders", Run: "0195"}}},
		Outputs:    []provenance.Dataset{{Name: "popularity", Location: "csv://out/p.csv", Records: 1}},
		Partitions: []provenance.PartitionRun{{Key: "2026-01", Attempts: 1, Start: start, End: start}},
		Stats:      map[string]int64{"rows": 3}, Rejected: 1,
		Host: "h", PID: 42, Start: start, End: start.Add(time.Second),
		Status: provenance.Succeeded, Error: "", Notes: []string{"drift allowed"},
	}
	starting := provenance.Run{ID: "x", Model: "M", Host: "h", PID: 1, Start: start, Status: provenance.Running}
	tests := []struct {
		name  string
		doc   any
		valid bool
	}{
		{"full record", full, true},
		{"start record, nil inputs and outputs", starting, true},
		{"unknown status", patch(t, starting, map[string]any{"status": "done"}), false},
		{"unknown key", patch(t, starting, map[string]any{"duration": 3}), false},
		{"no id", patch(t, starting, map[string]any{"id": nil}), false},
		{"start not a string", patch(t, starting, map[string]any{"start": 5}), false},
		{"records not an integer", patch(t, full, map[string]any{"outputs": []any{map[string]any{"name": "a", "location": "b", "records": 1.5}}}), false},
	}
	for _, tt := range tests {
		b, err := json.Marshal(tt.doc)
		if err != nil {
			t.Fatal(err)
		}
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Validate(inst); (err == nil) != tt.valid {
			t.Errorf("%s: valid=%v, want %v: %v\n%s", tt.name, err == nil, tt.valid, err, b)
		}
	}
}

// patch returns r as a JSON object with keys set (nil deletes a key).
func patch(t *testing.T, r provenance.Run, set map[string]any) map[string]any {
	t.Helper()
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for k, v := range set {
		if v == nil {
			delete(m, k)
			continue
		}
		m[k] = v
	}
	return m
}
