// Package cli gives an Aye-aye project's own binary its command line: a
// main of a few lines runs, lists and inspects the project's models in
// any environment.
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
//	colours run [-env E] [-var name=value]... [-set dataset=engineURL]... [-skip-bad] [-q] (MODEL... | -all)
//	colours list [-env E] [-var name=value]... [-set dataset=engineURL]... [MODEL...]
//	colours peek [-env E] [-var name=value]... [-set dataset=engineURL]... [-n 10] [-width 40] DATASET
//	colours help [command]
//
// run runs the named models one after the other in the order given, or
// every model in the Program's order with -all, and stops at the first
// that fails. The log (log/slog text; warnings and errors only with -q)
// and progress go to stderr; a summary of each model goes to stdout:
//
//	colour_popularity: ok in 12ms (environment dev)
//	  read   favourite_colours  12 records            csv://data/favourite_colours.csv
//	  wrote  colour_popularity  5 records, 689 bytes  json://output/colour_popularity.json;indent=2
//
// A failed model's outputs keep their previous contents (the runtime
// writes to a temporary file and renames it only on success), its error
// says where (a bad record gives file:line:col and the field), and the
// models after it are named as not run. With -skip-bad, bad input records
// are set aside in a .rejects.ndjson file beside the model's first output
// and counted in the summary, instead of failing the run.
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
// variables or files named in the config and are never printed: every
// summary, listing, log line and error passes through the environment's
// Redact, so a location holding a secret shows xxxxx in its place.
//
// # Exit codes
//
//	0  success
//	1  a model failed, a dataset could not be read, or the config or environment is broken
//	2  the command line is wrong: unknown command, model, dataset, environment or
//	   variable (with a did-you-mean), a malformed -var or -set, a bad flag
//
// Usage errors are found before anything runs, so a typo in the third
// model name does not leave the first two run. Ctrl-C cancels the running
// model, which then fails without publishing its outputs.
//
// # Testing
//
// Main and MainContext take the arguments and the output streams, and
// Program.Getenv the process environment, so a program's command line can
// be tested in-process, in parallel, against files in t.TempDir().
package cli
