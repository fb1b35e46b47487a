package natsexec_test

import (
	"context"
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/natsexec"
	"github.com/ayeaye-go/ayeaye/runtime/partition"
)

// BenchmarkOverhead sends empty partitions through the embedded server
// to workers in this process and reports the time per partition: the
// executor's own cost (publish, fetch, result stored once, ack).
//
//	go test -run '^$' -bench Overhead -benchtime 3x ./runtime/natsexec
func BenchmarkOverhead(b *testing.B) {
	const n = 2000
	for _, workers := range []int{1, 2} {
		b.Run(map[int]string{1: "1worker", 2: "2workers"}[workers], func(b *testing.B) {
			s := embedded(b)
			cfg := testConfig(b, s.URL(), s.Token())
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			for range workers {
				w := &natsexec.Worker{Config: cfg, Models: []string{"squares"},
					Handle: func(context.Context, *natsexec.Request) (json.RawMessage, error) { return json.RawMessage("0"), nil }}
				go func() { _ = w.Run(ctx) }()
			}
			e, err := natsexec.Open(ctx, natsexec.Options{Config: cfg})
			if err != nil {
				b.Fatal(err)
			}
			defer e.Close()
			b.ResetTimer()
			start := time.Now()
			for range b.N {
				if _, err := squares(ctx, e, n); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(time.Since(start).Microseconds())/float64(b.N*n), "µs/partition")
		})
	}
}

// BenchmarkSpeedup runs a CPU-bound model of 16 partitions on the serial
// executor, on two worker processes through the embedded server, and on
// the local executor with two goroutines, in the same run, and reports
// the speed-ups.
//
//	go test -run '^$' -bench Speedup -benchtime 2x ./runtime/natsexec
func BenchmarkSpeedup(b *testing.B) {
	const spin = "1000000" // about 100ms of hashing per partition
	dir := b.TempDir()
	writeSurvey(b, dir, 16, 50)
	s := embedded(b)
	cfg := testConfig(b, s.URL(), s.Token())
	url := s.URL() + "?namespace=" + cfg.Namespace
	workers, err := natsexec.Spawn(context.Background(), natsexec.SpawnOptions{N: 2, Command: workerCommand(url, s.Token(), spinEnv+"="+spin)})
	if err != nil {
		b.Fatal(err)
	}
	defer workers.Close()
	e, err := natsexec.Open(context.Background(), natsexec.Options{Config: cfg, Env: natsexec.Env{Sets: overrides(dir, "nats.json")}, Workers: workers})
	if err != nil {
		b.Fatal(err)
	}
	defer e.Close()
	os.Setenv(spinEnv, spin) // for the serial run in this process
	defer os.Unsetenv(spinEnv)
	run := func(ex partition.Executor, out string) time.Duration {
		start := time.Now()
		r := &runtime.Runner{Overrides: overrides(dir, out), NoManifests: true}
		if _, err := r.Run(partition.WithExecutor(context.Background(), ex), "colour_count", newColourCount()); err != nil {
			b.Fatal(err)
		}
		return time.Since(start)
	}
	run(e, "nats.json") // the workers start and warm up
	b.ResetTimer()
	var serial, nats, local time.Duration
	for range b.N {
		serial += run(partition.Serial{}, "serial.json")
		nats += run(e, "nats.json")
		local += run(partition.Local{Workers: 2}, "local.json")
	}
	// The local executor's speed-up, measured alongside, says what the
	// machine allows: on a busy machine neither reaches 2.
	b.ReportMetric(serial.Seconds()/nats.Seconds(), "speedup")
	b.ReportMetric(serial.Seconds()/local.Seconds(), "local-speedup")
	b.ReportMetric(serial.Seconds()/float64(b.N), "serial-s/op")
	b.ReportMetric(nats.Seconds()/float64(b.N), "nats-s/op")
}
