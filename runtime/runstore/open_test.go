package runstore

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/ayeaye-go/ayeaye/runtime/provenance"
	"github.com/google/go-cmp/cmp"
)

func TestParseDSN(t *testing.T) {
	tests := []struct {
		dsn     string
		kind    storeKind
		path    string
		name    string
		wantErr string
	}{
		{dsn: "", kind: kindSQLite, path: DefaultPath, name: "sqlite:.ayeaye/runs.db"},
		{dsn: "none", kind: kindNone, name: "none"},
		{dsn: "sqlite:", kind: kindSQLite, path: DefaultPath, name: "sqlite:.ayeaye/runs.db"},
		{dsn: "sqlite:runs.db", kind: kindSQLite, path: "runs.db", name: "sqlite:runs.db"},
		{dsn: "sqlite:/var/lib/ayeaye/runs.db", kind: kindSQLite, path: "/var/lib/ayeaye/runs.db", name: "sqlite:/var/lib/ayeaye/runs.db"},
		{dsn: "sqlite:///var/runs.db", kind: kindSQLite, path: "/var/runs.db", name: "sqlite:/var/runs.db"},
		{dsn: "sqlite://rel/runs.db", kind: kindSQLite, path: "rel/runs.db", name: "sqlite:rel/runs.db"},
		{dsn: "postgres://ci@db:5432/runs", kind: kindPostgres, name: "postgres://ci@db:5432/runs"},
		{dsn: "postgresql://ci:s3cret@db/runs?sslmode=require", kind: kindPostgres, name: "postgresql://ci:xxxxx@db/runs?sslmode=require"},
		{dsn: "sqlite:a\x00b", wantErr: "NUL byte"},
		{dsn: "dir:", kind: kindDir, path: DefaultDir, name: "dir:" + DefaultDir},
		{dsn: "dir:hist/runs", kind: kindDir, path: "hist/runs", name: "dir:hist/runs"},
		{dsn: "dir:a\x00b", wantErr: "NUL byte"},
		{dsn: "mysql://root:hunter2@db/runs", wantErr: `run store "mysql://root:xxxxx@db/runs": unknown kind of store; use sqlite:PATH`},
		{dsn: "None", wantErr: "unknown kind of store"},
		{dsn: ".ayeaye/runs.db", wantErr: "unknown kind of store"},
	}
	for _, tt := range tests {
		loc, err := parseDSN(tt.dsn)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("parseDSN(%q) error = %v, want %q", tt.dsn, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("parseDSN(%q): %v", tt.dsn, err)
			continue
		}
		if loc.kind != tt.kind || loc.path != tt.path || loc.name != tt.name {
			t.Errorf("parseDSN(%q) = kind %d path %q name %q; want %d %q %q", tt.dsn, loc.kind, loc.path, loc.name, tt.kind, tt.path, tt.name)
		}
	}
}

func TestRedact(t *testing.T) {
	tests := []struct{ dsn, want string }{
		{"postgres://u:pw@h/db", "postgres://u:xxxxx@h/db"},
		{"postgres://u@h/db", "postgres://u@h/db"},
		{"postgres://h/db", "postgres://h/db"},
		{"postgres://u:p@ss/w?rd@h:5432/db", "postgres://u:xxxxx@h:5432/db"},
		{"postgres://u:%41b@h/db", "postgres://u:xxxxx@h/db"},
		{"postgres://u@h/db?password=pw&sslmode=disable", "postgres://u@h/db?password=xxxxx&sslmode=disable"},
		{"postgres://h/db?sslpassword=pw", "postgres://h/db?sslpassword=xxxxx"},
		{"host=h user=u password='p w' dbname=d", "host=h user=u password=xxxxx dbname=d"},
		{"host=h PASSWORD = pw", "host=h PASSWORD = xxxxx"},
		{"sqlite:.ayeaye/runs.db", "sqlite:.ayeaye/runs.db"},
	}
	for _, tt := range tests {
		if got := Redact(tt.dsn); got != tt.want {
			t.Errorf("Redact(%q) = %q, want %q", tt.dsn, got, tt.want)
		}
	}
	// Driver errors lose the secrets too, decoded or not, and still unwrap.
	_, secrets := redact("postgres://u:p%40ss@h/db")
	base := errors.New("auth failed for p@ss and p%40ss")
	err := scrub(base, secrets)
	if got := err.Error(); got != "auth failed for xxxxx and xxxxx" || !errors.Is(err, base) {
		t.Errorf("scrub = %q (unwraps to base: %v)", got, errors.Is(err, base))
	}
}

