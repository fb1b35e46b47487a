package cli

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/ayeaye-go/ayeaye/runtime/provenance"
	"github.com/ayeaye-go/ayeaye/runtime/runstore"
	// The default store is SQLite, so every program links its driver; a
	// PostgreSQL store needs runtime/runstore/postgres imported as well.
	_ "github.com/ayeaye-go/ayeaye/runtime/runstore/sqlite"
)

// storeFlag is -store, shared by the commands that read or write run
// records.
type storeFlag struct{ dsn string }

func (f *storeFlag) register(fs *flag.FlagSet) {
	fs.StringVar(&f.dsn, "store", "", "the run store: sqlite:PATH, postgres://user@host/db (when the program imports "+runstore.ImportPath("postgres")+"), or none (default sqlite:"+runstore.DefaultPath+" in the project directory)")
}

// none reports whether the user asked for no run store.
func (f *storeFlag) none() bool { return f.dsn == "none" }

// path makes a relative path relative to the program's directory.
func (a *app) path(p string) string {
	if a.prog.Dir == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(a.prog.Dir, p)
}

// code is the program's build as run records and ayeaye.lock name it.
func (a *app) code() provenance.Code {
	if a.prog.Code.Module != "" || a.prog.Code.Revision != "" || a.prog.Code.Version != "" {
		c := a.prog.Code
		c.Schemas = nil // each run record fills in its own model's schemas
		return c
	}
	return provenance.CodeVersion()
}

// project names the program in run records: its module path, else its
// name.
func (a *app) project(c provenance.Code) string {
	if c.Module != "" {
		return c.Module
	}
	return a.prog.Name
}

// sqlitePath returns the file of a SQLite DSN (the default one for ""),
// relative paths taken from the program's directory, and whether dsn is
// SQLite at all.
func (a *app) sqlitePath(dsn string) (string, bool) {
	if dsn == "" {
		return a.path(runstore.DefaultPath), true
	}
	rest, ok := strings.CutPrefix(dsn, "sqlite:")
	if !ok {
		return "", false
	}
	rest = strings.TrimPrefix(rest, "//")
	if rest == "" {
		rest = runstore.DefaultPath
	}
	return a.path(rest), true
}

// openStore opens the run store of -store. When create is false (the
// commands that only read runs) a SQLite file that does not exist is not
// created: the store is nil, and there are no runs to show. The error
// names the store, without its password, and says how to go on without
// it.
func (a *app) openStore(f *storeFlag, create bool) (runstore.Store, error) {
	dsn := f.dsn
	if path, ok := a.sqlitePath(dsn); ok {
		if !create {
			if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
				return nil, nil
			}
		}
		dsn = "sqlite:" + path
	}
	st, err := runstore.Open(a.ctx, dsn)
	if err != nil {
		msg := err.Error()
		if !strings.Contains(msg, "-store none") {
			msg += "; or run with -store none to run without a run store"
		}
		return nil, errors.New(msg)
	}
	return st, nil
}

// storeName is how messages name the store of -store, without secrets.
func (a *app) storeName(f *storeFlag) string {
	if path, ok := a.sqlitePath(f.dsn); ok {
		return "sqlite:" + path
	}
	if u, err := url.Parse(f.dsn); err == nil {
		return u.Redacted()
	}
	// Unparsable: hide everything between the scheme and the host.
	if i := strings.Index(f.dsn, "://"); i >= 0 {
		if at := strings.LastIndexByte(f.dsn, '@'); at > i {
			return f.dsn[:i+3] + "xxxxx" + f.dsn[at:]
		}
	}
	return f.dsn
}

// noRuns is the message for a read-only command whose store does not
// exist yet.
func (a *app) noRuns(f *storeFlag) string {
	return fmt.Sprintf("no runs are recorded: %s does not exist yet (%s run records every run there)", a.storeName(f), a.prog.Name)
}

// closeStore closes st, reporting a failure on stderr: the command's
// work is done by then, so it does not change the exit code.
func (a *app) closeStore(st runstore.Store) {
	if st == nil {
		return
	}
	if err := st.Close(); err != nil {
		fmt.Fprintf(a.stderr, "%s: %v\n", a.prog.Name, err)
	}
}
