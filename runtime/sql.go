package runtime

import (
	"context"
	"errors"
	"fmt"
	"iter"

	"github.com/ayeaye-go/ayeaye/runtime/codec"
	"github.com/ayeaye-go/ayeaye/runtime/engine"
	"github.com/ayeaye-go/ayeaye/runtime/table"
)

// Datasets in SQL tables: an engine URL of type sqlite, postgres or
// mysql routes a dataset's reads and writes here, through the table
// descriptor ayeaye-gen emits for datasets generated with the sql
// format (Dataset.Table). The runtime/table package does the work; this
// file ties it to runs: one connection pool per database per run (closed
// when the run ends), outputs committed or aborted with the run, and
// content fingerprints in run records.

// tableDriver stores datasets as SQL tables.
type tableDriver struct{}

func (tableDriver) manifests() bool                  { return false } // a table has no sidecar
func (tableDriver) publishesLocally(engine.URL) bool { return false }
func (tableDriver) snapshot(*portRun)                {}
func (tableDriver) removeParts(*portRun)             {}

func (tableDriver) list(context.Context, *portRun) ([]engine.URL, error) {
	return nil, errors.New("a table is one dataset, not a wildcard")
}

// tableIO reads and writes a dataset's rows through its table descriptor.
type tableIO[T any] struct{ d *Dataset[T] }

func (t tableIO[T]) readAll(p *port, count bool, yield func(T, error) bool) {
	readSQL(t.d, p, p.run, count, table.Query{}, yield)
}

// readFile reads the whole table: a fixture is one "file".
func (t tableIO[T]) readFile(p *port, _ engine.URL, _ codec.Options, _ []int64, yield func(T, error) bool) {
	t.readAll(p, true, yield)
}

func (tableIO[T]) openPart(p *port, _ int) (*partWriter[T], error) {
	return nil, fmt.Errorf("dataset %q: a table is written in one transaction; write it from Combine, not from partitions", p.dataset)
}

func (tableIO[T]) joinParts(*port) error { return nil }

type sqlConnsKey struct{}

// withSQL gives a run its pools, one per database, shared by every
// dataset of the run; the returned func closes them.
func withSQL(ctx context.Context) (context.Context, func()) {
	c := table.NewConns()
	return context.WithValue(ctx, sqlConnsKey{}, c), func() { c.Close() }
}

// sqlDB returns the run's pool for loc, or outside a run (peek,
// fingerprints of a model that is not running) a pool of its own that the
// returned func closes.
func sqlDB(ctx context.Context, loc table.Location, create bool) (*table.DB, func(), error) {
	if c, ok := ctx.Value(sqlConnsKey{}).(*table.Conns); ok {
		db, err := c.Open(ctx, loc, create)
		return db, func() {}, err
	}
	db, err := table.Open(ctx, loc, create)
	if err != nil {
		return nil, nil, err
	}
	return db, func() { db.Close() }, nil
}

func tableOf[T any](r *portRun, d *Dataset[T]) (*table.Table[T], table.Location, error) {
	if d.Table == nil {
		return nil, table.Location{}, fmt.Errorf("dataset %q has no SQL table code, so it cannot be read from or written to %s; add sql to formats in ayeaye.yaml and run go generate", d.Name, r.url.Type)
	}
	loc, err := r.tableLocation()
	return d.Table, loc, err
}

// tableLocation is the table of r's URL, named in messages as the run
// prints the URL (its secrets masked where they were filled in).
func (r *portRun) tableLocation() (table.Location, error) {
	loc, err := table.ParseURL(r.url)
	if err == nil && r.display != "" {
		loc.Display = r.display
	}
	return loc, err
}

// Condition is a SQL boolean expression for Input.Where, with ? where
// values go. It is a type of its own so that a constant condition is
// written as a plain string literal while a string built at run time
// needs an explicit runtime.Condition(...) conversion: values belong in
// the arguments, which are always bound parameters, never in the text.
type Condition string

// Query is a read of a database input with a condition or an order.
// Build one with Input.Where or Input.OrderBy and read it with All.
type Query[T any] struct {
	in Input[T]
	q  table.Query
}

// Where selects the rows of a database input (sqlite, postgres, mysql)
// that satisfy cond, a SQL expression with a ? for each argument:
//
//	for s, err := range m.Sales.Where("region = ? AND year >= ?", region, year).All() {
//
// The arguments are sent as bound parameters, so a value can never change
// the query. Arguments may be the runtime's value.Date and value.Decimal
// and time.Time as well as the drivers' usual types; a decimal column
// compares as the exact number it holds in every dialect, so a SQLite
// fixture selects the rows production does (see runtime/table). Other inputs (files,
// mem fixtures) cannot run SQL, so All returns an error for them: a
// model test that uses Where gives the input a SQLite file as fixture.
func (in Input[T]) Where(cond Condition, args ...any) Query[T] {
	return Query[T]{in: in, q: table.Query{Where: string(cond), Args: args}}
}