func FuzzParseDSN(f *testing.F) {
	for _, s := range []string{
		"", "none", "sqlite:", "sqlite:x.db", "sqlite:///a/b.db", "postgres://u:pw@h/db",
		"postgres://u:p@w@h:1/db?password=x&sslpassword='y'", "postgresql://@/", "postgres://:@", "foo://a:b@c",
		"host=h password='it''s' user=u", "postgres://u:\xff@h/db",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, dsn string) {
		loc, err := parseDSN(dsn)
		_, secrets := redact(dsn)
		printed := []string{Redact(dsn), loc.name}
		// Text of the message itself may contain a short secret by
		// chance; what matters is that it is not there because of the DSN.
		var msg, redactedMsg string
		if err != nil {
			msg = err.Error()
			if _, err2 := parseDSN(Redact(dsn)); err2 != nil {
				redactedMsg = err2.Error()
			}
		}
		for _, s := range secrets {
			// A secret that also appears elsewhere in the DSN, or could be
			// formed around the mark, cannot be told apart from it.
			if strings.Count(dsn, s) != 1 || strings.ContainsAny(s, "x@=&' ") {
				continue
			}
			for _, p := range printed {
				if strings.Contains(p, s) {
					t.Fatalf("%q printed as %q shows the secret %q", dsn, p, s)
				}
			}
			if strings.Contains(msg, s) && !strings.Contains(redactedMsg, s) {
				t.Fatalf("%q: error %q shows the secret %q", dsn, msg, s)
			}
		}
		if err == nil && loc.kind == kindSQLite && loc.path == "" {
			t.Fatalf("%q: SQLite store without a path", dsn)
		}
	})
}

func TestNoneStore(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, "none")
	if err := s.Record(ctx, newRun(1, "M", provenance.Running)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(ctx, runID(1)); !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "-store none") {
		t.Errorf("Get = %v, want ErrNotFound explaining -store none", err)
	}
	runs, err := s.List(ctx, Filter{})
	if err != nil || len(runs) != 0 {
		t.Errorf("List = %v, %v", runs, err)
	}
	runs, err = s.Produced(ctx, "csv://x", "")
	if err != nil || len(runs) != 0 {
		t.Errorf("Produced = %v, %v", runs, err)
	}
	if r, err := s.LastSuccess(ctx, "M"); r != nil || err != nil {
		t.Errorf("LastSuccess = %v, %v", r, err)
	}
	if runs, err := s.MarkInterrupted(ctx); len(runs) != 0 || err != nil {
		t.Errorf("MarkInterrupted = %d runs, %v", len(runs), err)
	}
}

// Opening fails with an *Error that names the store and says -store none
// gets the user going.
func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.db")
	if err := os.WriteFile(garbage, []byte("this is not a database, just some bytes that are long enough to be a header............................................................"), 0o644); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, dsn string
		want      []string
	}{
		{"corrupt file", "sqlite:" + garbage, []string{"run store sqlite:" + garbage + ": open:", "not a valid SQLite database", "move it aside", "-store none"}},
		{"directory", "sqlite:" + dir, []string{"is a directory", "-store none"}},
		{"directory under a file", "sqlite:" + filepath.Join(file, "runs.db"), []string{"creating its directory", "-store none"}},
		{"unreachable server", "postgres://ci:hunter2@127.0.0.1:1/runs?sslmode=disable&connect_timeout=2",
			[]string{"run store postgres://ci:xxxxx@127.0.0.1:1/runs", "check the server is running", "-store none"}},
		{"bad URL", "postgres://ci:hunter2@h:notaport/db", []string{"postgres://ci:xxxxx@", "-store none"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Open(context.Background(), tt.dsn)
			if err == nil {
				s.Close()
				t.Fatal("Open succeeded")
			}
			var se *Error
			if !errors.As(err, &se) {
				t.Errorf("error is a %T, want *Error: %v", err, err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Errorf("error shows the password: %v", err)
			}
		})
	}
	// The damaged file is left alone for the user to inspect.
	if b, _ := os.ReadFile(garbage); !strings.HasPrefix(string(b), "this is not a database") {
		t.Error("Open changed the corrupt file")
	}
}

