package openlineage_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ayeaye-go/ayeaye/runtime/openlineage"
	"github.com/ayeaye-go/ayeaye/runtime/provenance"
)

func ExampleEvent() {
	run := &provenance.Run{
		ID: "0190a2b4-5c6d-7e8f-9a0b-1c2d3e4f5a6b", Project: "example.com/paint", Env: "prod", Model: "PaintOrders",
		Inputs:  []provenance.Dataset{{Name: "favourite_colours", Location: "csv:///srv/data/colours.csv", Fingerprint: "sha256:12ab", Records: 10}},
		Outputs: []provenance.Dataset{{Name: "paint_orders", Location: "s3+ndjson://acme/orders.ndjson", Fingerprint: "sha256:34cd", Records: 4}},
		Host:    "worker-1", Start: time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC), End: time.Date(2026, 3, 4, 5, 7, 0, 0, time.UTC),
		Status: provenance.Succeeded,
	}
	ev, err := openlineage.Event(run, openlineage.Config{
		Schemas: map[string]string{"paint_orders": `{"type":"object","properties":{"colour":{"type":"string"},"tins":{"type":"integer"}}}`},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(ev.EventType, ev.EventTime.Format(time.RFC3339))
	fmt.Println("job:", ev.Job.Namespace, ev.Job.Name)
	in, out := ev.Inputs[0], ev.Outputs[0]
	fmt.Println("read:", in.Namespace, in.Name, in.Facets.Version.DatasetVersion)
	fmt.Println("wrote:", out.Namespace, out.Name, out.Facets.Version.DatasetVersion, out.OutputFacets.OutputStatistics.RowCount, "rows")
	for _, f := range out.Facets.Schema.Fields {
		fmt.Println("  field:", f.Name, f.Type)
	}
	// Output:
	// COMPLETE 2026-03-04T05:07:00Z
	// job: example.com/paint/prod PaintOrders
	// read: file://worker-1 /srv/data/colours.csv sha256:12ab
	// wrote: s3://acme orders.ndjson sha256:34cd 4 rows
	//   field: colour string
	//   field: tins integer
}

func ExampleNew_file() {
	dir, err := os.MkdirTemp("", "lineage")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "events.ndjson")

	lin, err := openlineage.New(path, slog.Default(), openlineage.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	run := &provenance.Run{ID: "0190a2b4-5c6d-7e8f-9a0b-1c2d3e4f5a6b", Model: "Hello", Start: time.Now(), Status: provenance.Running}
	_ = lin.Record(context.Background(), run) // never fails a run
	run.Status, run.End = provenance.Succeeded, time.Now()
	_ = lin.Record(context.Background(), run)
	if err := lin.Close(context.Background()); err != nil {
		fmt.Println(err)
	}

	data, _ := os.ReadFile(path)
	for line := range strings.Lines(string(data)) {
		fmt.Println(line[:strings.Index(line, `","eventTime"`)+1])
	}
	// Output:
	// {"eventType":"START"
	// {"eventType":"COMPLETE"
}

func ExampleNew_http() {
	// A stand-in for Marquez: it accepts events at /api/v1/lineage.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		fmt.Println(r.Method, r.URL.Path)
		w.WriteHeader(http.StatusCreated)
	}))
	defer srv.Close()

	lin, err := openlineage.New(srv.URL, slog.Default(), openlineage.Options{
		Header: http.Header{"Authorization": {"Bearer my-api-key"}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	run := &provenance.Run{ID: "0190a2b4-5c6d-7e8f-9a0b-1c2d3e4f5a6b", Model: "Hello", Start: time.Now(), Status: provenance.Running}
	_ = lin.Record(context.Background(), run) // queued; returns at once

	// At the end of the program: send what is queued, but do not wait
	// for a dead server for ever.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := lin.Close(ctx); err != nil {
		fmt.Println(err)
	}
	fmt.Printf("%+v\n", lin.Stats())
	// Output:
	// POST /api/v1/lineage
	// {Sent:1 Dropped:0 Failed:0}
}
