package table

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

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
	sql     *sql.DB
	display string // the redacted location, for messages
}

// Dialect is the database's dialect.
func (db *DB) Dialect() Dialect { return db.d }

// SQL is the database/sql pool, for queries of your own.
func (db *DB) SQL() *sql.DB { return db.sql }

// Close closes the pool.
func (db *DB) Close() error { return db.sql.Close() }

// Open opens a pool to loc's database. With create false a SQLite file
// that does not exist is an error wrapping fs.ErrNotExist (SQLite would
// otherwise create an empty one); with create true its directory is made.
// Credentials come from the URL, which the environment fills from its
// secrets ({db_password}), or from the drivers' usual environment
// variables (PGPASSWORD, ~/.pgpass for PostgreSQL).
func Open(ctx context.Context, loc Location, create bool) (*DB, error) {
	db := &DB{d: loc.Dialect, display: loc.Display}
	var err error
	switch loc.Dialect {
	case SQLite:
		db.sql, err = openSQLite(loc.conn, create)
	case Postgres:
		db.sql, err = openPostgres(loc.conn)
	case MySQL:
		db.sql, err = openMySQL(loc.conn)
	default:
		err = fmt.Errorf("unknown dialect %q", loc.Dialect)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", loc.Display, err)
	}
	if err := db.sql.PingContext(ctx); err != nil {
		db.sql.Close()
		return nil, fmt.Errorf("%s: connecting: %w", loc.Display, explainConnect(loc.Dialect, err))
	}
	return db, nil
}

// sqliteBusyMS is how long a SQLite writer waits for another writer of
// the same file: writes are short transactions, so only a stuck process
// makes anyone wait this long.
const sqliteBusyMS = 30000

func openSQLite(path string, create bool) (*sql.DB, error) {
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
	q.Set("_busy_timeout", fmt.Sprint(sqliteBusyMS))
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", "NORMAL")
	q.Set("_txlock", "immediate")
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	// This package's own driver: it compares decimals as numbers (decimal.go).
	return sql.OpenDB(sqliteConnector{dsn: "file:" + (&url.URL{Path: p}).EscapedPath() + "?" + q.Encode()}), nil
}

func openPostgres(conn string) (*sql.DB, error) {
	cfg, err := pgx.ParseConfig("postgres://" + conn)
	if err != nil {
		return nil, errors.New("not a valid PostgreSQL location; write [user[:password]@]host[:port]/database[?param=value]")
	}
	return stdlib.OpenDB(*cfg), nil
}

func openMySQL(conn string) (*sql.DB, error) {
	cfg, err := mysqlConfig(conn)
	if err != nil {
		return nil, err
	}
	c, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, err
	}
	return sql.OpenDB(c), nil
}

// mysqlConfig builds the driver's config from user[:password]@host[:port]/
// database[?param=value&...]: user, password and database are
// percent-decoded, as in any URL, so any character can be written (a
// secret filled in by engine.ParseText is encoded so); parameters are the driver's DSN
// parameters (tls=true, timeout=5s, ...).
func mysqlConfig(conn string) (*mysql.Config, error) {
	rest, query, _ := strings.Cut(conn, "?")
	auth, hostDB, ok := cutLast(rest, "@")
	if !ok {
		auth, hostDB = "", rest
	}
	host, dbName, _ := strings.Cut(hostDB, "/")
	if host == "" || strings.ContainsAny(host, "()/") {
		return nil, errors.New("not a valid MariaDB location; write [user[:password]@]host[:port]/database[?param=value]")
	}
	if _, _, err := net.SplitHostPort(host); err != nil {
		host = net.JoinHostPort(host, "3306")
	}
	cfg, err := mysql.ParseDSN("tcp(" + host + ")/?" + query)
	if err != nil {
		return nil, fmt.Errorf("connection parameters: %v", err)
	}
	user, pass, _ := strings.Cut(auth, ":")
	if cfg.User, err = url.PathUnescape(user); err != nil {
		return nil, errors.New("the user name is not valid percent-encoding")
	}
	if cfg.Passwd, err = url.PathUnescape(pass); err != nil {
		return nil, errors.New("the password is not valid percent-encoding")
	}
	if cfg.DBName, err = url.PathUnescape(dbName); err != nil {
		return nil, errors.New("the database name is not valid percent-encoding")
	}
	// Instants travel as UTC DATETIME values, and TIMESTAMP columns are
	// read in UTC too.
	cfg.ParseTime = true
	cfg.Loc = time.UTC
	if cfg.Params == nil {
		cfg.Params = map[string]string{}
	}
	cfg.Params["time_zone"] = "'+00:00'"
	return cfg, nil
}

func cutLast(s, sep string) (string, string, bool) {
	if i := strings.LastIndex(s, sep); i >= 0 {
		return s[:i], s[i+len(sep):], true
	}
	return s, "", false
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
