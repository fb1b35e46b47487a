package runstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/ayeaye-go/ayeaye/runtime/provenance"
)

// sqlStore is the Store of both SQL dialects.
type sqlStore struct {
	db      *sql.DB
	d       *dialect
	name    string   // for messages
	secrets []string // scrubbed from driver errors
	host    string   // this machine, for MarkInterrupted
	writeMu sync.Mutex
	alive   func(pid int, since time.Time) bool
	drv     Driver
	where   string // the file or server, as the driver's messages name it
}

func newSQLStore(db *sql.DB, d *dialect, drv Driver, loc location, where string) *sqlStore {
	return &sqlStore{db: db, d: d, drv: drv, name: loc.name, secrets: loc.secrets, where: where,
		host: provenance.Hostname(), alive: processAlive}
}

// explain adds what happened and what to do to a driver error; the hint
// is empty when there is nothing to add.
func (s *sqlStore) explain(err error) (error, string) {
	var tooNew errTooNew
	if errors.As(err, &tooNew) {
		return err, "use that version, or " + s.d.otherStore + ", " + noneHint
	}
	err, hint := s.drv.Explain(err, s.where)
	if hint != "" {
		hint += ", " + noneHint
	}
	return err, hint
}

// fail wraps an error with the store's name and the operation, and a
// hint when the driver's error calls for one (a damaged file, a lost
// server).
func (s *sqlStore) fail(op string, err error) error {
	var se *Error
	if errors.As(err, &se) {
		return err
	}
	err, hint := s.explain(err)
	return &Error{Store: s.name, Op: op, Err: scrub(err, s.secrets), Hint: hint}
}

// write runs fn in a write transaction, committing when it returns nil.
func (s *sqlStore) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if s.d.serialWrites {
		s.writeMu.Lock()
		defer s.writeMu.Unlock()
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback() // the error from fn says what went wrong
		return err
	}
	return tx.Commit()
}

// checkRecord refuses a record no store should hold; op names the
// operation in the error.
func checkRecord(r *provenance.Run) (op string, err error) {
	switch {
	case r == nil:
		return "record", errors.New("no run record (nil)")
	case checkID(r.ID) != nil:
		return "record", checkID(r.ID)
	case r.Status == "":
		return "record run " + r.ID, errors.New("the run has no status; set Run.Status")
	case r.Start.IsZero():
		return "record run " + r.ID, errors.New("the run has no start time; set Run.Start")
	}
	return "record run " + r.ID, nil
}

