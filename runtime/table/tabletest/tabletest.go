// Package tabletest gives tests the databases to run against: a fresh
// SQLite file always, and the PostgreSQL and MariaDB servers of the
// machine when they answer.
//
//	for _, db := range tabletest.Databases(t) {
//		t.Run(string(db.Dialect), func(t *testing.T) {
//			url := db.URL(tabletest.TableName(t)) // e.g. postgres://…;table=t_3f9a…
//			…
//		})
//	}
//
// The servers are found at the addresses of AYEAYE_TEST_POSTGRES
// (default postgres@127.0.0.1:5432/test?sslmode=disable) and
// AYEAYE_TEST_MYSQL (default root@127.0.0.1:3306/test), written as the
// location of an engine URL. A server that does not answer is skipped
// with a message saying so, unless AYEAYE_REQUIRE_SERVICES=1, which makes
// it a failure: CI sets it so that a missing service cannot pass
// silently.
//
// Importing tabletest links all three dialects' drivers
// (runtime/table/sqlite, postgres and mysql) into the test binary.
package tabletest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ayeaye-go/ayeaye/runtime/engine"
	"github.com/ayeaye-go/ayeaye/runtime/table"
	// The databases this package hands out, linked for the tests that
	// use it.
	_ "github.com/ayeaye-go/ayeaye/runtime/table/mysql"
	_ "github.com/ayeaye-go/ayeaye/runtime/table/postgres"
	_ "github.com/ayeaye-go/ayeaye/runtime/table/sqlite"
)

// Database is one database a test can use.
type Database struct {
	Dialect  table.Dialect
	Location string // the engine URL's location: a file path, or user@host:port/db
}

// URL is the engine URL of a table in the database, with extra options
// such as "mode=upsert" appended.
func (d Database) URL(tableName string, options ...string) string {
	u := string(d.Dialect) + "://" + d.Location + ";table=" + tableName
	for _, o := range options {
		u += ";" + o
	}
	return u
}

// Open opens a pool to the database and closes it when the test ends.
func (d Database) Open(t testing.TB) *table.DB {
	t.Helper()
	u, err := engine.Parse(d.URL("x"))
	if err != nil {
		t.Fatal(err)
	}
	loc, err := table.ParseURL(u)
	if err != nil {
		t.Fatal(err)
	}
	db, err := table.Open(context.Background(), loc, true)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Drop drops a table when the test ends (servers keep tables between
// runs; SQLite files are temporary anyway).
func (d Database) Drop(t testing.TB, tableName string) {
	t.Helper()
	db := d.Open(t)
	t.Cleanup(func() {
		db.SQL().ExecContext(context.Background(), "DROP TABLE IF EXISTS "+table.QuoteIdent(d.Dialect, tableName))
	})
}

// Databases returns SQLite (a new file in the test's temporary
// directory) and each server that answers.
func Databases(t testing.TB) []Database {
	t.Helper()
	out := []Database{{Dialect: table.SQLite, Location: filepath.Join(t.TempDir(), "test.db")}}
	for _, s := range []struct {
		d        table.Dialect
		env, def string
	}{
		{table.Postgres, "AYEAYE_TEST_POSTGRES", "postgres@127.0.0.1:5432/test?sslmode=disable"},
		{table.MySQL, "AYEAYE_TEST_MYSQL", "root@127.0.0.1:3306/test"},
	} {
		loc := os.Getenv(s.env)
		if loc == "" {
			loc = s.def
		}
		if reachable(loc) {
			out = append(out, Database{Dialect: s.d, Location: loc})
			continue
		}
		msg := s.d.Title() + " is not reachable at " + hostPort(loc) + "; set " + s.env + " to its location (user@host:port/db) to test against it"
		if os.Getenv("AYEAYE_REQUIRE_SERVICES") == "1" {
			t.Fatal(msg + " (AYEAYE_REQUIRE_SERVICES=1)")
		}
		t.Log("skipping: " + msg)
	}
	return out
}

// Require returns the database of dialect d, skipping the test (or
// failing it, with AYEAYE_REQUIRE_SERVICES=1) when it is not there.
func Require(t testing.TB, d table.Dialect) Database {
	t.Helper()
	for _, db := range Databases(t) {
		if db.Dialect == d {
			return db
		}
	}
	t.Skipf("%s is not reachable", d.Title())
	return Database{}
}

// TableName is a table name no other test uses: t_ and 12 hex digits.
func TableName(t testing.TB) string {
	var b [6]byte
	rand.Read(b[:])
	return "t_" + hex.EncodeToString(b[:])
}

func hostPort(loc string) string {
	rest, _, _ := strings.Cut(loc, "/")
	if at := strings.LastIndexByte(rest, '@'); at >= 0 {
		rest = rest[at+1:]
	}
	return rest
}

func reachable(loc string) bool {
	c, err := net.DialTimeout("tcp", hostPort(loc), time.Second)
	if err != nil {
		return false
	}
	c.Close()
	return true
}
