package runstore

import (
	"context"
	"errors"
	"net"
	"net/url"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// defaultConnectTimeout (seconds) keeps a program from hanging on an
// unreachable server when the DSN sets no connect_timeout.
const defaultConnectTimeout = "10"

// openPostgres connects to the PostgreSQL store and migrates it.
func openPostgres(ctx context.Context, loc location) (Store, error) {
	fail := func(err error, hint string) error {
		return &Error{Store: loc.name, Op: "open", Err: scrub(err, loc.secrets), Hint: hint}
	}
	dsn := loc.url
	if u, err := url.Parse(dsn); err == nil && !u.Query().Has("connect_timeout") {
		q := u.Query()
		q.Set("connect_timeout", defaultConnectTimeout)
		u.RawQuery = q.Encode()
		dsn = u.String()
	}
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fail(err, "write it as postgres://user:password@host:port/database?sslmode=…, "+noneHint)
	}
	db := stdlib.OpenDB(*cfg)
	// Records are small and quick to write: a few connections per
	// process leave the server's connection slots to others.
	db.SetMaxOpenConns(4)
	db.SetMaxIdleConns(4)
	s := newSQLStore(db, postgresDialect, loc)
	s.explain = explainPostgres
	err = db.PingContext(ctx)
	if err == nil {
		err = s.migrate(ctx)
	}
	if err != nil {
		_ = db.Close() // the open error is the one to report
		err, hint := explainPostgres(err)
		if hint == "" {
			hint = noneHint
		}
		return nil, fail(err, hint)
	}
	return s, nil
}

// explainPostgres says what to do about a failure; the hint is empty
// when there is nothing to add.
func explainPostgres(err error) (error, string) {
	var tooNew errTooNew
	if errors.As(err, &tooNew) {
		return err, "use that version, or another database or schema (search_path=…), " + noneHint
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "3D000": // invalid_catalog_name
			return err, "create the database (createdb), " + noneHint
		case pe.Code == "28000" || pe.Code == "28P01": // invalid authorization, password
			return err, "check the user and password, " + noneHint
		case pe.Code == "3F000" || strings.HasPrefix(pe.Code, "42"): // no schema, permissions
			return err, "check the schema (search_path) exists and the user may create tables in it, " + noneHint
		}
		return err, ""
	}
	var ce *pgconn.ConnectError
	var ne net.Error
	if errors.As(err, &ce) || errors.As(err, &ne) {
		return err, "check the server is running and reachable at that address, " + noneHint
	}
	return err, ""
}
