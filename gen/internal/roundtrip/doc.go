// Package roundtrip runs the code ayeaye-gen emits: round trips of every
// type through every format, the generated decoders on sample files and
// bad input, fuzz targets for the generated CSV and NDJSON decoders, and
// the codec benchmarks against hand-written encoding/csv and
// encoding/json baselines.
//
// The generated package lives in ./datasets; gen's tests fail when it is
// stale (regenerate with `go run ./cmd/ayeaye-gen generate -C gen/internal/roundtrip`).
package roundtrip
