package collection_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/collection"
)

// BenchmarkPlan10000 links and orders 10,000 models over 20,000 datasets
// (each model reads the previous model's output and a source of its own):
//
//	go test -run '^$' -bench Plan ./runtime/collection
func BenchmarkPlan10000(b *testing.B) {
	models := make([]collection.Model, 10000)
	for i := range models {
		ins := []string{fmt.Sprint("src", i)}
		if i > 0 {
			ins = append(ins, fmt.Sprint("out", i-1))
		}
		models[i] = model(fmt.Sprint("m", i), fmt.Sprint("out", i), ins...)
	}
	r := runner()
	b.ResetTimer()
	for range b.N {
		c, err := collection.New(r, models)
		if err != nil {
			b.Fatal(err)
		}
		if g := c.Groups(); len(g) != 10000 {
			b.Fatalf("%d groups", len(g))
		}
		_ = c.Plan()
	}
}

// nothing is a model that does nothing: the scheduler's cost alone.
type nothing struct{}

func (nothing) Build(context.Context) error { return nil }

// BenchmarkScheduler1000 runs 1,000 trivial independent models and reports
// the scheduler's overhead per model.
func BenchmarkScheduler1000(b *testing.B) {
	models := make([]collection.Model, 1000)
	for i := range models {
		models[i] = collection.Model{Name: fmt.Sprint("m", i), Model: nothing{}}
	}
	c, err := collection.New(&runtime.Runner{}, models)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	start := time.Now()
	for range b.N {
		if _, err := c.Run(context.Background(), collection.Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(time.Since(start).Nanoseconds())/float64(b.N*len(models)), "ns/model")
}
