// Package openlineage turns run records into OpenLineage run events and
// sends them to a lineage server (such as Marquez) or to a file, so that
// Aye-aye's runs show up in the lineage tools a data platform already
// has.
//
// # Use
//
// An Emitter is a provenance.Recorder: give it to the runner next to the
// run store, and close it when the program ends.
//
//	lin, err := openlineage.New("http://marquez:5000", logger, openlineage.Options{
//		Config: openlineage.Config{Schemas: schemas}, // dataset name → JSON Schema
//	})
//	if err != nil { ... }                             // a bad target or schema
//	defer lin.Close(ctxWithDeadline)                  // send what is queued
//
// The target is an http(s) URL, to which events are POSTed at
// /api/v1/lineage (the OpenLineage HTTP API that Marquez serves), or a file
// path, to which events are appended one JSON object per line. Event maps
// one record to one event without sending it, for other transports.
//
// # Events
//
// A run record is written when a run starts and again when it ends, also
// for a run that failed before it could start (its START is followed by
// its FAIL); each write becomes an event with the record's ID as run ID:
//
//	status running              START     at the start time
//	status succeeded            COMPLETE  at the end time
//	status failed, interrupted  FAIL      at the end time, with an errorMessage facet
//	status skipped              none: the run did no work
//
// Jobs are named "<model>" in the namespace "<project>/<env>" (the
// project's module path and the environment), so the same model in dev and
// production are two jobs, as they read and write different data. A model
// run's Parent (the invocation that ran it) becomes the parent run facet,
// with the program's name as the parent job (Config.Invocation).
//
// A partition of a partitioned model is a run of the job
// "<model>.partition", whose parent is the model's run, and whose
// partition key is a tag. One job for all partitions, rather than a job per
// key, keeps the number of jobs bounded when keys are dates or file names,
// and keeps the model's own job history to runs of the whole model; it is
// how OpenLineage's Airflow integration treats mapped tasks.
//
// Datasets are named from their resolved location (see DatasetName): a
// local file is namespace "file://<host>" and its absolute path, an object
// in a bucket is "s3://<bucket>" and its key, a mem dataset is "mem" and
// its name, and a table is named by OpenLineage's naming conventions:
// "postgres://<host>:<port>" and "<database>.<schema>.<table>",
// "mysql://<host>:<port>" and "<database>.<table>", and, as the
// conventions have no entry for SQLite, "sqlite://<host><file path>" and
// the table. Names never hold a user, password or connection parameter.
// So two models that share a file are linked, and a project that
// reads another project's output links to it without sharing code. Each
// dataset has a dataSource facet, a schema facet when Config.Schemas has
// its JSON Schema (see SchemaFields), and a version facet holding the
// content fingerprint ("sha256:…") of what was read, or of what was
// written by a run that succeeded. Ended runs add input and output
// statistics (records as rowCount, bytes as size). A failed run's outputs
// have no version or statistics: outputs are committed all-or-nothing, so
// the dataset still holds what it held before.
//
// Runs also carry a processing_engine facet (Aye-aye's version), tags
// with the code version, the model's counters and rejected records, and
// the environment's non-secret variables as execution parameters. Record
// locations and errors are redacted by the runner before they get here.
//
// # Never in the way
//
// Lineage is an observer. Record never returns an error and never waits
// for the network: events go to a bounded queue (Options.QueueSize) that
// one background sender drains in order, retrying failed requests (network
// errors, 408, 429, 5xx) with exponential backoff and jitter, and giving up
// on an event after Options.Retries retries or a 4xx. When the queue is
// full, the oldest event is dropped, and drops are logged at 1, 2, 4, 8…
// so a dead server costs a few log lines, not a failed run or unbounded
// memory. Close waits for the queue to drain until its context is done,
// then gives up and says how many events were not sent; pass a context
// with a deadline. Stats counts sent, dropped and failed events.
//
// File targets are written synchronously, one write per event on a file
// opened for appending: a local append is fast, the file is complete even
// if the program dies, and lines of concurrent writers never interleave.
//
// The events follow OpenLineage 2-0-2; this package's tests validate every
// event they produce against the specification's JSON Schemas (kept in
// testdata/).
package openlineage
