package runtime

import (
	"context"
	"reflect"
	"sync/atomic"

	"github.com/ayeaye-go/ayeaye/runtime/codec"
	"github.com/ayeaye-go/ayeaye/runtime/engine"
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
	joinParts   func() error               // writes an output from its partitions' parts (output_part.go)
	run         *portRun                   // state of the current run; nil outside one
}

// porter is implemented by Input[T] and Output[T].
type porter interface{ port() *port }

var porterType = reflect.TypeFor[porter]()

// portRun is one run's state of a port: where the dataset resolved and
// what reads and writes it, then the observers that follow its stream,
// each a small type in the file of its concern.
type portRun struct {
	ctx     context.Context
	drv     driver       // the storage kind of url, chosen when it was resolved
	url     engine.URL   // resolved location
	urls    []engine.URL // inputs: the files a wildcard matched, else url
	opts    codec.Options
	display string // url as printed: Runner.display
	store   *storage.Store
	mem     *Mem
	redact  func(error) error
	writer  any // outputs: codec.Writer[T] once opened
	scratch any // outputs: *T a record is copied into before writing

	building *atomic.Bool // set while Build runs: records and rejects count only then
	records  atomic.Int64
	bytes    int64
	progress *progress
	reject   func(*codec.Error) error // nil: a bad record fails the read (rejects.go)
	contract contractCheck            // inputs: contracts.go
	print    fingerprints             // fingerprint.go
	parts    outputParts              // outputs of partitioned models: output_part.go
}

// bind starts the state of one use of a port at the resolved location u:
// the one place the storage kind is chosen (Registry.driverFor).
func (r *Runner) bind(ctx context.Context, u engine.URL) *portRun {
	return &portRun{ctx: ctx, drv: r.registry().driverFor(u), url: u, display: r.display(u), urls: []engine.URL{u}, opts: codecOptions(u),
		store: r.Store, mem: r.Mem, progress: &progress{}, redact: r.redactErr}
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
func (r *portRun) firstRead() error { return r.contract.begin() }