func TestMigrationsMatchAcrossDialects(t *testing.T) {
	var names [][]int
	for _, d := range []*dialect{sqliteDialect, postgresDialect} {
		ms, err := migrations(d.name)
		if err != nil {
			t.Fatal(err)
		}
		var vs []int
		for _, m := range ms {
			vs = append(vs, m.version)
		}
		names = append(names, vs)
	}
	if len(names[0]) == 0 {
		t.Fatal("no migrations")
	}
	if diff := cmp.Diff(names[0], names[1]); diff != "" {
		t.Errorf("sqlite and postgres migrations differ (-sqlite +postgres):\n%s", diff)
	}
}

func TestReopenAndSchemaVersions(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dsn string) {
		if strings.HasPrefix(dsn, "dir:") {
			t.Skip("a directory store has no schema to migrate")
		}
		ctx := context.Background()
		s, err := Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Record(ctx, newRun(1, "M", provenance.Succeeded)); err != nil {
			t.Fatal(err)
		}
		s.Close()
		// Reopening keeps the runs and applies nothing twice.
		s = openStore(t, dsn)
		if _, err := s.Get(ctx, runID(1)); err != nil {
			t.Fatal(err)
		}
		db := rawDB(t, dsn)
		var n int
		if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM schema_migrations").Scan(&n); err != nil {
			t.Fatal(err)
		}
		ms, _ := migrations("sqlite")
		if n != len(ms) {
			t.Errorf("schema_migrations has %d rows, want %d", n, len(ms))
		}
		// A newer program migrated the store: this one refuses it.
		if _, err := db.ExecContext(ctx, "INSERT INTO schema_migrations (version, name) VALUES (99, '0099_future.sql')"); err != nil {
			t.Fatal(err)
		}
		_, err = Open(ctx, dsn)
		if err == nil || !strings.Contains(err.Error(), "schema is version 99 but this program knows versions up to") ||
			!strings.Contains(err.Error(), "-store none") {
			t.Errorf("opening a newer store: %v", err)
		}
	})
}

// Several programs opening a new store at once migrate it once.
func TestConcurrentFirstOpen(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dsn string) {
		var wg sync.WaitGroup
		errs := make([]error, 6)
		for i := range errs {
			wg.Go(func() {
				s, err := Open(context.Background(), dsn)
				if err == nil {
					err = s.Close()
				}
				errs[i] = err
			})
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Error(err)
			}
		}
	})
}

// Any character may appear in a SQLite path.
func TestSQLitePathCharacters(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "my runs #1", "50% ?done")
	path := filepath.Join(dir, "runs&more.db")
	s := openStore(t, "sqlite:"+path)
	if err := s.Record(ctx, newRun(1, "M", provenance.Succeeded)); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Errorf("the store is not at %s: %v", path, err)
	}
}

// A store damaged after it was opened reports it on use.
func TestCorruptedWhileOpen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "runs.db")
	s := openStore(t, "sqlite:"+path)
	for i := range 50 {
		if err := s.Record(ctx, newRun(i, "M", provenance.Succeeded, "csv://out.csv=sha256:1")); err != nil {
			t.Fatal(err)
		}
	}
	db := rawDB(t, "sqlite:"+path)
	if _, err := db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	// Overwrite everything after the header page with garbage.
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	fi, _ := f.Stat()
	if _, err := f.WriteAt([]byte(strings.Repeat("\xde\xad", int(fi.Size()-4096)/2)), 4096); err != nil {
		t.Fatal(err)
	}
	f.Close()
	// A fresh connection sees the damage (the pool may hold pages).
	s2, err := Open(ctx, "sqlite:"+path)
	if err == nil {
		_, err = s2.List(ctx, Filter{})
		s2.Close()
	}
	if err == nil || !strings.Contains(err.Error(), "not a valid SQLite database") || !strings.Contains(err.Error(), "-store none") {
		t.Errorf("damaged store: %v", err)
	}
}
