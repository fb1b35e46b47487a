package runstore

import (
	"context"
	"net/url"
)

// defaultConnectTimeout (seconds) keeps a program from hanging on an
// unreachable server when the DSN sets no connect_timeout.
const defaultConnectTimeout = "10"

// openPostgres connects to the PostgreSQL store and migrates it, with
// the driver runtime/runstore/postgres registers.
func openPostgres(ctx context.Context, drv Driver, loc location) (Store, error) {
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
	db, err := drv.Open(dsn)
	if err != nil {
		return nil, fail(err, "write it as postgres://user:password@host:port/database?sslmode=…, "+noneHint)
	}
	// Records are small and quick to write: a few connections per
	// process leave the server's connection slots to others.
	db.SetMaxOpenConns(4)
	db.SetMaxIdleConns(4)
	s := newSQLStore(db, postgresDialect, drv, loc, loc.name)
	err = db.PingContext(ctx)
	if err == nil {
		err = s.migrate(ctx)
	}
	if err != nil {
		_ = db.Close() // the open error is the one to report
		err, hint := s.explain(err)
		if hint == "" {
			hint = noneHint
		}
		return nil, fail(err, hint)
	}
	return s, nil
}
