package models

import (
	"context"
	"fmt"
	"maps"
	"math"
	"slices"

	"github.com/ayeaye-go/ayeaye/example/datasets"
	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/partition"
	"github.com/ayeaye-go/ayeaye/runtime/value"
)

// SiteDaily computes each weather station's lowest, highest and mean
// temperature per day from the sensor readings. It is a partitioned
// model: one partition per file of readings, built in parallel (run
// -executor local -workers N, or serial to step through one in a
// debugger); Combine adds up the partitions' figures in partition order
// and writes the table.
type SiteDaily struct {
	Readings runtime.Input[datasets.SensorReading]
	Daily    runtime.Output[datasets.SiteDaily]
}

// NewSiteDaily returns the model wired to the project's datasets.
func NewSiteDaily() *SiteDaily {
	return &SiteDaily{Readings: datasets.SensorReadingsDataset.Input(), Daily: datasets.SiteDailyDataset.Output()}
}

// DayFigures are the temperatures of one station on one day, as far as
// a partition has seen them. They travel as JSON between machines on the
// distributed executor, so the fields are exported.
type DayFigures struct {
	Readings int64   `json:"readings"`
	Missing  int64   `json:"missing"`
	Min      float64 `json:"min"`
	Max      float64 `json:"max"`
	Sum      float64 `json:"sum"`
}

// add counts one reading.
func (f *DayFigures) add(t value.Null[float64]) {
	c, ok := t.Get()
	if !ok {
		f.Missing++
		return
	}
	if f.Readings == 0 || c < f.Min {
		f.Min = c
	}
	if f.Readings == 0 || c > f.Max {
		f.Max = c
	}
	f.Readings++
	f.Sum += c
}

// merge adds another partition's figures for the same station and day.
func (f *DayFigures) merge(o DayFigures) {
	if o.Readings > 0 {
		if f.Readings == 0 || o.Min < f.Min {
			f.Min = o.Min
		}
		if f.Readings == 0 || o.Max > f.Max {
			f.Max = o.Max
		}
	}
	f.Readings += o.Readings
	f.Missing += o.Missing
	f.Sum += o.Sum
}

// siteDay keys the figures: "ABZ 2026-03-01" (JSON map keys are strings).
func siteDay(site string, day value.Date) string { return site + " " + day.String() }

func (m *SiteDaily) Build(ctx context.Context) error {
	return partition.Run(ctx, "site_daily", m.Partitions, m.BuildPartition, m.Combine)
}

// Partitions is one partition per file the readings' wildcard matched.
func (m *SiteDaily) Partitions(ctx context.Context) ([]string, error) { return m.Readings.Files() }

// BuildPartition reads one file of readings.
func (m *SiteDaily) BuildPartition(ctx context.Context, file string) (map[string]DayFigures, error) {
	figures := map[string]DayFigures{}
	for r, err := range m.Readings.FileAll(file) {
		if err != nil {
			return nil, err
		}
		if r.Site == "" {
			return nil, fmt.Errorf("%s: a reading at %s has no site", file, r.TakenAt.Format("2006-01-02T15:04:05Z07:00"))
		}
		k := siteDay(r.Site, value.DateOf(r.TakenAt.UTC()))
		f := figures[k]
		f.add(r.TemperatureC)
		figures[k] = f
	}
	return figures, nil
}

// Combine merges the partitions' figures and writes one row per station
// and day, sorted by station then day.
func (m *SiteDaily) Combine(ctx context.Context, parts []map[string]DayFigures) error {
	all := map[string]DayFigures{}
	for _, p := range parts {
		for k, f := range p {
			sum := all[k]
			sum.merge(f)
			all[k] = sum
		}
	}
	for _, k := range slices.Sorted(maps.Keys(all)) {
		f := all[k]
		site, dayText := k[:len(k)-11], k[len(k)-10:]
		day, err := value.ParseDate(dayText)
		if err != nil {
			return fmt.Errorf("figures keyed %q: %w", k, err)
		}
		row := datasets.SiteDaily{Site: site, Day: day, Readings: f.Readings, Missing: f.Missing}
		if f.Readings > 0 {
			row.MinC, row.MaxC = value.Some(f.Min), value.Some(f.Max)
			row.MeanC = value.Some(math.Round(f.Sum/float64(f.Readings)*100) / 100)
		}
		if err := m.Daily.Write(&row); err != nil {
			return err
		}
		runtime.Count(ctx, "site_days", 1)
	}
	return nil
}
