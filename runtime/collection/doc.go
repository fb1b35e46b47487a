// Package collection runs many models as one pipeline and draws it. Models
// are linked by their datasets: when one writes a dataset another reads,
// the writer runs first. A dataset's identity is its resolved location in
// the current environment, so a dev graph and a production graph may
// differ, correctly.
//
//	c, err := collection.New(runner, []collection.Model{{Name: "a", Model: a}, {Name: "b", Model: b}})
//	fmt.Print(c.Plan())                   // order, parallel groups, resolved datasets
//	reports, err := c.Run(ctx, collection.Options{Parallel: 4, KeepGoing: true})
//
// # Building and running
//
// New refuses a cycle, naming every model and dataset on it, and two
// models replacing the same dataset, before anything runs. Models that
// declare they add to a dataset (an Output from Dataset.Append) may share
// it: the one that replaces it runs first, then the appenders one at a
// time in the order the models were given, then its readers, so a run
// ends with the same records every time. It also reads
// each dataset's JSON Schema (runtime.Dataset.Schema, which ayeaye-gen
// fills) so that the drawings can show its fields; a schema that is not a
// JSON object is refused with the model and dataset named. A model that
// reads what it writes (an update in place) does not depend on itself.
//
// Run starts each model as soon as the models it depends on have
// succeeded, up to Parallel at a time; with KeepGoing, independent
// branches finish when one fails, and the models downstream of a failure
// are skipped and reported. Only runs a subset, still in dependency order.
//
// # Skipping what need not run
//
// Skips plans, before anything runs, which models of an invocation can be
// left out (the user's program's run -skip-unchanged and -resume):
//
//	skipped, err := c.Skips(ctx, collection.SkipOptions{History: h, Unchanged: true, Parent: inv})
//	c.Run(ctx, collection.Options{Only: theRest})
//
// With Unchanged, a model is skipped when its code, schemas, inputs and
// outputs are those of its last successful run (a build without a VCS
// revision, or from a modified tree, skips nothing); with Resume, when it
// succeeded in the last invocation and its datasets have not changed
// since. Decisions go in dependency order and a model is skipped only
// when nothing it depends on runs. Each skipped model gets a run record
// (status skipped, its datasets as they are now) through the runner's
// Recorders. History is the run store, read through a two-method
// interface so that collection links no database driver; LastRuns reads
// the same history for the HTML page's status.
//
// # Drawing
//
// The same graph comes in five shapes:
//
//	c.WriteDOT(w)          Graphviz, left to right
//	c.WriteMermaid(w)      a Mermaid flowchart, for Markdown
//	c.WriteJSON(w)         GraphJSON: models, datasets (with fields), groups
//	c.Lineage("x", true)   what feeds dataset x, as text (false: what it feeds)
//	c.WriteHTML(w, status) one self-contained page to open in a browser
//
// # The HTML page
//
// WriteHTML writes a single file that needs no network: its script and
// styles are inlined from assets/ (embedded with go:embed), the graph goes
// in as JSON in a <script type="application/json"> element, and a
// Content-Security-Policy forbids loading anything, so the page can be
// mailed, attached to a CI run or opened from disk. The output is the same
// bytes for the same graph and status.
//
// The page lays the graph out left to right: models and datasets in
// alternating columns by dependency depth, each dataset just after the
// model that writes it. Each dataset shows its fields and types (the first
// twelve; the side panel lists all with their descriptions) and each model
// its inputs and outputs. Pass status, by model name, once run records
// exist: each model then shows its last run's status (coloured when it is
// succeeded, failed, skipped or running), when it finished and how many
// records it read and wrote per dataset location; pass nil before that.
//
// Clicking a node highlights everything upstream of it in orange and
// everything downstream in blue, dims the rest and shows the node's
// details in the side panel; Escape or a click on the background clears
// it. Drag to pan, scroll to zoom, "Fit" shows the whole graph, and the
// find box jumps to a model or dataset by name. A big graph opens at a
// readable zoom at the start of the pipeline rather than shrunk to fit.
//
// The layout (assets/layout.js) is a small layered layout written for this
// page rather than a library, so there is nothing to vendor or update: it
// gives edges that skip columns a lane through each column they cross,
// orders columns by barycentre sweeps to reduce crossings, places nodes
// by isotonic regression so that they never overlap, and lays out
// unconnected pipelines one under the other. It draws 200 models in well
// under a second of script time. Every name reaches the page through
// textContent, never as markup.
//
// # Testing the page
//
// html_test.go loads generated pages in headless Chromium with chromedp:
// the page must log no error or warning, request nothing but itself, draw
// every model and dataset with no two overlapping and no text spilling
// out of its box (also for a generated 200-model graph), and highlight
// exactly the lineage of the node clicked. Screenshots and the pages are
// saved under $AYEAYE_ARTEFACTS (default: ayeaye-artefacts in the
// temporary directory). Without Chromium the test is skipped, unless
// AYEAYE_REQUIRE_SERVICES=1; AYEAYE_CHROMIUM names the browser when it is
// not on PATH as chromium.
package collection
