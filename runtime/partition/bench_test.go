package partition_test

import (
	"context"
	"crypto/sha256"
	"testing"
	"time"

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
