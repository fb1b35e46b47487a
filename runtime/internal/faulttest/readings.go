package faulttest

import (
	"strconv"
	"time"

	"github.com/ayeaye-go/ayeaye/runtime/internal/faulttest/datasets"
	"github.com/ayeaye-go/ayeaye/runtime/value"
)

// Locations are the engine URLs of killprog's outputs, by model name.
var Locations = map[string]string{
	"csv":      "csv://{output_root}/files/readings.csv",
	"ndjson":   "ndjson://{output_root}/files/readings.ndjson",
	"parquet":  "parquet://{output_root}/files/readings.parquet",
	"append":   "parquet://{output_root}/files/appended.parquet",
	"parts":    "csv://{output_root}/files/parts.csv",
	"sqlite":   "sqlite://{output_root}/tables.db;table=readings",
	"postgres": "postgres://{pg};table={pg_schema}.readings",
	"mysql":    "mysql://{mysql};table={mysql_db}.readings",
}

// Partitions is how many partitions the partitioned model builds.
const Partitions = 8

// Reading is record i: the same on every run, so that every successful
// run of a model writes the same bytes.
func Reading(i int) datasets.Reading {
	r := datasets.Reading{
		ID:      int64(i),
		Sensor:  "sensor-" + strconv.Itoa(i%50),
		TakenAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Second),
		Value:   float64(i%1000) / 8,
		Unit:    "C",
	}
	if i > 0 {
		r.Delta = value.Some(float64(i%7) - 3)
	}
	return r
}
