package runstore

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ayeaye-go/ayeaye/runtime/provenance"
	"github.com/google/go-cmp/cmp"
)

func TestRecordAndGet(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := openStore(t, dsn)
		full := newRun(1, "Popularity", provenance.Succeeded, "csv://out/pop.csv=sha256:aa")
		full.Parent = runID(0)
		full.Code.Schemas = map[string]string{"orders": "sha256:s1"}
		full.Partitions = []provenance.PartitionRun{{Key: "2026-01", Attempts: 2, Error: "retried", Host: "h", Start: epoch, End: epoch.Add(time.Second)}}
		full.Stats = map[string]int64{"rows": 7}
		full.Rejected = 2
		full.Notes = []string{"input drifted"}
		full.Error = "<none> & \"quotes\" ünïcödé"

		start := newRun(1, "Popularity", provenance.Running)
		if err := s.Record(ctx, start); err != nil {
			t.Fatal(err)
		}
		got, err := s.Get(ctx, start.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(start, got); diff != "" {
			t.Errorf("start record (-recorded +got):\n%s", diff)
		}
		if err := s.Record(ctx, full); err != nil {
			t.Fatal(err)
		}
		got, err = s.Get(ctx, full.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(full, got); diff != "" {
			t.Errorf("final record (-recorded +got):\n%s", diff)
		}
		// A start record arriving late does not undo the outcome.
		if err := s.Record(ctx, start); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Get(ctx, full.ID); got == nil || got.Status != provenance.Succeeded {
			t.Errorf("late start record replaced the outcome: %+v", got)
		}
		if runs, _ := s.Produced(ctx, "csv://out/pop.csv", ""); len(runs) != 1 {
			t.Errorf("late start record changed the datasets: Produced = %v", ids(runs))
		}
	})
}

func TestGetByPrefix(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := openStore(t, dsn)
		for _, id := range []string{"01950001-aaaa", "01950001-aaab", "01950002-bbbb", "0195000"} {
			r := newRun(1, "M", provenance.Succeeded)
			r.ID = id
			if err := s.Record(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
		tests := []struct {
			id      string
			want    string
			wantErr error
		}{
			{id: "01950001-aaab", want: "01950001-aaab"},
			{id: "01950002", want: "01950002-bbbb"},
			{id: "01950001-aaa", wantErr: ErrAmbiguous},
			{id: "01950001", wantErr: ErrAmbiguous},
			{id: "0195000", want: "0195000"},   // exact, though shorter than a prefix may be
			{id: "0195", wantErr: ErrNotFound}, // too short to be a prefix
			{id: "01950003", wantErr: ErrNotFound},
			{id: "01950001-aaaa-more", wantErr: ErrNotFound},
			{id: "\xff\xfe01950001", wantErr: ErrNotFound},
			{id: "01950001\x00aaaa", wantErr: ErrNotFound},
		}
		for _, tt := range tests {
			got, err := s.Get(ctx, tt.id)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Errorf("Get(%q) error = %v, want %v", tt.id, err, tt.wantErr)
				}
				continue
			}
			if err != nil || got.ID != tt.want {
				t.Errorf("Get(%q) = %v, %v; want %s", tt.id, got, err, tt.want)
			}
		}
		_, err := s.Get(ctx, "01950001")
		if msg := fmt.Sprint(err); !strings.Contains(msg, "01950001-aaaa, 01950001-aaab") || !strings.Contains(msg, "give more of the ID") {
			t.Errorf("ambiguous prefix error does not list the matches: %s", msg)
		}
	})
}

