// Package config reads ayeaye.yaml, the one project config file of an
// Aye-aye project.
//
// A config is small; every key but version is optional:
//
//	# yaml-language-server: $schema=https://raw.githubusercontent.com/ayeaye-go/ayeaye/main/schemas/ayeaye.schema.json
//	version: 1
//	schemas: ["schemas/*.json", "schemas/*.yaml"]
//	output:
//	  dir: datasets
//	  package: datasets
//	formats: [csv, tsv, json, ndjson, parquet]
//	naming:
//	  initialisms: [SKU, EAN]
//	nullable: value
//	overrides:
//	  - field: orders.quantity
//	    type: int32
//	environments:
//	  dev:
//	    vars: {data_root: data, sales_root: ../sales/out}
//	catalogue:
//	  sales/orders: "csv://{sales_root}/orders.csv"
//
// Use Find to locate the file from any directory of the project (it looks
// in the directory and then its parents, like go.mod), Load to read it, and
// SchemaFiles to expand the schema globs:
//
//	path, err := config.Find(".")
//	cfg, diags := config.Load(path)   // diags is a diag.List: print it and stop
//	files, err := cfg.SchemaFiles()   // e.g. ["schemas/orders.json"]
//
// LoadAll is Load for a caller that goes on despite problems (ayeaye-gen
// checks the schemas too, so one pass reports everything): it always
// returns a config, of the settings that could be read and defaults for
// the rest, and says when nothing of the file could be read.
//
// # Strictness
//
// The format is versioned and strict, because a typo that is silently
// ignored costs more than an error: unknown keys are errors that list the
// valid keys (and guess the intended one when it is close), every value is
// type-checked, list entries must be unique, a missing version or a version
// other than 1 is an error, and every problem is reported at once with
// file:line:col and a hint. Positions come from the YAML node tree, so they
// point at the offending key or value (columns count bytes, like the rest
// of Aye-aye's diagnostics).
//
// # Defaults and paths
//
// Parse applies defaults so callers never check for empty settings:
// schemas are schemas/*.json, schemas/*.yaml and schemas/*.yml; output.dir
// is datasets; output.package is the base name of output.dir, lower-cased,
// letters and digits only ("x" prefix before a leading digit, "pkg" suffix
// after a name Go reserves); formats are csv, tsv, json and ndjson
// (parquet is opt-in: its code needs a Parquet library; so is sql, the
// table descriptor for SQLite, PostgreSQL and MariaDB), kept in the
// canonical order csv, tsv, json, ndjson, parquet, sql whatever order the file
// lists them in, so generated code does not depend on it; nullable is
// "value".
//
// Paths are relative to the directory of the config file (Config.Dir) and
// slash-separated, so a project works wherever it is checked out: absolute
// schema globs are errors, and output.dir must be a directory inside the
// project other than the project directory itself (generated code needs a
// package of its own). Globs use path.Match syntax; "**" is rejected
// because Go globs do not recurse.
//
// # Overrides
//
// An override names a field as <dataset>.<property>[.<property>...] and a
// Go width for it (int8 ... int64, float32, float64). Parse checks the form
// only; whether the field exists is checked against the schemas by their
// reader, which reports at Override.Pos.
//
// # Environments and the catalogue
//
// The environments section is the runtime's: named sets of variables and
// secrets that fill the {name} templates of engine URLs at run time (see
// package runtime/env for its syntax and rules). The generator does not
// use it, but checks it with env.Parse, the runtime's own parser, so that
// a config ayeaye-gen accepts is one the runtime accepts, and its problems
// come out with the rest. Config.Environments holds the parsed section.
//
// The catalogue is the runtime's too: names of datasets other projects
// publish (team/dataset) mapped to the engine URL templates they are
// published at, for models that read them through ref://team/dataset.
// env.Parse checks it as well; Config.Catalogue holds it.
//
// # Schema extension types
//
// DatasetExtension and FieldExtension describe the "x-ayeaye" objects of
// dataset schemas. They live here, next to Config, because both are
// Aye-aye's own formats whose JSON Schemas are generated from Go types (see
// package schemas).
package config
