package modeltest

import (
	"strings"

	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/compare"
)

// sameLimit is how many differing records ExpectSame shows each way, as
// verify does by default.
const sameLimit = 5

// ExpectSame checks that dataset d holds the same records in harness a
// as in harness b: typically two runs of a model (the old and the new
// version of it, or one model on two fixtures that should agree), each
// capturing d in its own harness. Records are compared as verify compares
// two runs' outputs, by the rules d's schema declares: in any order
// unless it is ordered, floats within their declared tolerances, and
// changed records shown beside the record with the same key. A
// difference is reported with Errorf (a's test), as verify's report:
// the first few differing records each way, and under each pair the
// fields that differ and by how much.
func ExpectSame[T any](a, b *Harness, d *runtime.Dataset[T]) {
	a.TB.Helper()
	name := datasetName(a, "ExpectSame", d)
	rules, err := compare.Rules{}, error(nil)
	if d.Record != nil {
		rules = compare.RulesFor(d.Record)
	} else {
		rules, err = compare.ParseRules(d.Schema)
	}
	if err != nil {
		a.TB.Fatalf("modeltest.ExpectSame(%s): %v", name, err)
	}
	res, err := compare.Records(Records(a, d), Records(b, d), rules)
	if err != nil {
		a.TB.Fatalf("modeltest.ExpectSame(%s): %v", name, err)
	}
	if res.Same() {
		return
	}
	var report strings.Builder
	res.Report(&report, name, sameLimit, nil)
	a.TB.Errorf("modeltest: dataset %s is not the same in the two runs (A is the first harness, B the second):\n%s", name, report.String())
}
