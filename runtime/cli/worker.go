package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	goruntime "runtime"
	"strings"
	"sync"
	"time"

	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/env"
	"github.com/ayeaye-go/ayeaye/runtime/natsexec"
	"github.com/ayeaye-go/ayeaye/runtime/partition"
)

func workerCommand() *command {
	return &command{
		name:    "worker",
		args:    "-executor nats://host:4222 [-concurrency N] [-task-timeout D] [-idle-exit D] [-allow-code-mismatch] [-q]",
		summary: "build the partitions that run -executor nats://… sends",
		help: `Worker takes partitions of partitioned models from a NATS JetStream
server and builds them, for a run started elsewhere with
-executor nats://host:4222. Start as many as you like, on any machine
that can reach the server and the data: the same program as the run's,
so that it has the same models and code.

Each partition is built in the environment the run names, with its -var
and -set, while secrets come from this process's own environment
variables and files: they never travel with the work. A partition of a
model this program does not have, or sent by another build of the
program, is refused with an error that says so (-allow-code-mismatch
builds it anyway and notes the mismatch in the run's log).

A partition's result is stored once, then acknowledged; a worker that
dies or stops answering mid-partition loses it to another worker after
the server's ack wait. Failures are retried, with backoff, within the
model's budget. The run records the partitions with this machine's
host; the worker itself records nothing.

Credentials come from $AYEAYE_NATS_TOKEN or $AYEAYE_NATS_CREDS (a .creds
file), never from the command line. Settings shared with the run go after
the URL: ?namespace=NAME (several projects on one server), replicas=3,
ack_wait=30s. Ctrl-C (or SIGTERM) hands the partition being built back
at once.

Examples:

	PROGRAM worker -executor nats://nats.internal:4222
	PROGRAM worker -executor nats://nats-0:4222,nats://nats-1:4222,nats://nats-2:4222?replicas=3 -concurrency 4
	PROGRAM worker -executor nats://nats:4222 -idle-exit 1m   # a batch worker, e.g. in a Kubernetes Job`,
		run: runWorker,
	}
}

// workerFlags are the flags of worker.
type workerFlags struct {
	executor          string
	concurrency       int
	taskTimeout       time.Duration
	idleExit          time.Duration
	allowCodeMismatch bool
	quiet             bool
}

func runWorker(a *app, cmd *command, args []string) int {
	fs := a.flagSet(cmd)
	var f workerFlags
	fs.StringVar(&f.executor, "executor", "", "the NATS server (or servers, comma-separated) to take partitions from, as nats://host:4222, with settings after ?")
	fs.IntVar(&f.concurrency, "concurrency", 1, "build at most `N` partitions at the same time (run one worker per core for process-level parallelism)")
	fs.DurationVar(&f.taskTimeout, "task-timeout", 0, "fail an attempt at a partition that takes longer than this (0: no limit)")
	fs.DurationVar(&f.idleExit, "idle-exit", 0, "exit after this long without work (0: keep waiting)")
	fs.BoolVar(&f.allowCodeMismatch, "allow-code-mismatch", false, "build partitions sent by another build of the program, noting the mismatch")
	fs.BoolVar(&f.quiet, "q", false, "quiet: log only warnings and errors")
	pos, code, ok := a.parse(cmd, fs, args)
	if !ok {
		return code
	}
	switch {
	case len(pos) > 0:
		return a.usageError(cmd, "unexpected argument %q: a worker builds whatever model the run sends", pos[0])
	case f.executor == "" || f.executor == "nats":
		return a.usageError(cmd, "-executor: give the NATS server the run uses, e.g. -executor nats://127.0.0.1:4222")
	case f.concurrency < 1:
		return a.usageError(cmd, "-concurrency %d: build at least one partition at a time", f.concurrency)
	case f.taskTimeout < 0 || f.idleExit < 0:
		return a.usageError(cmd, "-task-timeout and -idle-exit take a positive duration, such as 10m")
	}
	cfg, err := natsexec.ParseURL(f.executor)
	if err != nil {
		return a.usageError(cmd, "-executor %s: %v", f.executor, err)
	}
	cfg.Token, cfg.Creds = a.getenv(natsexec.TokenEnv), a.getenv(natsexec.CredsEnv)
	// A broken config fails the worker now, not every partition later.
	if _, err := env.Parse(a.prog.ConfigPath, a.prog.Config); err != nil {
		fmt.Fprintf(a.stderr, "%s: %v\n", a.prog.Name, err)
		return ExitFailure
	}
	ctx := a.ctx
	if a.getenv(natsexec.ParentEnv) == "1" {
		var cancel context.CancelFunc
		ctx, cancel = natsexec.WatchParent(ctx, os.Stdin)
		defer cancel()
	}
	// One handler for every line, so that lines from several partitions
	// never interleave; each environment's runner adds its redaction.
	log := newLogger(a.stderr, f.quiet, func(s string) string { return s })
	h := &taskHandler{a: a, log: log, runners: map[string]*runtime.Runner{}}
	w := &natsexec.Worker{
		Config:            cfg,
		Models:            a.modelNames(),
		Handle:            h.handle,
		Code:              a.code(),
		AllowCodeMismatch: f.allowCodeMismatch,
		Concurrency:       f.concurrency,
		TaskTimeout:       f.taskTimeout,
		IdleExit:          f.idleExit,
		Logger:            log,
	}
	if err := w.Run(ctx); err != nil {
		fmt.Fprintf(a.stderr, "%s worker: %v\n", a.prog.Name, err)
		return ExitFailure
	}
	return ExitOK
}

