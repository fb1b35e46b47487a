package partition_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ayeaye-go/ayeaye/example/datasets"
	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/partition"
)

// relabel copies every answer, one partition per file, each partition
// writing its own part of the output.
type relabel struct {
	In  runtime.Input[datasets.FavouriteColour]
	Out runtime.Output[datasets.FavouriteColour]

	flaky    string             // this file's first attempt writes a record, then fails
	broken   string             // this file always fails
	alsoSays bool               // Combine writes too, which mixing with parts refuses
	wait     func() error       // Combine calls it first
	cancel   context.CancelFunc // called once a partition has written a record: Ctrl-C mid-run
	ctx      context.Context    // the run's context, when not Background

	mu    sync.Mutex
	tried map[string]bool
}

type copied struct{ Records int }

func (m *relabel) Build(ctx context.Context) error {
	return partition.Run(partition.WithRetry(ctx, partition.Retry{Retries: 1}), "relabel",
		func(context.Context) ([]string, error) { return m.In.Files() },
		m.part, m.combine)
}

func (m *relabel) part(ctx context.Context, file string) (copied, error) {
	out := m.Out.Part(ctx)
	var c copied
	for r, err := range m.In.FileAll(file) {
		if err != nil {
			return c, err
		}
		r.Name = strings.ReplaceAll(r.Name, "\n", " ")
		if err := out.Write(&r); err != nil {
			return c, err
		}
		c.Records++
		m.mu.Lock()
		first := !m.tried[file]
		m.tried[file] = true
		m.mu.Unlock()
		if strings.HasSuffix(file, m.broken) && m.broken != "" || strings.HasSuffix(file, m.flaky) && m.flaky != "" && first {
			return c, errors.New("lost the connection")
		}
		if m.cancel != nil {
			m.cancel()
		}
	}
	return c, nil
}

func (m *relabel) combine(ctx context.Context, parts []copied) error {
	if m.wait != nil {
		if err := m.wait(); err != nil {
			return err
		}
	}
	if m.alsoSays {
		return m.Out.Write(&datasets.FavouriteColour{PersonID: -1})
	}
	return nil
}

func newRelabel() *relabel {
	return &relabel{In: datasets.FavouriteColoursDataset.Input(), Out: datasets.FavouriteColoursDataset.Output(), tried: map[string]bool{}}
}

func runRelabel(dir, out string, m *relabel, e partition.Executor) (*runtime.Report, error) {
	r := &runtime.Runner{Overrides: map[string]string{"favourite_colours": "csv://" + dir + "/answers-*.csv"}}
	m.Out = (&runtime.Dataset[datasets.FavouriteColour]{Name: "relabelled", EngineURL: out, Formats: datasets.FavouriteColoursDataset.Formats}).Output()
	ctx := m.ctx
	if ctx == nil {
		ctx = context.Background()
	}
	return r.Run(partition.WithExecutor(ctx, e), "relabel", m)
}

// TestPartsJoinInPartitionOrder: each partition writes its own part; the
// output is the parts in partition order, the same on every executor and
// after a retried partition, and no part is left behind.
func TestPartsJoinInPartitionOrder(t *testing.T) {
	dir := t.TempDir()
	writeParts(t, dir, 6)
	var want []int64 // every answer's person_id, file by file (see writeParts)
	for f := range 6 {
		for i := range 50 + f {
			want = append(want, int64(f*1000+i))
		}
	}
	for _, tt := range []struct {
		name  string
		e     partition.Executor
		flaky string
	}{
		{"serial", partition.Serial{}, ""},
		{"local", partition.Local{Workers: 3}, ""},
		{"local, a partition retried", partition.Local{Workers: 3}, "answers-03.csv"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out.ndjson")
			m := newRelabel()
			m.flaky = tt.flaky
			rep, err := runRelabel(dir, "ndjson://"+out, m, tt.e)
			if err != nil {
				t.Fatal(err)
			}
			got := personIDs(t, out)
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("output (-want +got):\n%s", d)
			}
			if n := rep.Datasets[1].Records; n != int64(len(want)) {
				t.Errorf("report counts %d records written, want %d", n, len(want))
			}
			assertOnly(t, filepath.Dir(out), "out.ndjson", "out.ndjson.ayeaye.json") // the output and its manifest
		})
	}
	for _, format := range []string{"csv", "json"} { // joined as bytes; joined record by record
		t.Run(format, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out."+format)
			if _, err := runRelabel(dir, format+"://"+out, newRelabel(), partition.Local{Workers: 3}); err != nil {
				t.Fatal(err)
			}
			data, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			if format == "json" {
				var recs []struct {
					PersonID int64 `json:"person_id"`
				}
				if err := json.Unmarshal(data, &recs); err != nil {
					t.Fatal(err)
				}
				for _, r := range recs {
					got = append(got, r.PersonID)
				}
			} else {
				lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
				if lines[0] != "person_id,name,colour,surveyed_on,certainty" || strings.Count(string(data), "person_id") != 1 {
					t.Fatalf("want one header, first:\n%s", data[:200])
				}
				for _, l := range lines[1:] {
					var id int64
					fmt.Sscan(strings.Split(l, ",")[0], &id)
					got = append(got, id)
				}
			}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("output (-want +got):\n%s", d)
			}
		})
	}
	t.Run("mem", func(t *testing.T) {
		r := &runtime.Runner{Mem: runtime.NewMem(), Overrides: map[string]string{"favourite_colours": "csv://" + dir + "/answers-*.csv"}}
		m := newRelabel()
		m.Out = (&runtime.Dataset[datasets.FavouriteColour]{Name: "relabelled", EngineURL: "mem://out", Formats: datasets.FavouriteColoursDataset.Formats}).Output()
		if _, err := r.Run(partition.WithExecutor(context.Background(), partition.Local{Workers: 3}), "relabel", m); err != nil {
			t.Fatal(err)
		}
		recs, err := runtime.GetMem[datasets.FavouriteColour](r.Mem, "out")
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != len(want) || recs[0].PersonID != 0 || recs[len(recs)-1].PersonID != 5054 {
			t.Errorf("mem output: %d records, first %d, last %d", len(recs), recs[0].PersonID, recs[len(recs)-1].PersonID)
		}
	})
}

