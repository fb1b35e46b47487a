package runstore

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/ayeaye-go/ayeaye/runtime/provenance"
)

// Store keeps run records and answers questions about them. Every method
// is safe for concurrent use, and several processes may share one store.
type Store interface {
	// Record inserts or replaces the record with r's ID. A "running"
	// record never replaces a finished one, so a late start record cannot
	// undo an outcome.
	provenance.Recorder

	// Get returns the run with this ID. A prefix of at least MinPrefix
	// characters that matches exactly one run also works. An unknown ID is
	// an error wrapping ErrNotFound, an ambiguous prefix one wrapping
	// ErrAmbiguous.
	Get(ctx context.Context, id string) (*provenance.Run, error)

	// List returns the runs that match f, newest first.
	List(ctx context.Context, f Filter) ([]*provenance.Run, error)

	// Produced returns the runs, of any status, with an output at this
	// location (the resolved, redacted engine URL as recorded) and, when
	// fingerprint is not empty, with that content fingerprint: the runs
	// that wrote this exact content. Newest first.
	Produced(ctx context.Context, location, fingerprint string) ([]*provenance.Run, error)

	// LastSuccess returns the newest succeeded run of the model (not of
	// one of its partitions), or nil and no error when there is none.
	LastSuccess(ctx context.Context, model string) (*provenance.Run, error)

	// MarkInterrupted marks as interrupted the runs still "running" that
	// were started on this host by a process that no longer exists, and
	// returns the runs it marked (so that what they left, such as the
	// parts of partitioned outputs, can be cleaned up). Call it when a
	// program starts.
	MarkInterrupted(ctx context.Context) ([]*provenance.Run, error)

	// Close releases the store's connections.
	Close() error
}

// Filter selects runs for List. Zero fields match every run.
type Filter struct {
	Model  string            // runs of this model (and its partitions)
	Status provenance.Status // runs with this status
	Parent string            // runs whose parent is this run or invocation
	Limit  int               // at most this many runs; 0 or less for all
}

// DefaultPath is where the default SQLite store lives, relative to the
// working directory (the project's root when run from there).
const DefaultPath = ".ayeaye/runs.db"

// MinPrefix is the shortest ID prefix Get accepts in place of a full ID.
const MinPrefix = 8

var (
	// ErrNotFound is wrapped by the error Get returns for an unknown run.
	ErrNotFound = errors.New("run not found")
	// ErrAmbiguous is wrapped by the error Get returns for an ID prefix
	// that matches several runs.
	ErrAmbiguous = errors.New("run ID prefix is ambiguous")
)

// noneHint ends the errors that stop a program from using its store: the
// user can always run without one.
const noneHint = "or run with -store none to run without a run store"

// Error is a failure of a run store. Its message names the store (with
// any password redacted), says what was being done and, for failures to
// open, how to get going again.
type Error struct {
	Store string // the store, as Redact prints it
	Op    string // what failed, e.g. "open" or "record run 0190…"
	Err   error
	Hint  string // what to do about it; empty when there is nothing to add
}

func (e *Error) Error() string {
	msg := "run store " + e.Store + ": " + e.Op + ": " + e.Err.Error()
	if e.Hint != "" {
		msg += "; " + e.Hint
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// Open opens (creating and migrating it when needed) the run store dsn
// names:
//
//	""                      DefaultDSN(): SQLite at DefaultPath when the
//	                        program links it, else a directory at DefaultDir
//	"sqlite:PATH"           SQLite at PATH; "sqlite:" alone is DefaultPath
//	"dir:PATH"              one JSON file per run in the directory PATH;
//	                        "dir:" alone is DefaultDir (needs no driver)
//	"postgres://…"          PostgreSQL (also "postgresql://…"); a
//	                        search_path parameter selects the schema
//	"none"                  a store that keeps nothing, for -store none
//
// The directory of a SQLite file is created. A corrupt file, an
// unreachable server or a store written by a newer version of this
// package is an *Error that says so. Each kind needs its driver linked,
// by importing runtime/runstore/sqlite or runtime/runstore/postgres
// (runtime/cli imports the first); without it the *Error names the
// import and wraps ErrNotLinked.
func Open(ctx context.Context, dsn string) (Store, error) {
	loc, err := parseDSN(dsn)
	if err != nil {
		return nil, err
	}
	switch loc.kind {
	case kindNone:
		return noneStore{}, nil
	case kindDir:
		return openDir(loc.path)
	}
	kind := sqliteDialect.name
	if loc.kind == kindPostgres {
		kind = postgresDialect.name
	}
	drv, err := driverOf(kind)
	if err != nil {
		return nil, &Error{Store: loc.name, Op: "open", Err: err, Hint: noneHint}
	}
	if loc.kind == kindSQLite {
		return openSQLite(ctx, drv, loc)
	}
	return openPostgres(ctx, drv, loc)
}

type storeKind int

const (
	kindNone storeKind = iota
	kindSQLite
	kindPostgres
	kindDir
)

// DefaultDSN is the store of a program that names none: SQLite at
// DefaultPath when the program links runtime/runstore/sqlite (as a project
// with SQL tables does), else the directory store at DefaultDir, which
// needs no driver.
func DefaultDSN() string {
	if Linked(sqliteDialect.name) {
		return "sqlite:" + DefaultPath
	}
	return "dir:" + DefaultDir
}

// Linked reports whether the driver of stores of kind ("sqlite" or
// "postgres") is linked into the program.
func Linked(kind string) bool {
	_, err := driverOf(kind)
	return err == nil
}

// location is a parsed DSN.
type location struct {
	kind    storeKind
	path    string   // SQLite file
	url     string   // PostgreSQL connection URL, as given
	name    string   // for messages: redacted
	secrets []string // scrubbed from driver errors; never printed
}

// parseDSN reads the -store flag's value.
func parseDSN(dsn string) (location, error) {
	switch {
	case dsn == "none":
		return location{kind: kindNone, name: "none"}, nil
	case dsn == "":
		return parseDSN(DefaultDSN())
	case strings.HasPrefix(dsn, "dir:"):
		path := strings.TrimPrefix(strings.TrimPrefix(dsn, "dir:"), "//")
		if path == "" {
			path = DefaultDir
		}
		if strings.ContainsRune(path, 0) {
			return location{}, fmt.Errorf("run store %q: the path holds a NUL byte; give a directory, e.g. -store dir:%s", dsn, DefaultDir)
		}
		return location{kind: kindDir, path: path, name: "dir:" + path}, nil
	case strings.HasPrefix(dsn, "sqlite:"):
		path := strings.TrimPrefix(dsn, "sqlite:")
		// sqlite:///abs/runs.db and sqlite://rel/runs.db are common
		// spellings of a path; there is no host part.
		path = strings.TrimPrefix(path, "//")
		if path == "" {
			path = DefaultPath
		}
		if strings.ContainsRune(path, 0) {
			return location{}, fmt.Errorf("run store %q: the path holds a NUL byte; give a file path, e.g. -store sqlite:%s", dsn, DefaultPath)
		}
		return location{kind: kindSQLite, path: path, name: "sqlite:" + path}, nil
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		name, secrets := redact(dsn)
		return location{kind: kindPostgres, url: dsn, name: name, secrets: secrets}, nil
	}
	name, _ := redact(dsn)
	return location{}, fmt.Errorf("run store %q: unknown kind of store; use sqlite:PATH, postgres://user@host/db, dir:PATH or none (default %s)",
		name, DefaultDSN())
}
