package openlineage

import (
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ayeaye-go/ayeaye/runtime/provenance"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

const (
	runID       = "0190a2b4-5c6d-7e8f-9a0b-1c2d3e4f5a6b"
	invocation  = "0190a2b4-0000-7000-8000-000000000001"
	partitionID = "0190a2b4-5c6d-7e8f-9a0b-00000000000f"
)

// paintOrders is a generated dataset's Schema (canonical JSON).
const paintOrders = `{"$schema":"https://json-schema.org/draft/2020-12/schema","description":"Paint to buy.","properties":{"colour":{"type":"string"},"litres":{"description":"Exact litres ordered.","format":"decimal","type":"string"},"priority":{"enum":["high","normal","low"],"type":"string"},"tins":{"description":"Tins of 2.5 litres.","type":"integer"}},"required":["colour","tins","litres","priority"],"title":"Paint orders","type":"object","x-ayeaye":{"name":"paint_orders"}}`

const invoices = `{"$defs":{"address":{"properties":{"city":{"type":"string"},"street":{"type":"string"}},"required":["city"],"type":"object"}},"$schema":"https://json-schema.org/draft/2020-12/schema","additionalProperties":false,"properties":{"billing":{"$ref":"#/$defs/address"},"lines":{"items":{"properties":{"discounts":{"items":{"type":"number"},"type":["array","null"]},"qty":{"type":"integer"},"sku":{"type":"string"}},"required":["sku","qty"],"type":"object"},"type":"array"},"number":{"type":"string"},"issued":{"type":"string","format":"date-time"}},"required":["number","lines"],"type":"object","x-ayeaye":{"name":"invoices"}}`

var (
	t0      = time.Date(2026, 3, 4, 5, 6, 7, 123456789, time.UTC)
	t1      = t0.Add(90 * time.Second)
	testCfg = Config{
		Schemas:    map[string]string{"paint_orders": paintOrders, "invoices": invoices},
		Dir:        "/srv/paint",
		Invocation: "paintshop",
	}
)

// modelRun is a model run as the runner records it at its start.
func modelRun() *provenance.Run {
	return &provenance.Run{
		ID: runID, Parent: invocation, Project: "example.com/paint", Model: "PaintOrders",
		Code: provenance.Code{Module: "example.com/paint", Version: "v1.2.0", Revision: "abc123", Dirty: true},
		Env:  "prod", Vars: map[string]string{"data_root": "/srv/paint/data", "region": "eu"},
		Inputs: []provenance.Dataset{
			{Field: "Colours", Name: "favourite_colours", Location: "csv://data/colours.csv"},
			{Field: "Invoices", Name: "invoices", Location: "s3+gz+ndjson://acme-raw/2026/invoices.ndjson.gz;region=eu-west-1"},
		},
		Outputs: []provenance.Dataset{
			{Field: "Orders", Name: "paint_orders", Location: "ndjson:///srv/paint/out/orders.ndjson"},
		},
		Host: "worker-1", PID: 42, Start: t0, Status: provenance.Running,
	}
}

func endedRun(status provenance.Status, msg string) *provenance.Run {
	r := modelRun()
	r.Status, r.End, r.Error = status, t1, msg
	r.Inputs[0].Fingerprint, r.Inputs[0].Records, r.Inputs[0].Size = "sha256:aaaa", 10, 321
	r.Inputs[1].Fingerprint, r.Inputs[1].Records, r.Inputs[1].Size = "sha256:bbbb", 3, 999
	r.Outputs[0].Fingerprint, r.Outputs[0].Records, r.Outputs[0].Size = "sha256:cccc", 4, 200
	r.Stats, r.Rejected = map[string]int64{"parties": 2, "boxes": 5}, 1
	return r
}

func partitionRun() *provenance.Run {
	return &provenance.Run{
		ID: partitionID, Parent: runID, Project: "example.com/paint", Env: "prod",
		Model: "PaintOrders", Partition: "2026-03-04",
		Inputs:  []provenance.Dataset{{Name: "fixture", Location: "mem://fixture", Fingerprint: "sha256:dddd", Records: 7}},
		Outputs: []provenance.Dataset{{Name: "paint_orders", Location: "gs+csv://acme-out/orders/2026-03-04.csv", Fingerprint: "sha256:eeee", Records: 7, Size: 70}},
		Host:    "worker-2", Start: t0, End: t1, Status: provenance.Succeeded,
	}
}

// tablesRun reads two tables of one PostgreSQL database and one of
// MariaDB, and writes two tables of one SQLite file.
func tablesRun() *provenance.Run {
	return &provenance.Run{
		ID: runID, Project: "example.com/paint", Env: "prod", Model: "Ledger",
		Inputs: []provenance.Dataset{
			{Name: "sales", Location: "postgres://etl:xxxxx@db.internal/shop?sslmode=require;table=public.sales", Fingerprint: "sha256:aaaa", Records: 2},
			{Name: "refunds", Location: "postgres://etl:xxxxx@db.internal/shop?sslmode=require;table=refunds", Fingerprint: "sha256:bbbb", Records: 1},
			{Name: "stock", Location: "mysql://etl:xxxxx@maria.internal:3307/depot;table=stock", Fingerprint: "sha256:cccc", Records: 3},
		},
		Outputs: []provenance.Dataset{
			{Name: "ledger", Location: "sqlite://out/ledger.db;table=ledger", Fingerprint: "sha256:dddd", Records: 4},
			{Name: "totals", Location: "sqlite://out/ledger.db;table=totals;mode=upsert", Fingerprint: "sha256:eeee", Records: 1},
		},
		Host: "worker-1", Start: t0, End: t1, Status: provenance.Succeeded,
	}
}

func TestEventGolden(t *testing.T) {
	v := newSpecValidator(t)
	bare := &provenance.Run{ID: runID, Model: "Hello", Start: t0, Status: provenance.Running}
	tests := []struct {
		name string
		run  *provenance.Run
	}{
		{"start", modelRun()},
		{"complete", endedRun(provenance.Succeeded, "")},
		{"fail", endedRun(provenance.Failed, "PaintOrders: build: paint_orders line 3: tins: -1 is negative")},
		{"interrupted", endedRun(provenance.Interrupted, "")},
		{"partition", partitionRun()},
		{"bare", bare},
		{"tables", tablesRun()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev, err := Event(tt.run, testCfg)
			if err != nil {
				t.Fatal(err)
			}
			ev.Run.Facets.ProcessingEngine.Version = "v0.0.0-test" // the build's version varies
			got, err := json.MarshalIndent(ev, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			v.mustCheck(t, compact(t, got))
			golden := filepath.Join("testdata", "golden", tt.name+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if d := cmp.Diff(strings.TrimSpace(string(want)), string(got)); d != "" {
				t.Errorf("event differs from %s (-want +got):\n%s", golden, d)
			}
		})
	}
}

func compact(t testing.TB, b []byte) []byte {
	var m any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestEventMapping(t *testing.T) {
	tests := []struct {
		name  string
		run   *provenance.Run
		check func(t *testing.T, ev RunEvent)
	}{
		{"running is START at the start", modelRun(), func(t *testing.T, ev RunEvent) {
			if ev.EventType != "START" || !ev.EventTime.Equal(t0) {
				t.Errorf("got %s at %v", ev.EventType, ev.EventTime)
			}
			if ev.Outputs[0].OutputFacets.OutputStatistics != nil || ev.Inputs[0].InputFacets.InputStatistics != nil {
				t.Error("a START event has statistics")
			}
		}},
		{"succeeded is COMPLETE at the end, with versions", endedRun(provenance.Succeeded, ""), func(t *testing.T, ev RunEvent) {
			if ev.EventType != "COMPLETE" || !ev.EventTime.Equal(t1) {
				t.Errorf("got %s at %v", ev.EventType, ev.EventTime)
			}
			if v := ev.Outputs[0].Facets.Version; v == nil || v.DatasetVersion != "sha256:cccc" {
				t.Errorf("output version = %+v", v)
			}
			if s := ev.Outputs[0].OutputFacets.OutputStatistics; s == nil || s.RowCount != 4 || s.Size != 200 {
				t.Errorf("output statistics = %+v", s)
			}
		}},
		{"failed outputs have no version", endedRun(provenance.Failed, "boom"), func(t *testing.T, ev RunEvent) {
			if ev.EventType != "FAIL" || ev.Run.Facets.ErrorMessage.Message != "boom" {
				t.Errorf("got %s, %+v", ev.EventType, ev.Run.Facets.ErrorMessage)
			}
			if ev.Outputs[0].Facets.Version != nil || ev.Outputs[0].OutputFacets.OutputStatistics != nil {
				t.Error("a failed run's output has a version or statistics")
			}
			if ev.Inputs[0].Facets.Version == nil {
				t.Error("a failed run's input lost its version")
			}
		}},
		{"no end time falls back to the start", func() *provenance.Run {
			r := endedRun(provenance.Succeeded, "")
			r.End = time.Time{}
			return r
		}(), func(t *testing.T, ev RunEvent) {
			if !ev.EventTime.Equal(t0) {
				t.Errorf("eventTime = %v", ev.EventTime)
			}
		}},
		{"partition runs are runs of <model>.partition", partitionRun(), func(t *testing.T, ev RunEvent) {
			want := JobRef{Namespace: "example.com/paint/prod", Name: "PaintOrders"}
			if ev.Job.Name != "PaintOrders.partition" || ev.Run.Facets.Parent.Job != want || ev.Run.Facets.Parent.Run.RunID != runID {
				t.Errorf("job %q, parent %+v", ev.Job.Name, ev.Run.Facets.Parent)
			}
		}},
		{"upper-case IDs are lower-cased", func() *provenance.Run {
			r := modelRun()
			r.ID, r.Parent = strings.ToUpper(r.ID), strings.ToUpper(r.Parent)
			return r
		}(), func(t *testing.T, ev RunEvent) {
			if ev.Run.RunID != runID || ev.Run.Facets.Parent.Run.RunID != invocation {
				t.Errorf("run %s, parent %s", ev.Run.RunID, ev.Run.Facets.Parent.Run.RunID)
			}
		}},
		{"every table is a dataset of its own", tablesRun(), func(t *testing.T, ev RunEvent) {
			var got []string
			for _, d := range ev.Inputs {
				got = append(got, d.Namespace+" "+d.Name)
			}
			for _, d := range ev.Outputs {
				got = append(got, d.Namespace+" "+d.Name)
			}
			want := []string{
				"postgres://db.internal:5432 shop.public.sales",
				"postgres://db.internal:5432 shop.public.refunds",
				"mysql://maria.internal:3307 depot.stock",
				"sqlite://worker-1/srv/paint/out/ledger.db ledger",
				"sqlite://worker-1/srv/paint/out/ledger.db totals",
			}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("datasets (-want +got):\n%s", d)
			}
		}},
		{"datasets without a schema have no schema facet", partitionRun(), func(t *testing.T, ev RunEvent) {
			if ev.Inputs[0].Facets.Schema != nil {
				t.Error("schema facet for a dataset not in Config.Schemas")
			}
			if ev.Outputs[0].Facets.Schema == nil {
				t.Error("no schema facet for paint_orders")
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev, err := Event(tt.run, testCfg)
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, ev)
		})
	}
}

func TestEventErrors(t *testing.T) {
	with := func(f func(r *provenance.Run)) *provenance.Run { r := modelRun(); f(r); return r }
	tests := []struct {
		name string
		run  *provenance.Run
		cfg  Config
		want string
	}{
		{"nil", nil, testCfg, "no run record"},
		{"bad ID", with(func(r *provenance.Run) { r.ID = "run-1" }), testCfg, `the ID "run-1" is not a UUID`},
		{"bad parent", with(func(r *provenance.Run) { r.Parent = "inv-1" }), testCfg, `the parent ID "inv-1" is not a UUID`},
		{"no model", with(func(r *provenance.Run) { r.Model = "" }), testCfg, "names no model"},
		{"unknown status", with(func(r *provenance.Run) { r.Status = "paused" }), testCfg, `unknown status "paused"`},
		{"no start", with(func(r *provenance.Run) { r.Start = time.Time{} }), testCfg, "no start time"},
		{"bad location", with(func(r *provenance.Run) { r.Inputs[0].Location = "colours.csv" }), testCfg, `input "favourite_colours": location: engine URL "colours.csv"`},
		{"bad bucket location", with(func(r *provenance.Run) { r.Outputs[0].Location = "s3+csv://bucket" }), testCfg, `output "paint_orders": location "s3+csv://bucket": a s3 location is bucket/key`},
		{"bad schema", modelRun(), Config{Schemas: map[string]string{"paint_orders": `{"type":"array"}`}}, `JSON Schema of dataset "paint_orders": the schema's type is array`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Event(tt.run, tt.cfg)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want one containing %q", err, tt.want)
			}
		})
	}
	r := modelRun()
	r.Status = provenance.Skipped
	if _, err := Event(r, testCfg); !errors.Is(err, ErrSkipped) {
		t.Errorf("skipped run: error = %v, want ErrSkipped", err)
	}
}

