// Command sensordata writes the example's weather-station readings: one
// gzipped CSV file per day under data/sensors, a reading per sensor every
// half hour, as a feed would deliver them. The data is made up but
// behaves like the real thing: each station has its own climate, days
// warm up and cool down, weather drifts from day to day, the two
// thermometers of a station disagree slightly, and now and then a sensor
// sends nothing (an outage of a few hours) or misses a single reading.
//
// The files are committed; regenerate them from the example directory
// with
//
//	go run ./cmd/sensordata [-days 21] [-out data/sensors]
//
// The same flags always give the same data (a fixed seed), which the
// test checks against the committed files.
package main

import (
	"compress/gzip"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"

	"github.com/ayeaye-go/ayeaye/example/datasets"
	"github.com/ayeaye-go/ayeaye/runtime/codec"
	"github.com/ayeaye-go/ayeaye/runtime/value"
)

func main() {
	days := flag.Int("days", 21, "write this many `days` of readings, from 1 March 2026")
	out := flag.String("out", filepath.Join("data", "sensors"), "write the files to `DIR`")
	flag.Parse()
	if *days < 1 {
		fmt.Fprintln(os.Stderr, "sensordata: -days must be 1 or more")
		os.Exit(2)
	}
	if err := generate(*out, *days); err != nil {
		fmt.Fprintln(os.Stderr, "sensordata:", err)
		os.Exit(1)
	}
}

// station is a weather station: its code, mean March temperature and the
// size of its daily swing, in degrees Celsius.
type station struct {
	code      string
	base, amp float64
}

var stations = []station{
	{"ABZ", 6.1, 3.2}, {"BHX", 7.4, 4.6}, {"CWL", 8.0, 3.9}, {"EDI", 6.5, 3.5},
	{"LHR", 9.1, 5.2}, {"MAN", 7.2, 4.1}, {"NCL", 6.4, 3.6}, {"PLY", 8.6, 3.0},
}

var sensors = []struct {
	name string
	bias float64
}{{"t1", 0}, {"t2", 0.2}}

var firstDay = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)

// generate writes days files into dir.
func generate(dir string, days int) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(2026, 3))
	weather := make([]float64, len(stations)) // today's departure from the station's normal
	outage := make([]int, len(stations)*len(sensors))
	for d := range days {
		day := firstDay.AddDate(0, 0, d)
		for i := range weather {
			weather[i] = 0.7*weather[i] + rng.NormFloat64()*1.4
		}
		if err := writeDay(dir, day, d, rng, weather, outage); err != nil {
			return err
		}
	}
	return nil
}

func writeDay(dir string, day time.Time, d int, rng *rand.Rand, weather []float64, outage []int) error {
	path := filepath.Join(dir, "readings-"+day.Format(time.DateOnly)+".csv.gz")
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	z := gzip.NewWriter(f) // no name or time in the header: the same data gives the same bytes
	w, err := datasets.SensorReadingCodec.NewCSVWriter(z, codec.Options{File: path})
	if err != nil {
		return err
	}
	for slot := range 48 {
		at := day.Add(time.Duration(slot) * 30 * time.Minute)
		hour := float64(slot) / 2
		for si, st := range stations {
			// Coldest near 05:00, warmest near 15:00, and March warming
			// up by about a tenth of a degree a day.
			air := st.base + 0.09*float64(d) + weather[si] + st.amp*math.Sin(2*math.Pi*(hour-10)/24)
			for ki, s := range sensors {
				r := datasets.SensorReading{Site: st.code, Sensor: s.name, TakenAt: at}
				k := si*len(sensors) + ki
				switch {
				case outage[k] > 0:
					outage[k]--
				case rng.Float64() < 0.002: // a sensor goes quiet for two to four hours
					outage[k] = 4 + rng.IntN(5)
				case rng.Float64() < 0.006: // a single reading lost
					r.HumidityPct = value.Some(humidity(air-st.base, rng))
				default:
					r.TemperatureC = value.Some(round(air+s.bias+rng.NormFloat64()*0.25, 10))
					r.HumidityPct = value.Some(humidity(air-st.base, rng))
				}
				if err := w.Write(&r); err != nil {
					return err
				}
			}
		}
	}
	if err := w.Close(); err != nil {
		return err
	}
	if err := z.Close(); err != nil {
		return err
	}
	return f.Close()
}

// humidity falls as the air warms above the station's normal.
func humidity(warmth float64, rng *rand.Rand) float64 {
	return round(min(100, max(20, 82-2.5*warmth+rng.NormFloat64()*4)), 10)
}

func round(x, per float64) float64 { return math.Round(x*per) / per }
