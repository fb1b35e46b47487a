package table

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
)

// Writer loads records into a table. Nothing it writes is visible to
// other connections until Commit; Abort, or a failure, leaves the table
// as it was. How rows travel and how they are published depends on the
// dialect and the mode:
//
//   - PostgreSQL streams rows with COPY inside one transaction. replace
//     loads a new table and, at Commit, drops the old one and renames the
//     new one in its place in the same transaction; append copies into
//     the table; upsert copies into a temporary table and merges it with
//     INSERT ... ON CONFLICT (keys) DO UPDATE at Commit.
//   - MariaDB sends batched multi-row INSERTs in one transaction. replace
//     loads a staging table (its DDL commits, as DDL does in MariaDB, but
//     nobody reads it) and swaps it in with one atomic RENAME TABLE;
//     upsert is INSERT ... ON DUPLICATE KEY UPDATE.
//   - SQLite loads a staging table in short transactions, so that other
//     writers of the same file (another output of the same model) are
//     not locked out for the whole load, and at Commit replaces, appends
//     to or upserts into the table in one transaction.
//
// Staging tables are named after the process loading them (stage.go), in
// the table's schema; a process killed mid-load may leave one behind
// (SQLite, MariaDB), and the next writer of the schema on this host drops
// it. A Writer takes no lock: callers that may write one table from
// several places at once take DB.Lock first (the runtime does, see
// lock.go).
//
// An upsert that writes one key twice keeps the last record in SQLite
// and MariaDB; PostgreSQL refuses it, as ON CONFLICT cannot change a row
// twice in one statement. A table that does not exist is created from
// the schema's DDL. A Writer is not safe for concurrent use.
type Writer[T any] struct {
	ctx    context.Context
	cancel context.CancelFunc
	db     *DB
	loc    Location
	t      *Table[T]
	conv   []converter
	exists bool // the table existed before the write
	stage  Name // the staging table; zero when rows go straight into the table
	n      int64

	conn *sql.Conn // PostgreSQL and MariaDB: the transaction's connection
	tx   *sql.Tx

	// batched inserts (MariaDB, SQLite)
	batch     []any
	batchRows int
	stmt      *sql.Stmt // the full-batch INSERT, prepared once (MariaDB)

	copy *pgCopy // PostgreSQL

	closed, finished bool
	err              error // the first failure; the writer is unusable after it
}

// NewWriter checks the table against the schema and starts a load in
// loc's mode.
func NewWriter[T any](ctx context.Context, db *DB, loc Location, t *Table[T]) (*Writer[T], error) {
	a, err := db.Describe(ctx, loc.Table)
	if err != nil {
		return nil, err
	}
	if err := Check(loc, &t.Schema, a, true); err != nil {
		return nil, err
	}
	db.dropStaleStages(ctx, loc.Table.Schema)
	wctx, cancel := context.WithCancel(ctx)
	w := &Writer[T]{ctx: wctx, cancel: cancel, db: db, loc: loc, t: t, exists: a.Exists}
	if a.Exists {
		w.conv = converters(db.d, db.drv, t.Columns, a)
	} else {
		w.conv = converters(db.d, db.drv, t.Columns, nil)
	}
	if err := w.start(); err != nil {
		w.Abort()
		return nil, w.wrap(err)
	}
	return w, nil
}

func (w *Writer[T]) wrap(err error) error {
	return fmt.Errorf("writing dataset %q to %s: %w", w.t.Dataset, w.loc.where(), err)
}

