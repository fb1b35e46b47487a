// Package sqlite links SQLite into runtime/table: a program that imports
// it, usually as
//
//	import _ "github.com/ayeaye-go/ayeaye/runtime/table/sqlite"
//
// reads and writes sqlite:// engine URLs. It uses modernc.org/sqlite,
// SQLite in pure Go (no cgo), on a driver of its own that knows the
// collation ayeaye_decimal, which orders decimal texts as numbers
// (decimal.go), so that conditions and orders on decimal columns compare
// numbers as PostgreSQL's and MariaDB's do.
package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"modernc.org/sqlite"

	"github.com/ayeaye-go/ayeaye/runtime/table"
)

func init() { table.Register(table.SQLite, Driver{}) }

// Driver is SQLite's table.Driver. SQLite reads through database/sql and
// loads with batched INSERTs, which table does by itself: Driver only
// opens files.
type Driver struct{}

// busyMS is how long a SQLite writer waits for another writer of the
// same file: writes are short transactions, so only a stuck process
// makes anyone wait this long.
const busyMS = 30000

// Open opens the database file at path; see table.Driver.
func (Driver) Open(path string, create bool) (*sql.DB, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	if st, err := os.Stat(abs); err == nil && st.IsDir() {
		return nil, fmt.Errorf("%s is a directory; give the path of a database file", path)
	} else if err != nil && !create {
		return nil, fmt.Errorf("database file %s does not exist: %w", path, fs.ErrNotExist)
	}
	if create {
		if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
			return nil, err
		}
	}
	// WAL lets readers read while a writer writes; immediate transactions
	// take the write lock when they begin, so two writers wait for each
	// other (busy_timeout) instead of deadlocking on lock upgrades.
	q := url.Values{}
	q.Set("_busy_timeout", fmt.Sprint(busyMS))
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", "NORMAL")
	q.Set("_txlock", "immediate")
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return sql.OpenDB(connector{dsn: "file:" + (&url.URL{Path: p}).EscapedPath() + "?" + q.Encode()}), nil
}

// Query leaves reading to database/sql.
func (Driver) Query(context.Context, *sql.DB, string, []any, func(table.Rows) error) error {
	return errors.ErrUnsupported
}

// Target leaves scanning to database/sql.
func (Driver) Target(*table.Cell) any { return nil }

// CopyFrom is not how SQLite loads: table sends batched INSERTs.
func (Driver) CopyFrom(context.Context, *sql.Conn, table.Name, []string, table.CopySource) (int64, error) {
	return 0, errors.ErrUnsupported
}

// Convert has nothing to add: table writes SQLite's values as text.
func (Driver) Convert(table.Kind) func(any) (any, error) { return nil }

// Explain returns err: SQLite's messages say what happened.
func (Driver) Explain(err error) error { return err }

// sqliteDriver opens the connections, with the decimal collation; a
// driver of its own keeps the collation out of every other SQLite
// connection of the program.
var sqliteDriver = func() *sqlite.Driver {
	d := &sqlite.Driver{}
	d.MustRegisterCollationUtf8(table.DecimalCollation, compareDecimalText)
	return d
}()

// connector opens connections to one SQLite DSN with sqliteDriver.
type connector struct{ dsn string }

func (c connector) Connect(ctx context.Context) (driver.Conn, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return sqliteDriver.Open(c.dsn)
}

func (c connector) Driver() driver.Driver { return sqliteDriver }
