// Package partition splits one big model into partitions that run in
// parallel, with retries, and outputs that become visible all at once.
//
// A model becomes partitioned by adding three methods and calling Run
// from Build:
//
//	func (m *SiteStats) Partitions(ctx context.Context) ([]string, error) { return m.Readings.Files() }
//	func (m *SiteStats) BuildPartition(ctx context.Context, file string) (DayStats, error) {
//		var s DayStats
//		for r, err := range m.Readings.FileAll(file) { … }
//		return s, nil
//	}
//	func (m *SiteStats) Combine(ctx context.Context, parts []DayStats) error {
//		… write m.Out …
//	}
//	func (m *SiteStats) Build(ctx context.Context) error {
//		return partition.Run(ctx, "site_stats", m.Partitions, m.BuildPartition, m.Combine)
//	}
//
// An input offers three natural partitions: a file each (Files and
// FileAll), byte ranges of CSV and TSV files cut at record boundaries
// (Splits and SplitAll), and the row groups of Parquet files (RowGroups
// and RowGroupAll), which split a large Parquet file along the groups it
// was written in.
//
// Partitions and results are ordinary Go types. They must survive JSON,
// because a distributed executor sends them between machines: Run checks
// their types before anything runs (CheckTypes does the same in a test)
// and refuses channels, functions and structs whose fields JSON would
// drop.
//
// The executor is chosen at run time, not in the model: Serial runs the
// partitions one by one in the calling goroutine (step through them in a
// debugger); Local runs them on a bounded pool of goroutines. WithExecutor
// puts one in the context the model's Build receives; without one, Run
// uses Local with one worker per CPU. Both give the same output: Combine
// receives the results in partition order, whatever order they finished
// in.
//
// A partition that returns an error is retried with exponential backoff
// (2 retries from 100ms by default; a model sets its own budget with
// WithRetry in Build); one that panics fails with its stack and is
// not retried. When the budget is spent, Run fails naming every failed
// partition and its last error; with KeepGoing the other partitions
// finish first. Cancelling the context stops every partition promptly.
//
// Outputs are published only when every partition and Combine succeeded:
// a reader never sees half a result. A small output (totals, a summary)
// is written by Combine through the model's Output handles. A big one is
// written by the partitions themselves, each to its own part:
//
//	out := m.Clean.Part(ctx) // in BuildPartition
//	err := out.Write(&rec)
//
// Parts are files in a hidden directory beside the output, named after
// the run; a failed attempt's part is thrown away, and after Build the
// runtime joins the parts in partition order into the output, so its
// records come in the same order on every executor. Workers of a
// distributed run write their parts there too: they must resolve the
// output to the same place (a shared file system or object storage); a
// coordinator that finds fewer parts than its workers reported writing
// fails the run. The parts of a run killed before it joined them are
// removed when the next run marks it interrupted (runtime/cli).
package partition
