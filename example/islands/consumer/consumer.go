// Package consumer is the other side of the islands example: a project
// that reads a dataset another project publishes (../producer), with no
// code shared between them.
//
// schemas/orders.json is the producer's published schema, imported from
// the manifest beside the producer's output:
//
//	go tool ayeaye-gen import ../producer/out/orders.ndjson.ayeaye.json
//
// Its engine URL is ref://producer/orders, a name in the catalogue of
// ayeaye.yaml, which says where each environment finds the data. The
// generated records are this project's own. Before each run reads the
// orders, the runtime compares the producer's current manifest with the
// schema this program was generated from: a compatible change (a new
// field) runs with a warning; a breaking one (a field removed or retyped)
// fails before reading, naming each field. The run record links the input
// to the producer's run.
//
// Run it from this directory, after the producer has published:
//
//	go run ./cmd/consumer run -all
//
// When the producer changes its schema, follow it:
//
//	go tool ayeaye-gen import -f ../producer/out/orders.ndjson.ayeaye.json
//	go generate ./...
package consumer

import _ "embed"

//go:generate go tool ayeaye-gen generate

//go:embed ayeaye.yaml
var config []byte

// Config returns the project's ayeaye.yaml, embedded in the program.
func Config() []byte { return append([]byte(nil), config...) }