// OrderBy reads a database input sorted by the given columns, each
// optionally followed by " DESC".
func (in Input[T]) OrderBy(columns ...string) Query[T] {
	return Query[T]{in: in, q: table.Query{OrderBy: columns}}
}

// OrderBy sorts the query's rows by the given columns, each optionally
// followed by " DESC".
func (q Query[T]) OrderBy(columns ...string) Query[T] {
	q.q.OrderBy = append(append([]string(nil), q.q.OrderBy...), columns...)
	return q
}

// All streams the rows the query selects, in constant memory, counting
// them as the input's records.
func (q Query[T]) All() iter.Seq2[T, error] {
	in := q.in
	if in.p == nil {
		return errSeq[T](errors.New("runtime: Input used without a dataset; set the field to <Dataset>.Input()"))
	}
	return func(yield func(T, error) bool) {
		r := in.p.run
		if r == nil {
			var zero T
			yield(zero, fmt.Errorf("runtime: dataset %q read outside a run; run the model with a Runner", in.p.dataset))
			return
		}
		if _, ok := r.drv.(tableDriver); !ok {
			var zero T
			yield(zero, fmt.Errorf("dataset %q: Where and OrderBy need a database input (sqlite, postgres, mysql), not %s; in a model test, give the input a SQLite file as fixture", in.p.dataset, r.url.Type))
			return
		}
		readSQL(in.d, in.p, r, true, q.q, yield)
	}
}

// readSQL streams a table.
func readSQL[T any](d *Dataset[T], p *port, r *portRun, count bool, q table.Query, yield func(T, error) bool) {
	var zero T
	r.contract.used.Store(true)
	t, loc, err := tableOf(r, d)
	if err != nil {
		yield(zero, r.redact(err))
		return
	}
	db, done, err := sqlDB(r.ctx, loc, false)
	if err != nil {
		yield(zero, r.redact(fmt.Errorf("dataset %q: %w", p.dataset, err)))
		return
	}
	defer done()
	for rec, err := range table.Read(r.ctx, db, loc, t, q) {
		if err != nil {
			yield(zero, r.redact(fmt.Errorf("dataset %q: %w", p.dataset, err)))
			return
		}
		if count {
			r.records.Add(1)
		}
		if !yield(rec, nil) {
			return
		}
	}
}

// openWriter starts loading an output table; the run's commit publishes
// it (replace swaps the table in, append and upsert commit their
// transaction) and its abort discards it.
func (ti tableIO[T]) openWriter(p *port) error {
	r := p.run
	t, loc, err := tableOf(r, ti.d)
	if err != nil {
		return r.redact(err)
	}
	if p.append && loc.Mode == table.Replace {
		loc.Mode = table.Append // an upsert adds rows too, so it stays one
	}
	db, done, err := sqlDB(r.ctx, loc, true)
	if err != nil {
		return r.redact(fmt.Errorf("dataset %q: %w", p.dataset, err))
	}
	w, err := table.NewWriter(context.WithoutCancel(r.ctx), db, loc, t) // the run decides when to publish: openSink
	if err != nil {
		done()
		return r.redact(err)
	}
	r.writer = w
	p.commit = func() error {
		defer done()
		if err := w.Commit(); err != nil {
			return r.redact(err)
		}
		if r.print.on && !loc.NoFingerprint {
			fp, _, err := db.Fingerprint(context.WithoutCancel(r.ctx), loc)
			if err != nil {
				return r.redact(fmt.Errorf("the table was written, but %w", err))
			}
			r.print.table = fp
		}
		return nil
	}
	p.abort = func() { w.Abort(); done() }
	return nil
}

// fingerprint is an input table's content fingerprint and row count (see
// runtime/table for how each database computes it).
func (tableDriver) fingerprint(ctx context.Context, r *portRun) (string, int64, error) {
	loc, err := r.tableLocation()
	if err != nil {
		return "", 0, r.redact(err)
	}
	if loc.NoFingerprint {
		return "", 0, nil
	}
	db, done, err := sqlDB(ctx, loc, false)
	if err != nil {
		return "", 0, r.redact(err)
	}
	defer done()
	fp, n, err := db.Fingerprint(ctx, loc)
	return fp, n, r.redact(err)
}
