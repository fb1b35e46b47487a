// Package runstore keeps run records (provenance.Run) in a database or a
// directory, so
// that runs can be listed, inspected, compared and traced back: which run
// wrote this exact file, from which inputs.
//
// # Choosing a store
//
// Open takes the value of the program's -store flag:
//
//	(empty)               DefaultDSN(): SQLite at .ayeaye/runs.db when the
//	                      program links it, else dir:.ayeaye/runs
//	dir:PATH              one JSON file per run in the directory PATH: no
//	                      driver, for projects that link no database
//	sqlite:PATH           SQLite at PATH (its directory is created)
//	postgres://…          PostgreSQL, for a store a team shares
//	none                  keep nothing: a program always runs
//
// SQLite needs no server and no cgo (modernc.org/sqlite). PostgreSQL uses
// github.com/jackc/pgx; add search_path=SCHEMA to the URL to keep the
// store in a schema of its own. Without connect_timeout in the URL,
// connecting gives up after 10 seconds.
//
// # Drivers, linked by import
//
// This package writes the SQL of both kinds but links neither driver
// (the directory store needs none). A
// program links the kinds it opens by importing their packages for
// their side effect, as database/sql programs do:
//
//	import (
//		_ "github.com/ayeaye-go/ayeaye/runtime/runstore/sqlite"   // sqlite:PATH and the default store
//		_ "github.com/ayeaye-go/ayeaye/runtime/runstore/postgres" // postgres://…
//	)
//
// A project whose schemas name SQLite tables links the first through its
// generated datasets/ayeaye_drivers.go, and then records in SQLite; one
// that only reads and writes files records in the directory store, so
// its binary carries no database. A shared PostgreSQL store needs the
// second in the program's main. Each registers its Driver (opening a pool, reading the driver's
// errors) with Register. Opening a store whose kind is not linked is an
// *Error that names the import to add, wrapping ErrNotLinked.
//
// # Using it
//
//	store, err := runstore.Open(ctx, *storeFlag)
//	if err != nil {
//		return err // names the store and suggests -store none
//	}
//	defer store.Close()
//	store.MarkInterrupted(ctx)           // runs killed last time
//	store.Record(ctx, run)               // at the start and at the end of a run
//	store.List(ctx, runstore.Filter{Model: "Popularity", Limit: 20})
//	store.Get(ctx, "0195f3a2")           // an ID, or an unambiguous prefix of 8+ characters
//	store.Produced(ctx, location, fp)    // the runs that wrote this content there
//	store.LastSuccess(ctx, "Popularity") // for -skip-unchanged and -resume
//
// Lineage across runs is repeated Produced calls: the run that wrote a
// file's content read its Inputs, each with a location and fingerprint,
// and Produced(input.Location, input.Fingerprint) finds the runs that
// wrote those, and so on back to data no run wrote.
//
// Record is an upsert by run ID: the start record (status running) is
// replaced by the final one. A start record that arrives after the final
// one is ignored, so an outcome is never undone.
//
// # Interrupted runs
//
// A program killed with SIGKILL (or by a power cut) cannot record how its
// run ended, so the run stays "running". MarkInterrupted, called when the
// next program starts, finds the running runs started on this host whose
// process is gone and marks them "interrupted", with an error saying so.
// On Linux a process that started after the run did is not the run's
// (PIDs are reused; in a container the program is often PID 1 each time).
// Runs of other hosts are left for those hosts, because a PID means
// nothing elsewhere. Hosts are told apart by name, so machines sharing a
// store need distinct host names.
//
// # Schema
//
// The runs table has a column for each field queries filter or sort on
// (id, parent, model, partition_key, status, start_time, end_time, host,
// pid) and the whole record as JSON (TEXT in SQLite, JSONB in
// PostgreSQL), so fields added to provenance.Run need no migration. The
// datasets table has a row per input and output of a run (run_id,
// direction, position, field, name, location, fingerprint, records) for
// lineage queries. The JSON Schema of the record is
// schemas/run-record.schema.json.
//
// Migrations are numbered SQL files embedded per dialect
// (migrations/sqlite, migrations/postgres, the same versions in both). Open
// applies the missing ones in one transaction and records each in
// schema_migrations; concurrent programs wait for each other (SQLite's
// write lock, a PostgreSQL advisory lock per schema). A store whose
// schema is newer than this package knows is refused with an error
// rather than misread.
//
// # Concurrency
//
// A Store is safe for concurrent use, and any number of processes may
// share one store. SQLite runs in WAL mode (readers never wait for the
// writer), transactions take the write lock when they begin (so two
// writers cannot deadlock), writers in one process queue on a mutex and
// writers in different processes wait up to 30 seconds for each other
// (busy_timeout). Each record is written in one transaction.
//
// # Errors and secrets
//
// A failure is an *Error naming the store, what failed and, when opening,
// what to do: a corrupt SQLite file ("not a valid SQLite database … move
// it aside"), an unreachable server, a missing database or schema. Each
// suggests -store none, which runs without a store. Passwords in a
// PostgreSQL URL (user info, password= and sslpassword= parameters) never
// appear in messages; use Redact to print a DSN.
//
// PostgreSQL cannot store NUL characters or invalid UTF-8 in text; such
// characters in a record read back as U+FFFD from a PostgreSQL store.
//
// # Tests
//
// The tests run every case against SQLite and against PostgreSQL at
// postgres://postgres@127.0.0.1:5432/test?sslmode=disable (override with
// AYEAYE_TEST_POSTGRES), each test in a schema of its own that is dropped
// afterwards. Without a server the PostgreSQL cases are skipped, unless
// AYEAYE_REQUIRE_SERVICES=1 makes them fail.
package runstore
