// Package mysql links MariaDB and MySQL into runtime/table: a program
// that imports it, usually as
//
//	import _ "github.com/ayeaye-go/ayeaye/runtime/table/mysql"
//
// reads and writes mysql:// engine URLs, with github.com/go-sql-driver/mysql.
package mysql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/ayeaye-go/ayeaye/runtime/table"
)

func init() { table.Register(table.MySQL, Driver{}) }

// Driver is MariaDB's table.Driver. MariaDB reads through database/sql
// and loads with batched INSERTs, which table does by itself: Driver only
// connects.
type Driver struct{}

// Open connects to the server at conn; see table.Driver.
func (Driver) Open(conn string, _ bool) (*sql.DB, error) {
	cfg, err := config(conn)
	if err != nil {
		return nil, err
	}
	c, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, err
	}
	return sql.OpenDB(c), nil
}

// Query leaves reading to database/sql.
func (Driver) Query(context.Context, *sql.DB, string, []any, func(table.Rows) error) error {
	return errors.ErrUnsupported
}

// Target leaves scanning to database/sql.
func (Driver) Target(*table.Cell) any { return nil }

// CopyFrom is not how MariaDB loads: table sends batched INSERTs.
func (Driver) CopyFrom(context.Context, *sql.Conn, table.Name, []string, table.CopySource) (int64, error) {
	return 0, errors.ErrUnsupported
}

// Convert has nothing to add: table writes MariaDB's values.
func (Driver) Convert(table.Kind) func(any) (any, error) { return nil }

// Explain returns err: the server's messages say what happened.
func (Driver) Explain(err error) error { return err }

// config builds the driver's config from user[:password]@host[:port]/
// database[?param=value&...]: user, password and database are
// percent-decoded, as in any URL, so any character can be written (a
// secret filled in by engine.ParseText is encoded so); parameters are the
// driver's DSN parameters (tls=true, timeout=5s, ...).
func config(conn string) (*mysql.Config, error) {
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
