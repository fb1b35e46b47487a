package runstore

import (
	"database/sql"
	"errors"
	"fmt"
	"sync"
)

// Driver connects to the database of one kind of store. The packages
// runtime/runstore/sqlite and runtime/runstore/postgres register theirs
// when imported; the SQL of each kind (its schema, migrations and
// queries) is written in this package, so a Driver only opens pools and
// reads its driver's errors.
type Driver interface {
	// Open returns a pool to the store's database: for sqlite the
	// absolute path of the file (its directory exists), for postgres the
	// URL, with connect_timeout set. The DSN may hold a password: errors
	// must not quote it.
	Open(dsn string) (*sql.DB, error)

	// Explain says what a driver error means: err, reworded when that
	// helps (store names the file or server), and what to do about it,
	// or "" when there is nothing to add. Callers add "or run with
	// -store none".
	Explain(err error, store string) (error, string)
}

// ErrNotLinked is wrapped by the error of opening a store whose kind's
// package the program does not import.
var ErrNotLinked = errors.New("run store driver not linked")

var (
	driversMu sync.RWMutex
	drivers   = map[string]Driver{}
)

// Register makes d the driver of stores of kind ("sqlite" or
// "postgres"); the driver packages call it from init, so importing one
// (import _ "github.com/ayeaye-go/ayeaye/runtime/runstore/postgres") is
// all a program does. Like database/sql.Register it panics when called
// twice for a kind, with a nil driver or for a kind this package has no
// SQL for: mistakes in a program, found when it starts.
func Register(kind string, d Driver) {
	driversMu.Lock()
	defer driversMu.Unlock()
	switch {
	case d == nil:
		panic("runstore: Register of a nil driver for " + kind)
	case kind != sqliteDialect.name && kind != postgresDialect.name:
		panic(fmt.Sprintf("runstore: Register of kind %q; this package keeps stores in sqlite and postgres", kind))
	case drivers[kind] != nil:
		panic("runstore: Register called twice for " + kind)
	}
	drivers[kind] = d
}

// driverOf returns the driver of stores of kind, or an error naming the
// import that links it.
func driverOf(kind string) (Driver, error) {
	driversMu.RLock()
	d := drivers[kind]
	driversMu.RUnlock()
	if d != nil {
		return d, nil
	}
	return nil, notLinkedError{kind}
}

// notLinkedError says which import a program lacks.
type notLinkedError struct{ kind string }

func (e notLinkedError) Error() string {
	return fmt.Sprintf("%s stores need the %s driver, which this program does not link: add import _ %q", e.kind, e.kind, ImportPath(e.kind))
}

func (e notLinkedError) Is(target error) bool { return target == ErrNotLinked }

// ImportPath is the package that registers the driver of stores of kind.
func ImportPath(kind string) string { return "github.com/ayeaye-go/ayeaye/runtime/runstore/" + kind }