func (w *Writer[T]) start() error {
	d, ctx := w.db.d, w.ctx
	switch d {
	case Postgres:
		if err := w.begin(); err != nil {
			return err
		}
		target := w.loc.Table
		switch {
		case w.loc.Mode == Replace:
			w.stage = stageName(w.loc.Table)
			ddl := CreateTable(d, w.stage, &w.t.Schema)
			if w.exists {
				ddl = fmt.Sprintf("CREATE TABLE %s (LIKE %s INCLUDING ALL)", QuoteName(d, w.stage), QuoteName(d, w.loc.Table))
			}
			if _, err := w.tx.ExecContext(ctx, ddl); err != nil {
				return err
			}
			target = w.stage
		default:
			if !w.exists {
				if _, err := w.tx.ExecContext(ctx, CreateTable(d, w.loc.Table, &w.t.Schema)); err != nil {
					return err
				}
			}
			if w.loc.Mode == Upsert {
				w.stage = Name{Table: stageName(w.loc.Table).Table}
				ddl := fmt.Sprintf("CREATE TEMP TABLE %s (LIKE %s INCLUDING DEFAULTS) ON COMMIT DROP", QuoteName(d, w.stage), QuoteName(d, w.loc.Table))
				if _, err := w.tx.ExecContext(ctx, ddl); err != nil {
					return err
				}
				target = w.stage
			}
		}
		w.copy = startCopy(ctx, w.db.drv, w.conn, target, w.t.Schema.names())
		return nil
	case MySQL:
		switch {
		case w.loc.Mode == Replace:
			w.stage = stageName(w.loc.Table)
			ddl := CreateTable(d, w.stage, &w.t.Schema)
			if w.exists {
				ddl = fmt.Sprintf("CREATE TABLE %s LIKE %s", QuoteName(d, w.stage), QuoteName(d, w.loc.Table))
			}
			if _, err := w.db.sql.ExecContext(ctx, ddl); err != nil {
				w.stage = Name{}
				return err
			}
		case !w.exists:
			if _, err := w.db.sql.ExecContext(ctx, CreateTable(d, w.loc.Table, &w.t.Schema)); err != nil {
				return err
			}
		}
		w.batchRows = min(1000, 65535/len(w.t.Columns))
		if err := w.begin(); err != nil {
			return err
		}
		var err error
		w.stmt, err = w.tx.PrepareContext(ctx, w.insertSQL(w.batchRows))
		return err
	case SQLite:
		w.stage = stageName(w.loc.Table)
		s := w.t.Schema
		if w.loc.Mode != Replace {
			// Rows are merged into the table at Commit, where its key
			// applies; an upsert may hold a key twice (the last wins).
			s.Keys = nil
		}
		if _, err := w.db.sql.ExecContext(ctx, CreateTable(d, w.stage, &s)); err != nil {
			w.stage = Name{}
			return err
		}
		w.batchRows = min(500, 32766/len(w.t.Columns))
		return nil
	}
	return fmt.Errorf("unknown dialect %q", d)
}

func (w *Writer[T]) begin() error {
	var err error
	if w.conn == nil {
		if w.conn, err = w.db.sql.Conn(w.ctx); err != nil {
			return err
		}
	}
	w.tx, err = w.conn.BeginTx(w.ctx, nil)
	return err
}

// insertSQL is the multi-row INSERT of n rows into the table the batch
// goes to: the staging table, or the table itself (MariaDB append and
// upsert).
func (w *Writer[T]) insertSQL(n int) string {
	d := w.db.d
	target := w.loc.Table
	if w.stage != (Name{}) {
		target = w.stage
	}
	var b strings.Builder
	fmt.Fprintf(&b, "INSERT INTO %s (%s) VALUES ", QuoteName(d, target), quoteList(d, w.t.Schema.names()))
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(w.t.Columns)), ", ") + ")"
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(row)
	}
	if d == MySQL && w.loc.Mode == Upsert {
		b.WriteString(" ON DUPLICATE KEY UPDATE ")
		b.WriteString(strings.Join(w.updates("VALUES(%s)"), ", "))
	}
	return b.String()
}

// updates is the SET list of an upsert: every non-key column from the
// new row, or a no-op assignment of the first key when all columns are
// keys.
func (w *Writer[T]) updates(newValue string) []string {
	d := w.db.d
	var out []string
	for _, c := range w.t.Columns {
		if !w.t.isKey(c.Name) {
			q := QuoteIdent(d, c.Name)
			out = append(out, q+" = "+fmt.Sprintf(newValue, q))
		}
	}
	if len(out) == 0 {
		q := QuoteIdent(d, w.t.Keys[0])
		out = append(out, q+" = "+q)
	}
	return out
}

// Rows is how many records were written.
func (w *Writer[T]) Rows() int64 { return w.n }

// Write adds one record.
func (w *Writer[T]) Write(rec *T) error {
	if w.err != nil {
		return w.err
	}
	if w.closed {
		return w.wrap(errors.New("Write after Close"))
	}
	var buf *[]any
	if w.copy != nil {
		buf = &w.copy.cur
	} else {
		buf = &w.batch
	}
	start := len(*buf)
	vals, err := w.t.Values(rec, *buf)
	if err == nil {
		for i, cv := range w.conv {
			if cv != nil && vals[start+i] != nil {
				if vals[start+i], err = cv(vals[start+i]); err != nil {
					err = &ValueError{Column: w.t.Columns[i].Name, Value: fmt.Sprint(vals[start+i]), Reason: err.Error()}
					break
				}
			}
		}
	}
	if err != nil {
		clear(vals[start:])
		*buf = vals[:start]
		return w.wrap(fmt.Errorf("record %d: %w", w.n+1, err))
	}
	*buf = vals
	w.n++
	if w.copy != nil {
		if len(vals) >= copyBatch*len(w.t.Columns) {
			if err := w.copy.send(); err != nil {
				return w.fail(err)
			}
		}
		return nil
	}
	if len(vals) >= w.batchRows*len(w.t.Columns) {
		if err := w.flush(); err != nil {
			return w.fail(err)
		}
	}
	return nil
}

