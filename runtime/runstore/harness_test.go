package runstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/ayeaye-go/ayeaye/runtime/provenance"
	"github.com/ayeaye-go/ayeaye/runtime/runstore/internal/pgdriver"
	"github.com/ayeaye-go/ayeaye/runtime/runstore/internal/sqlitedriver"
)

// The tests register the drivers runtime/runstore/sqlite and postgres
// register in programs; those packages import this one, so these tests
// cannot import them.
func init() {
	Register("sqlite", sqlitedriver.Driver{})
	Register("postgres", pgdriver.Driver{})
}

// postgresURL is the server the PostgreSQL tests use; AYEAYE_TEST_POSTGRES
// overrides it.
func postgresURL() string {
	if u := os.Getenv("AYEAYE_TEST_POSTGRES"); u != "" {
		return u
	}
	return "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
}

// dialectCase opens a fresh, empty store of one dialect.
type dialectCase struct {
	name string
	dsn  func(t *testing.T) string
}

var dialects = []dialectCase{
	{"sqlite", func(t *testing.T) string { return "sqlite:" + filepath.Join(t.TempDir(), "runs.db") }},
	{"postgres", postgresSchema},
	{"dir", func(t *testing.T) string { return "dir:" + filepath.Join(t.TempDir(), "runs") }},
}

// forEachDialect runs test once per dialect, each on a new store.
func forEachDialect(t *testing.T, test func(t *testing.T, dsn string)) {
	for _, d := range dialects {
		t.Run(d.name, func(t *testing.T) { test(t, d.dsn(t)) })
	}
}

// openStore opens dsn and closes it when the test ends.
func openStore(t *testing.T, dsn string) Store {
	t.Helper()
	s, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	return s
}

// postgresSchema creates a schema of its own for the test, dropped when
// it ends, and returns a DSN whose search_path selects it. Without a
// server the test is skipped, unless AYEAYE_REQUIRE_SERVICES=1.
func postgresSchema(t *testing.T) string {
	t.Helper()
	base := postgresURL()
	cfg, err := pgx.ParseConfig(base)
	if err != nil {
		t.Fatalf("AYEAYE_TEST_POSTGRES: %v", err)
	}
	cfg.ConnectTimeout = 3 * time.Second
	db := stdlib.OpenDB(*cfg)
	t.Cleanup(func() { _ = db.Close() })
	ctx := context.Background()
	if err := db.PingContext(ctx); err != nil {
		if os.Getenv("AYEAYE_REQUIRE_SERVICES") == "1" {
			t.Fatalf("PostgreSQL at %s is required (AYEAYE_REQUIRE_SERVICES=1) but not reachable: %v", Redact(base), err)
		}
		t.Skipf("PostgreSQL at %s not reachable, skipping (set AYEAYE_REQUIRE_SERVICES=1 to fail instead): %v", Redact(base), err)
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "runstore_test_" + hex.EncodeToString(b[:])
	if _, err := db.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if _, err := db.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("dropping test schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// epoch is when the test runs start; runs are a minute apart.
var epoch = time.Date(2026, 3, 1, 9, 0, 0, 123456789, time.UTC)

// runID is a UUIDv7-shaped ID for the n-th test run.
func runID(n int) string {
	return fmt.Sprintf("0195%04x-e000-7000-8000-%012x", n, n)
}

// newRun is a finished run of model, the n-th of the test, writing the
// given outputs (location=fingerprint pairs).
func newRun(n int, model string, status provenance.Status, outputs ...string) *provenance.Run {
	r := &provenance.Run{
		ID:      runID(n),
		Project: "example.com/shop",
		Model:   model,
		Code:    provenance.Code{Module: "example.com/shop", Revision: "abc123"},
		Env:     "dev",
		Vars:    map[string]string{"data_root": "data"},
		Inputs:  []provenance.Dataset{{Field: "Orders", Name: "orders", Location: "csv://data/orders.csv", Fingerprint: "sha256:in", Records: 10}},
		Outputs: []provenance.Dataset{},
		Host:    "test-host",
		PID:     4242,
		Start:   epoch.Add(time.Duration(n) * time.Minute),
		End:     epoch.Add(time.Duration(n)*time.Minute + 30*time.Second),
		Status:  status,
	}
	for _, o := range outputs {
		loc, fp, _ := strings.Cut(o, "=")
		r.Outputs = append(r.Outputs, provenance.Dataset{Field: "Out", Name: "out", Location: loc, Fingerprint: fp, Records: 3})
	}
	if status == provenance.Running {
		r.End = time.Time{}
	}
	return r
}

// ids lists the runs' IDs, for comparisons.
func ids(runs []*provenance.Run) []string {
	out := []string{}
	for _, r := range runs {
		out = append(out, r.ID)
	}
	return out
}

// rawDB opens the store's database directly, to damage or inspect it.
func rawDB(t *testing.T, dsn string) *sql.DB {
	t.Helper()
	loc, err := parseDSN(dsn)
	if err != nil {
		t.Fatal(err)
	}
	var db *sql.DB
	if loc.kind == kindSQLite {
		abs, _ := filepath.Abs(loc.path)
		db, err = sqlitedriver.Driver{}.Open(abs)
	} else {
		db, err = sql.Open("pgx", loc.url)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}
