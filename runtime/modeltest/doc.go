// Package modeltest tests Aye-aye models on fixtures: records written in
// the test, or small files under testdata/, instead of the real data. The
// model's code does not change; only where its datasets live does.
//
//	func TestFavouriteColours(t *testing.T) {
//		h := modeltest.New(t)
//		modeltest.Fixture(h, datasets.FavouriteColoursDataset, []datasets.FavouriteColour{
//			{PersonID: 1, Name: "Ada", Colour: "blue"},
//			{PersonID: 2, Name: "Brian", Colour: "green"},
//		})
//		modeltest.Capture(h, datasets.ColourPopularityDataset)
//
//		rep := h.Run(models.NewFavouriteColours())
//
//		modeltest.Expect(h, datasets.ColourPopularityDataset, []datasets.ColourPopularity{
//			{Colour: "blue", People: 1, Share: 0.5, Names: []string{"Ada"}},
//			{Colour: "green", People: 1, Share: 0.5, Names: []string{"Brian"}},
//		})
//		if got := rep.Stats["answers"]; got != 2 { … }
//	}
//
// # The harness
//
// New returns a Harness: a runtime.Runner with its own in-memory store, a
// storage.Store closed when the test ends, and a logger writing to the
// test's output (shown for failing tests and with -v). Make one per test or
// subtest. Run fails the test when the model fails and returns the
// runtime.Report (records per dataset, the model's runtime.Count
// statistics); RunErr returns the error instead, and RunFails expects one,
// for testing pre-build checks and bad input.
//
// # Fixtures
//
// Each helper points one dataset somewhere for the harness's runs, through
// Runner.Overrides, and is a one-liner:
//
//	modeltest.Fixture(h, datasets.PeopleDataset, []datasets.Person{…})   // mem://people holds these records
//	modeltest.FixtureFile(h, datasets.PeopleDataset, "testdata/people.csv") // format from the extension
//	modeltest.FixtureURL(h, datasets.PeopleDataset, "csv://testdata/people.txt;delimiter=pipe")
//	modeltest.Capture(h, datasets.Summary)                          // the output stays in memory
//	modeltest.CaptureFile(h, datasets.Summary, filepath.Join(t.TempDir(), "summary.json"))
//
// The helpers are generic in the record type, so a fixture of the wrong
// record type does not compile. A run whose model has a dataset without a
// fixture fails the test with the list of what is missing, rather than
// reading or overwriting real data; set h.Runner.Env to run against an
// environment's locations on purpose.
//
// Several models can share a harness: a captured output is the next
// model's input, so a test can run a small pipeline end to end in memory.
//
// # Checking outputs
//
// Expect compares what a dataset holds with the records the test expects
// and reports a cmp.Diff; Records returns them for checks of any other
// kind. Both read a captured file back through the dataset's codec. Records
// are compared with CmpOptions: decimals by value, nil slices equal to
// empty ones. Pass more cmp options for floats (cmpopts.EquateApprox),
// order (cmpopts.SortSlices) or fields that change every run
// (cmpopts.IgnoreFields).
//
// ExpectSame compares two runs instead: each harness runs a model (the
// old version and the new, say) and captures the same dataset, and the
// two sets of records must be the same by the rules the dataset's schema
// declares, as verify compares recorded runs (runtime/compare): in any
// order unless the schema says ordered, floats within their declared
// tolerances. A difference fails the test with verify's report.
//
//	old, cur := modeltest.New(t), modeltest.New(t)
//	… fixtures and Capture(…, datasets.Scores) in each; old.Run(v1); cur.Run(v2)
//	modeltest.ExpectSame(old, cur, datasets.Scores)
//
// With h.Runner.SkipBadRecords set, bad input records are set aside rather
// than failing the run; Report.Rejected counts them and Rejects returns
// them, each with its file, line, column, field and error.
package modeltest
