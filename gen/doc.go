// Package gen is ayeaye-gen as a library: it reads a project's
// ayeaye.yaml and dataset schemas and returns the Go files to write.
//
// The pipeline is
//
//	config.Load (gen/config)  →  schema.Load (gen/schema) → []*ir.Dataset (gen/ir)
//	  → overrides → golang.Emit (gen/golang, names from gen/naming) → Result
//
// Generate returns files without touching the disk; gen/render writes them
// (or diffs them against the disk) and gen/cli is the command line. Every
// problem on the way is a positioned diagnostic (gen/diag), and all of
// them are reported at once.
package gen
