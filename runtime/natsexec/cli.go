package natsexec

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	goruntime "runtime"
	"strings"

	"github.com/ayeaye-go/ayeaye/runtime/cli/executor"
	"github.com/ayeaye-go/ayeaye/runtime/partition"
)

// Importing this package adds the NATS executor to the command line of
// runtime/cli: `run -executor nats` (an embedded server and local worker
// processes), `run -executor nats://host:4222` and `worker -executor
// nats://host:4222`.
func init() { executor.Register(commandLine{}) }

// commandLine is the NATS executor as the command line uses it.
type commandLine struct{}

func (commandLine) Name() string      { return "nats" }
func (commandLine) Schemes() []string { return []string{"nats", "tls", "ws", "wss"} }

// Check accepts "nats" (a server inside the run) or a server URL.
func (commandLine) Check(spec string) error {
	if spec == "nats" {
		return nil
	}
	_, err := ParseURL(spec)
	return err
}

// Open starts what -executor nats or nats://… needs: with "nats", a
// server inside this process keeping its state in r.StateDir (so a run
// started again resumes); then the local worker processes; then the
// executor. stop stops them all.
func (commandLine) Open(ctx context.Context, spec string, r executor.Run) (_ partition.Executor, stop func(), err error) {
	n := &cliRun{}
	defer func() {
		if err != nil {
			n.close()
		}
	}()
	cfg, workerURL, workerEnv, err := n.config(spec, &r)
	if err != nil {
		return nil, nil, err
	}
	if r.Workers > 0 {
		if n.workers, err = spawnLocal(ctx, r, workerURL, workerEnv); err != nil {
			return nil, nil, err
		}
	}
	e := Env{Name: r.Env.Name, Vars: r.Env.Vars, Sets: r.Env.Sets}
	n.exec, err = Open(ctx, Options{Config: cfg, Env: e, Code: r.Code, Logger: r.Logger, Workers: n.workers, Private: n.srv != nil})
	if err != nil {
		return nil, nil, err
	}
	return n.exec, n.close, nil
}

// cliRun is the NATS executor of one run command, with the server and
// worker processes it started.
type cliRun struct {
	exec    *Executor
	srv     *Server
	workers *Workers
}

// config is the coordinator's Config for spec, and the URL and extra
// environment its local workers get; with "nats" it starts the server.
func (n *cliRun) config(spec string, r *executor.Run) (cfg Config, workerURL string, workerEnv []string, err error) {
	getenv := r.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	if spec != "nats" {
		if cfg, err = ParseURL(spec); err != nil {
			return cfg, "", nil, err
		}
		cfg.Token, cfg.Creds = getenv(TokenEnv), getenv(CredsEnv)
		return cfg, spec, nil, nil
	}
	if r.StateDir == "" {
		return cfg, "", nil, errors.New("-executor nats keeps the server's state in the project's .ayeaye directory, but the run gave none")
	}
	if n.srv, err = StartServer(ServerOptions{Dir: r.StateDir}); err != nil {
		return cfg, "", nil, err
	}
	// Local workers that stop answering are noticed sooner than on a
	// cluster, where networks are slower to trust.
	const ackWait = "10s"
	workerURL = n.srv.URL() + "?ack_wait=" + ackWait
	if cfg, err = ParseURL(workerURL); err != nil {
		return cfg, "", nil, err
	}
	cfg.Token = n.srv.Token()
	if r.Workers == 0 {
		r.Workers = goruntime.NumCPU()
	}
	return cfg, workerURL, []string{TokenEnv + "=" + n.srv.Token()}, nil
}

// spawnLocal starts r.Workers worker processes serving url.
func spawnLocal(ctx context.Context, r executor.Run, url string, extraEnv []string) (*Workers, error) {
	command := r.WorkerCommand
	if command == nil {
		exe, err := os.Executable()
		if err != nil {
			return nil, fmt.Errorf("finding this program to start workers: %w", err)
		}
		command = func(url string) *exec.Cmd { return exec.Command(exe, "worker", "-executor", url, "-q") }
	}
	out := r.Stderr
	if out == nil {
		out = os.Stderr
	}
	if r.Logger != nil {
		out = loggedLines{r.Logger} // through the run's log handler, which serialises writes
	}
	return Spawn(ctx, SpawnOptions{N: r.Workers, Output: out, Logger: r.Logger,
		Command: func(int) *exec.Cmd {
			cmd := command(url)
			cmd.Env = append(append(os.Environ(), cmd.Env...), extraEnv...)
			return cmd
		}})
}

// loggedLines passes the local workers' output (started with -q: their
// warnings and errors, each line prefixed "worker N: ") to the run's log.
type loggedLines struct{ log *slog.Logger }

var _ io.Writer = loggedLines{}

func (l loggedLines) Write(p []byte) (int, error) {
	l.log.Warn(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// close stops the executor, the workers, then the server.
func (n *cliRun) close() {
	if n.exec != nil {
		_ = n.exec.Close() // the connection goes away either way
	}
	if n.workers != nil {
		n.workers.Close()
	}
	if n.srv != nil {
		n.srv.Close()
	}
}

// Serve is the worker command: it builds the partitions that runs send
// through the server at spec, with credentials from $AYEAYE_NATS_TOKEN
// or $AYEAYE_NATS_CREDS. Started by a run as a local worker
// ($AYEAYE_NATS_PARENT=1), it stops when the run does.
func (commandLine) Serve(ctx context.Context, spec string, w executor.Worker) error {
	cfg, err := ParseURL(spec)
	if err != nil {
		return err
	}
	getenv := w.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	cfg.Token, cfg.Creds = getenv(TokenEnv), getenv(CredsEnv)
	if getenv(ParentEnv) == "1" {
		var cancel context.CancelFunc
		ctx, cancel = WatchParent(ctx, os.Stdin)
		defer cancel()
	}
	worker := &Worker{
		Config: cfg,
		Models: w.Models,
		Handle: func(ctx context.Context, req *Request) (json.RawMessage, error) {
			res, err := w.Build(ctx, executor.Task{Run: req.Run, Model: req.Model, Task: req.Task,
				Env: executor.Env{Name: req.Env.Name, Vars: req.Env.Vars, Sets: req.Env.Sets}})
			if errors.Is(err, executor.ErrPermanent) {
				return nil, Permanent(err)
			}
			return res, err
		},
		Code:              w.Code,
		AllowCodeMismatch: w.AllowCodeMismatch,
		Concurrency:       w.Concurrency,
		TaskTimeout:       w.TaskTimeout,
		IdleExit:          w.IdleExit,
		Logger:            w.Logger,
	}
	return worker.Run(ctx)
}

var _ executor.Executor = commandLine{}
