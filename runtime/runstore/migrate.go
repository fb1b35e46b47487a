package runstore

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
)

// migrationFS holds the schema migrations, one directory per dialect.
// Each file is NNNN_name.sql; versions start at 1 and have no gaps, and
// both dialects have the same versions.
//
//go:embed migrations
var migrationFS embed.FS

// migration is one numbered schema change.
type migration struct {
	version int
	name    string // the file name
	sql     string
}

// migrations reads a dialect's migrations in version order.
func migrations(dialectName string) ([]migration, error) {
	dir := path.Join("migrations", dialectName)
	entries, err := fs.ReadDir(migrationFS, dir)
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || !strings.HasSuffix(e.Name(), ".sql") {
			return nil, fmt.Errorf("migration %s/%s: want a name like 0001_name.sql", dir, e.Name())
		}
		if v != len(ms)+1 {
			return nil, fmt.Errorf("migration %s/%s: version %d follows %d; versions must count up from 1", dir, e.Name(), v, len(ms))
		}
		b, err := fs.ReadFile(migrationFS, path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: e.Name(), sql: string(b)})
	}
	return ms, nil
}

// errTooNew reports a store whose schema is newer than this program's.
type errTooNew struct{ have, know int }

func (e errTooNew) Error() string {
	return fmt.Sprintf("its schema is version %d but this program knows versions up to %d: "+
		"a newer version of Aye-aye wrote it", e.have, e.know)
}

// schemaVersion returns the highest applied migration, 0 for an empty
// store.
func (s *sqlStore) schemaVersion(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) (int, error) {
	var exists bool
	if err := q.QueryRowContext(ctx, s.d.tableExists).Scan(&exists); err != nil {
		return 0, err
	}
	if !exists {
		return 0, nil
	}
	var v int
	err := q.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Scan(&v)
	return v, err
}

// migrate brings the store's schema up to date. Pending migrations are
// applied together in one transaction, which other processes wait for
// (SQLite's write lock, a PostgreSQL advisory lock), so two programs
// opening a new store at once do not both create it.
func (s *sqlStore) migrate(ctx context.Context) error {
	ms, err := migrations(s.d.name)
	if err != nil {
		return err
	}
	latest := len(ms)
	v, err := s.schemaVersion(ctx, s.db)
	if err != nil {
		return err
	}
	if v > latest {
		return errTooNew{have: v, know: latest}
	}
	if v == latest {
		return nil
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		if s.d.lockMigrations != "" {
			if _, err := tx.ExecContext(ctx, s.d.lockMigrations); err != nil {
				return fmt.Errorf("locking the store for migration: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, s.d.migrationsTable); err != nil {
			return fmt.Errorf("creating schema_migrations: %w", err)
		}
		// Another process may have migrated while this one waited.
		v, err := s.schemaVersion(ctx, tx)
		if err != nil {
			return err
		}
		if v > latest {
			return errTooNew{have: v, know: latest}
		}
		for _, m := range ms[v:] {
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return fmt.Errorf("migrating to version %d (%s): %w", m.version, m.name, err)
			}
			if _, err := tx.ExecContext(ctx, s.d.rebind("INSERT INTO schema_migrations (version, name) VALUES (?, ?)"), m.version, m.name); err != nil {
				return fmt.Errorf("recording migration %d: %w", m.version, err)
			}
		}
		return nil
	})
}
