package runstore_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/ayeaye-go/ayeaye/runtime/provenance"
	"github.com/ayeaye-go/ayeaye/runtime/runstore"
)

func ExampleOpen() {
	dir, _ := os.MkdirTemp("", "runstore-example")
	defer os.RemoveAll(dir)
	ctx := context.Background()

	// The default is SQLite at .ayeaye/runs.db; a team shares
	// postgres://user@host/db instead.
	store, err := runstore.Open(ctx, "sqlite:"+filepath.Join(dir, "runs.db"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer store.Close()

	// A program marks the runs its killed predecessors left running.
	if _, err := store.MarkInterrupted(ctx); err != nil {
		fmt.Println(err)
		return
	}

	// The runtime records a run when it starts and again when it ends.
	run := &provenance.Run{
		ID: "0195f3a2-7c00-7d3e-9a41-5b2c8e0f1a77", Model: "Popularity",
		Host: provenance.Hostname(), PID: os.Getpid(),
		Start: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC), Status: provenance.Running,
		Inputs:  []provenance.Dataset{{Name: "orders", Location: "csv://data/orders.csv", Fingerprint: "sha256:0f1e", Records: 120}},
		Outputs: []provenance.Dataset{{Name: "popularity", Location: "csv://out/popularity.csv"}},
	}
	if err := store.Record(ctx, run); err != nil {
		fmt.Println(err)
		return
	}
	run.Status, run.End = provenance.Succeeded, run.Start.Add(2*time.Second)
	run.Outputs[0].Fingerprint, run.Outputs[0].Records = "sha256:9c3b", 12
	if err := store.Record(ctx, run); err != nil {
		fmt.Println(err)
		return
	}

	// Which run wrote this exact file, from which inputs?
	runs, err := store.Produced(ctx, "csv://out/popularity.csv", "sha256:9c3b")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range runs {
		fmt.Println(r.ID[:8], r.Model, r.Status, "read", r.Inputs[0].Location)
	}

	// An ID prefix is enough to look a run up.
	r, err := store.Get(ctx, "0195f3a2")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Model, r.End.Sub(r.Start))
	// Output:
	// 0195f3a2 Popularity succeeded read csv://data/orders.csv
	// Popularity 2s
}

func ExampleOpen_none() {
	// -store none: runs are not recorded, and nothing can stop them.
	store, _ := runstore.Open(context.Background(), "none")
	defer store.Close()
	fmt.Println(store.Record(context.Background(), &provenance.Run{ID: "x"}))
	_, err := store.Get(context.Background(), "x")
	fmt.Println(err)
	// Output:
	// <nil>
	// run store none: get run x: run not found: runs are not recorded with -store none; use -store sqlite:.ayeaye/runs.db or a postgres:// store to look runs up
}

func ExampleRedact() {
	fmt.Println(runstore.Redact("postgres://etl:s3cret@db.internal:5432/runs?sslmode=require"))
	// Output: postgres://etl:xxxxx@db.internal:5432/runs?sslmode=require
}

func ExampleStore_List() {
	dir, _ := os.MkdirTemp("", "runstore-example")
	defer os.RemoveAll(dir)
	ctx := context.Background()
	store, err := runstore.Open(ctx, "sqlite:"+filepath.Join(dir, "runs.db"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer store.Close()
	start := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for i, status := range []provenance.Status{provenance.Succeeded, provenance.Failed, provenance.Succeeded} {
		_ = store.Record(ctx, &provenance.Run{
			ID: fmt.Sprintf("0195f3a2-0000-7000-8000-00000000000%d", i), Model: "Popularity",
			Start: start.Add(time.Duration(i) * time.Hour), Status: status,
		})
	}
	// The two most recent runs, newest first.
	runs, _ := store.List(ctx, runstore.Filter{Model: "Popularity", Limit: 2})
	for _, r := range runs {
		fmt.Println(r.Start.Format(time.Kitchen), r.Status)
	}
	last, _ := store.LastSuccess(ctx, "Popularity")
	fmt.Println("last success:", last.Start.Format(time.Kitchen))
	// Output:
	// 11:00AM succeeded
	// 10:00AM failed
	// last success: 11:00AM
}