func TestJobNamespace(t *testing.T) {
	tests := []struct{ project, env, want string }{
		{"example.com/paint", "prod", "example.com/paint/prod"},
		{"example.com/paint", "", "example.com/paint"},
		{"", "dev", "ayeaye/dev"},
		{"", "", "ayeaye"},
	}
	for _, tt := range tests {
		if got := JobNamespace(tt.project, tt.env); got != tt.want {
			t.Errorf("JobNamespace(%q, %q) = %q, want %q", tt.project, tt.env, got, tt.want)
		}
	}
}

func TestIsUUID(t *testing.T) {
	for s, want := range map[string]bool{
		runID: true, strings.ToUpper(runID): true, "": false, "0190a2b45c6d7e8f9a0b1c2d3e4f5a6b": false,
		"0190a2b4-5c6d-7e8f-9a0b-1c2d3e4f5a6g": false, "0190a2b4-5c6d-7e8f-9a0b+1c2d3e4f5a6b": false,
	} {
		if got := isUUID(s); got != want {
			t.Errorf("isUUID(%q) = %v", s, got)
		}
	}
}

func TestInvocationDefaultsToProgramName(t *testing.T) {
	ev, err := Event(modelRun(), Config{Dir: "/w"})
	if err != nil {
		t.Fatal(err)
	}
	want := strings.TrimSuffix(filepath.Base(os.Args[0]), ".exe")
	if got := ev.Run.Facets.Parent.Job.Name; got != want {
		t.Errorf("parent job = %q, want the program's name %q", got, want)
	}
}
