package table

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"time"
)

// Lock takes the write lock of table t, waiting while another session
// holds it, until ctx is done; unlock gives it back. Writers of one table
// that take it take turns: without it, a replace that swaps in a new table
// while an append commits into the old one would lose the appended rows.
// PostgreSQL holds it as a session-level advisory lock, MariaDB as a named
// lock (GET_LOCK), each on a connection of its own kept for the lock's
// life; waiting polls, so cancelling ctx stops it. SQLite has no server
// to hold it: lock its file instead (storage.Lock does), and Lock returns
// at once.
func (db *DB) Lock(ctx context.Context, t Name) (unlock func(), err error) {
	if db.d == SQLite {
		return func() {}, nil
	}
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("%s: locking table %s: %w", db.display, t, err)
	}
	name, err := db.lockName(ctx, conn, t)
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("%s: locking table %s: %w", db.display, t, err)
	}
	try, release := "SELECT pg_try_advisory_lock(hashtextextended($1, 0))", "SELECT pg_advisory_unlock(hashtextextended($1, 0))"
	if db.d == MySQL {
		try, release = "SELECT GET_LOCK(?, 0) = 1", "DO RELEASE_LOCK(?)"
	}
	for delay := 20 * time.Millisecond; ; delay = min(2*delay, 500*time.Millisecond) {
		var got sql.NullBool
		if err := conn.QueryRowContext(ctx, try, name).Scan(&got); err != nil {
			conn.Close()
			return nil, fmt.Errorf("%s: locking table %s: %w", db.display, t, err)
		}
		if got.Bool {
			return func() {
				conn.ExecContext(context.WithoutCancel(ctx), release, name) // a pooled session would keep it
				conn.Close()
			}, nil
		}
		select {
		case <-ctx.Done():
			conn.Close()
			return nil, fmt.Errorf("%s: waiting for another writer of table %s: %w", db.display, t, ctx.Err())
		case <-time.After(delay):
		}
	}
}

// lockName names t's lock: the table with its schema or database made
// explicit, since MariaDB's lock names are server-wide and "t" and
// "public.t" are one table in PostgreSQL; at most 64 characters, as
// GET_LOCK takes.
func (db *DB) lockName(ctx context.Context, conn *sql.Conn, t Name) (string, error) {
	q := "SELECT COALESCE($1::text, current_schema())"
	if db.d == MySQL {
		q = "SELECT COALESCE(?, DATABASE())"
	}
	var schema sql.NullString
	if t.Schema != "" {
		schema = sql.NullString{String: t.Schema, Valid: true}
	}
	var resolved string
	if err := conn.QueryRowContext(ctx, q, schema).Scan(&resolved); err != nil {
		return "", err
	}
	name := "ayeaye:" + resolved + "." + t.Table
	if len(name) > 64 {
		sum := sha256.Sum256([]byte(name))
		name = "ayeaye:" + hex.EncodeToString(sum[:20])
	}
	return name, nil
}
