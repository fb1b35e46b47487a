package cli

import (
	"bytes"
	"context"
	"flag"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ayeaye-go/ayeaye/runtime/provenance"
	"github.com/ayeaye-go/ayeaye/runtime/runstore"
)

// recordRuns writes runs into a new SQLite store at path.
func recordRuns(t *testing.T, path string, runs ...*provenance.Run) {
	t.Helper()
	st, err := runstore.Open(context.Background(), "sqlite:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, r := range runs {
		if err := st.Record(context.Background(), r); err != nil {
			t.Fatal(err)
		}
	}
}

// TestPrintProducers follows a consumer's input two projects up: the
// consumer reads sales' orders, which sales made from the shop's export.
func TestPrintProducers(t *testing.T) {
	dir := t.TempDir()
	end := time.Date(2026, 3, 1, 12, 0, 0, 0, time.Local)
	shopRun := &provenance.Run{ID: "0190aaaa-0000-7000-8000-00000000000a", Project: "example.com/shop", Model: "export",
		Status: provenance.Succeeded, Start: end.Add(-time.Minute), End: end,
		Inputs: []provenance.Dataset{{Name: "till_rolls", Location: "csv://tills/*.csv", Fingerprint: "sha256:t"}}}
	salesRun := &provenance.Run{ID: "0190bbbb-0000-7000-8000-00000000000b", Project: "example.com/sales", Model: "orders", Env: "prod",
		Status: provenance.Succeeded, Start: end.Add(-time.Minute), End: end,
		Inputs: []provenance.Dataset{
			{Name: "exports", Location: "csv://../shop/out/exports.csv", Fingerprint: "sha256:e",
				Producer: &provenance.ProducerRef{Project: "example.com/shop", Model: "export", Run: shopRun.ID}},
			{Name: "rates", Location: "json://rates.json", Fingerprint: "sha256:r"},
		}}
	recordRuns(t, filepath.Join(dir, "shop.db"), shopRun)
	recordRuns(t, filepath.Join(dir, "sales.db"), salesRun)

	inputs := []provenance.Dataset{
		{Name: "orders", Producer: &provenance.ProducerRef{Project: "example.com/sales", Model: "orders", Run: salesRun.ID}},
		{Name: "local"},
		{Name: "returns", Producer: &provenance.ProducerRef{Project: "example.com/returns", Model: "returns", Run: "0190cccc"}},
		{Name: "legacy", Producer: &provenance.ProducerRef{Model: "old", Run: "0190dddd"}},
	}
	tests := []struct {
		name   string
		stores []string // -producer-store values
		want   string
	}{
		{"no stores", nil, `  orders was published by run 0190bbbb-0000-7000-8000-00000000000b of example.com/sales (model orders)
    to follow it, pass -producer-store example.com/sales=DSN, the producer's run store
  returns was published by run 0190cccc of example.com/returns (model returns)
    to follow it, pass -producer-store example.com/returns=DSN, the producer's run store
  legacy was published by run 0190dddd of an unnamed project (model old)
    to follow it, pass -producer-store ""=DSN, the producer's run store
`},
		{"two projects up", []string{"example.com/sales=sqlite:sales.db", "example.com/shop=sqlite:" + filepath.Join(dir, "shop.db"),
			"example.com/returns=sqlite:missing.db"}, `  orders was published by run 0190bbbb-0000-7000-8000-00000000000b of example.com/sales (model orders)
    succeeded, environment prod, 2026-03-01 12:00:00
      from exports  sha256:e  csv://../shop/out/exports.csv
      from rates    sha256:r  json://rates.json
      exports was published by run 0190aaaa-0000-7000-8000-00000000000a of example.com/shop (model export)
        succeeded, 2026-03-01 12:00:00
          from till_rolls  sha256:t  csv://tills/*.csv
  returns was published by run 0190cccc of example.com/returns (model returns)
    its run store sqlite:$DIR/missing.db does not exist
  legacy was published by run 0190dddd of an unnamed project (model old)
    to follow it, pass -producer-store ""=DSN, the producer's run store
`},
		{"the wrong store", []string{"example.com/sales=sqlite:shop.db"}, `  orders was published by run 0190bbbb-0000-7000-8000-00000000000b of example.com/sales (model orders)
    run 0190bbbb-0000-7000-8000-00000000000b is not in sqlite:$DIR/shop.db: is it the producer's store?
`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := flag.NewFlagSet("lineage", flag.ContinueOnError)
			var ps producerStores
			ps.register(fs)
			var args []string
			for _, s := range tt.stores {
				args = append(args, "-producer-store", s)
			}
			if err := fs.Parse(args); err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			a := &app{ctx: context.Background(), prog: Program{Name: "consumer", Dir: dir}, stdout: &out, stderr: &out}
			a.printProducers(nil, ps, inputs, "  ")
			got := strings.ReplaceAll(out.String(), dir, "$DIR")
			if tt.name == "the wrong store" {
				got = strings.Join(strings.SplitAfter(got, "\n")[:2], "")
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestProducerStoresFlag(t *testing.T) {
	for _, tt := range []struct {
		args []string
		err  string
	}{
		{[]string{"-producer-store", "example.com/x=sqlite:a.db", "-producer-store", "y=postgres://u@h/db?sslmode=disable"}, ""},
		{[]string{"-producer-store", "sqlite:a.db"}, `"sqlite:a.db" is not PROJECT=DSN`},
		{[]string{"-producer-store", "=sqlite:a.db"}, "is not PROJECT=DSN"},
		{[]string{"-producer-store", "x=a", "-producer-store", "x=b"}, "project x is given twice"},
	} {
		fs := flag.NewFlagSet("lineage", flag.ContinueOnError)
		fs.SetOutput(new(bytes.Buffer))
		var ps producerStores
		ps.register(fs)
		err := fs.Parse(tt.args)
		if tt.err == "" && err != nil || tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)) {
			t.Errorf("%v: error %v, want %q", tt.args, err, tt.err)
		}
		if tt.err == "" && ps["y"] != "postgres://u@h/db?sslmode=disable" {
			t.Errorf("%v: stores %v", tt.args, ps)
		}
	}
}
