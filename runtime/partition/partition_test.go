package partition_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ayeaye-go/ayeaye/runtime/partition"
)

type part struct {
	N int `json:"n"`
}

type result struct {
	Square int `json:"square"`
}

func squares(n int) func(context.Context) ([]part, error) {
	return func(context.Context) ([]part, error) {
		ps := make([]part, n)
		for i := range ps {
			ps[i] = part{N: i}
		}
		return ps, nil
	}
}

func executors() []partition.Executor {
	return []partition.Executor{partition.Serial{}, partition.Local{Workers: 1}, partition.Local{Workers: 4}}
}

func fast(ctx context.Context) context.Context {
	return partition.WithRetry(ctx, partition.Retry{Retries: 2, Backoff: time.Microsecond})
}

// TestSameOutputOnEveryExecutor: Combine sees results in partition order,
// whatever order they finished in.
func TestSameOutputOnEveryExecutor(t *testing.T) {
	for _, e := range executors() {
		var got []int
		err := partition.Run(partition.WithExecutor(context.Background(), e), "squares", squares(50),
			func(ctx context.Context, p part) (result, error) {
				if p.N%7 == 0 {
					time.Sleep(time.Millisecond) // finish out of order
				}
				return result{Square: p.N * p.N}, nil
			},
			func(ctx context.Context, rs []result) error {
				for _, r := range rs {
					got = append(got, r.Square)
				}
				return nil
			})
		if err != nil {
			t.Fatalf("%s: %v", e.Name(), err)
		}
		for i, g := range got {
			if g != i*i {
				t.Fatalf("%s: result %d is %d", e.Name(), i, g)
			}
		}
		if len(got) != 50 {
			t.Fatalf("%s: %d results", e.Name(), len(got))
		}
	}
}

func TestRetriesAndFailures(t *testing.T) {
	for _, e := range executors() {
		ctx := partition.WithExecutor(fast(context.Background()), e)
		var attempts [4]atomic.Int32
		err := partition.Run(ctx, "flaky", squares(4),
			func(ctx context.Context, p part) (result, error) {
				n := attempts[p.N].Add(1)
				switch {
				case p.N == 1 && n < 3: // succeeds on the last retry
					return result{}, errors.New("transient")
				case p.N == 3:
					return result{}, fmt.Errorf("always broken (attempt %d)", n)
				}
				return result{p.N}, nil
			},
			func(context.Context, []result) error { t.Error("combine ran after a failure"); return nil })
		if err == nil {
			t.Fatalf("%s: no error", e.Name())
		}
		msg := err.Error()
		if !strings.Contains(msg, `partition #3 {"n":3} failed after 3 attempt(s): always broken (attempt 3)`) {
			t.Errorf("%s: error does not name the partition and its last error:\n%s", e.Name(), msg)
		}
		var te *partition.TaskError
		if !errors.As(err, &te) || te.Attempts != 3 {
			t.Errorf("%s: errors.As TaskError: %v", e.Name(), te)
		}
	}
}

func TestPanicIsAnError(t *testing.T) {
	for _, e := range executors() {
		var calls atomic.Int32
		err := partition.Run(partition.WithExecutor(fast(context.Background()), e), "panicky", squares(3),
			func(ctx context.Context, p part) (result, error) {
				if p.N == 2 {
					calls.Add(1)
					panic("boom")
				}
				return result{}, nil
			},
			func(context.Context, []result) error { return nil })
		if err == nil || !strings.Contains(err.Error(), "panic: boom") || !strings.Contains(err.Error(), "partition_test.go") {
			t.Errorf("%s: error lacks the panic and its stack: %v", e.Name(), err)
		}
		if calls.Load() != 1 {
			t.Errorf("%s: a panicking partition was retried %d times", e.Name(), calls.Load())
		}
	}
}

func TestKeepGoing(t *testing.T) {
	for _, e := range []partition.Executor{partition.Serial{}, partition.Local{Workers: 2}} {
		var built atomic.Int32
		ctx := partition.WithKeepGoing(partition.WithExecutor(fast(context.Background()), e))
		err := partition.Run(ctx, "m", squares(20),
			func(ctx context.Context, p part) (result, error) {
				built.Add(1)
				if p.N == 0 || p.N == 5 {
					return result{}, errors.New("bad")
				}
				return result{}, nil
			},
			func(context.Context, []result) error { return nil })
		if err == nil || !strings.Contains(err.Error(), "2 partition(s) failed") {
			t.Errorf("%s: %v", e.Name(), err)
		}
		if n := built.Load(); n < 20 {
			t.Errorf("%s: keep-going built %d of 20 partitions", e.Name(), n)
		}
	}
}

func TestCancellationStopsPromptly(t *testing.T) {
	for _, e := range executors() {
		ctx, cancel := context.WithCancel(partition.WithExecutor(context.Background(), e))
		var started atomic.Int32
		done := make(chan error)
		go func() {
			done <- partition.Run(ctx, "slow", squares(100),
				func(ctx context.Context, p part) (result, error) {
					if started.Add(1) == 1 {
						cancel()
					}
					<-ctx.Done()
					return result{}, ctx.Err()
				},
				func(context.Context, []result) error { return nil })
		}()
		select {
		case err := <-done:
			if !errors.Is(err, context.Canceled) {
				t.Errorf("%s: error = %v, want context.Canceled", e.Name(), err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: cancellation did not stop the run", e.Name())
		}
		if n := started.Load(); n > 8 {
			t.Errorf("%s: %d partitions started after cancellation", e.Name(), n)
		}
	}
}

type hidden struct{ n int }
type withChan struct{ C chan int }
type withIface struct{ V any }

func TestCheckTypes(t *testing.T) {
	if err := partition.CheckTypes[part, result](); err != nil {
		t.Errorf("plain types refused: %v", err)
	}
	if err := partition.CheckTypes[time.Time, map[string][]float64](); err != nil {
		t.Errorf("time and maps refused: %v", err)
	}
	for _, tc := range []struct {
		err  error
		want string
	}{
		{partition.CheckTypes[hidden, result](), "partition_test.hidden.n is unexported"},
		{partition.CheckTypes[part, withChan](), "partition_test.withChan.C is a chan"},
		{partition.CheckTypes[withIface, result](), "is an interface"},
	} {
		if tc.err == nil || !strings.Contains(tc.err.Error(), tc.want) {
			t.Errorf("error = %v, want %q", tc.err, tc.want)
		}
	}
	err := partition.Run(context.Background(), "m",
		func(context.Context) ([]hidden, error) { return nil, nil },
		func(context.Context, hidden) (result, error) { return result{}, nil },
		func(context.Context, []result) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "must survive JSON") {
		t.Errorf("Run accepted a type JSON drops: %v", err)
	}
}

func TestNoPartitions(t *testing.T) {
	var combined bool
	err := partition.Run(context.Background(), "m", squares(0),
		func(context.Context, part) (result, error) { return result{}, nil },
		func(_ context.Context, rs []result) error { combined = len(rs) == 0; return nil })
	if err != nil || !combined {
		t.Errorf("zero partitions: %v, combined %v", err, combined)
	}
	_ = cmp.Diff
}
