// Package roundtrip runs the code ayeaye-gen emits: round trips of every
// type through every format, the generated decoders on sample files and
// bad input, fuzz targets for the generated CSV, NDJSON and Parquet
// decoders, and the codec benchmarks against hand-written encoding/csv and
// encoding/json baselines and parquet-go's reflection-based reader and
// writer.
//
// Parquet has tests of its own (parquet_test.go, parquet_foreign_test.go):
// nested values through the nested dataset, files that parquet-go's
// writer made from structs (the cross-check), files that do not fit the
// schema, row groups and column batches.
//
// The generated package lives in ./datasets; gen's tests fail when it is
// stale (regenerate with `go run ./cmd/ayeaye-gen generate -C gen/internal/roundtrip`).
package roundtrip
