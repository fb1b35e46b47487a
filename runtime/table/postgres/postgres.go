// Package postgres links PostgreSQL into runtime/table: a program that
// imports it, usually as
//
//	import _ "github.com/ayeaye-go/ayeaye/runtime/table/postgres"
//
// reads and writes postgres:// engine URLs, with github.com/jackc/pgx.
// Rows are read with pgx's own protocol, decoded in binary straight into
// the cells of table's Row (scan.go), and loaded with COPY: as fast as
// hand-written pgx code.
package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/ayeaye-go/ayeaye/runtime/table"
)

func init() { table.Register(table.Postgres, Driver{}) }

// Driver is PostgreSQL's table.Driver.
type Driver struct{}

// Open connects to the server at conn; see table.Driver. PGPASSWORD and
// ~/.pgpass work as they do for psql.
func (Driver) Open(conn string, _ bool) (*sql.DB, error) {
	cfg, err := pgx.ParseConfig("postgres://" + conn)
	if err != nil {
		return nil, errors.New("not a valid PostgreSQL location; write [user[:password]@]host[:port]/database[?param=value]")
	}
	return stdlib.OpenDB(*cfg), nil
}

// Query runs query with pgx itself, on one of the pool's connections:
// pgx's binary decoding into Target's destinations is what makes reads
// as fast as hand-written pgx code.
func (Driver) Query(ctx context.Context, db *sql.DB, query string, args []any, f func(table.Rows) error) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		rows, err := dc.(*stdlib.Conn).Conn().Query(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		if err := f(rows); err != nil {
			return err
		}
		rows.Close()
		return rows.Err()
	})
}

// CopyFrom loads rows with COPY FROM STDIN on conn, inside its
// transaction.
func (Driver) CopyFrom(ctx context.Context, conn *sql.Conn, t table.Name, cols []string, rows table.CopySource) (int64, error) {
	ident := pgx.Identifier{t.Table}
	if t.Schema != "" {
		ident = pgx.Identifier{t.Schema, t.Table}
	}
	var n int64
	err := conn.Raw(func(dc any) error {
		var err error
		n, err = dc.(*stdlib.Conn).Conn().CopyFrom(ctx, ident, cols, rows)
		return err
	})
	return n, err
}

// Explain gives the server's message, and a hint for the errors a load
// commonly ends with.
func (Driver) Explain(err error) error {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return err
	}
	msg := pe.Message
	if pe.Where != "" {
		msg += " (" + pe.Where + ")"
	}
	switch pe.Code {
	case "21000": // cardinality_violation: ON CONFLICT met one key twice
		return fmt.Errorf("%s\n\thint: upsert takes each key once per run; the records written hold one key twice", msg)
	case "2BP01": // dependent_objects_still_exist
		return fmt.Errorf("%s\n\thint: mode replace drops the old table, which views depend on; drop and recreate the views around the run, or use mode=append", msg)
	}
	return errors.New(msg)
}