func TestList(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := openStore(t, dsn)
		runs := []*provenance.Run{
			newRun(1, "A", provenance.Succeeded),
			newRun(2, "B", provenance.Failed),
			newRun(3, "A", provenance.Failed),
			newRun(4, "A", provenance.Running),
			newRun(5, "B", provenance.Succeeded),
		}
		runs[1].Parent, runs[2].Parent = "inv-1", "inv-1"
		for _, r := range runs {
			if err := s.Record(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
		tests := []struct {
			name string
			f    Filter
			want []string
		}{
			{"all newest first", Filter{}, []string{runID(5), runID(4), runID(3), runID(2), runID(1)}},
			{"limit", Filter{Limit: 2}, []string{runID(5), runID(4)}},
			{"negative limit is none", Filter{Limit: -1}, []string{runID(5), runID(4), runID(3), runID(2), runID(1)}},
			{"model", Filter{Model: "A"}, []string{runID(4), runID(3), runID(1)}},
			{"status", Filter{Status: provenance.Failed}, []string{runID(3), runID(2)}},
			{"model and status", Filter{Model: "A", Status: provenance.Failed}, []string{runID(3)}},
			{"parent", Filter{Parent: "inv-1"}, []string{runID(3), runID(2)}},
			{"parent and limit", Filter{Parent: "inv-1", Limit: 1}, []string{runID(3)}},
			{"no match", Filter{Model: "C"}, []string{}},
		}
		for _, tt := range tests {
			got, err := s.List(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, ids(got)); diff != "" {
				t.Errorf("%s: List(%+v) (-want +got):\n%s", tt.name, tt.f, diff)
			}
		}
	})
}

func TestProduced(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := openStore(t, dsn)
		for _, r := range []*provenance.Run{
			newRun(1, "A", provenance.Succeeded, "csv://out/a.csv=sha256:1"),
			newRun(2, "A", provenance.Succeeded, "csv://out/a.csv=sha256:2", "csv://out/b.csv=sha256:2"),
			newRun(3, "A", provenance.Failed, "csv://out/a.csv="),
			newRun(4, "B", provenance.Succeeded, "csv://out/c.csv=sha256:1"),
		} {
			if err := s.Record(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
		tests := []struct {
			location, fingerprint string
			want                  []string
		}{
			{"csv://out/a.csv", "", []string{runID(3), runID(2), runID(1)}},
			{"csv://out/a.csv", "sha256:1", []string{runID(1)}},
			{"csv://out/a.csv", "sha256:2", []string{runID(2)}},
			{"csv://out/b.csv", "", []string{runID(2)}},
			{"csv://out/a.csv", "sha256:3", []string{}},
			{"csv://data/orders.csv", "", []string{}}, // read, never written
		}
		for _, tt := range tests {
			got, err := s.Produced(ctx, tt.location, tt.fingerprint)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, ids(got)); diff != "" {
				t.Errorf("Produced(%s, %s) (-want +got):\n%s", tt.location, tt.fingerprint, diff)
			}
		}
		if _, err := s.Produced(ctx, "", ""); err == nil {
			t.Error("Produced with no location: no error")
		}
	})
}

func TestLastSuccess(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := openStore(t, dsn)
		if r, err := s.LastSuccess(ctx, "A"); r != nil || err != nil {
			t.Fatalf("empty store: LastSuccess = %v, %v; want nil, nil", r, err)
		}
		part := newRun(4, "A", provenance.Succeeded)
		part.Partition = "2026-01"
		for _, r := range []*provenance.Run{
			newRun(1, "A", provenance.Succeeded),
			newRun(2, "A", provenance.Succeeded),
			newRun(3, "A", provenance.Failed),
			part,
			newRun(5, "A", provenance.Skipped),
			newRun(6, "B", provenance.Succeeded),
		} {
			if err := s.Record(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
		r, err := s.LastSuccess(ctx, "A")
		if err != nil || r == nil || r.ID != runID(2) {
			t.Errorf("LastSuccess(A) = %v, %v; want run %s", r, err, runID(2))
		}
		if r, err := s.LastSuccess(ctx, "C"); r != nil || err != nil {
			t.Errorf("LastSuccess(C) = %v, %v; want nil, nil", r, err)
		}
	})
}

