package runstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// busyTimeoutMS is how long a SQLite writer waits for another process's
// write to finish before giving up. Writes are small (one run record),
// so only a stuck process makes anyone wait this long.
const busyTimeoutMS = 30000

// openSQLite opens (creating it when missing) the SQLite store at
// loc.path.
func openSQLite(ctx context.Context, loc location) (Store, error) {
	fail := func(err error, hint string) error {
		return &Error{Store: loc.name, Op: "open", Err: err, Hint: hint}
	}
	if fi, err := os.Stat(loc.path); err == nil && fi.IsDir() {
		return nil, fail(fmt.Errorf("%s is a directory", loc.path), "give the path of a file, "+noneHint)
	}
	if err := os.MkdirAll(filepath.Dir(loc.path), 0o755); err != nil {
		return nil, fail(fmt.Errorf("creating its directory: %w", err), "check the path and its permissions, "+noneHint)
	}
	abs, err := filepath.Abs(loc.path)
	if err != nil {
		return nil, fail(err, noneHint)
	}
	connector, err := sqlite.NewConnector(sqliteDSN(abs))
	if err != nil {
		return nil, fail(err, noneHint)
	}
	db := sql.OpenDB(connector)
	// A few connections serve one process: SQLite has one writer at a
	// time anyway, and each new connection costs a file open.
	db.SetMaxOpenConns(4)
	db.SetMaxIdleConns(4)
	s := newSQLStore(db, sqliteDialect, loc)
	s.explain = func(err error) (error, string) { return explainSQLite(err, loc.path) }
	if err := s.migrate(ctx); err != nil {
		_ = db.Close() // the open error is the one to report
		err, hint := s.explain(err)
		if hint == "" {
			hint = noneHint
		}
		return nil, fail(err, hint)
	}
	return s, nil
}

// sqliteDSN is the driver's name for the file: a file: URI, so that any
// character may appear in the path, with the settings that make one file
// safe for many writers: WAL (readers never block the writer), a busy
// timeout (writers wait for each other instead of failing) and immediate
// transactions (a transaction takes the write lock when it begins, so two
// cannot deadlock upgrading read locks).
func sqliteDSN(abs string) string {
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/x on Windows is file:/C:/x
	}
	q := url.Values{}
	q.Set("_busy_timeout", fmt.Sprint(busyTimeoutMS))
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", "NORMAL")
	q.Set("_foreign_keys", "1")
	q.Set("_txlock", "immediate")
	return "file:" + (&url.URL{Path: p}).EscapedPath() + "?" + q.Encode()
}

// explainSQLite turns SQLite's terse codes into what happened and what
// to do about it; the hint is empty when there is nothing to add.
func explainSQLite(err error, path string) (error, string) {
	var tooNew errTooNew
	if errors.As(err, &tooNew) {
		return err, "use that version, or another store (-store sqlite:OTHER_PATH), " + noneHint
	}
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return err, ""
	}
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT:
		return fmt.Errorf("%s is not a valid SQLite database (corrupt, or another kind of file): %w", path, err),
			"move it aside to start a new store, " + noneHint
	case sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_AUTH:
		return fmt.Errorf("cannot open %s for writing: %w", path, err),
			"check the file and its directory are writable, " + noneHint
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return fmt.Errorf("%s stayed locked by another process for %ds: %w", path, busyTimeoutMS/1000, err),
			"find the process holding it, " + noneHint
	}
	return err, ""
}