// checkID reports an ID no store should hold: IDs appear in commands
// (runs ID) and file names, so they are printable text.
func checkID(id string) error {
	switch {
	case id == "":
		return errors.New("the run has no ID; set Run.ID (a UUIDv7) before recording it")
	case !utf8.ValidString(id):
		return fmt.Errorf("run ID %q is not valid UTF-8", id)
	case strings.IndexFunc(id, func(r rune) bool { return unicode.IsControl(r) || unicode.IsSpace(r) }) >= 0:
		return fmt.Errorf("run ID %q holds spaces or control characters; use a UUIDv7", id)
	case strings.ContainsAny(id, `/\`) || strings.HasPrefix(id, "."):
		// The directory store names a file after it.
		return fmt.Errorf("run ID %q holds a path separator or starts with a dot; use a UUIDv7", id)
	}
	return nil
}

func (s *sqlStore) Record(ctx context.Context, r *provenance.Run) error {
	op, err := checkRecord(r)
	if err != nil {
		return s.fail(op, err)
	}
	doc, err := json.Marshal(r)
	if err != nil {
		return s.fail(op, err)
	}
	t := s.d.text
	err = s.write(ctx, func(tx *sql.Tx) error {
		// A start record that arrives after the outcome must not undo it.
		res, err := tx.ExecContext(ctx, s.d.rebind(`
			INSERT INTO runs (id, parent, model, partition_key, status, start_time, end_time, host, pid, record)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET
				parent = excluded.parent, model = excluded.model, partition_key = excluded.partition_key,
				status = excluded.status, start_time = excluded.start_time, end_time = excluded.end_time,
				host = excluded.host, pid = excluded.pid, record = excluded.record
			WHERE excluded.status <> 'running' OR runs.status = 'running'`),
			r.ID, t(r.Parent), t(r.Model), t(r.Partition), t(string(r.Status)),
			s.d.timeArg(r.Start), s.d.timeArg(r.End), t(r.Host), r.PID, s.d.json(doc))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.d.rebind("DELETE FROM datasets WHERE run_id = ?"), r.ID); err != nil {
			return err
		}
		return s.insertDatasets(ctx, tx, r)
	})
	if err != nil {
		return s.fail(op, err)
	}
	return nil
}

// datasetBatch is how many dataset rows one INSERT carries: 8 values a
// row stays far below both databases' limits on bound values.
const datasetBatch = 500

func (s *sqlStore) insertDatasets(ctx context.Context, tx *sql.Tx, r *provenance.Run) error {
	type row struct {
		direction string
		position  int
		d         provenance.Dataset
	}
	var rows []row
	for i, d := range r.Inputs {
		rows = append(rows, row{"input", i, d})
	}
	for i, d := range r.Outputs {
		rows = append(rows, row{"output", i, d})
	}
	t := s.d.text
	for len(rows) > 0 {
		batch := rows[:min(len(rows), datasetBatch)]
		rows = rows[len(batch):]
		var q strings.Builder
		q.WriteString("INSERT INTO datasets (run_id, direction, position, field, name, location, fingerprint, records) VALUES ")
		args := make([]any, 0, 8*len(batch))
		for i, b := range batch {
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString("(?, ?, ?, ?, ?, ?, ?, ?)")
			args = append(args, r.ID, b.direction, b.position, t(b.d.Field), t(b.d.Name), t(b.d.Location), t(b.d.Fingerprint), b.d.Records)
		}
		if _, err := tx.ExecContext(ctx, s.d.rebind(q.String()), args...); err != nil {
			return err
		}
	}
	return nil
}

// scanRuns decodes the record column of each row.
func (s *sqlStore) scanRuns(rows *sql.Rows) ([]*provenance.Run, error) {
	defer rows.Close()
	var runs []*provenance.Run
	for rows.Next() {
		var doc []byte
		if err := rows.Scan(&doc); err != nil {
			return nil, err
		}
		r, err := decode(doc)
		if err != nil {
			return nil, err
		}
		runs = append(runs, r)
	}
	return runs, rows.Err()
}

func decode(doc []byte) (*provenance.Run, error) {
	r := new(provenance.Run)
	if err := json.Unmarshal(doc, r); err != nil {
		return nil, fmt.Errorf("a stored run record is not valid JSON (the store is damaged): %w", err)
	}
	return r, nil
}

func (s *sqlStore) query(ctx context.Context, q string, args ...any) ([]*provenance.Run, error) {
	rows, err := s.db.QueryContext(ctx, s.d.rebind(q), args...)
	if err != nil {
		return nil, err
	}
	return s.scanRuns(rows)
}

const newestFirst = " ORDER BY start_time DESC, id DESC"

func (s *sqlStore) Get(ctx context.Context, id string) (*provenance.Run, error) {
	op := "get run " + id
	if id == "" {
		return nil, s.fail("get run", errors.New("no run ID given"))
	}
	if err := checkID(id); err != nil {
		return nil, s.fail(op, fmt.Errorf("%w: %w", ErrNotFound, err))
	}
	runs, err := s.query(ctx, "SELECT record FROM runs WHERE id = ?", id)
	if err != nil {
		return nil, s.fail(op, err)
	}
	if len(runs) == 1 {
		return runs[0], nil
	}
	if utf8.RuneCountInString(id) < MinPrefix {
		return nil, s.fail(op, fmt.Errorf("%w: no run has this ID (an ID prefix needs at least %d characters)", ErrNotFound, MinPrefix))
	}
	q, args := "SELECT record FROM runs WHERE id >= ?", []any{id}
	if bound, ok := idUpperBound(id); ok {
		q, args = q+" AND id < ?", append(args, bound)
	}
	runs, err = s.query(ctx, q+" ORDER BY id LIMIT 6", args...)
	if err != nil {
		return nil, s.fail(op, err)
	}
	switch len(runs) {
	case 0:
		return nil, s.fail(op, fmt.Errorf("%w: no run has this ID or an ID starting with it", ErrNotFound))
	case 1:
		return runs[0], nil
	}
	ids := make([]string, 0, len(runs))
	for _, r := range runs[:min(len(runs), 5)] {
		ids = append(ids, r.ID)
	}
	if len(runs) > 5 {
		ids = append(ids, "…")
	}
	return nil, s.fail(op, fmt.Errorf("%w: it starts the IDs of several runs (%s); give more of the ID", ErrAmbiguous, strings.Join(ids, ", ")))
}

func (s *sqlStore) List(ctx context.Context, f Filter) ([]*provenance.Run, error) {
	var where []string
	var args []any
	for _, c := range []struct{ column, value string }{
		{"model", f.Model}, {"status", string(f.Status)}, {"parent", f.Parent},
	} {
		if c.value != "" {
			where = append(where, c.column+" = ?")
			args = append(args, s.d.text(c.value))
		}
	}
	q := "SELECT record FROM runs"
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += newestFirst
	if f.Limit > 0 {
		q += " LIMIT ?"
		args = append(args, f.Limit)
	}
	runs, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, s.fail("list runs", err)
	}
	return runs, nil
}

func (s *sqlStore) Produced(ctx context.Context, location, fingerprint string) ([]*provenance.Run, error) {
	op := "find the runs that wrote " + location
	if location == "" {
		return nil, s.fail("find the runs that wrote a dataset", errors.New("no location given"))
	}
	q := `SELECT record FROM runs WHERE EXISTS (
		SELECT 1 FROM datasets d WHERE d.run_id = runs.id AND d.direction = 'output' AND d.location = ?`
	args := []any{s.d.text(location)}
	if fingerprint != "" {
		q += " AND d.fingerprint = ?"
		args = append(args, s.d.text(fingerprint))
	}
	runs, err := s.query(ctx, q+")"+newestFirst, args...)
	if err != nil {
		return nil, s.fail(op, err)
	}
	return runs, nil
}

func (s *sqlStore) LastSuccess(ctx context.Context, model string) (*provenance.Run, error) {
	op := "find the last successful run of " + model
	if model == "" {
		return nil, s.fail("find the last successful run", errors.New("no model given"))
	}
	runs, err := s.query(ctx, "SELECT record FROM runs WHERE model = ? AND partition_key = '' AND status = ?"+newestFirst+" LIMIT 1",
		s.d.text(model), string(provenance.Succeeded))
	if err != nil {
		return nil, s.fail(op, err)
	}
	if len(runs) == 0 {
		return nil, nil
	}
	return runs[0], nil
}

func (s *sqlStore) MarkInterrupted(ctx context.Context) ([]*provenance.Run, error) {
	const op = "mark interrupted runs"
	running, err := s.query(ctx, "SELECT record FROM runs WHERE status = ? AND host = ?"+newestFirst,
		string(provenance.Running), s.d.text(s.host))
	if err != nil {
		return nil, s.fail(op, err)
	}
	now := time.Now().UTC()
	var marked []*provenance.Run
	for _, r := range running {
		if s.alive(r.PID, r.Start) {
			continue
		}
		r.Status = provenance.Interrupted
		r.Error = fmt.Sprintf("interrupted: its process (pid %d on %s) ended without recording an outcome, "+
			"so it was killed or crashed; found at %s", r.PID, r.Host, now.Format(time.RFC3339))
		doc, err := json.Marshal(r)
		if err != nil {
			return marked, s.fail(op, err)
		}
		// Only a run still running is marked, so two programs starting at
		// once count each run once.
		var n int64
		err = s.write(ctx, func(tx *sql.Tx) error {
			res, err := tx.ExecContext(ctx, s.d.rebind("UPDATE runs SET status = ?, record = ? WHERE id = ? AND status = ?"),
				string(provenance.Interrupted), s.d.json(doc), r.ID, string(provenance.Running))
			if err != nil {
				return err
			}
			n, err = res.RowsAffected()
			return err
		})
		if err != nil {
			return marked, s.fail(op, err)
		}
		if n > 0 {
			marked = append(marked, r)
		}
	}
	return marked, nil
}

func (s *sqlStore) Close() error {
	if err := s.db.Close(); err != nil {
		return s.fail("close", err)
	}
	return nil
}
