package roundtrip

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/ayeaye-go/ayeaye/gen/internal/roundtrip/datasets"
	"github.com/ayeaye-go/ayeaye/runtime/codec"
)

// The benchmarks time the generated codecs and the code a Go programmer
// would write by hand with the standard library on the same 1,000,000
// rows, in the same run, and report the ratio (generated ÷ baseline
// records per second; above 1 means the generated code is faster):
//
//	go test -run '^$' -bench . -benchtime 3x ./gen/internal/roundtrip
const benchRows = 1_000_000

var benchData = sync.OnceValues(func() ([]byte, []byte) {
	return readingsCSV(benchRows), readingsNDJSON(benchRows)
})

// baselineReading is the struct a Go programmer would write for
// encoding/json: a pointer for the nullable column.
type baselineReading struct {
	ID      int64     `json:"id"`
	Sensor  string    `json:"sensor"`
	TakenAt time.Time `json:"taken_at"`
	Value   float64   `json:"value"`
	Delta   *float64  `json:"delta"`
	Unit    string    `json:"unit"`
}

// compare runs gen and base b.N times each and reports both rates and
// their ratio.
func compare(b *testing.B, gen, base func() int) {
	b.ReportAllocs()
	var tg, tb time.Duration
	var n int
	for range b.N {
		start := time.Now()
		n = gen()
		tg += time.Since(start)
		start = time.Now()
		if m := base(); m != n {
			b.Fatalf("baseline saw %d records, generated %d", m, n)
		}
		tb += time.Since(start)
	}
	rg := float64(n*b.N) / tg.Seconds()
	rb := float64(n*b.N) / tb.Seconds()
	b.ReportMetric(rg, "gen_rec/s")
	b.ReportMetric(rb, "base_rec/s")
	b.ReportMetric(rg/rb, "ratio")
}

func BenchmarkCSVRead(b *testing.B) {
	data, _ := benchData()
	compare(b, func() int {
		r, err := datasets.ReadingCodec.NewCSVReader(bytes.NewReader(data), codec.Options{})
		if err != nil {
			b.Fatal(err)
		}
		var rec datasets.Reading
		n := 0
		for {
			err := r.Read(&rec)
			if err == io.EOF {
				return n
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
	}, func() int {
		cr := csv.NewReader(bytes.NewReader(data))
		cr.ReuseRecord = true
		if _, err := cr.Read(); err != nil {
			b.Fatal(err)
		}
		var rec baselineReading
		var delta float64
		n := 0
		for {
			row, err := cr.Read()
			if err == io.EOF {
				return n
			}
			if err != nil {
				b.Fatal(err)
			}
			rec.ID, err = strconv.ParseInt(row[0], 10, 64)
			if err != nil {
				b.Fatal(err)
			}
			rec.Sensor = row[1]
			if rec.TakenAt, err = time.Parse(time.RFC3339, row[2]); err != nil {
				b.Fatal(err)
			}
			if rec.Value, err = strconv.ParseFloat(row[3], 64); err != nil {
				b.Fatal(err)
			}
			rec.Delta = nil
			if row[4] != "" {
				if delta, err = strconv.ParseFloat(row[4], 64); err != nil {
					b.Fatal(err)
				}
				rec.Delta = &delta
			}
			rec.Unit = row[5]
			n++
		}
	})
}

func BenchmarkNDJSONRead(b *testing.B) {
	_, data := benchData()
	compare(b, func() int {
		r, _ := datasets.ReadingCodec.NewNDJSONReader(bytes.NewReader(data), codec.Options{})
		var rec datasets.Reading
		n := 0
		for {
			err := r.Read(&rec)
			if err == io.EOF {
				return n
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
	}, func() int {
		sc := bufio.NewScanner(bytes.NewReader(data))
		n := 0
		for sc.Scan() {
			var rec baselineReading
			if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
				b.Fatal(err)
			}
			n++
		}
		return n
	})
}

// records decodes the benchmark rows once, for the writer benchmarks.
var records = sync.OnceValue(func() []datasets.Reading {
	data, _ := benchData()
	r, _ := datasets.ReadingCodec.NewCSVReader(bytes.NewReader(data), codec.Options{})
	out := make([]datasets.Reading, 0, benchRows)
	for rec, err := range r.All() {
		if err != nil {
			panic(err)
		}
		out = append(out, rec)
	}
	return out
})

func baselineOf(recs []datasets.Reading) []baselineReading {
	out := make([]baselineReading, len(recs))
	for i, r := range recs {
		out[i] = baselineReading{ID: r.ID, Sensor: r.Sensor, TakenAt: r.TakenAt, Value: r.Value, Unit: r.Unit}
		if r.Delta.Valid {
			d := r.Delta.V
			out[i].Delta = &d
		}
	}
	return out
}

func BenchmarkCSVWrite(b *testing.B) {
	recs := records()
	base := baselineOf(recs)
	compare(b, func() int {
		w, _ := datasets.ReadingCodec.NewCSVWriter(io.Discard, codec.Options{})
		for i := range recs {
			if err := w.Write(&recs[i]); err != nil {
				b.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
		return len(recs)
	}, func() int {
		w := csv.NewWriter(io.Discard)
		_ = w.Write([]string{"id", "sensor", "taken_at", "value", "delta", "unit"})
		row := make([]string, 6)
		for _, r := range base {
			row[0] = strconv.FormatInt(r.ID, 10)
			row[1] = r.Sensor
			row[2] = r.TakenAt.Format(time.RFC3339Nano)
			row[3] = strconv.FormatFloat(r.Value, 'g', -1, 64)
			row[4] = ""
			if r.Delta != nil {
				row[4] = strconv.FormatFloat(*r.Delta, 'g', -1, 64)
			}
			row[5] = r.Unit
			if err := w.Write(row); err != nil {
				b.Fatal(err)
			}
		}
		w.Flush()
		return len(base)
	})
}

func BenchmarkNDJSONWrite(b *testing.B) {
	recs := records()
	base := baselineOf(recs)
	compare(b, func() int {
		w, _ := datasets.ReadingCodec.NewNDJSONWriter(io.Discard, codec.Options{})
		for i := range recs {
			if err := w.Write(&recs[i]); err != nil {
				b.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
		return len(recs)
	}, func() int {
		bw := bufio.NewWriterSize(io.Discard, 64<<10)
		for i := range base {
			line, err := json.Marshal(&base[i])
			if err != nil {
				b.Fatal(err)
			}
			bw.Write(line)
			bw.WriteByte('\n')
		}
		bw.Flush()
		return len(base)
	})
}
