// Package gen is ayeaye-gen as a library: it reads a project's
// ayeaye.yaml and dataset schemas and returns the Go files to write.
//
// The pipeline is
//
//	config.LoadAll (gen/config)  →  schema.LoadAll (gen/schema) → []*ir.Dataset (gen/ir)
//	  → overrides → golang.Emit (gen/golang, names from gen/naming) → Result
//	  → drivers (the engine URLs' types and storage) → golang.EmitDrivers → ayeaye_drivers.go
//
// The last step keeps heavy dependencies opt-in without the user writing
// imports: a SQL driver, object storage and cloud drivers register
// themselves by blank import, and the generated package imports exactly
// those its schemas' engine URLs (and ayeaye.yaml's catalogue and
// environment variables) name, listed in Result.Drivers.
//
// Generate returns files without touching the disk; gen/render writes them
// (or diffs them against the disk) and gen/cli is the command line. Every
// problem on the way is a positioned diagnostic (gen/diag), and all of
// them are reported at once, in file order: a problem in one stage does
// not hide those of the next. A config with problems still lends its
// readable settings (defaults for the rest; all defaults, and the config's
// problem says so, when the file is not YAML at all) to the schema
// checks; schemas with problems are left out of the later checks
// (overrides, names, what the formats can hold) while the others go on to
// them. Vet is Generate's list of problems.
package gen
