package runtime

import (
	"context"
	"reflect"
	"sync"
	"sync/atomic"

	"github.com/ayeaye-go/ayeaye/runtime/codec"
	"github.com/ayeaye-go/ayeaye/runtime/engine"
	"github.com/ayeaye-go/ayeaye/runtime/provenance"
	"github.com/ayeaye-go/ayeaye/runtime/schema"
	"github.com/ayeaye-go/ayeaye/runtime/storage"
)

// Direction says whether a model reads or writes a dataset.
type Direction int

const (
	Read Direction = iota + 1
	Write
)

func (d Direction) String() string {
	if d == Write {
		return "output"
	}
	return "input"
}

// port is the type-erased side of an Input or Output: what the runner
// needs to resolve, open, count and commit it without knowing T.
type port struct {
	dataset     string
	fingerprint string
	engineURL   string
	schema      string
	record      *schema.Record // nil: read from schema when needed
	dir         Direction
	append      bool                       // an output that adds to the dataset: Dataset.Append
	open        func() error               // opens an output's writer (typed, set by Dataset)
	seal        func() error               // finishes an output's encoding, so its fingerprint is known (set when opened; may be nil)
	commit      func() error               // publishes an output's writes (set when opened)
	abort       func()                     // discards them
	sample      func(n int) ([]any, error) // reads the first n records (typed, set by Dataset)
	joinParts   func() error               // writes an output from its partitions' parts (part.go)
	run         *portRun                   // state of the current run; nil outside one
}

// porter is implemented by Input[T] and Output[T].
type porter interface{ port() *port }

var porterType = reflect.TypeFor[porter]()

// portRun is one run's state of a port.
type portRun struct {
	ctx      context.Context
	url      engine.URL   // resolved location
	urls     []engine.URL // inputs: the files a wildcard matched, else url
	opts     codec.Options
	store    *storage.Store
	mem      *Mem
	progress *progress
	skipBad  bool
	building *atomic.Bool // set while Build runs: records and rejects count only then
	reject   func(*codec.Error) error
	redact   func(error) error
	display  string // url as printed: Runner.display
	writer   any    // codec.Writer[T] or *memWriter[T] once opened
	records  atomic.Int64
	bytes    int64

	fingerprint bool                // hash content for the run record
	mu          sync.Mutex          // guards hashes: partitions read concurrently
	hashes      map[string]fileHash // inputs: by URL, files read in full
	before      map[string]fileStat // inputs: local files before the run
	versions    map[string]string   // inputs: objects' stored versions before the run
	outHash     *asyncHash          // outputs: what was written
	tableFP     string              // SQL outputs: the table's fingerprint after commit (sql.go)
	scratch     any                 // outputs: *T a record is copied into before writing

	used         atomic.Bool  // inputs: the model read or listed it; one it never touched is not fingerprinted
	contract     func() error // inputs: the manifest check, run at the first read (contracts.go)
	contractOnce sync.Once
	contractErr  error
	producer     *provenance.ProducerRef // inputs: the run that published it, from its manifest
	contractNote string                  // inputs: a compatible schema change, for the run record

	partsRun string     // outputs: the run whose partitions write parts (part.go)
	worker   bool       // a worker process building one partition (task.go)
	partsMu  sync.Mutex // guards parts
	parts    *partSet
	remote   atomic.Int64 // parts other processes reported writing (part.go)
}

// codecOptions turns a URL's options into the codec's.
func codecOptions(u engine.URL) codec.Options {
	var o codec.Options
	if d := u.Options["delimiter"]; d != "" {
		o.Delimiter = d[0]
	}
	if u.Options["header"] == "false" {
		o.NoHeader = true
	}
	o.Compression = u.Options["compression"]
	if n := u.Options["row_group_rows"]; n != "" {
		for _, c := range n {
			o.RowGroupRows = o.RowGroupRows*10 + int(c-'0')
		}
	}
	if i := u.Options["indent"]; i != "" {
		for _, c := range i {
			o.Indent = o.Indent*10 + int(c-'0')
		}
	}
	return o
}

// firstRead marks an input used and runs its contract check, once, before
// its first record is read: an input the model never reads is neither
// checked nor fingerprinted, whether manifests are on or off.
func (r *portRun) firstRead() error {
	r.used.Store(true)
	if r.contract == nil {
		return nil
	}
	r.contractOnce.Do(func() { r.contractErr = r.contract() })
	return r.contractErr
}
