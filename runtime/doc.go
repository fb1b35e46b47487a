// Package runtime runs Aye-aye models: ordinary Go structs whose exported
// fields are typed dataset handles and whose Build method is ordinary Go.
//
//	type PaintOrders struct {
//		Popularity runtime.Input[datasets.ColourPopularity]
//		Orders     runtime.Output[datasets.PaintOrder]
//	}
//
//	func (m *PaintOrders) Build(ctx context.Context) error {
//		for p, err := range m.Popularity.All() {
//			if err != nil {
//				return err
//			}
//			if err := m.Orders.Write(&datasets.PaintOrder{Colour: p.Colour}); err != nil {
//				return err
//			}
//		}
//		return nil
//	}
//
//	m := &PaintOrders{Popularity: datasets.ColourPopularities.Input(), Orders: datasets.PaintOrdersDataset.Output()}
//	report, err := (&runtime.Runner{Env: env}).Run(ctx, "paint_orders", m)
//
// ayeaye-gen declares each dataset as a *Dataset[T]; Input and Output
// hand out typed handles, so wiring a dataset of the wrong record type
// into a model does not compile. The runtime finds a model's handles by
// looking at its fields (Describe), so what a model reads and writes is
// known without running it.
//
// A Runner resolves each dataset's engine URL (its Overrides, else the
// schema's default, with {name} templates filled from the Environment; a
// ref://team/dataset URL names another project's published dataset and is
// looked up in the Environment's catalogue, see Catalogue),
// opens inputs lazily and afresh for each pass (a pre-build check and
// Build can both read them), counts records, and publishes outputs only
// when Build succeeds: files through a temporary file renamed into place,
// mem:// datasets by replacing the stored slice. A failing or panicking
// Build leaves earlier outputs intact. Every run gets a run ID and its
// Recorders a record when it starts and when it ends, even one that fails
// before it can start (a model without its datasets, a URL that does not
// resolve, a wildcard that matches nothing): such a run is recorded as
// started and failed, with every error it found and the datasets whose
// location is known. The same model runs in a unit test
// (Overrides to mem:// fixtures, see runtime/modeltest), from `go run` and
// in production (runtime/cli), with only the environment changed.
//
// An output from Dataset.Append adds records after those already there
// instead of replacing them: the file is rewritten whole, old records
// (read back through the codec, so they must match the schema) then new,
// and published the same atomic way; a table takes the new rows in one
// transaction. In a collection, appenders may share a dataset with the
// model that replaces it (see runtime/collection).
//
// Engine URLs of type sqlite, postgres and mysql keep a dataset in a
// table (datasets generated with the sql format; see runtime/table and
// sql.go): a run opens one connection pool per database, checks each
// table against the dataset's schema before reading or writing, reads
// with Input.All or with a query whose values are bound parameters
// (Input.Where, OrderBy), commits outputs with the run (replace swaps a
// staging table in, append and upsert commit their transaction) and
// records each table's content fingerprint.
//
// Where a dataset lives decides, once, how it is read and written: when
// the run resolves its URL, the Runner's Registry picks its storage kind
// (driver.go): files and objects through the dataset's codecs (file.go),
// mem:// fixtures (mem.go), SQL tables (sql.go), or a Driver the program
// registered for an engine type of its own (userdriver.go; see the
// Registry.Register example, which reads a made-up lines:// type). Driver
// packages register from init, so a blank import links them in, as
// database/sql drivers do; the core links none, and ayeaye-gen writes
// the imports a project's schemas need into datasets/ayeaye_drivers.go.
// Each dataset's run state (port.go) is its location plus one small
// observer per concern: the contract check, fingerprints, output parts,
// rejects and progress, each in the file of its concern. Runner.Run
// (run.go) reads as its phases: resolve, open, pre-build, build, commit,
// post-build.
//
// Inputs open lazily, with manifests on or off: an input is checked
// against its published manifest (contracts.go) when the model first
// reads or lists it, and one it never touches is neither checked nor
// fingerprinted. A model whose output resolves to where another of its
// datasets is read from, or where another output goes, is refused before
// it runs (overlap.go). Runs writing one output take turns, in any
// processes: a lock file beside a local file or SQLite database, a lock
// in a PostgreSQL or MariaDB server (writelock.go). Publishing
// (publish.go) is not interrupted by the run's cancellation once begun,
// and publishes each output with its manifest, written first.
//
// Bad input records fail the run with the codec's positioned error by
// default; with SkipBadRecords they are written, with their errors, to a
// rejects dataset next to the first output (named from the dataset, in
// the working directory, when that output is a table or its location
// holds a secret) and counted in the Report (Report.RejectsLocation says
// where).
//
// Secrets: with an Environment that expands templates into engine.Text
// (*env.Env), engine URLs are parsed with engine.ParseText, so a secret is
// encoded for its place in the URL, and every location the runner prints,
// records or emits is the URL's masked twin, the secret replaced by
// "xxxxx" where it was filled in.
package runtime
