// Package pgdriver is the run store's PostgreSQL driver (pgx). It does
// not import runstore, so that runstore's own tests can register it;
// programs link it through runtime/runstore/postgres.
package pgdriver

import (
	"database/sql"
	"errors"
	"net"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// Driver is runstore.Driver for PostgreSQL servers.
type Driver struct{}

// Open returns a pool to the server at dsn, a postgres:// URL; pgx's
// error for a URL it cannot read masks the password.
func (Driver) Open(dsn string) (*sql.DB, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, err
	}
	return stdlib.OpenDB(*cfg), nil
}

// Explain says what to do about a server's error.
func (Driver) Explain(err error, _ string) (error, string) {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "3D000": // invalid_catalog_name
			return err, "create the database (createdb)"
		case pe.Code == "28000" || pe.Code == "28P01": // invalid authorization, password
			return err, "check the user and password"
		case pe.Code == "3F000" || strings.HasPrefix(pe.Code, "42"): // no schema, permissions
			return err, "check the schema (search_path) exists and the user may create tables in it"
		}
		return err, ""
	}
	var ce *pgconn.ConnectError
	var ne net.Error
	if errors.As(err, &ce) || errors.As(err, &ne) {
		return err, "check the server is running and reachable at that address"
	}
	return err, ""
}