func (w *Writer[T]) fail(err error) error {
	w.err = w.wrap(w.db.drv.Explain(err))
	return w.err
}

// flush sends the batched rows.
func (w *Writer[T]) flush() error {
	if len(w.batch) == 0 {
		return nil
	}
	rows := len(w.batch) / len(w.t.Columns)
	var err error
	switch {
	case w.db.d == MySQL && rows == w.batchRows:
		_, err = w.stmt.ExecContext(w.ctx, w.batch...)
	case w.db.d == MySQL:
		_, err = w.tx.ExecContext(w.ctx, w.insertSQL(rows), w.batch...)
	default: // SQLite: one short transaction per batch
		var tx *sql.Tx
		if tx, err = w.db.sql.BeginTx(w.ctx, nil); err != nil {
			break
		}
		if _, err = tx.ExecContext(w.ctx, w.insertSQL(rows), w.batch...); err != nil {
			tx.Rollback()
			break
		}
		err = tx.Commit()
	}
	clear(w.batch)
	w.batch = w.batch[:0]
	return err
}

// Close ends the load: it sends the rows still buffered. The rows are
// not visible until Commit.
func (w *Writer[T]) Close() error {
	if w.err != nil {
		return w.err
	}
	if w.closed {
		return nil
	}
	w.closed = true
	if w.copy != nil {
		if _, err := w.copy.finish(); err != nil {
			return w.fail(err)
		}
		return nil
	}
	if err := w.flush(); err != nil {
		return w.fail(err)
	}
	return nil
}

// Commit publishes the rows as the mode says, atomically.
func (w *Writer[T]) Commit() error {
	if err := w.Close(); err != nil {
		w.Abort()
		return err
	}
	if w.finished {
		return w.wrap(errors.New("Commit after Commit or Abort"))
	}
	if err := w.publish(); err != nil {
		w.err = w.wrap(w.db.drv.Explain(err))
		w.Abort()
		return w.err
	}
	w.finished = true
	w.release()
	return nil
}

