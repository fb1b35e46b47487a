// Package executor is where distributed partition executors plug into
// the command line of runtime/cli: `run -executor NAME` (or a URL such as
// nats://host:4222) and the `worker` command. The command line ships
// serial and local; anything that runs partitions in other processes is a
// package that registers an Executor from its init, so a program links it
// only by importing it, as database/sql links a driver:
//
//	import _ "github.com/ayeaye-go/ayeaye/runtime/natsexec" // -executor nats, nats://host:4222, worker
//
// cli.RegisterExecutor is the same function as Register, for programs
// that add their own. Packages register here rather than through
// runtime/cli so that they need not link the command line.
package executor

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os/exec"
	"slices"
	"sync"
	"time"

	"github.com/ayeaye-go/ayeaye/runtime/partition"
	"github.com/ayeaye-go/ayeaye/runtime/provenance"
)

// Executor runs partitions of partitioned models in other processes.
type Executor interface {
	// Name is the -executor value that selects it with its defaults
	// ("nats"), and how messages name it.
	Name() string
	// Schemes are the URL schemes of -executor values it serves ("nats",
	// "tls", ...): -executor SCHEME://... selects it.
	Schemes() []string
	// Check validates an -executor value before anything runs; the
	// error says what is wrong and how to write it.
	Check(spec string) error
	// Open starts what a run needs (a server, local worker processes,
	// a connection) and returns the executor for the run's context; stop
	// releases everything it started.
	Open(ctx context.Context, spec string, r Run) (e partition.Executor, stop func(), err error)
	// Serve is the worker command: it takes partitions from what spec
	// names and builds them with w.Build until ctx is done (nil) or it
	// cannot go on.
	Serve(ctx context.Context, spec string, w Worker) error
}

// Env is the environment a run is in, as its workers need it to resolve
// the run's engine URLs themselves: never a secret, which each worker
// reads from its own environment.
type Env struct {
	Name string            // -env; "" means the worker's default
	Vars map[string]string // -var overrides
	Sets map[string]string // -set dataset=engineURL, templates not filled in
}

// Run is what the run command gives Open.
type Run struct {
	Env     Env
	Code    provenance.Code
	Logger  *slog.Logger // the run's log; nil while testing an executor alone
	Stderr  io.Writer    // where local workers' output goes without a Logger
	Workers int          // -workers: local worker processes; 0 means the executor's default
	// StateDir is a directory the executor may keep state in between
	// runs (the project's .ayeaye/NAME), so a run started again resumes.
	StateDir string
	Getenv   func(string) string // the process environment: credentials
	// WorkerCommand makes the command of a local worker process that
	// serves url; nil means this program's "worker -executor URL -q".
	WorkerCommand func(url string) *exec.Cmd
}

// Task is one partition a worker is asked to build.
type Task struct {
	Run   string // the distributed run's id
	Model string
	Task  partition.Task
	Env   Env
}

// Worker is what the worker command gives Serve.
type Worker struct {
	// Models are the models this program has; Build refuses others.
	Models []string
	// Build builds one partition in the task's environment and returns
	// its result. An error that errors.Is ErrPermanent cannot be mended
	// by retrying (an unknown model, say).
	Build             func(ctx context.Context, t Task) (json.RawMessage, error)
	Code              provenance.Code
	AllowCodeMismatch bool
	Concurrency       int           // partitions built at once, at least 1
	TaskTimeout       time.Duration // 0: no limit
	IdleExit          time.Duration // 0: keep waiting
	Logger            *slog.Logger
	Getenv            func(string) string
}

// ErrPermanent marks a Build error that retrying cannot mend.
var ErrPermanent = errors.New("permanent failure")

// Permanent marks err as permanent, keeping its message.
func Permanent(err error) error { return permanent{err} }

type permanent struct{ error }

func (p permanent) Unwrap() error        { return p.error }
func (p permanent) Is(target error) bool { return target == ErrPermanent }

var (
	mu        sync.Mutex
	executors []Executor
)

// Register adds e to the run and worker commands of every cli.Program
// in this process. It panics if e's name or a scheme is taken: two
// executors for one -executor value are a mistake in the program.
func Register(e Executor) {
	mu.Lock()
	defer mu.Unlock()
	for _, o := range executors {
		if o.Name() == e.Name() {
			panic(fmt.Sprintf("executor.Register: an executor named %q is already registered", e.Name()))
		}
		for _, s := range e.Schemes() {
			if slices.Contains(o.Schemes(), s) {
				panic(fmt.Sprintf("executor.Register: %s:// is already served by the %s executor", s, o.Name()))
			}
		}
	}
	executors = append(executors, e)
}

// Registered returns the registered executors, in registration order.
func Registered() []Executor {
	mu.Lock()
	defer mu.Unlock()
	return slices.Clone(executors)
}