func (a *app) getenv(k string) string {
	if a.prog.Getenv != nil {
		return a.prog.Getenv(k)
	}
	return os.Getenv(k)
}

// taskHandler builds partitions, with one runner per environment the
// runs ask for.
type taskHandler struct {
	a   *app
	log *slog.Logger

	mu      sync.Mutex
	runners map[string]*runtime.Runner
}

func (h *taskHandler) handle(ctx context.Context, req *natsexec.Request) (json.RawMessage, error) {
	r, err := h.runner(req.Env)
	if err != nil {
		return nil, err
	}
	m, ok := h.a.findModel(req.Model)
	if !ok {
		return nil, natsexec.Permanent(fmt.Errorf("this program has no model %q", req.Model))
	}
	inst, err := newModel(m)
	if err != nil {
		return nil, natsexec.Permanent(err)
	}
	return r.RunTask(ctx, req.Model, inst, req.Task, req.Run)
}

// runner resolves the environment a run names, in this process: its
// secrets are this machine's.
func (h *taskHandler) runner(e natsexec.Env) (*runtime.Runner, error) {
	key, _ := json.Marshal(e)
	h.mu.Lock()
	defer h.mu.Unlock()
	if r, ok := h.runners[string(key)]; ok {
		return r, nil
	}
	a := h.a
	cfg, err := env.Parse(a.prog.ConfigPath, a.prog.Config)
	if err != nil {
		return nil, err
	}
	resolved, err := cfg.Resolve(env.Options{Name: e.Name, Overrides: e.Vars, Getenv: a.prog.Getenv})
	if err != nil {
		return nil, fmt.Errorf("the run's environment on this worker: %w", err)
	}
	code := a.code()
	r := &runtime.Runner{Env: resolved, Overrides: e.Sets, Logger: slog.New(&redactHandler{h: h.log.Handler(), redact: resolved.Redact}),
		Code: code, Project: a.project(code), NoManifests: true}
	if len(h.runners) > 100 {
		clear(h.runners) // runs in many environments: keep the cache small
	}
	h.runners[string(key)] = r
	return r, nil
}

// IsNATSExecutor reports whether run's -executor asks for the NATS
// executor: "nats" (a server inside the run, with local worker
// processes) or a server's URL.
func isNATSExecutor(spec string) bool {
	return spec == "nats" || strings.Contains(spec, "://")
}

// checkNATSExecutor checks -executor's URL before anything runs.
func checkNATSExecutor(spec string) error {
	if spec == "nats" {
		return nil
	}
	_, err := natsexec.ParseURL(spec)
	return err
}