func (w *Writer[T]) publish() error {
	d, ctx := w.db.d, w.ctx
	tbl := QuoteName(d, w.loc.Table)
	cols := quoteList(d, w.t.Schema.names())
	switch d {
	case Postgres:
		switch w.loc.Mode {
		case Replace:
			if w.exists {
				if _, err := w.tx.ExecContext(ctx, "DROP TABLE "+tbl); err != nil {
					return err
				}
			}
			if _, err := w.tx.ExecContext(ctx, fmt.Sprintf("ALTER TABLE %s RENAME TO %s", QuoteName(d, w.stage), QuoteIdent(d, w.loc.Table.Table))); err != nil {
				return err
			}
		case Upsert:
			q := fmt.Sprintf("INSERT INTO %s (%s) SELECT %s FROM %s ON CONFLICT (%s) DO UPDATE SET %s",
				tbl, cols, cols, QuoteName(d, w.stage), quoteList(d, w.t.Keys), strings.Join(w.updates("EXCLUDED.%s"), ", "))
			if _, err := w.tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		return w.tx.Commit()
	case MySQL:
		if err := w.tx.Commit(); err != nil {
			return err
		}
		if w.loc.Mode != Replace {
			return nil
		}
		stage := QuoteName(d, w.stage)
		if !w.exists {
			_, err := w.db.sql.ExecContext(ctx, fmt.Sprintf("RENAME TABLE %s TO %s", stage, tbl))
			return err
		}
		old := stageName(w.loc.Table)
		if _, err := w.db.sql.ExecContext(ctx, fmt.Sprintf("RENAME TABLE %s TO %s, %s TO %s", tbl, QuoteName(d, old), stage, tbl)); err != nil {
			return err
		}
		w.stage = old // what Abort or a failed DROP leaves behind
		_, err := w.db.sql.ExecContext(ctx, "DROP TABLE "+QuoteName(d, old))
		return err
	case SQLite:
		tx, err := w.db.sql.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		stage := QuoteName(d, w.stage)
		var stmts []string
		switch w.loc.Mode {
		case Replace:
			stmts = []string{"DROP TABLE IF EXISTS " + tbl,
				fmt.Sprintf("ALTER TABLE %s RENAME TO %s", stage, QuoteIdent(d, w.loc.Table.Table))}
		case Append:
			stmts = []string{fmt.Sprintf("INSERT INTO %s (%s) SELECT %s FROM %s ORDER BY rowid", tbl, cols, cols, stage), "DROP TABLE " + stage}
		case Upsert:
			stmts = []string{fmt.Sprintf("INSERT INTO %s (%s) SELECT %s FROM %s ORDER BY rowid ON CONFLICT (%s) DO UPDATE SET %s",
				tbl, cols, cols, stage, quoteList(d, w.t.Keys), strings.Join(w.updates("excluded.%s"), ", ")), "DROP TABLE " + stage}
		}
		if !w.exists && w.loc.Mode != Replace {
			stmts = append([]string{CreateTable(d, w.loc.Table, &w.t.Schema)}, stmts...)
		}
		for _, s := range stmts {
			if _, err := tx.ExecContext(ctx, s); err != nil {
				return err
			}
		}
		if err := tx.Commit(); err != nil {
			return err
		}
		w.stage = Name{}
		return nil
	}
	return nil
}

// Abort discards the load: the transaction is rolled back and a staging
// table dropped. The table is as it was before the Writer started.
func (w *Writer[T]) Abort() {
	if w.finished {
		return
	}
	w.finished = true
	w.cancel() // stops a running COPY
	if w.copy != nil {
		w.copy.abort()
	}
	if w.tx != nil {
		w.tx.Rollback()
	}
	if w.stage != (Name{}) && w.db.d != Postgres {
		// The run's context may be cancelled: clean up without it.
		w.db.sql.ExecContext(context.WithoutCancel(w.ctx), "DROP TABLE IF EXISTS "+QuoteName(w.db.d, w.stage))
	}
	w.release()
}

func (w *Writer[T]) release() {
	if w.stmt != nil {
		w.stmt.Close()
	}
	if w.conn != nil {
		w.conn.Close()
	}
	w.cancel()
}

// copyBatch is how many rows each hand-over to COPY carries: enough to
// make the hand-over cost nothing per row, few enough to stay in cache.
const copyBatch = 1024

// pgCopy runs the driver's CopyFrom (PostgreSQL's COPY FROM STDIN) on
// the transaction's connection in a goroutine, fed batches of rows by
// Write: COPY pulls rows while the model pushes them.
type pgCopy struct {
	cur    []any      // the batch being filled
	ncols  int        // values per row
	ch     chan []any // full batches, to COPY
	free   chan []any // emptied batches, back to Write
	done   chan struct{}
	n      int64
	err    error
	closed bool
	once   sync.Once
}

func startCopy(ctx context.Context, drv Driver, conn *sql.Conn, table Name, cols []string) *pgCopy {
	c := &pgCopy{ncols: len(cols), ch: make(chan []any, 1), free: make(chan []any, 2), done: make(chan struct{})}
	c.cur = make([]any, 0, copyBatch*len(cols))
	c.free <- make([]any, 0, copyBatch*len(cols))
	go func() {
		defer close(c.done)
		c.n, c.err = drv.CopyFrom(ctx, conn, table, cols, &copySource{c: c})
	}()
	return c
}

// send hands the current batch to COPY and takes an empty one.
func (c *pgCopy) send() error {
	select {
	case c.ch <- c.cur:
	case <-c.done:
		return c.failed()
	}
	select {
	case c.cur = <-c.free:
		c.cur = c.cur[:0]
		return nil
	case <-c.done:
		return c.failed()
	}
}

func (c *pgCopy) failed() error {
	if c.err != nil {
		return c.err
	}
	return errors.New("COPY ended early")
}

func (c *pgCopy) closeInput() { c.once.Do(func() { close(c.ch) }) }

// finish sends the last rows and waits for COPY to end.
func (c *pgCopy) finish() (int64, error) {
	if len(c.cur) > 0 {
		if err := c.send(); err != nil {
			c.closeInput()
			<-c.done
			return 0, err
		}
	}
	c.closeInput()
	<-c.done
	return c.n, c.err
}

func (c *pgCopy) abort() {
	c.closeInput()
	<-c.done
}

// copySource is the CopySource side of pgCopy.
type copySource struct {
	c     *pgCopy
	batch []any
	pos   int
}

func (s *copySource) Next() bool {
	s.pos += s.c.ncols
	if s.pos < len(s.batch) {
		return true
	}
	if s.batch != nil {
		clear(s.batch) // drop references to the written values
		s.c.free <- s.batch
	}
	b, ok := <-s.c.ch
	if !ok {
		s.batch = nil
		return false
	}
	s.batch, s.pos = b, 0
	return len(b) > 0
}

func (s *copySource) Values() ([]any, error) { return s.batch[s.pos : s.pos+s.c.ncols], nil }

func (s *copySource) Err() error { return nil }
