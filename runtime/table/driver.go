package table

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"sync"
)

// Driver is what a dialect package gives this package: the parts of
// talking to a database that need the database's Go driver. The SQL
// itself (DDL, catalog queries, staging, fingerprints, locks) is written
// here, per dialect, so a Driver only moves bytes; the packages
// runtime/table/sqlite, runtime/table/postgres and runtime/table/mysql
// implement it and register themselves when imported. It is exported so
// that those packages can implement it, not as a way to add dialects:
// a dialect needs its SQL written here first.
//
// A driver that has no faster way than database/sql to read, no value
// types of its own and nothing to add to errors says so (Query returns
// errors.ErrUnsupported, Target and Convert nil, Explain its argument),
// and this package uses database/sql as it is.
type Driver interface {
	// Open returns a pool to the database at conn, a Location's
	// connection part: a file path for SQLite, otherwise
	// [user[:password]@]host[:port]/database[?params], percent-encoded.
	// create asks for a missing database file to be made; without it a
	// missing file is an error wrapping fs.ErrNotExist. conn may hold a
	// password: errors must not quote it.
	Open(conn string, create bool) (*sql.DB, error)

	// Query runs a SELECT with the driver's own protocol and calls f
	// once with its rows; Read scans each row into Target's
	// destinations. It returns what f returns, or the query's error once
	// the rows are closed. errors.ErrUnsupported (before running
	// anything) makes Read use database/sql.
	Query(ctx context.Context, db *sql.DB, query string, args []any, f func(Rows) error) error

	// Target is the scan destination Query's rows store a cell in, or
	// nil for database/sql's (c.Int, c.Text, ...). It is called once per
	// column and query, so a destination may be allocated.
	Target(c *Cell) any

	// CopyFrom bulk-loads rows into table, on conn and inside its open
	// transaction, and returns how many it loaded. PostgreSQL's Writer
	// loads with it (COPY); the other dialects load with batched INSERTs
	// and never call it, so their drivers return errors.ErrUnsupported.
	CopyFrom(ctx context.Context, conn *sql.Conn, table Name, cols []string, rows CopySource) (int64, error)

	// Convert returns what turns a non-nil value of kind k, as
	// Table.Values gives it, into the driver's own type (pgx's numeric
	// for a value.Decimal), or nil for this package's conversion of the
	// kind in the dialect, if any (values.go).
	Convert(k Kind) func(v any) (any, error)

	// Explain returns err with what the database said, and a hint when
	// the error is a common one (a view depending on a replaced table,
	// a key written twice); err itself otherwise.
	Explain(err error) error
}

// Rows is a query's result as a Driver's Query hands it over: pgx.Rows
// satisfies it as it is.
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}

// CopySource is the rows of a bulk load, one at a time: pgx's
// CopyFromSource has the same methods.
type CopySource interface {
	Next() bool
	Values() ([]any, error)
	Err() error
}

// Cell is one column of the current row, where Row's accessors read it.
// Kind says which field holds the value, chosen by this package for the
// column's kind and dialect; a Driver's Target stores it there.
type Cell struct {
	Kind  CellKind
	Int   sql.NullInt64
	Float sql.NullFloat64
	Text  sql.NullString
	Bool  sql.NullBool
	Time  sql.NullTime
	// Special is a value the kind cannot hold, as the database writes
	// it (PostgreSQL's infinity): reading it is an error. A Target that
	// can meet one sets it, and clears it for every other value.
	Special string
}

// CellKind says which field of a Cell holds its value.
type CellKind uint8

// The cell kinds. Decimals, enums and JSON travel as text.
const (
	CellText CellKind = iota
	CellInt
	CellFloat
	CellBool
	CellTime
)

// valid reports whether the cell holds a value (not NULL).
func (c *Cell) valid() bool {
	switch c.Kind {
	case CellInt:
		return c.Int.Valid
	case CellFloat:
		return c.Float.Valid
	case CellBool:
		return c.Bool.Valid
	case CellTime:
		return c.Time.Valid
	}
	return c.Text.Valid
}

// sqlTarget is the database/sql scan destination of c.
func (c *Cell) sqlTarget() any {
	switch c.Kind {
	case CellInt:
		return &c.Int
	case CellFloat:
		return &c.Float
	case CellBool:
		return &c.Bool
	case CellTime:
		return &c.Time
	}
	return &c.Text
}

// ErrNotLinked is wrapped by the error of opening a table whose dialect's
// package the program does not import.
var ErrNotLinked = errors.New("driver not linked")

var (
	driversMu sync.RWMutex
	drivers   = map[Dialect]Driver{}
)

// Register makes drv the driver of dialect d. The dialect packages call
// it from init, so importing one (import _
// "github.com/ayeaye-go/ayeaye/runtime/table/postgres") is all a program
// does. Like database/sql.Register, it panics when called twice for a
// dialect, with a nil driver or for a dialect this package has no SQL
// for: those are mistakes in a program, found when it starts.
func Register(d Dialect, drv Driver) {
	driversMu.Lock()
	defer driversMu.Unlock()
	switch {
	case drv == nil:
		panic("table: Register of a nil driver for " + string(d))
	case !slices.Contains(Dialects(), d):
		panic(fmt.Sprintf("table: Register of dialect %q, which this package does not speak (it speaks sqlite, postgres and mysql)", d))
	case drivers[d] != nil:
		panic("table: Register called twice for " + string(d))
	}
	drivers[d] = drv
}

// Linked returns nil when the program links dialect d's driver, else an
// error wrapping ErrNotLinked that names the import to add.
func Linked(d Dialect) error {
	_, err := driverOf(d)
	return err
}

func driverOf(d Dialect) (Driver, error) {
	driversMu.RLock()
	drv := drivers[d]
	driversMu.RUnlock()
	if drv != nil {
		return drv, nil
	}
	if !slices.Contains(Dialects(), d) {
		return nil, fmt.Errorf("unknown dialect %q", d)
	}
	return nil, notLinkedError{d}
}

// notLinkedError says which import a program lacks.
type notLinkedError struct{ d Dialect }

func (e notLinkedError) Error() string {
	return fmt.Sprintf("%s tables need the %s driver, which this program does not link: add import _ %q "+
		"(ayeaye-gen generate adds it to the datasets package when a schema names %s)", e.d, e.d, ImportPath(e.d), e.d)
}

func (e notLinkedError) Is(target error) bool { return target == ErrNotLinked }

// ImportPath is the package that registers dialect d's driver.
func ImportPath(d Dialect) string { return "github.com/ayeaye-go/ayeaye/runtime/table/" + string(d) }
