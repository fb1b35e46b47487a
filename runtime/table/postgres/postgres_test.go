package postgres_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ayeaye-go/ayeaye/runtime/engine"
	"github.com/ayeaye-go/ayeaye/runtime/table"
	"github.com/ayeaye-go/ayeaye/runtime/table/tabletest"
	"github.com/ayeaye-go/ayeaye/runtime/value"
)

// event is a record whose table is written by hand, as ayeaye-gen would.
type event struct {
	ID  int64
	At  time.Time
	Day value.Date
}

var eventTable = &table.Table[event]{
	Schema: table.Schema{Dataset: "events", Keys: []string{"id"}, Columns: []table.Column{
		{Name: "id", Kind: table.Int, Bits: 64}, {Name: "at", Kind: table.DateTime}, {Name: "day", Kind: table.Date},
	}},
	Scan: func(r *table.Row, rec *event) error {
		var err error
		if rec.ID, err = r.Int(0, 64); err != nil {
			return err
		}
		if rec.At, err = r.Time(1); err != nil {
			return err
		}
		rec.Day, err = r.Date(2)
		return err
	},
	Values: func(rec *event, dst []any) ([]any, error) { return append(dst, rec.ID, rec.At, rec.Day), nil },
}

// events makes a fresh events table and returns its pool and location.
func events(t *testing.T, options ...string) (*table.DB, table.Location) {
	t.Helper()
	db := tabletest.Require(t, table.Postgres)
	name := tabletest.TableName(t)
	db.Drop(t, name)
	u, err := engine.Parse(db.URL(name, options...))
	if err != nil {
		t.Fatal(err)
	}
	loc, err := table.ParseURL(u)
	if err != nil {
		t.Fatal(err)
	}
	pool := db.Open(t)
	if _, err := pool.SQL().Exec(table.CreateTable(table.Postgres, loc.Table, &eventTable.Schema)); err != nil {
		t.Fatal(err)
	}
	return pool, loc
}

func read(t *testing.T, db *table.DB, loc table.Location) ([]event, error) {
	var out []event
	for rec, err := range table.Read(context.Background(), db, loc, eventTable, table.Query{OrderBy: []string{"id"}}) {
		if err != nil {
			return out, err
		}
		out = append(out, rec)
	}
	return out, nil
}

// TestInfinityIsRefused: PostgreSQL's ±infinity reaches the Row through
// the scan targets and is an error naming it, the row and the column;
// the finite rows around it read as they are.
func TestInfinityIsRefused(t *testing.T) {
	for _, tt := range []struct{ at, day, column, text string }{
		{"'infinity'", "'2024-02-29'", "at", "infinity"},
		{"'2024-02-29T12:00:00Z'", "'-infinity'", "day", "-infinity"},
	} {
		db, loc := events(t)
		q := "INSERT INTO " + table.QuoteName(table.Postgres, loc.Table) + " VALUES (1, '2024-01-02T03:04:05.123456Z', '2024-01-02'), (2, " + tt.at + ", " + tt.day + ")"
		if _, err := db.SQL().Exec(q); err != nil {
			t.Fatal(err)
		}
		got, err := read(t, db, loc)
		if len(got) != 1 || !got[0].At.Equal(time.Date(2024, 1, 2, 3, 4, 5, 123456000, time.UTC)) || got[0].Day != (value.Date{Year: 2024, Month: 1, Day: 2}) {
			t.Errorf("the finite row read as %+v", got)
		}
		if err == nil || !strings.Contains(err.Error(), tt.text) || !strings.Contains(err.Error(), tt.column) || !strings.Contains(err.Error(), "row 2") {
			t.Errorf("reading %s in %s: %v, want an error naming it, the column and row 2", tt.text, tt.column, err)
		}
	}
}

// TestUpsertOneKeyTwice: the server's cardinality error is explained.
func TestUpsertOneKeyTwice(t *testing.T) {
	db, loc := events(t, "mode=upsert")
	w, err := table.NewWriter(context.Background(), db, loc, eventTable)
	if err != nil {
		t.Fatal(err)
	}
	rec := event{ID: 7, At: time.Now().UTC(), Day: value.Date{Year: 2024, Month: 3, Day: 1}}
	for range 2 {
		if err := w.Write(&rec); err != nil {
			t.Fatal(err)
		}
	}
	err = w.Commit()
	if err == nil || !strings.Contains(err.Error(), "hint: upsert takes each key once per run") {
		t.Errorf("Commit = %v, want the hint on upsert keys", err)
	}
	if got, err := read(t, db, loc); err != nil || len(got) != 0 {
		t.Errorf("after the failed upsert the table holds %v, %v; want nothing", got, err)
	}
}

// TestLinked: importing the package (here through tabletest) registers
// the driver.
func TestLinked(t *testing.T) {
	if err := table.Linked(table.Postgres); err != nil {
		t.Fatal(err)
	}
	if err := table.Linked(table.Dialect("oracle")); err == nil || errors.Is(err, table.ErrNotLinked) {
		t.Errorf("Linked(oracle) = %v, want an unknown dialect", err)
	}
}