// natsRun is the NATS executor of one run command, with the server and
// worker processes it started.
type natsRun struct {
	exec    *natsexec.Executor
	srv     *natsexec.Server
	workers *natsexec.Workers
}

// natsSetup is what openNATS needs from the run command.
type natsSetup struct {
	spec    string // -executor
	workers int    // -workers: local worker processes; 0 means one per CPU with "nats", none with a URL
	session *session
	env     *envFlags
	logger  *slog.Logger
	// command makes a local worker's command; nil means this program
	// with "worker -executor URL -q".
	command func(url string) *exec.Cmd
}

// openNATS starts what -executor nats or nats://… needs: with "nats", a
// server inside this process keeping its state in .ayeaye/nats (so a run
// started again resumes); then the local worker processes; then the
// executor. Close stops them all.
func (a *app) openNATS(o natsSetup) (_ *natsRun, err error) {
	n := &natsRun{}
	defer func() {
		if err != nil {
			n.Close()
		}
	}()
	var cfg natsexec.Config
	workerURL, workerEnv := o.spec, []string{}
	if o.spec == "nats" {
		if n.srv, err = natsexec.StartServer(natsexec.ServerOptions{Dir: a.path(filepath.Join(".ayeaye", "nats"))}); err != nil {
			return nil, err
		}
		// Local workers that stop answering are noticed sooner than on a
		// cluster, where networks are slower to trust.
		const ackWait = "10s"
		workerURL = n.srv.URL() + "?ack_wait=" + ackWait
		if cfg, err = natsexec.ParseURL(workerURL); err != nil {
			return nil, err
		}
		cfg.Token = n.srv.Token()
		workerEnv = append(workerEnv, natsexec.TokenEnv+"="+n.srv.Token())
		if o.workers == 0 {
			o.workers = goruntime.NumCPU()
		}
	} else {
		if cfg, err = natsexec.ParseURL(o.spec); err != nil {
			return nil, err
		}
		cfg.Token, cfg.Creds = a.getenv(natsexec.TokenEnv), a.getenv(natsexec.CredsEnv)
	}
	if o.workers > 0 {
		command := o.command
		if command == nil {
			exe, err := os.Executable()
			if err != nil {
				return nil, fmt.Errorf("finding this program to start workers: %w", err)
			}
			command = func(url string) *exec.Cmd { return exec.Command(exe, "worker", "-executor", url, "-q") }
		}
		var out io.Writer = a.stderr
		if o.logger != nil {
			out = loggedLines{o.logger} // through the run's log handler, which serialises writes
		}
		n.workers, err = natsexec.Spawn(a.ctx, natsexec.SpawnOptions{N: o.workers, Output: out, Logger: o.logger,
			Command: func(int) *exec.Cmd {
				cmd := command(workerURL)
				cmd.Env = append(append(os.Environ(), cmd.Env...), workerEnv...)
				return cmd
			}})
		if err != nil {
			return nil, err
		}
	}
	e := natsexec.Env{Name: o.session.env.Name(), Vars: o.env.vars.m, Sets: o.env.sets.m}
	n.exec, err = natsexec.Open(a.ctx, natsexec.Options{Config: cfg, Env: e, Code: a.code(), Logger: o.logger, Workers: n.workers,
		Private: n.srv != nil})
	if err != nil {
		return nil, err
	}
	return n, nil
}

// loggedLines passes the local workers' output (started with -q: their
// warnings and errors, each line prefixed "worker N: ") to the run's log.
type loggedLines struct{ log *slog.Logger }

func (l loggedLines) Write(p []byte) (int, error) {
	l.log.Warn(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// natsExecutor is what run does for -executor nats or nats://…: the
// executor to put in the context, and a function that stops what it
// started.
func (a *app) natsExecutor(spec string, workers int, s *session, ef *envFlags, log *slog.Logger) (partition.Executor, func(), error) {
	n, err := a.openNATS(natsSetup{spec: spec, workers: workers, session: s, env: ef, logger: log})
	if err != nil {
		return nil, nil, err
	}
	return n.exec, n.Close, nil
}

// Close stops the workers, then the server.
func (n *natsRun) Close() {
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
