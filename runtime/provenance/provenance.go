// Package provenance describes what a run read and wrote: the run record
// every model run produces, and the Recorder interface through which run
// stores (runtime/runstore) and lineage emitters (runtime/openlineage)
// receive records.
//
// A record is written twice: when the run starts (status "running") and
// when it ends ("succeeded" or "failed"). A record still "running" whose
// process is gone was interrupted (killed); stores report it as such.
//
// Records never hold secrets: locations are redacted, and only the
// environment's non-secret variables are kept.
package provenance

import (
	"context"
	"os"
	"runtime/debug"
	"sort"
	"time"

	"github.com/google/uuid"
)

// Status of a run.
type Status string

const (
	Running     Status = "running"
	Succeeded   Status = "succeeded"
	Failed      Status = "failed"
	Skipped     Status = "skipped"     // not run: inputs and code unchanged since a successful run
	Interrupted Status = "interrupted" // the process died while running
)

// Run is the record of one model run, or of one partition of it.
type Run struct {
	ID         string            `json:"id" jsonschema_description:"UUIDv7 of the run; sorts by start time."`
	Parent     string            `json:"parent,omitempty" jsonschema_description:"The invocation (collection run) or, for a partition, the model run it belongs to."`
	Project    string            `json:"project,omitempty" jsonschema_description:"The project (Go module path of the program)."`
	Model      string            `json:"model"`
	Partition  string            `json:"partition,omitempty" jsonschema_description:"The partition's key, for partition runs."`
	Code       Code              `json:"code"`
	Env        string            `json:"env,omitempty" jsonschema_description:"Environment name."`
	Vars       map[string]string `json:"vars,omitempty" jsonschema_description:"The environment's non-secret variables."`
	Inputs     []Dataset         `json:"inputs"`
	Outputs    []Dataset         `json:"outputs"`
	Partitions []PartitionRun    `json:"partitions,omitempty"`
	Stats      map[string]int64  `json:"stats,omitempty" jsonschema_description:"The model's own counters."`
	Rejected   int64             `json:"rejected,omitempty" jsonschema_description:"Bad input records set aside."`
	Host       string            `json:"host"`
	PID        int               `json:"pid"`
	Start      time.Time         `json:"start"`
	End        time.Time         `json:"end,omitzero"`
	Status     Status            `json:"status"`
	Error      string            `json:"error,omitempty"`
	Notes      []string          `json:"notes,omitempty" jsonschema_description:"Warnings, e.g. a run allowed to proceed despite input drift."`
}

// Code identifies the program that ran.
type Code struct {
	Module   string            `json:"module,omitempty"`
	Version  string            `json:"version,omitempty"`
	Revision string            `json:"revision,omitempty" jsonschema_description:"VCS revision the program was built from."`
	Dirty    bool              `json:"dirty,omitempty" jsonschema_description:"The working tree had uncommitted changes."`
	Schemas  map[string]string `json:"schemas,omitempty" jsonschema_description:"Fingerprints of the dataset schemas compiled in, by dataset name."`
}

// Dataset is one input or output of a run.
type Dataset struct {
	Field       string `json:"field,omitempty"`
	Name        string `json:"name"`
	Location    string `json:"location" jsonschema_description:"Resolved engine URL, secrets redacted."`
	Schema      string `json:"schema_fingerprint,omitempty"`
	Fingerprint string `json:"fingerprint,omitempty" jsonschema_description:"sha256: of the content (decompressed), taken while it was read or written."`
	Size        int64  `json:"size,omitempty" jsonschema_description:"Bytes read or written (decompressed)."`
	Records     int64  `json:"records"`
	// Producer links an input to the run of another project that
	// published it (from the input's manifest).
	Producer *ProducerRef `json:"producer,omitempty"`
}

// ProducerRef names the run, possibly of another project, that produced
// a dataset.
type ProducerRef struct {
	Project string `json:"project,omitempty"`
	Model   string `json:"model"`
	Run     string `json:"run"`
}

// PartitionRun is one partition of a partitioned run.
type PartitionRun struct {
	Key      string    `json:"key"`
	Attempts int       `json:"attempts"`
	Error    string    `json:"error,omitempty"`
	Host     string    `json:"host,omitempty"`
	Start    time.Time `json:"start"`
	End      time.Time `json:"end"`
	// Records are the records the partition read, per input dataset,
	// and Written those it wrote to its parts of outputs, per output
	// dataset, when it was built in another process (a distributed
	// executor's worker); the coordinator adds them to its counts.
	Records map[string]int64 `json:"records,omitempty" jsonschema_description:"Records read per input dataset, by a partition built in another process."`
	Written map[string]int64 `json:"written,omitempty" jsonschema_description:"Records written per output dataset to its parts, by a partition built in another process."`
}

// Recorder receives run records: at the start and at the end of a run.
// Implementations must be safe for concurrent use; a Recorder that fails
// must not fail the run unless it is the run store the user asked for.
type Recorder interface {
	Record(ctx context.Context, r *Run) error
}

// CodeVersion reads the program's build information: module, version,
// VCS revision and dirty flag.
func CodeVersion() Code {
	var c Code
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return c
	}
	c.Module, c.Version = bi.Main.Path, bi.Main.Version
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			c.Revision = s.Value
		case "vcs.modified":
			c.Dirty = s.Value == "true"
		}
	}
	return c
}

// Hostname is the machine's name, or "unknown".
func Hostname() string {
	h, err := os.Hostname()
	if err != nil {
		return "unknown"
	}
	return h
}

// SortedKeys returns m's keys in order, for stable output.
func SortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

type partitionsKey struct{}

// PartitionSink receives each partition's outcome as it finishes.
type PartitionSink func(PartitionRun)

// WithPartitionSink returns a context through which partitioned builds
// (runtime/partition) report their partitions to the run's record.
func WithPartitionSink(ctx context.Context, sink PartitionSink) context.Context {
	return context.WithValue(ctx, partitionsKey{}, sink)
}

// ReportPartition hands a finished partition to the context's sink, if
// any.
func ReportPartition(ctx context.Context, p PartitionRun) {
	if sink, ok := ctx.Value(partitionsKey{}).(PartitionSink); ok {
		sink(p)
	}
}

type inputCountsKey struct{}

// WithCounts returns a context in which a partition built for another
// process (runtime.Runner.RunTask) reports the records it read per input
// dataset and wrote per output dataset to report, so that they can
// travel back with its result.
func WithCounts(ctx context.Context, report func(read, written map[string]int64)) context.Context {
	return context.WithValue(ctx, inputCountsKey{}, report)
}

// ReportCounts hands counts to the context's WithCounts, if any.
func ReportCounts(ctx context.Context, read, written map[string]int64) {
	if report, ok := ctx.Value(inputCountsKey{}).(func(read, written map[string]int64)); ok {
		report(read, written)
	}
}

type parentKey struct{}

// WithParent returns a context whose runs record parent as their parent
// run: the invocation that runs a collection of models.
func WithParent(ctx context.Context, parent string) context.Context {
	return context.WithValue(ctx, parentKey{}, parent)
}

// Parent is the parent run id the context carries, or "".
func Parent(ctx context.Context) string {
	p, _ := ctx.Value(parentKey{}).(string)
	return p
}

// NewRunID is a run ID as the runner gives them: a UUIDv7, unique, and
// sorting by it sorts by start time.
func NewRunID() string {
	id, err := uuid.NewV7()
	if err != nil {
		return uuid.NewString() // the clock failed us; still unique
	}
	return id.String()
}
