package partition_test

import (
	"bufio"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ayeaye-go/ayeaye/example/datasets"
	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/codec"
	"github.com/ayeaye-go/ayeaye/runtime/partition"
)

// BenchmarkLocalVsSerial runs a CPU-bound model of 16 partitions on the
// serial executor and on the local one with 2 workers, in the same run,
// and reports the speed-up:
//
//	go test -run '^$' -bench . -benchtime 3x ./runtime/partition
func BenchmarkLocalVsSerial(b *testing.B) {
	work := func(ctx context.Context, p part) (result, error) {
		sum := sha256.Sum256([]byte{byte(p.N)})
		for range 40000 {
			sum = sha256.Sum256(sum[:])
		}
		return result{Square: int(sum[0])}, nil
	}
	run := func(e partition.Executor) time.Duration {
		start := time.Now()
		err := partition.Run(partition.WithExecutor(context.Background(), e), "cpu", squares(16), work,
			func(context.Context, []result) error { return nil })
		if err != nil {
			b.Fatal(err)
		}
		return time.Since(start)
	}
	var serial, local time.Duration
	for range b.N {
		serial += run(partition.Serial{})
		local += run(partition.Local{Workers: 2})
	}
	b.ReportMetric(serial.Seconds()/local.Seconds(), "speedup")
}

// BenchmarkOverhead runs 100,000 empty partitions and reports the cost
// per partition of each executor.
func BenchmarkOverhead(b *testing.B) {
	const n = 100_000
	empty := func(context.Context, part) (result, error) { return result{}, nil }
	for _, e := range []partition.Executor{partition.Serial{}, partition.Local{Workers: 2}} {
		b.Run(e.Name(), func(b *testing.B) {
			start := time.Now()
			for range b.N {
				err := partition.Run(partition.WithExecutor(context.Background(), e), "empty", squares(n), empty,
					func(context.Context, []result) error { return nil })
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(time.Since(start).Nanoseconds())/float64(b.N*n), "ns/partition")
		})
	}
}

// BenchmarkPartsCopy copies 1,000,000 survey answers from 8 CSV files to
// one NDJSON output, partitioned by file with each partition writing its
// own part (local executor, 2 workers, then the parts joined in order),
// against the program a Go programmer would write without the runtime:
// each file read in turn with the generated codecs into one buffered
// output, renamed into place. It reports ratio = partitioned ÷
// hand-written records per second:
//
//	go test -run '^$' -bench PartsCopy -benchtime 3x ./runtime/partition
func BenchmarkPartsCopy(b *testing.B) {
	dir := b.TempDir()
	writeBenchAnswers(b, dir, 8, 125_000)
	files, _ := filepath.Glob(filepath.Join(dir, "answers-*.csv"))
	var parts, hand time.Duration
	for range b.N {
		start := time.Now()
		if err := runPartsCopy(dir, filepath.Join(dir, "parts.ndjson")); err != nil {
			b.Fatal(err)
		}
		parts += time.Since(start)
		start = time.Now()
		if err := handCopy(files, filepath.Join(dir, "hand.ndjson")); err != nil {
			b.Fatal(err)
		}
		hand += time.Since(start)
	}
	b.ReportMetric(hand.Seconds()/parts.Seconds(), "ratio")
	b.ReportMetric(float64(b.N)*1e6/parts.Seconds(), "parts_rec/s")
	b.ReportMetric(float64(b.N)*1e6/hand.Seconds(), "hand_rec/s")
}

// partsCopy copies every answer, one partition per file, each writing
// its own part of the output.
type partsCopy struct {
	In  runtime.Input[datasets.FavouriteColour]
	Out runtime.Output[datasets.FavouriteColour]
}

func (m *partsCopy) Build(ctx context.Context) error {
	return partition.Run(ctx, "parts_copy",
		func(context.Context) ([]string, error) { return m.In.Files() },
		func(ctx context.Context, file string) (int, error) {
			out := m.Out.Part(ctx)
			n := 0
			for r, err := range m.In.FileAll(file) {
				if err != nil {
					return n, err
				}
				if err := out.Write(&r); err != nil {
					return n, err
				}
				n++
			}
			return n, nil
		},
		func(context.Context, []int) error { return nil })
}

func runPartsCopy(dir, out string) error {
	r := &runtime.Runner{Overrides: map[string]string{"favourite_colours": "csv://" + dir + "/answers-*.csv"}}
	m := &partsCopy{In: datasets.FavouriteColoursDataset.Input(),
		Out: (&runtime.Dataset[datasets.FavouriteColour]{Name: "copied", EngineURL: "ndjson://" + out, Formats: datasets.FavouriteColoursDataset.Formats}).Output()}
	_, err := r.Run(partition.WithExecutor(context.Background(), partition.Local{Workers: 2}), "parts_copy", m)
	return err
}

func writeBenchAnswers(b *testing.B, dir string, files, rows int) {
	colours := []string{"red", "blue", "green", "yellow"}
	for f := range files {
		var sb strings.Builder
		sb.WriteString("person_id,name,colour,surveyed_on,certainty\n")
		for i := range rows {
			fmt.Fprintf(&sb, "%d,Person %d,%s,2026-03-%02d,0.%d\n", f*rows+i, i, colours[i%4], 1+i%28, i%10)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("answers-%02d.csv", f)), []byte(sb.String()), 0o644); err != nil {
			b.Fatal(err)
		}
	}
}

// handCopy is the baseline: every file, in order, through the generated
// CSV reader and NDJSON writer, into a temporary file renamed over out.
func handCopy(files []string, out string) error {
	tmp, err := os.CreateTemp(filepath.Dir(out), ".hand-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	bw := bufio.NewWriterSize(tmp, 64<<10)
	w, err := datasets.FavouriteColourCodec.NewNDJSONWriter(bw, codec.Options{})
	if err != nil {
		return err
	}
	var rec datasets.FavouriteColour
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		r, err := datasets.FavouriteColourCodec.NewCSVReader(bufio.NewReaderSize(f, 64<<10), codec.Options{File: name})
		if err != nil {
			f.Close()
			return err
		}
		for {
			if err := r.Read(&rec); err == io.EOF {
				break
			} else if err != nil {
				f.Close()
				return err
			}
			if err := w.Write(&rec); err != nil {
				f.Close()
				return err
			}
		}
		f.Close()
	}
	if err := w.Close(); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), out)
}
