package models_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ayeaye-go/ayeaye/example/datasets"
	"github.com/ayeaye-go/ayeaye/example/models"
	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/modeltest"
	"github.com/ayeaye-go/ayeaye/runtime/partition"
	"github.com/ayeaye-go/ayeaye/runtime/value"
)

func reading(site string, at string, c ...float64) datasets.SensorReading {
	t, err := time.Parse(time.RFC3339, at)
	if err != nil {
		panic(err)
	}
	r := datasets.SensorReading{Site: site, Sensor: "t1", TakenAt: t}
	if len(c) > 0 {
		r.TemperatureC = value.Some(c[0])
	}
	return r
}

// TestSiteDaily: minimum, maximum and mean per station and UTC day,
// missing readings counted and left out of the figures.
func TestSiteDaily(t *testing.T) {
	h := modeltest.New(t)
	modeltest.Fixture(h, datasets.SensorReadingsDataset, []datasets.SensorReading{
		reading("LHR", "2026-03-01T00:00:00Z", 4),
		reading("LHR", "2026-03-01T12:00:00Z", 11.5),
		reading("LHR", "2026-03-01T23:30:00+01:00", 7), // 22:30 UTC: still the 1st
		reading("LHR", "2026-03-01T18:00:00Z"),         // missing
		reading("ABZ", "2026-03-02T06:00:00Z", -1.25),
		reading("ABZ", "2026-03-01T06:00:00Z"), // a day with nothing but a gap
	})
	modeltest.Capture(h, datasets.SiteDailyDataset)
	rep := h.Run(models.NewSiteDaily())
	day := func(s string) value.Date { d, _ := value.ParseDate(s); return d }
	modeltest.Expect(h, datasets.SiteDailyDataset, []datasets.SiteDaily{
		{Site: "ABZ", Day: day("2026-03-01"), Readings: 0, Missing: 1},
		{Site: "ABZ", Day: day("2026-03-02"), Readings: 1, MinC: value.Some(-1.25), MaxC: value.Some(-1.25), MeanC: value.Some(-1.25)},
		{Site: "LHR", Day: day("2026-03-01"), Readings: 3, Missing: 1, MinC: value.Some(4.0), MaxC: value.Some(11.5), MeanC: value.Some(7.5)},
	})
	if rep.Stats["site_days"] != 3 {
		t.Errorf("statistics: %v", rep.Stats)
	}
}

// TestSiteDailyTypes: the partitions and their results survive JSON, so
// the model runs on the distributed executor too.
func TestSiteDailyTypes(t *testing.T) {
	if err := partition.CheckTypes[string, map[string]models.DayFigures](); err != nil {
		t.Fatal(err)
	}
}

// TestSiteDailyExecutors: over the example's three weeks of readings, the
// serial and local executors write the same table byte for byte.
func TestSiteDailyExecutors(t *testing.T) {
	var outputs []string
	for _, e := range []partition.Executor{partition.Serial{}, partition.Local{Workers: 4}} {
		out := filepath.Join(t.TempDir(), "site_daily.csv")
		r := &runtime.Runner{Overrides: map[string]string{
			"sensor_readings": "gz+csv://../data/sensors/readings-*.csv.gz",
			"site_daily":      "csv://" + out,
		}}
		rep, err := r.Run(partition.WithExecutor(context.Background(), e), "site_daily", models.NewSiteDaily())
		if err != nil {
			t.Fatal(err)
		}
		if rep.Datasets[0].Records != 21*48*8*2 {
			t.Errorf("%s read %d readings, want 21 days of 48 per sensor", e.Name(), rep.Datasets[0].Records)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		outputs = append(outputs, string(b))
	}
	if d := cmp.Diff(outputs[0], outputs[1]); d != "" {
		t.Errorf("serial and local outputs differ (-serial +local):\n%s", d)
	}
}
