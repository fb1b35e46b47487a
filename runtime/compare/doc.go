// Package compare tells whether two versions of a dataset hold the same
// records, by the rules the dataset's schema declares, and reports how
// they differ when they do not. verify uses it to compare the outputs of
// two recorded runs (or a run and ayeaye.lock); modeltest.ExpectSame uses
// it to compare two runs of a model in a test.
//
//	r, err := compare.RulesOf(model, "scores")       // or ParseRules(dataset.Schema)
//	res, err := compare.Records(runA, runB, r)       // two []T, or two []any
//	if !res.Same() {
//		res.Report(os.Stdout, "scores", 5, nil)      // at most 5 records each way
//	}
//
// # The rules
//
// A dataset's JSON Schema sets them (ayeaye-gen vet checks them; schema.go
// is the one file that reads them):
//
//   - Records are compared as collections in any order, unless the schema
//     declares "x-ayeaye": {"ordered": true}; then record 1 is compared
//     with record 1, record 2 with record 2, and so on.
//   - Floats are compared exactly, unless their property declares
//     "x-ayeaye": {"tolerance": 1e-9} (absolute) or {"tolerance":
//     {"absolute": A, "relative": R}}: two numbers are then the same when
//     |a-b| <= max(A, R*max(|a|,|b|)). NaN equals only NaN, and an
//     infinity only the same infinity. A tolerance on an array of numbers
//     applies to each; one inside an object or behind a $ref applies
//     where it sits.
//   - "x-ayeaye": {"keys": [...]} names the fields that identify a
//     record: a changed record is shown beside the one with its key.
//
// The zero Rules (a hand-written Dataset without a schema) compare every
// value exactly, in any order.
//
// # How records are compared
//
// Each record is encoded as encoding/json writes it (fields in order
// under their json names, value.Null as its value or null), with NaN and
// infinities written instead of failing, so the same records read from
// CSV and from Parquet are the same. With tolerances, each tolerant float
// is masked out of that text and kept beside it: two records can be the
// same only when the rest of their text is equal, and then each pair of
// floats is checked against its tolerance.
//
// Without tolerances, comparing unordered records is counting equal
// texts. With them, equality is not transitive (1.0 ~ 1.5 ~ 2.0 with a
// tolerance of 0.5, yet 1.0 !~ 2.0), so pairing records is a matching
// problem: match.go solves it with a greedy pass over records sorted by
// their first tolerant float, then augmenting paths, within a bounded
// amount of work. FuzzMatchRecords checks it against brute force.
//
// # The report
//
// Report prints a line saying how the versions are the same, or what
// differs: at most limit records each way (the first differing
// positions, for an ordered dataset), and under records that correspond
// (the same position, the same key, or the same but for a float out of
// tolerance) each field that differs, with both values and, for numbers,
// by how much and what the tolerance allows. A redact function is applied
// to every line that shows data, so secrets in records stay out of logs.
//
// # Comparing runs
//
// Pairs matches two run records' outputs by dataset name; Pair.SameContent
// says when their content fingerprints already settle it. Comparable
// refuses runs that published nothing to compare, and Unchanged checks
// that a location still holds what its run wrote before it is read back.
package compare
