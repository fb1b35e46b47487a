// Package cli gives an Aye-aye project's own binary its command line: a
// main of a few lines runs the project's models in dependency order in
// any environment, records every run, and inspects, draws, locks and
// compares them.
//
//	package main
//
//	import (
//		_ "embed"
//
//		"example.com/colours/models"
//		"github.com/ayeaye-go/ayeaye/runtime"
//		"github.com/ayeaye-go/ayeaye/runtime/cli"
//	)
//
//	//go:embed ayeaye.yaml
//	var config []byte
//
//	func main() {
//		cli.Run(cli.Program{
//			Name:   "colours",
//			Config: config, // only its environments section is used
//			Models: []cli.Model{
//				{Name: "colour_popularity", New: func() runtime.Model { return models.NewColourPopularity() }, Doc: "how many chose each colour"},
//				{Name: "paint_orders", New: func() runtime.Model { return models.NewPaintOrders() }, Doc: "paint to buy"},
//			},
//		})
//	}
//
// (go:embed cannot reach a parent directory, so a main under cmd/ gets the
// config from a package at the project root that embeds it.)
//
// # Commands
//
//	colours run [-env E] [-var name=value]... [-set dataset=engineURL]... [flags] (MODEL... | -all)
//	colours plan [-env E] ... [MODEL...]
//	colours graph [-env E] ... [-format dot|mermaid|json|html] [-o FILE] [MODEL...]
//	colours lineage [-env E] ... [-up | -down] DATASET
//	colours runs [-n 20] [-model M] [ID]
//	colours lock [-env E] ... [MODEL...]
//	colours verify [-env E] ... RUN_A RUN_B | -lock RUN
//	colours list [-env E] ... [MODEL...]
//	colours peek [-env E] ... [-n 10] [-width 40] DATASET
//	colours worker -executor nats://host:4222 [-env E] ...
//	colours help [command]
//
// run runs the named models, or every model with -all, in dependency
// order (runtime/collection): a model that reads what another writes runs
// after it, and independent models run at the same time, at most
// -parallel at once. When a model fails, the models downstream of it are
// named as not run and the run exits 1; without -keep-going the models
// still running are stopped too, with it the independent branches (and
// the other partitions of a partitioned model) finish. Partitioned models
// run their partitions on -executor serial, local (-workers goroutines),
// or nats (worker processes through NATS JetStream; runtime/natsexec;
// runtime/partition). Executors other than serial and local are opt-in:
// a package registers one with RegisterExecutor from its init (package
// runtime/cli/executor documents the interface), so a program that
// wants -executor nats and the worker command imports
// _ "github.com/ayeaye-go/ayeaye/runtime/natsexec", and one that does not
// links no NATS server; without the import, -executor nats fails with an
// error naming it. The log (log/slog text; warnings and errors only
// with -q) and progress go to stderr; when every model is done, a summary
// of each goes to stdout, in dependency order:
//
//	colour_popularity: ok in 12ms (environment dev)
//	  read   favourite_colours  12 records            csv://data/favourite_colours.csv
//	  wrote  colour_popularity  5 records, 689 bytes  json://output/colour_popularity.json;indent=2
//
// A failed model's outputs keep their previous contents (the runtime
// writes to a temporary file and renames it only on success), and its
// error says where (a bad record gives file:line:col and the field). With
// -skip-bad, bad input records are set aside in a .rejects.ndjson file
// beside the model's first output (for a table output, or one whose
// location holds a secret, <dataset>.rejects.ndjson in the working
// directory) and counted in the summary, which names the file, instead of
// failing the run.
//
// # Run records, lineage and repeatability
//
// Every model run is recorded (runtime/provenance) in the run store named
// by -store: by default SQLite in .ayeaye/runs.db of the project directory
// (Program.Dir) when the program links runtime/runstore/sqlite (a project
// with SQLite tables does, through its generated imports), else one JSON
// file per run in .ayeaye/runs; dir:PATH, sqlite:PATH,
// postgres://user@host/db for a shared store, or none (runtime/runstore).
// This package links no store driver: without its import, -store
// sqlite:… or postgres://… stops with an error naming the import, and so
// does a program without SQLite started beside an existing runs.db. A store that cannot be opened stops the run before anything
// runs, naming the store. At start, runs left "running"
// by processes that died are marked interrupted. The models of one
// invocation share a parent run id; -lineage FILE|URL also sends
// OpenLineage events (runtime/openlineage).
//
// Records make runs cheaper to repeat and easier to trust:
//
//   - run -skip-unchanged skips a model whose code (Program.Code, schemas
//     included), input fingerprints and outputs are what they were after
//     its last successful run; it is recorded with status skipped. A build
//     without a VCS revision (go run) cannot be compared, so then every
//     model runs, with a warning.
//   - run -resume skips the models that succeeded in the last invocation
//     of these models, unless their inputs have changed since.
//   - A model is only ever skipped when no model upstream of it runs.
//   - lock writes ayeaye.lock (runtime/lock) in the project directory:
//     each model's code and schema fingerprints, environment, and inputs
//     with their locations and content fingerprints. run -locked reads
//     exactly those inputs, and refuses to run when one has changed,
//     listing each with its locked and current fingerprints, unless
//     -allow-drift (which notes the drift in the run records). Other code
//     is a warning, or with -strict a refusal.
//   - runs lists recent runs; runs ID shows one in full.
//   - lineage DATASET shows what the dataset is made from (-up) or what is
//     made from it (-down), and, from the store, the run that wrote its
//     current content and the inputs that run read.
//   - verify RUN_A RUN_B compares the outputs of two runs: equal
//     fingerprints settle it, else both are read back and compared as
//     collections of records in any order (record by record in order when
//     the schema declares x-ayeaye.ordered; floats within the tolerance a
//     property declares in x-ayeaye.tolerance, else exactly), and the
//     first differences are printed with the fields that differ. verify
//     -lock RUN compares a run with the outputs ayeaye.lock recorded.
//
// plan prints the order and parallel groups without running anything;
// graph draws the models and datasets as Graphviz DOT, Mermaid, JSON or a
// self-contained HTML page that shows each model's last run.
//
// list shows every model (or the named ones) with the datasets it reads
// and writes and where each is in the environment, without opening
// anything: the way to check a configuration before running it.
//
// peek prints the first records of a dataset, found by name among the
// models' datasets, as an aligned table whose columns are the record's
// fields (named as in the schema): null is empty, times are RFC 3339,
// dates and decimals are their exact text, lists and objects compact
// JSON, and long values are cut at -width characters.
//
// Every command takes -h; `help COMMAND` is the same. Flags may come
// before or after the model names; "--" ends them.
//
// # Environments
//
// A dataset's location is its engine URL (the schema's default, or the
// one given with -set) with {name} templates filled from the environment
// (package runtime/env). The environment is -env, else $AYEAYE_ENV, else
// the config's default; a variable's value is -var, else
// $AYEAYE_VAR_<NAME>, else the config. Secrets come from environment
// variables or files named in the config and are never printed: a
// secret is encoded for its place in the engine URL (a password may hold
// any character) and every location is shown as the URL's masked twin,
// xxxxx where the secret was filled in (runtime/env), in summaries,
// listings, logs, errors, run records, OpenLineage events, graphs and
// ayeaye.lock; free text such as a driver's error also passes through
// the environment's Redact. verify and -locked fill a redacted secret back
// in from the environment to read a recorded location.
//
// # Exit codes
//
//	0  success
//	1  a model failed or was not run, a dataset, run or the run store could not be read,
//	   a locked input drifted, verify found differences, or the config or environment is broken
//	2  the command line is wrong: unknown command, model, dataset, environment or
//	   variable (with a did-you-mean), a malformed -var or -set, a bad flag
//
// Usage errors are found before anything runs, so a typo in the third
// model name does not leave the first two run; so are a store that cannot
// be opened and a drifted locked input. Ctrl-C cancels the running
// models, which then fail without publishing their outputs.
//
// # Testing
//
// Main and MainContext take the arguments and the output streams,
// Program.Getenv the process environment and Program.Dir the project
// directory, so a program's command line can be tested in-process, in
// parallel, against files (and a run store) in t.TempDir().
package cli
