package table

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"

	"github.com/ayeaye-go/ayeaye/runtime/engine"
)

// Location is where a dataset's table lives, read from its engine URL:
//
//	sqlite://data/warehouse.db;table=sales
//	postgres://etl:{db_password}@db.example.com:5432/warehouse?sslmode=require;table=public.sales
//	mysql://etl:{db_password}@db.example.com:3306/warehouse;table=sales;mode=upsert
type Location struct {
	Dialect Dialect
	Table   Name
	Mode    Mode
	// NoFingerprint turns off content fingerprints (;fingerprint=none).
	NoFingerprint bool
	// Display is the redacted URL, for messages.
	Display string
	// conn is the connection part of the URL: a file path for SQLite,
	// [user[:password]@]host[:port]/database[?params] for the servers. It
	// may hold a password, so it is unexported and never printed.
	conn string
}

// ParseURL reads a table location from a parsed engine URL of type
// sqlite, postgres or mysql.
func ParseURL(u engine.URL) (Location, error) {
	d, err := ParseDialect(u.Type)
	if err != nil {
		return Location{}, err
	}
	loc := Location{Dialect: d, Mode: Replace, Display: u.Redacted(), conn: u.Location}
	if loc.Table, err = ParseName(u.Options["table"]); err != nil {
		return Location{}, fmt.Errorf("%s: table %v; give the table with ;table=name", loc.Display, err)
	}
	if m := u.Options["mode"]; m != "" {
		loc.Mode = Mode(m)
	}
	loc.NoFingerprint = u.Options["fingerprint"] == "none"
	return loc, nil
}

// key identifies the database (not the table): one pool per key per run.
func (l Location) key() string { return string(l.Dialect) + "\x00" + l.conn }

// where names the table in messages: "postgres table public.sales at
// postgres://etl:xxxxx@db/warehouse".
func (l Location) where() string {
	return fmt.Sprintf("%s table %s", l.Dialect, l.Table)
}

// DB is a connection pool to one database.
type DB struct {
	d       Dialect
	drv     Driver
	sql     *sql.DB
	display string // the redacted location, for messages
}

// Dialect is the database's dialect.
func (db *DB) Dialect() Dialect { return db.d }

// SQL is the database/sql pool, for queries of your own.
func (db *DB) SQL() *sql.DB { return db.sql }

// Close closes the pool.
func (db *DB) Close() error { return db.sql.Close() }

// Open opens a pool to loc's database, through the driver of its dialect
// (a program links it by importing runtime/table/sqlite, postgres or
// mysql; without it the error names the import). With create false a
// SQLite file that does not exist is an error wrapping fs.ErrNotExist
// (SQLite would otherwise create an empty one); with create true its
// directory is made. Credentials come from the URL, which the
// environment fills from its secrets ({db_password}), or from the
// drivers' usual environment variables (PGPASSWORD, ~/.pgpass for
// PostgreSQL).
func Open(ctx context.Context, loc Location, create bool) (*DB, error) {
	drv, err := driverOf(loc.Dialect)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", loc.Display, err)
	}
	db := &DB{d: loc.Dialect, drv: drv, display: loc.Display}
	if db.sql, err = drv.Open(loc.conn, create); err != nil {
		return nil, fmt.Errorf("%s: %w", loc.Display, err)
	}
	if err := db.sql.PingContext(ctx); err != nil {
		db.sql.Close()
		return nil, fmt.Errorf("%s: connecting: %w", loc.Display, explainConnect(loc.Dialect, err))
	}
	return db, nil
}

// explainConnect adds what to check to a connection error.
func explainConnect(d Dialect, err error) error {
	var ne net.Error
	if errors.As(err, &ne) || strings.Contains(err.Error(), "connection refused") {
		return fmt.Errorf("%w\n\thint: is the %s server running and reachable at that host and port?", err, d)
	}
	return err
}

// Conns shares pools between the datasets of a run: one pool per
// database, opened on first use and closed with the run.
type Conns struct {
	mu     sync.Mutex
	dbs    map[string]*DB
	closed bool
}

// NewConns returns an empty set of pools.
func NewConns() *Conns { return &Conns{dbs: map[string]*DB{}} }

// Open returns the pool of loc's database, opening it on first use (see
// Open for create).
func (c *Conns) Open(ctx context.Context, loc Location, create bool) (*DB, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil, errors.New("table: the run's connections are closed")
	}
	if db, ok := c.dbs[loc.key()]; ok {
		return db, nil
	}
	db, err := Open(ctx, loc, create)
	if err != nil {
		return nil, err
	}
	c.dbs[loc.key()] = db
	return db, nil
}

// Close closes every pool.
func (c *Conns) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	var errs []error
	for _, db := range c.dbs {
		errs = append(errs, db.Close())
	}
	clear(c.dbs)
	return errors.Join(errs...)
}
