package roundtrip

import (
	"bytes"
	"io"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/ayeaye-go/ayeaye/gen/internal/roundtrip/datasets"
	"github.com/ayeaye-go/ayeaye/runtime/codec"
)

// The Parquet benchmarks compare, on the 1,000,000 readings of the other
// benchmarks and in the same run:
//
//   - BenchmarkParquetRead: the generated record reader against parquet-go's
//     GenericReader reading the same file into the struct a Go programmer
//     would write (the ratio should be at least 1);
//   - BenchmarkParquetColumns: reading two columns of the six (sensor and
//     value, what "average value per sensor" needs) as column batches
//     against the generated record reader (at least 8). The float
//     columns are stored byte_stream_split (x-ayeaye.parquet_encoding in
//     schemas/readings.json); with the default plain encoding, snappy
//     decompression of the value column bounds the ratio near 5 (4.2
//     measured);
//   - BenchmarkParquetWrite: the generated writer against parquet-go's
//     GenericWriter of that struct, with the same compression and
//     encodings (at least 0.9).
//
//	go test -run '^$' -bench Parquet -benchtime 3x ./gen/internal/roundtrip
//
// Besides compare's wall-clock ratio they report cpu_ratio, the same
// ratio in processor time of the whole process (garbage collection
// included), which a busy shared machine disturbs less.

// baselineParquetReading is the struct a Go programmer would give
// parquet-go for the readings: the same Parquet schema and encodings as
// the generated row type, a pointer for the nullable column.
type baselineParquetReading struct {
	ID      int64     `parquet:"id"`
	Sensor  string    `parquet:"sensor,dict"`
	TakenAt time.Time `parquet:"taken_at,timestamp(nanosecond)"`
	Value   float64   `parquet:"value,split"`
	Delta   *float64  `parquet:"delta,split"`
	Unit    string    `parquet:"unit,dict"`
}

// benchParquet is the benchmark rows as a Parquet file written by the
// generated writer.
var benchParquet = sync.OnceValue(func() []byte {
	recs := records()
	var buf bytes.Buffer
	w, err := datasets.NewReadingParquetWriter(&buf, codec.Options{})
	if err != nil {
		panic(err)
	}
	for i := range recs {
		if err := w.Write(&recs[i]); err != nil {
			panic(err)
		}
	}
	if err := w.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
})

// compareCPU is compare, also reporting the ratio of processor times.
func compareCPU(b *testing.B, gen, base func() int) {
	var cg, cb time.Duration
	timed := func(f func() int, d *time.Duration) func() int {
		return func() int {
			start := cpuTime()
			n := f()
			*d += cpuTime() - start
			return n
		}
	}
	compare(b, timed(gen, &cg), timed(base, &cb))
	b.ReportMetric(cb.Seconds()/cg.Seconds(), "cpu_ratio")
}

// cpuTime is the processor time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func readParquetRecords(b *testing.B, data []byte) int {
	r, err := datasets.NewReadingParquetReader(bytes.NewReader(data), int64(len(data)), codec.Options{})
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
}

func BenchmarkParquetRead(b *testing.B) {
	data := benchParquet()
	compareCPU(b, func() int { return readParquetRecords(b, data) }, func() int {
		r := parquet.NewGenericReader[baselineParquetReading](bytes.NewReader(data))
		defer r.Close()
		rows := make([]baselineParquetReading, 1024)
		n := 0
		for {
			k, err := r.Read(rows)
			n += k
			if err == io.EOF {
				return n
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkParquetColumns(b *testing.B) {
	data := benchParquet()
	compareCPU(b, func() int {
		c, err := datasets.NewReadingParquetColumns(bytes.NewReader(data), int64(len(data)), codec.Options{},
			datasets.ReadingColumnSensor, datasets.ReadingColumnValue)
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for batch, err := range c.All() {
			if err != nil {
				b.Fatal(err)
			}
			n += batch.Len
		}
		return n
	}, func() int { return readParquetRecords(b, data) })
}

func BenchmarkParquetWrite(b *testing.B) {
	recs := records()
	base := make([]baselineParquetReading, len(recs))
	for i, r := range recs {
		base[i] = baselineParquetReading{ID: r.ID, Sensor: r.Sensor, TakenAt: r.TakenAt, Value: r.Value, Unit: r.Unit}
		if r.Delta.Valid {
			d := r.Delta.V
			base[i].Delta = &d
		}
	}
	compareCPU(b, func() int {
		w, err := datasets.NewReadingParquetWriter(io.Discard, codec.Options{})
		if err != nil {
			b.Fatal(err)
		}
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
		w := parquet.NewGenericWriter[baselineParquetReading](io.Discard,
			parquet.Compression(&parquet.Snappy), parquet.MaxRowsPerRowGroup(1<<17))
		for i := 0; i < len(base); i += 1024 {
			if _, err := w.Write(base[i:min(i+1024, len(base))]); err != nil {
				b.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
		return len(base)
	})
}
