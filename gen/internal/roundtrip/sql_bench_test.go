package roundtrip

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/ayeaye-go/ayeaye/gen/internal/roundtrip/datasets"
	"github.com/ayeaye-go/ayeaye/runtime/engine"
	"github.com/ayeaye-go/ayeaye/runtime/table"
	"github.com/ayeaye-go/ayeaye/runtime/table/tabletest"
)

// The PostgreSQL benchmarks load and read the same 1,000,000 readings
// through the generated table code and through the pgx code a Go
// programmer would write by hand (CopyFrom; Query and Scan into a
// struct), in the same run:
//
//	go test -run '^$' -bench Postgres -benchtime 3x ./gen/internal/roundtrip

// pgBench is a readings table and the two ways to reach it.
type pgBench struct {
	name string
	pool *table.DB
	loc  table.Location
	conn *pgx.Conn
	cols []string
}

func newPGBench(b *testing.B) *pgBench {
	db := tabletest.Require(b, table.Postgres)
	ctx := context.Background()
	p := &pgBench{name: tabletest.TableName(b), pool: db.Open(b)}
	db.Drop(b, p.name)
	u, err := engine.Parse(db.URL(p.name, "mode=append"))
	if err != nil {
		b.Fatal(err)
	}
	if p.loc, err = table.ParseURL(u); err != nil {
		b.Fatal(err)
	}
	if _, err := p.pool.SQL().Exec(table.CreateTable(table.Postgres, p.loc.Table, &datasets.ReadingTable.Schema)); err != nil {
		b.Fatal(err)
	}
	if p.conn, err = pgx.Connect(ctx, "postgres://"+db.Location); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { p.conn.Close(ctx) })
	for _, c := range datasets.ReadingTable.Columns {
		p.cols = append(p.cols, c.Name)
	}
	return p
}

func (p *pgBench) truncate(b *testing.B) {
	if _, err := p.pool.SQL().Exec("TRUNCATE " + table.QuoteName(table.Postgres, p.loc.Table)); err != nil {
		b.Fatal(err)
	}
}

// writeGenerated loads recs with the generated writer (COPY in a
// transaction, committed).
func (p *pgBench) writeGenerated(b *testing.B, recs []datasets.Reading) int {
	w, err := table.NewWriter(context.Background(), p.pool, p.loc, datasets.ReadingTable)
	if err != nil {
		b.Fatal(err)
	}
	for i := range recs {
		if err := w.Write(&recs[i]); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Commit(); err != nil {
		b.Fatal(err)
	}
	return int(w.Rows())
}

func BenchmarkPostgresWrite(b *testing.B) {
	p := newPGBench(b)
	recs := records()
	base := baselineOf(recs)
	compare(b, func() int {
		p.truncate(b)
		return p.writeGenerated(b, recs)
	}, func() int {
		p.truncate(b)
		n, err := p.conn.CopyFrom(context.Background(), pgx.Identifier{p.name}, p.cols, pgx.CopyFromSlice(len(base), func(i int) ([]any, error) {
			r := &base[i]
			return []any{r.ID, r.Sensor, r.TakenAt, r.Value, r.Delta, r.Unit}, nil
		}))
		if err != nil {
			b.Fatal(err)
		}
		return int(n)
	})
}

func BenchmarkPostgresRead(b *testing.B) {
	p := newPGBench(b)
	p.writeGenerated(b, records())
	ctx := context.Background()
	compare(b, func() int {
		n := 0
		for rec, err := range table.Read(ctx, p.pool, p.loc, datasets.ReadingTable, table.Query{}) {
			if err != nil {
				b.Fatal(err)
			}
			sink += rec.ID
			n++
		}
		return n
	}, func() int {
		rows, err := p.conn.Query(ctx, "SELECT id, sensor, taken_at, value, delta, unit FROM "+p.name)
		if err != nil {
			b.Fatal(err)
		}
		defer rows.Close()
		n := 0
		var r baselineReading
		for rows.Next() {
			if err := rows.Scan(&r.ID, &r.Sensor, &r.TakenAt, &r.Value, &r.Delta, &r.Unit); err != nil {
				b.Fatal(err)
			}
			sink += r.ID
			n++
		}
		if err := rows.Err(); err != nil {
			b.Fatal(err)
		}
		return n
	})
}

// sink keeps the compiler from dropping what the readers read.
var sink int64

// BenchmarkPostgresFingerprint times the content fingerprint of the
// 1,000,000-row table, what a run adds after publishing it.
func BenchmarkPostgresFingerprint(b *testing.B) {
	p := newPGBench(b)
	p.writeGenerated(b, records())
	b.ResetTimer()
	for range b.N {
		if _, n, err := p.pool.Fingerprint(context.Background(), p.loc); err != nil || n != benchRows {
			b.Fatal(n, err)
		}
	}
	b.ReportMetric(float64(benchRows*b.N)/b.Elapsed().Seconds(), "rows/s")
}
