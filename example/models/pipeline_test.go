package models_test

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ayeaye-go/ayeaye/example/models"
	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/env"
	"github.com/ayeaye-go/ayeaye/runtime/modeltest"
)

// resolve resolves an environment of the project's ayeaye.yaml, ignoring
// the process environment so that AYEAYE_ENV cannot change the test.
func resolve(t *testing.T, name string, overrides map[string]string) *env.Env {
	t.Helper()
	cfg, err := env.Load("../ayeaye.yaml")
	if err != nil {
		t.Fatal(err)
	}
	e, err := cfg.Resolve(env.Options{Name: name, Overrides: overrides, Getenv: func(string) string { return "" }})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

var update = flag.Bool("update", false, "rewrite testdata/golden from this run")

// TestPipelineInDev runs both models in the dev environment, on the
// sample data, with the outputs moved to a temporary directory, and checks
// that they are the golden outputs in testdata/golden byte for byte.
func TestPipelineInDev(t *testing.T) {
	out := t.TempDir()
	h := modeltest.New(t)
	h.Runner.Env = resolve(t, "dev", map[string]string{"data_root": "../data", "output_root": out})
	rep := h.Run(models.NewFavouriteColours())
	if rep.Env != "dev" || rep.Stats["answers"] != 12 || rep.Stats["colours"] != 5 {
		t.Errorf("report: env %q, stats %v", rep.Env, rep.Stats)
	}
	h.Run(models.NewPaintOrders())
	for _, name := range []string{"colour_popularity.json", "paint_orders.ndjson"} {
		got, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		golden := filepath.Join("testdata", "golden", name)
		if *update {
			if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test ./example/models -update)", err)
		}
		if diff := cmp.Diff(string(want), string(got)); diff != "" {
			t.Errorf("%s differs from %s (-want +got):\n%s", name, golden, diff)
		}
	}
}

// TestEnvironments checks where each environment puts the data, without
// running anything.
func TestEnvironments(t *testing.T) {
	for _, tc := range []struct {
		env       string
		overrides map[string]string
		want      []string
	}{{
		env:  "dev",
		want: []string{"csv://data/favourite_colours.csv", "json://output/colour_popularity.json;indent=2"},
	}, {
		env: "prod",
		want: []string{
			"csv:///srv/colours/2026-spring/answers/favourite_colours.csv",
			"json:///srv/colours/2026-spring/reports/colour_popularity.json;indent=2",
		},
	}, {
		env:       "prod",
		overrides: map[string]string{"survey": "2026-autumn"},
		want: []string{
			"csv:///srv/colours/2026-autumn/answers/favourite_colours.csv",
			"json:///srv/colours/2026-autumn/reports/colour_popularity.json;indent=2",
		},
	}} {
		t.Run(tc.env, func(t *testing.T) {
			r := &runtime.Runner{Env: resolve(t, tc.env, tc.overrides)}
			ds, err := r.Describe(models.NewFavouriteColours())
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range ds {
				got = append(got, d.Location)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("locations (-want +got):\n%s", diff)
			}
		})
	}
}
