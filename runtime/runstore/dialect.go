package runstore

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// dialect is what differs between SQLite and PostgreSQL. Queries are
// written once, with ? placeholders, and rebound per dialect.
type dialect struct {
	name            string                // directory of the migrations
	rebind          func(q string) string // placeholders
	timeArg         func(t time.Time) any // a time column's value; the zero time is NULL
	text            func(s string) string // a text value the database accepts
	json            func(b []byte) any    // the record column's value
	tableExists     string                // is there a schema_migrations table?
	migrationsTable string                // creates schema_migrations if missing
	lockMigrations  string                // run first in the migration transaction
	otherStore      string                // how to use another store, for a store too new to read
	// serialWrites: one writer at a time inside the process, because
	// SQLite has one write lock per file and waiting for it in-process is
	// cheaper than SQLite's sleep-and-retry busy handler.
	serialWrites bool
}

var sqliteDialect = &dialect{
	name:        "sqlite",
	rebind:      func(q string) string { return q },
	timeArg:     sqliteTime,
	text:        func(s string) string { return s },
	json:        func(b []byte) any { return string(b) },
	tableExists: "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations')",
	migrationsTable: `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER NOT NULL PRIMARY KEY,
		name       TEXT    NOT NULL,
		applied_at TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
	) STRICT`,
	serialWrites: true,
	otherStore:   "another store (-store sqlite:OTHER_PATH)",
}

var postgresDialect = &dialect{
	name:   "postgres",
	rebind: dollarPlaceholders,
	timeArg: func(t time.Time) any {
		if t.IsZero() {
			return nil
		}
		return t
	},
	text:        pgText,
	json:        func(b []byte) any { return string(pgJSON(b)) },
	tableExists: "SELECT to_regclass('schema_migrations') IS NOT NULL",
	migrationsTable: `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER     NOT NULL PRIMARY KEY,
		name       TEXT        NOT NULL,
		applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
	)`,
	// One lock per schema, so stores in different schemas of one
	// database migrate independently.
	lockMigrations: "SELECT pg_advisory_xact_lock(hashtext('ayeaye-runstore:' || COALESCE(current_schema(), '')))",
	otherStore:     "another database or schema (search_path=…)",
}

// sqliteTime is a time column's value in SQLite: Unix nanoseconds,
// which sort as the times do. Times beyond what int64 nanoseconds hold
// (before 1678, after 2261) are clamped, keeping their order with the
// rest; the record keeps the exact time.
func sqliteTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	switch {
	case t.Before(time.Unix(0, math.MinInt64)):
		return int64(math.MinInt64)
	case t.After(time.Unix(0, math.MaxInt64)):
		return int64(math.MaxInt64)
	}
	return t.UnixNano()
}

// dollarPlaceholders turns ?, ?, … into $1, $2, …. The queries of this
// package have no ? inside literals, so no quoting is tracked.
func dollarPlaceholders(q string) string {
	var b strings.Builder
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

// pgText makes s storable in a PostgreSQL text column, which holds
// neither NUL nor invalid UTF-8: both become U+FFFD.
func pgText(s string) string {
	if strings.IndexByte(s, 0) < 0 && utf8.ValidString(s) {
		return s
	}
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "\uFFFD")
}

// pgJSON makes JSON from encoding/json storable as JSONB, which refuses
// the escape \u0000: it becomes \ufffd. Escaped backslashes are tracked,
// so the text \\u0000 (a backslash, then "u0000") is left alone.
func pgJSON(b []byte) []byte {
	const nul, repl = `\u0000`, `\ufffd`
	if !strings.Contains(string(b), nul) {
		return b
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		if b[i] != '\\' || i+1 >= len(b) {
			out = append(out, b[i])
			continue
		}
		if i+len(nul) <= len(b) && string(b[i:i+len(nul)]) == nul {
			out = append(out, repl...)
			i += len(nul) - 1
			continue
		}
		// Any other escape is copied whole.
		out = append(out, b[i], b[i+1])
		i++
	}
	return out
}

// idUpperBound returns the smallest string greater than every string
// that starts with prefix, in byte (code point) order, so that
// prefix <= id < bound selects the IDs with that prefix and can use the
// primary key's index. prefix must be valid UTF-8, as IDs are. ok is
// false when there is no such bound (prefix is all U+10FFFF), and then
// every ID >= prefix qualifies.
func idUpperBound(prefix string) (bound string, ok bool) {
	for prefix != "" {
		r, size := utf8.DecodeLastRuneInString(prefix)
		prefix = prefix[:len(prefix)-size]
		next := r + 1
		if next == 0xD800 { // skip the surrogates, which UTF-8 cannot hold
			next = 0xE000
		}
		if next <= utf8.MaxRune {
			return prefix + string(next), true
		}
	}
	return "", false
}
