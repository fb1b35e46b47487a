// Package faulttest proves that a run killed with SIGKILL at any point
// loses nothing and leaks nothing: TestKill9 builds the program in
// ./killprog (one model per kind of output: CSV, NDJSON, Parquet, an
// appending Parquet file, a partitioned model writing parts, and SQLite,
// PostgreSQL and MariaDB tables replaced whole), kills its runs at random
// points and at the moments a temporary file, a part or a staging table
// appears, and after each kill checks that
//
//   - the previous output is as it was: byte for byte for files, the
//     same rows for tables (an appending output may also hold exactly
//     one more batch, when the kill came after its commit);
//   - the next run, not killed, succeeds;
//   - after it no temporary file (.NAME.tmp-*, *.tmp), no parts
//     directory (.NAME.parts-*), no staging table (_ayeaye_stage_*) and
//     nothing in the children's TMPDIR is left.
//
// Every kill point is logged, and the seed they are drawn from;
// KILLTEST_SEED=N replays the same kinds, targets and fractions of a
// run's time (the outcome can still differ with the machine's speed),
// KILLTEST_KILLS=N sets the number of kills (default 56, spread over the
// kinds). -short skips it. PostgreSQL and MariaDB are found as package
// runtime/table/tabletest finds them: skipped with a message when they
// do not answer, a failure with AYEAYE_REQUIRE_SERVICES=1.
//
// The dataset's generated code is in ./datasets (regenerate with
// `go run ./cmd/ayeaye-gen generate -C runtime/internal/faulttest`).
package faulttest

//go:generate go run github.com/ayeaye-go/ayeaye/cmd/ayeaye-gen generate
