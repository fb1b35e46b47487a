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
)

// storeFlag is -store, shared by the commands that read or write run
// records.
type storeFlag struct{ dsn string }

func (f *storeFlag) register(fs *flag.FlagSet) {
	fs.StringVar(&f.dsn, "store", "", "the run store: dir:PATH (one JSON file per run), sqlite:PATH (when the program imports "+runstore.ImportPath("sqlite")+"), postgres://user@host/db (when it imports "+runstore.ImportPath("postgres")+"), or none (default "+runstore.DefaultDSN()+" in the project directory)")
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

// localStore returns the kind ("sqlite:" or "dir:") and path of a store
// kept in local files, relative paths taken from the program's
// directory; ok is false for the other stores. "" is the default store
// (runstore.DefaultDSN).
func (a *app) localStore(dsn string) (kind, path string, ok bool) {
	if dsn == "" {
		dsn = runstore.DefaultDSN()
	}
	for _, k := range []string{"sqlite:", "dir:"} {
		if rest, found := strings.CutPrefix(dsn, k); found {
			rest = strings.TrimPrefix(rest, "//")
			if rest == "" {
				rest = map[string]string{"sqlite:": runstore.DefaultPath, "dir:": runstore.DefaultDir}[k]
			}
			return k, a.path(rest), true
		}
	}
	return "", "", false
}

// openStore opens the run store of -store. When create is false (the
// commands that only read runs) a local store that does not exist is not
// created: the store is nil, and there are no runs to show. The error
// names the store, without its password, and says how to go on without
// it.
func (a *app) openStore(f *storeFlag, create bool) (runstore.Store, error) {
	dsn := f.dsn
	if kind, path, ok := a.localStore(dsn); ok {
		if err := a.checkDefaultStore(f, kind); err != nil {
			return nil, err
		}
		if !create {
			if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
				return nil, nil
			}
		}
		dsn = kind + path
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

// checkDefaultStore refuses to start a directory store beside the SQLite
// store a project already has: a program built without the SQLite driver
// would otherwise record its runs apart from their history.
func (a *app) checkDefaultStore(f *storeFlag, kind string) error {
	if f.dsn != "" || kind != "dir:" {
		return nil
	}
	if _, err := os.Stat(a.path(runstore.DefaultPath)); err != nil {
		return nil
	}
	return fmt.Errorf("this project's runs are recorded in sqlite:%s, but this program does not link SQLite: add import _ %q to its main package (or -store dir:%s to start a new history, -store none for none)",
		runstore.DefaultPath, runstore.ImportPath("sqlite"), runstore.DefaultDir)
}

// storeName is how messages name the store of -store, without secrets.
func (a *app) storeName(f *storeFlag) string {
	if kind, path, ok := a.localStore(f.dsn); ok {
		return kind + path
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