// TestFailedPartsPublishNothing: when a partition fails for good, or the
// output is written both by parts and by Write, the output keeps its
// previous contents and the parts are cleaned up.
func TestFailedPartsPublishNothing(t *testing.T) {
	dir := t.TempDir()
	writeParts(t, dir, 4)
	for _, tt := range []struct {
		name string
		set  func(m *relabel)
		want string
	}{
		{"a partition fails", func(m *relabel) { m.broken = "answers-02.csv" }, "lost the connection"},
		{"parts and Write", func(m *relabel) { m.alsoSays = true }, `dataset "relabelled" was written both by partitions (Part) and by Write`},
		{"cancelled", func(m *relabel) { m.ctx, m.cancel = context.WithCancel(context.Background()) }, "context canceled"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			outDir := t.TempDir()
			out := filepath.Join(outDir, "out.csv")
			if err := os.WriteFile(out, []byte("previous\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			m := newRelabel()
			tt.set(m)
			_, err := runRelabel(dir, "csv://"+out, m, partition.Local{Workers: 2})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want %q", err, tt.want)
			}
			if got, _ := os.ReadFile(out); string(got) != "previous\n" {
				t.Errorf("output changed to %q", got)
			}
			assertOnly(t, outDir, "out.csv")
		})
	}
}

// TestPartOutsidePartition: Part needs the partition's context.
func TestPartOutsidePartition(t *testing.T) {
	out := datasets.FavouriteColoursDataset.Output()
	err := out.Part(context.Background()).Write(&datasets.FavouriteColour{})
	if err == nil || !strings.Contains(err.Error(), "outside a run") {
		t.Errorf("error = %v", err)
	}
}

// personIDs reads the person_id of each line of an NDJSON file.
func personIDs(t *testing.T, path string) []int64 {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for line := range strings.Lines(string(data)) {
		var r struct {
			PersonID int64 `json:"person_id"`
		}
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		ids = append(ids, r.PersonID)
	}
	return ids
}

// assertOnly fails unless dir holds exactly the named entries.
func assertOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if d := cmp.Diff(names, got); d != "" {
		t.Errorf("%s holds (-want +got):\n%s", dir, d)
	}
}

// TestPartitionProgress: off a terminal, a partitioned run logs
// partitions done of the total, records per second and the time left.
// Combine waits for the final line instead of sleeping a guessed time.
func TestPartitionProgress(t *testing.T) {
	dir := t.TempDir()
	writeParts(t, dir, 3)
	var logs strings.Builder
	var mu sync.Mutex
	r := &runtime.Runner{ProgressEvery: time.Millisecond, Overrides: map[string]string{"favourite_colours": "csv://" + dir + "/answers-*.csv"},
		Logger: slog.New(slog.NewTextHandler(writerFunc(func(p []byte) (int, error) {
			mu.Lock()
			defer mu.Unlock()
			return logs.Write(p)
		}), nil))}
	m := newRelabel()
	m.Out = (&runtime.Dataset[datasets.FavouriteColour]{Name: "relabelled", EngineURL: "mem://out", Formats: datasets.FavouriteColoursDataset.Formats}).Output()
	m.wait = func() error {
		deadline := time.Now().Add(10 * time.Second)
		for {
			mu.Lock()
			text := logs.String()
			mu.Unlock()
			if strings.Contains(text, "partitions_done=3 partitions=3 records_per_second=") && strings.Contains(text, "eta=0s") {
				return nil
			}
			if time.Now().After(deadline) {
				return errors.New("no progress line for the partitions:\n" + text)
			}
			time.Sleep(time.Millisecond)
		}
	}
	r.Mem = runtime.NewMem()
	if _, err := r.Run(partition.WithExecutor(context.Background(), partition.Serial{}), "relabel", m); err != nil {
		t.Fatal(err)
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }
