package runstore

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
)

// openSQLite opens (creating it when missing) the SQLite store at
// loc.path, with the driver runtime/runstore/sqlite registers.
func openSQLite(ctx context.Context, drv Driver, loc location) (Store, error) {
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
	db, err := drv.Open(abs)
	if err != nil {
		return nil, fail(err, noneHint)
	}
	// A few connections serve one process: SQLite has one writer at a
	// time anyway, and each new connection costs a file open.
	db.SetMaxOpenConns(4)
	db.SetMaxIdleConns(4)
	s := newSQLStore(db, sqliteDialect, drv, loc, loc.path)
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