func TestMarkInterrupted(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := openStore(t, dsn)
		host := provenance.Hostname()
		tests := []struct {
			name    string
			host    string
			pid     int
			status  provenance.Status
			want    provenance.Status
			wantErr bool
		}{
			{"dead process here", host, 100, provenance.Running, provenance.Interrupted, true},
			{"live process here", host, 200, provenance.Running, provenance.Running, false},
			{"other host", "elsewhere", 100, provenance.Running, provenance.Running, false},
			{"finished", host, 100, provenance.Succeeded, provenance.Succeeded, false},
		}
		for i, tt := range tests {
			r := newRun(i, "M", tt.status)
			r.Host, r.PID = tt.host, tt.pid
			if err := s.Record(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
		alive := func(pid int, _ time.Time) bool { return pid == 200 }
		switch st := s.(type) {
		case *sqlStore:
			st.alive = alive
		case *dirStore:
			st.alive = alive
		}
		marked, err := s.MarkInterrupted(ctx)
		if err != nil || len(marked) != 1 || marked[0].Status != provenance.Interrupted {
			t.Fatalf("MarkInterrupted = %v, %v; want one run, marked interrupted", marked, err)
		}
		for i, tt := range tests {
			r, err := s.Get(ctx, runID(i))
			if err != nil {
				t.Fatal(err)
			}
			if r.Status != tt.want || (r.Error != "") != tt.wantErr {
				t.Errorf("%s: status %s, error %q; want %s", tt.name, r.Status, r.Error, tt.want)
			}
		}
		if runs, _ := s.List(ctx, Filter{Status: provenance.Interrupted}); len(runs) != 1 {
			t.Errorf("the status column was not updated: %v", ids(runs))
		}
		if runs, err := s.MarkInterrupted(ctx); len(runs) != 0 || err != nil {
			t.Errorf("second MarkInterrupted = %d runs, %v; want 0", len(runs), err)
		}
	})
}

func TestRecordRejects(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := openStore(t, dsn)
		noStatus := newRun(1, "M", "")
		tests := []struct {
			name string
			run  *provenance.Run
			want string
		}{
			{"nil", nil, "no run record"},
			{"no ID", &provenance.Run{Model: "M", Status: provenance.Running}, "has no ID"},
			{"space in ID", &provenance.Run{ID: "a b", Model: "M", Status: provenance.Running}, "spaces or control characters"},
			{"path in ID", &provenance.Run{ID: "../x", Model: "M", Status: provenance.Running}, "path separator"},
			{"bad UTF-8 ID", &provenance.Run{ID: "\xff", Model: "M", Status: provenance.Running}, "not valid UTF-8"},
			{"no status", noStatus, "has no status"},
			{"no start", &provenance.Run{ID: "a", Model: "M", Status: provenance.Running}, "has no start time"},
		}
		for _, tt := range tests {
			err := s.Record(ctx, tt.run)
			var se *Error
			if !errors.As(err, &se) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("%s: Record error = %v, want an *Error containing %q", tt.name, err, tt.want)
			}
		}
		for _, q := range []func() error{
			func() error { _, err := s.Get(ctx, ""); return err },
			func() error { _, err := s.LastSuccess(ctx, ""); return err },
		} {
			if q() == nil {
				t.Error("empty argument: no error")
			}
		}
	})
}

// Strings PostgreSQL cannot store (NUL, invalid UTF-8) are kept as U+FFFD
// there; SQLite keeps what json.Marshal wrote. Either way the record
// reads back, and many outputs take several insert batches.
func TestAwkwardRecords(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := openStore(t, dsn)
		r := newRun(1, "M\x00odel", provenance.Failed)
		r.Error = "bad byte \x00 and \xff and a literal \\u0000"
		r.Vars = map[string]string{"k": "\x00"}
		for i := range 2*datasetBatch + 3 {
			r.Outputs = append(r.Outputs, provenance.Dataset{Name: "part", Location: fmt.Sprintf("csv://out/part-%04d.csv", i), Records: int64(i)})
		}
		if err := s.Record(ctx, r); err != nil {
			t.Fatal(err)
		}
		got, err := s.Get(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(got.Error, `and a literal \u0000`) || len(got.Outputs) != len(r.Outputs) {
			t.Errorf("read back error %q and %d outputs", got.Error, len(got.Outputs))
		}
		last := r.Outputs[len(r.Outputs)-1].Location
		if runs, err := s.Produced(ctx, last, ""); err != nil || len(runs) != 1 {
			t.Errorf("Produced(%s) = %v, %v", last, ids(runs), err)
		}
	})
}
