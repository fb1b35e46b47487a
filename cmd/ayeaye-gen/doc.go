// Command ayeaye-gen turns Aye-aye dataset schemas into plain Go.
//
// Each dataset of an Aye-aye project is described once, as a JSON Schema
// (draft 2020-12) document in JSON or YAML with an optional "x-ayeaye"
// object for dataset-level facts. ayeaye-gen reads the project config,
// ayeaye.yaml, and those schemas, and writes a Go package with a record
// struct per dataset and reflection-free readers and writers for the
// storage formats (CSV, TSV, JSON, NDJSON). The generated code is ordinary
// Go that you can read; it is regenerated whenever a schema changes and is
// never edited by hand.
//
// # Install
//
// The quickest start is a new project that already runs (see "Starting a
// project" below):
//
//	go run github.com/ayeaye-go/ayeaye/cmd/ayeaye-gen@latest init -module example.com/hello hello
//
// In an existing module, add it as a tool of your module (Go 1.24 or later), which also makes the
// runtime that generated code imports a dependency:
//
//	go get -tool github.com/ayeaye-go/ayeaye/cmd/ayeaye-gen
//
// and put this directive in a Go file in the directory of ayeaye.yaml, so
// that "go generate ./..." regenerates the code:
//
//	//go:generate go tool ayeaye-gen generate
//
// go generate runs a directive in the directory of the file that holds it;
// from another package directory, point at the project root with -C, as in
// "go tool ayeaye-gen generate -C ../..".
//
// # Usage
//
//	ayeaye-gen <command> [flags] [arguments]
//
// Flags come after the command. Every command prints its usage with -h
// (or "ayeaye-gen help <command>") and exits 0.
//
// The commands:
//
//	generate [-C dir] [-q] [-v]
//		Write the generated code for every dataset schema into the output
//		directory. Files whose bytes are already right are not rewritten.
//		Generated files in the output directory that no schema produces
//		any more are removed. Every problem in the config and the schemas
//		is printed as file:line:col, message and hint, and then nothing is
//		written. Prints a summary such as
//		"ayeaye-gen: 4 files written, 2 unchanged, 1 stale removed".
//		The drivers the engine URLs need (of the schemas, and of
//		ayeaye.yaml's catalogue and environment variables) are linked by
//		ayeaye_drivers.go, blank imports each naming the datasets that
//		need it: runtime/table/sqlite, postgres, mysql; runtime/storage/blob
//		for s3, gs, azblob, memblob, fileblob, with gocloud.dev/blob/s3blob,
//		gcsblob or azureblob. Written only when some URL needs a driver.
//		-C dir	the project root, the directory of ayeaye.yaml (default ".")
//		-q	print nothing on success
//		-v	list every file written or removed, and each driver linked
//
//	diff [-C dir] [-q]
//		Generate in memory and print, as a unified diff, what generate
//		would change: changed files, files it would create, stale files it
//		would remove. Paths are relative to the project root (a/..., b/...),
//		so the diff applies there with patch -p1. Writes nothing.
//		-q	print no diff; report only through the exit status
//
//	vet [-C dir]
//		Report every problem in ayeaye.yaml and the schemas, as generate
//		would, without writing anything. Silent when there are none.
//		One pass reports them all, in file order: a problem in the
//		config does not hide those of the schemas (when the config is
//		not YAML at all, they are checked with the default settings,
//		and the config's problem says so), nor a problem in one schema
//		those of the others, nor the checks of what the formats can
//		hold. Default engine URLs (x-ayeaye.engine_url) are checked with
//		the runtime's grammar, {name} templates left for the run.
//
//	init [-module path] dir
//		Create a new project in dir (made if missing) that runs as it
//		is: go.mod, ayeaye.yaml, two schemas with sample data, the
//		generated code, one model with its tests, cmd/NAME/main.go and a
//		README. NAME is dir's base name in lower case letters, digits, -
//		and _. Refuses, listing them, when any of the files exists.
//		-module path	the module path (default: NAME)
//
//	model [-C dir] name -in dataset[,...] -out dataset[,...]
//		Write models/NAME.go, a model reading the -in datasets and
//		writing the -out datasets, wired to the generated package, and
//		models/NAME_test.go, its test with a fixture for each input.
//		NAME is lower case letters, digits and _. -in and -out may be
//		repeated; flags may come before or after the name.
//
//	infer [-name N] [-rows N] [-enums N] [-decimal] [-o file [-f]] file...
//		Print a dataset schema inferred from sample files, to start a
//		new dataset from real data. See "Inferring a schema" below.
//		-name N		the dataset name, x-ayeaye.name (default: the
//				first file's name, made valid: "Sales 2026.csv"
//				gives sales_2026)
//		-rows N		read only the first N rows of each file
//		-enums N	make a string column with at most N distinct
//				values (each seen twice on average) an enum
//		-decimal	make numbers that all have the same number of
//				fraction digits ("12.50") exact decimals
//		-o file		write the schema to file instead of stdout
//		-f		let -o overwrite an existing file
//
//	import [-C dir] [-name N] [-ref team/dataset] [-f] SOURCE
//		Copy the schema of a dataset another project publishes into
//		schemas/NAME.json, pinned to the manifest it came from. See
//		"Using another project's data" below.
//		-name N		the dataset's name here (default: the producer's)
//		-ref team/dataset
//				its name in the catalogue (default: the last
//				element of the producer's module path, then the
//				dataset)
//		-f		replace the dataset's existing schema, printing
//				what changed
//
//	schema-diff OLD NEW
//		Print one line per field that changed from schema OLD to NEW,
//		BREAKING or compatible for a consumer generated from OLD. OLD
//		and NEW are schema files or published manifests. Exits 1 when a
//		change is breaking, 0 otherwise (2 when one cannot be read).
//
//	ddl [-C dir] [-dialect D] [-table NAME] [-against URL [-env NAME]] DATASET
//		Print the CREATE TABLE statement of DATASET for sqlite,
//		postgres and mysql (MariaDB), or the one -dialect names. With
//		-against, the engine URL of an existing table, print the
//		ALTER TABLE statements that would make it match instead, and
//		exit 1 when there are any; notes alone (-- lines, such as a
//		column the dataset does not have) exit 0. See "Datasets in SQL
//		tables" below.
//		-table NAME	the table (name or schema.name; default: the
//				dataset's name)
//		-env NAME	the environment whose variables and secrets
//				fill {name} templates in -against
//
//	schema [name]
//		Print the JSON Schema of one of Aye-aye's own file formats, for
//		editors and validators: "ayeaye" (the ayeaye.yaml config) or
//		"x-ayeaye" (the x-ayeaye keywords of dataset schemas). Without a
//		name, list them.
//
//	version
//		Print the version of the ayeaye-gen module the binary was built
//		from, or "(devel)".
//
//	help [command]
//		Print the list of commands, or the usage of one.
//
// Exit status:
//
//	0	success; for diff and vet, nothing to report
//	1	problems in the config or schemas, generated code out of date
//		(diff), a breaking change (schema-diff), a table that needs
//		migrating (ddl -against), no ayeaye.yaml in the
//		project directory, or a failure to read or write files
//	2	usage error: unknown command or flag, wrong arguments
//
// # Ownership of files
//
// ayeaye-gen owns exactly the files whose first line is
//
//	// Code generated by ayeaye-gen. DO NOT EDIT.
//
// It overwrites only such files, refusing (before writing anything) when a
// file without that line is in the way, and removes as stale only such
// .go files directly in the output directory. Hand-written files can live
// next to generated ones. Every file is written to a temporary file and
// renamed into place, so an interrupted run leaves each file either old or
// new, never half-written.
//
// The files init and model write are the opposite: they carry no such
// line, are yours from the moment they are written, and are never
// overwritten. When any file a scaffold would write exists, it lists them
// all and writes nothing.
//
// # Starting a project
//
// "ayeaye-gen init" makes a project from nothing:
//
//	ayeaye-gen init -module example.com/hello hello
//	cd hello
//	go mod tidy
//	go generate ./... && go test ./... && go run ./cmd/hello run -all
//
// The last line regenerates the code, runs the model's tests on fixtures
// and runs the model on the sample data, writing output/cities.json. The
// project holds:
//
//	go.mod                 requires Aye-aye; ayeaye-gen is a tool (go tool ayeaye-gen)
//	ayeaye.yaml            the config, every setting shown with its default, and a dev environment
//	hello.go               package hello: the go:generate line, and ayeaye.yaml embedded for the binary
//	schemas/people.json    an input dataset (CSV, from {data_root})
//	schemas/cities.json    an output dataset (JSON, to {output_root})
//	data/people.csv        sample input for the dev environment
//	datasets/              the generated code (already generated, so the module builds at once)
//	models/cities.go       a model: people in, cities out
//	models/cities_test.go  its tests, on records in memory and on a file under models/testdata
//	cmd/hello/main.go      the binary: run, list, peek ... (runtime/cli)
//	README.md              what is where, and what to do next
//
// When ayeaye-gen is a released version, go.mod requires that version;
// a development build leaves the requirement to go mod tidy.
//
// # Adding a model
//
// Once a schema exists for each dataset a model reads and writes,
//
//	go tool ayeaye-gen model order_totals -in orders,customers -out customer_totals
//
// writes models/order_totals.go:
//
//	type OrderTotals struct {
//		Orders         runtime.Input[datasets.Order]
//		Customers      runtime.Input[datasets.Customer]
//		CustomerTotals runtime.Output[datasets.CustomerTotal]
//	}
//
//	func NewOrderTotals() *OrderTotals { ... wired to datasets.OrdersDataset.Input() and so on ... }
//
//	func (m *OrderTotals) Build(ctx context.Context) error {
//		for order, err := range m.Orders.All() { ... }
//		...
//		return errors.New("models.OrderTotals.Build is not written yet; write it in models/order_totals.go")
//	}
//
// and models/order_totals_test.go, which gives each input a fixture record
// with every non-null field set to an example value, captures each output,
// and expects the records you list. The test fails, saying what to do,
// until Build is written. The names are the generated package's own, so
// the files compile as written. Then add the model to the Models of the
// binary's cli.Program (cmd/NAME/main.go). A dataset name no schema
// declares is an error listing those that exist, with a did-you-mean.
//
// # The config file
//
// ayeaye.yaml sits in the project root. It is versioned and strict:
// unknown keys are errors. Only version is required:
//
//	version: 1
//	schemas: ["schemas/*.json", "schemas/*.yaml"]  # globs; this is the default, plus schemas/*.yml
//	output:
//	  dir: datasets         # where generated code goes (default "datasets")
//	  package: datasets     # its package name (default: from dir)
//	formats: [csv, tsv, json, ndjson]  # codecs to generate (default all)
//	naming:
//	  initialisms: [SKU, EAN]          # kept upper-case in Go names
//	nullable: value                    # nullable fields as value.Null[T], or "pointer" for *T
//	overrides:
//	  - field: orders.quantity         # dataset.property: another int or float width
//	    type: int32
//	catalogue:                         # other projects' published datasets, for ref:// URLs
//	  sales/orders: "csv://{sales_root}/orders.csv"
//
// "ayeaye-gen schema ayeaye" prints its JSON Schema; an editor with a YAML
// language server completes and checks the file when it starts with
//
//	# yaml-language-server: $schema=https://raw.githubusercontent.com/ayeaye-go/ayeaye/main/schemas/ayeaye.schema.json
//
// # Inferring a schema
//
// "ayeaye-gen infer" reads sample data and prints a first schema for it:
//
//	ayeaye-gen infer -enums 8 -o schemas/orders.json data/orders-2026-*.csv.gz
//
// Files are CSV (.csv), TSV (.tsv), one JSON array of objects (.json) or
// one JSON object per line (.ndjson, .jsonl), each optionally gzipped
// (.gz). They are streamed, so a large sample needs no more memory than a
// small one. Several files describe one dataset: their columns are
// merged, and a column that some file lacks is optional.
//
// Each column gets the narrowest type that fits every value: integer,
// number, boolean, date (YYYY-MM-DD), date-time (RFC 3339), else string.
// An empty value (unquoted in CSV, null in JSON) makes the column
// nullable. JSON objects and arrays become nested objects and arrays,
// marked json_encoded so CSV and TSV can store them too. A header becomes
// a snake_case property name (unit price ($) -> unit_price), with the
// header kept as x-ayeaye.column; a JSON key stays as it is, since it is
// the key the JSON readers look for.
//
// When a choice is a judgement call, a note on stderr says what was chosen
// and why:
//
//	orders.csv: column "zip": chose string: 2 values have leading zeros (e.g. "02134"), which a number would drop; values like these are codes or identifiers
//	orders.csv: column "shipped": chose string: 3 values look like dates, 2 do not (e.g. "31/02/2026")
//	orders.csv: column "price": chose number: every value has 2 fraction digits (e.g. "12.50"), as exact amounts such as prices do; -decimal makes it an exact decimal (format: decimal) instead of a float
//
// The schema is checked with the same reader generate uses before it is
// printed. Review it (add a description and x-ayeaye.keys, tighten
// types), then keep it under schemas/ and run generate.
//
// # Using another project's data
//
// Every file a run writes is published with a sidecar manifest,
// <output>.ayeaye.json: the dataset's name and JSON Schema with its
// fingerprint, the content's fingerprint and record count, and the
// project, model, run and code that produced it. Another project uses it
// without any code dependency on the producer:
//
//	go tool ayeaye-gen import ../sales/out/orders.csv.ayeaye.json
//
// writes schemas/orders.json, the producer's schema with x-ayeaye set for
// this project: the name, engine_url "ref://sales/orders", and source, the
// manifest it came from and the producer's schema fingerprint then.
// SOURCE is a manifest or the dataset beside it: a local path, an
// http(s) URL, or an engine URL of any store the runtime opens (file://,
// fileblob+, memblob+; ayeaye-gen has no s3, gs or azblob driver built in,
// so fetch those over https). ref://sales/orders is a name in the
// catalogue of ayeaye.yaml, where each environment finds the data:
//
//	catalogue:
//	  sales/orders: "csv://{sales_root}/orders.csv"
//
// Run go generate, and models read the dataset as their own. Before a run
// reads it, the runtime compares the producer's current manifest with the
// schema the program was generated from: compatible changes (a new field,
// a widened number, a relaxed enum) run with a warning noted in the run
// record; breaking ones (a field removed, retyped, or made nullable or
// optional) fail before anything is read, listing each field. The run
// record links the input to the producer's run, so lineage crosses
// projects.
//
// Producers check a schema change before publishing it:
//
//	go tool ayeaye-gen schema-diff published/orders.csv.ayeaye.json schemas/orders.json
//
// and consumers follow one with "ayeaye-gen import -f", which prints what
// changed and replaces the schema.
//
// # Datasets in SQL tables
//
// With sql among the formats of ayeaye.yaml (formats: [csv, sql]), each
// dataset can live in a table of SQLite, PostgreSQL or MariaDB: give it
// an engine URL such as
//
//	sqlite://{data_root}/warehouse.db;table=sales
//	postgres://etl:{db_password}@db.example.com/warehouse;table=public.sales;mode=upsert
//
// with the password a secret of the environment, never written in a
// file. The generated code maps records to rows without reflection; a
// model reads a table with Input.All, or with a query whose values are
// always bound parameters:
//
//	for s, err := range m.Sales.Where("region = ? AND year >= ?", region, year).All() {
//
// Outputs replace the table atomically when the run succeeds (mode
// replace), or append or upsert by key in one transaction. Before reading
// or writing, the table's columns are checked against the schema, and
// "ayeaye-gen ddl -against URL DATASET" prints the statements that fix a
// table that differs. The type mapping of each dialect is documented in
// package runtime/table.
//
// # Continuous integration
//
// Two commands make a CI check that the committed generated code matches
// the schemas and that the schemas are sound:
//
//	go tool ayeaye-gen vet
//	go tool ayeaye-gen diff
//
// Both exit 1 when something is wrong; diff prints the changes that
// "ayeaye-gen generate" would make, so the log shows what is stale.
package main
