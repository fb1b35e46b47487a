package table

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"strings"

	"github.com/ayeaye-go/ayeaye/runtime/internal/owner"
)

// stagePrefix starts every staging table's name: _ayeaye_stage_OWNER_RAND,
// OWNER naming the process that loads it (runtime/internal/owner), so a
// later writer can drop the ones whose process was killed mid-load.
const stagePrefix = "_ayeaye_stage_"

func stageName(table Name) Name {
	var b [2]byte
	rand.Read(b[:])
	return Name{Schema: table.Schema, Table: stagePrefix + owner.Tag() + "_" + hex.EncodeToString(b[:])}
}

// stageOwner is the owner tag in a staging table's name, or "".
func stageOwner(table string) string {
	rest, ok := strings.CutPrefix(table, stagePrefix)
	if !ok {
		return ""
	}
	i := strings.LastIndexByte(rest, '_')
	if i < 0 {
		return ""
	}
	return rest[:i]
}

// dropStaleStages drops the staging tables in schema that processes of
// this host which no longer exist left behind. SQLite and MariaDB can
// leave them (a PostgreSQL load is one transaction, which the server rolls
// back); a failure to list or drop them is not the write's failure, so it
// is ignored: the next writer tries again.
func (db *DB) dropStaleStages(ctx context.Context, schema string) {
	var q string
	args := []any{nil}
	if schema != "" {
		args[0] = schema
	}
	like := strings.ReplaceAll(stagePrefix, "_", `\_`) + "%"
	switch db.d {
	case Postgres:
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = COALESCE($1::text, current_schema()) AND table_name LIKE $2`
	case MySQL:
		q = `SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME LIKE ?`
	case SQLite:
		if schema == "" {
			schema = "main"
		}
		q = `SELECT name FROM pragma_table_list WHERE schema = ? AND type = 'table' AND name LIKE ? ESCAPE '\'`
		args[0] = schema
	}
	rows, err := db.sql.QueryContext(ctx, q, append(args, like)...)
	if err != nil {
		return
	}
	var stale []string
	for rows.Next() {
		var name string
		if rows.Scan(&name) == nil && owner.Stale(stageOwner(name)) {
			stale = append(stale, name)
		}
	}
	rows.Close()
	for _, name := range stale {
		_, _ = db.sql.ExecContext(ctx, "DROP TABLE IF EXISTS "+QuoteName(db.d, Name{Schema: schema, Table: name}))
	}
}
