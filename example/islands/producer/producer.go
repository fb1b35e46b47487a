// Package producer is one side of the islands example: a project that
// publishes a dataset for others, with no code shared between them.
//
// Its model turns order lines (data/order_lines.csv) into orders and
// writes out/orders.ndjson. Every run also publishes
// out/orders.ndjson.ayeaye.json, the manifest: the dataset's schema and its
// fingerprint, the content's fingerprint and record count, and the run
// that made it. The consumer project (../consumer) generated its records
// from that schema with ayeaye-gen import, and checks the manifest before
// every read.
//
// Run it from this directory:
//
//	go run ./cmd/producer run -all
//
// Before publishing a schema change, check what it does to consumers:
//
//	go tool ayeaye-gen schema-diff out/orders.ndjson.ayeaye.json schemas/orders.json
package producer

import _ "embed"

//go:generate go tool ayeaye-gen generate

//go:embed ayeaye.yaml
var config []byte

// Config returns the project's ayeaye.yaml, embedded in the program.
func Config() []byte { return append([]byte(nil), config...) }
