// Package sqlitedriver is the run store's SQLite driver
// (modernc.org/sqlite, no cgo). It does not import runstore, so that
// runstore's own tests can register it; programs link it through
// runtime/runstore/sqlite.
package sqlitedriver

import (
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// busyTimeoutMS is how long a SQLite writer waits for another process's
// write to finish before giving up. Writes are small (one run record),
// so only a stuck process makes anyone wait this long.
const busyTimeoutMS = 30000

// Driver is runstore.Driver for SQLite files.
type Driver struct{}

// Open opens the file at abs, an absolute path.
func (Driver) Open(abs string) (*sql.DB, error) {
	connector, err := sqlite.NewConnector(DSN(abs))
	if err != nil {
		return nil, err
	}
	return sql.OpenDB(connector), nil
}

// DSN is the driver's name for the file: a file: URI, so that any
// character may appear in the path, with the settings that make one file
// safe for many writers: WAL (readers never block the writer), a busy
// timeout (writers wait for each other instead of failing) and immediate
// transactions (a transaction takes the write lock when it begins, so two
// cannot deadlock upgrading read locks).
func DSN(abs string) string {
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

// Explain turns SQLite's terse codes into what happened and what to do
// about it; path is the file as the user named it.
func (Driver) Explain(err error, path string) (error, string) {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return err, ""
	}
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT:
		return fmt.Errorf("%s is not a valid SQLite database (corrupt, or another kind of file): %w", path, err),
			"move it aside to start a new store"
	case sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_AUTH:
		return fmt.Errorf("cannot open %s for writing: %w", path, err),
			"check the file and its directory are writable"
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return fmt.Errorf("%s stayed locked by another process for %ds: %w", path, busyTimeoutMS/1000, err),
			"find the process holding it"
	}
	return err, ""
}
