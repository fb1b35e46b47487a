//go:build unix

package faulttest_test

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/ayeaye-go/ayeaye/runtime/table"
	"github.com/ayeaye-go/ayeaye/runtime/table/tabletest"
)

// database is where one of killprog's table models writes: a table of
// its own in a schema (a MariaDB database) of its own, so that staging
// tables other tests leave on the same server are not counted.
type database struct {
	t       *testing.T
	model   string // killprog's model
	records int
	db      *table.DB
	schema  string // "" in SQLite: the file is the test's own
	name    table.Name
}

// openDatabases opens SQLite (a file under out/) and each server that
// tabletest finds, creating a schema for the test on each server and
// dropping it at the end; it points killprog at them through h.env.
func openDatabases(t *testing.T, h *harness) []*database {
	if err := os.MkdirAll(h.out, 0o755); err != nil {
		t.Fatal(err)
	}
	var out []*database
	for _, loc := range tabletest.Databases(t) {
		d := &database{t: t, db: nil, name: table.Name{Table: "readings"}}
		switch loc.Dialect {
		case table.SQLite:
			loc.Location = filepath.Join(h.out, "tables.db")
			d.model, d.records = "sqlite", 100000
		case table.Postgres:
			d.model, d.records, d.schema = "postgres", 100000, uniqueSchema()
			h.env = append(h.env, "AYEAYE_VAR_PG="+loc.Location, "AYEAYE_VAR_PG_SCHEMA="+d.schema)
		case table.MySQL:
			d.model, d.records, d.schema = "mysql", 60000, uniqueSchema()
			h.env = append(h.env, "AYEAYE_VAR_MYSQL="+loc.Location, "AYEAYE_VAR_MYSQL_DB="+d.schema)
		}
		d.db = loc.Open(t)
		d.name.Schema = d.schema
		if d.schema != "" {
			d.createSchema()
		}
		out = append(out, d)
	}
	return out
}

func uniqueSchema() string {
	var b [4]byte
	rand.Read(b[:])
	return "kill_" + hex.EncodeToString(b[:])
}

// createSchema makes the test's schema (a database in MariaDB) and drops
// it, and all in it, when the test ends.
func (d *database) createSchema() {
	create, drop := "CREATE SCHEMA ", "DROP SCHEMA %s CASCADE"
	if d.db.Dialect() == table.MySQL {
		create, drop = "CREATE DATABASE ", "DROP DATABASE %s"
	}
	q := table.QuoteIdent(d.db.Dialect(), d.schema)
	if _, err := d.db.SQL().Exec(create + q); err != nil {
		d.t.Fatalf("%s: %v", d.model, err)
	}
	d.t.Cleanup(func() { d.db.SQL().Exec(fmt.Sprintf(drop, q)) })
}

// rowsQueries compute, in the database, the number of rows of table
// %s and its rows' text in id order (PostgreSQL and MariaDB hash it
// there), so that comparing a table does not carry every row here.
var rowsQueries = map[table.Dialect]string{
	table.SQLite:   `SELECT count(*), coalesce(group_concat(r, char(10)), '') FROM (SELECT concat_ws('|', id, sensor, taken_at, value, coalesce(delta, 'null'), unit) AS r FROM %s ORDER BY id)`,
	table.Postgres: `SELECT count(*), coalesce(md5(string_agg(concat_ws('|', id, sensor, taken_at, value, coalesce(delta::text, 'null'), unit), E'\n' ORDER BY id)), '') FROM %s`,
	table.MySQL:    `SELECT COUNT(*), COALESCE(SHA2(GROUP_CONCAT(CONCAT_WS('|', id, sensor, taken_at, value, COALESCE(delta, 'null'), unit) ORDER BY id SEPARATOR '\n'), 256), '') FROM %s`,
}

// digest is the number of the table's rows and the SHA-256 of their
// text in id order.
func (d *database) digest() string {
	ctx := context.Background()
	conn, err := d.db.SQL().Conn(ctx)
	if err != nil {
		return "unreadable: " + err.Error()
	}
	defer conn.Close()
	if d.db.Dialect() == table.MySQL { // GROUP_CONCAT stops at 1 MiB by default
		if _, err := conn.ExecContext(ctx, "SET SESSION group_concat_max_len = 1073741824"); err != nil {
			return "unreadable: " + err.Error()
		}
	}
	var n int64
	var text string
	q := fmt.Sprintf(rowsQueries[d.db.Dialect()], table.QuoteName(d.db.Dialect(), d.name))
	if err := conn.QueryRowContext(ctx, q).Scan(&n, &text); err != nil {
		return "unreadable: " + err.Error()
	}
	return fmt.Sprintf("%d rows, sha256 %x", n, sha256.Sum256([]byte(text)))
}

// stagingTables lists the staging tables in the test's schema.
func (d *database) stagingTables() []string {
	var q string
	switch d.db.Dialect() {
	case table.SQLite:
		q = "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '!_ayeaye!_stage!_%' ESCAPE '!'"
	default:
		q = "SELECT table_name FROM information_schema.tables WHERE table_schema = '" + d.schema + "' AND table_name LIKE '!_ayeaye!_stage!_%' ESCAPE '!'"
	}
	rows, err := d.db.SQL().QueryContext(context.Background(), q)
	if err != nil {
		d.t.Errorf("%s: listing staging tables: %v", d.model, err)
		return nil
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			d.t.Errorf("%s: listing staging tables: %v", d.model, err)
			return out
		}
		out = append(out, fmt.Sprintf("%s table %s (a staging table)", d.db.Dialect().Title(), table.Name{Schema: d.schema, Table: name}))
	}
	return out
}

// loading reports whether a load into the table is under way: a staging
// table exists, or, in PostgreSQL, whose staging table lives inside the
// load's transaction, a COPY into the test's schema is running.
func (d *database) loading() bool {
	if d.db.Dialect() != table.Postgres {
		return len(d.stagingTables()) > 0
	}
	var n int
	err := d.db.SQL().QueryRow("SELECT count(*) FROM pg_stat_activity WHERE query ILIKE 'copy %' AND query LIKE '%" + d.schema + "%'").Scan(&n)
	if err != nil {
		d.t.Errorf("%s: %v", d.model, err)
	}
	return n > 0
}
