package table

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io/fs"
	"math"
	"strconv"
	"strings"
	"time"
)

// Content fingerprints. A table's fingerprint is "sha256:" and the hex
// digest of its row count and two sums of 64-bit row hashes: a checksum
// over the rows as a set, so it needs no key and no sort, and the same
// rows in any physical order give the same fingerprint.
//
//   - PostgreSQL computes it in the server: two 64-bit hashes
//     (hashtextextended, the hash of hash partitioning, with two seeds)
//     of each row's text form, summed in one sequential scan. Nothing
//     but three numbers crosses the network and memory stays constant;
//     the cost is one read of the table and the text form of each row,
//     about 1.5 s per million six-column rows on a small server.
//     PostgreSQL keeps no reliable last-modification time per table
//     (commit timestamps are off by default and statistics lag), so a
//     cheaper "modified since" fingerprint is not offered.
//   - MariaDB does the same with MD5 over the row's QUOTE()d columns.
//   - SQLite has no hash function, so the rows are read in-process (no
//     network involved) and hashed with SHA-256.
//
// These are checksums for noticing change, not cryptographic digests:
// they do not resist collisions made on purpose.
//
// The fingerprint covers the stored representation, so the same values
// in another dialect, or after a column's type changes, fingerprint
// differently. A URL option ;fingerprint=none turns fingerprints off for
// tables too large to scan after every run.

// Fingerprint returns the content fingerprint of loc's table and its
// row count. A missing table is an error wrapping fs.ErrNotExist.
func (db *DB) Fingerprint(ctx context.Context, loc Location) (string, int64, error) {
	a, err := db.Describe(ctx, loc.Table)
	if err != nil {
		return "", 0, err
	}
	if !a.Exists {
		return "", 0, fmt.Errorf("%s: %w", loc.where(), fs.ErrNotExist)
	}
	var count int64
	var s1, s2 string
	tbl := QuoteName(db.d, loc.Table)
	switch db.d {
	case Postgres:
		q := `SELECT count(*), coalesce(sum(hashtextextended(x, 0)), 0)::text, coalesce(sum(hashtextextended(x, 1)), 0)::text
			FROM (SELECT t::text AS x FROM ` + tbl + ` AS t) AS s`
		err = db.sql.QueryRowContext(ctx, q).Scan(&count, &s1, &s2)
	case MySQL:
		cols := make([]string, len(a.Columns))
		for i, c := range a.Columns {
			cols[i] = "QUOTE(" + QuoteIdent(MySQL, c.Name) + ")"
		}
		q := `SELECT COUNT(*), CAST(COALESCE(SUM(CAST(CONV(SUBSTRING(h, 1, 16), 16, 10) AS UNSIGNED)), 0) AS CHAR),
			CAST(COALESCE(SUM(CAST(CONV(SUBSTRING(h, 17, 16), 16, 10) AS UNSIGNED)), 0) AS CHAR)
			FROM (SELECT MD5(CONCAT_WS(',', ` + strings.Join(cols, ", ") + `)) AS h FROM ` + tbl + `) AS s`
		err = db.sql.QueryRowContext(ctx, q).Scan(&count, &s1, &s2)
	case SQLite:
		count, s1, s2, err = db.sqliteSums(ctx, tbl, a)
	}
	if err != nil {
		return "", 0, fmt.Errorf("%s: fingerprinting: %w", loc.where(), err)
	}
	sum := sha256.Sum256([]byte(fmt.Sprintf("%s\n%d\n%s\n%s\n", db.d, count, s1, s2)))
	return "sha256:" + hex.EncodeToString(sum[:]), count, nil
}

// sqliteSums reads every row and sums the two halves of each row's
// SHA-256 (mod 2^64).
func (db *DB) sqliteSums(ctx context.Context, tbl string, a *Actual) (int64, string, string, error) {
	cols := make([]string, len(a.Columns))
	for i, c := range a.Columns {
		cols[i] = QuoteIdent(SQLite, c.Name)
	}
	rows, err := db.sql.QueryContext(ctx, "SELECT "+strings.Join(cols, ", ")+" FROM "+tbl)
	if err != nil {
		return 0, "", "", err
	}
	defer rows.Close()
	vals := make([]any, len(cols))
	dest := make([]any, len(cols))
	for i := range vals {
		dest[i] = &vals[i]
	}
	var n int64
	var s1, s2 uint64
	var buf []byte
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return 0, "", "", err
		}
		buf = buf[:0]
		for _, v := range vals {
			buf = appendTagged(buf, v)
		}
		h := sha256.Sum256(buf)
		s1 += binary.BigEndian.Uint64(h[:8])
		s2 += binary.BigEndian.Uint64(h[8:16])
		n++
	}
	if err := rows.Err(); err != nil {
		return 0, "", "", err
	}
	return n, strconv.FormatUint(s1, 10), strconv.FormatUint(s2, 10), nil
}

// appendTagged writes a value with its type and length, so that no two
// different rows encode alike.
func appendTagged(b []byte, v any) []byte {
	switch x := v.(type) {
	case nil:
		return append(b, 'N')
	case int64:
		b = append(b, 'I')
		return binary.BigEndian.AppendUint64(b, uint64(x))
	case float64:
		b = append(b, 'R')
		return binary.BigEndian.AppendUint64(b, math.Float64bits(x))
	case string:
		b = append(b, 'T')
		b = binary.BigEndian.AppendUint64(b, uint64(len(x)))
		return append(b, x...)
	case []byte:
		b = append(b, 'B')
		b = binary.BigEndian.AppendUint64(b, uint64(len(x)))
		return append(b, x...)
	case time.Time:
		return appendTagged(b, x.UTC().Format(time.RFC3339Nano))
	case bool:
		if x {
			return appendTagged(b, int64(1))
		}
		return appendTagged(b, int64(0))
	}
	return appendTagged(b, fmt.Sprint(v))
}
