package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/cli/executor"
	"github.com/ayeaye-go/ayeaye/runtime/env"
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
so that it has the same models and code. The program links the NATS
side by importing _ "github.com/ayeaye-go/ayeaye/runtime/natsexec".

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
	case !strings.Contains(f.executor, "://"):
		return a.usageError(cmd, "-executor: give the NATS server the run uses, e.g. -executor nats://127.0.0.1:4222")
	case f.concurrency < 1:
		return a.usageError(cmd, "-concurrency %d: build at least one partition at a time", f.concurrency)
	case f.taskTimeout < 0 || f.idleExit < 0:
		return a.usageError(cmd, "-task-timeout and -idle-exit take a positive duration, such as 10m")
	}
	e, err := findExecutor(f.executor)
	if err == nil && e == nil {
		err = fmt.Errorf("no executor serves it; use nats://host:4222")
	}
	if err == nil {
		err = e.Check(f.executor)
	}
	if err != nil {
		return a.usageError(cmd, "-executor %s: %v", f.executor, err)
	}
	// A broken config fails the worker now, not every partition later.
	if _, err := env.Parse(a.prog.ConfigPath, a.prog.Config); err != nil {
		fmt.Fprintf(a.stderr, "%s: %v\n", a.prog.Name, err)
		return ExitFailure
	}
	// One handler for every line, so that lines from several partitions
	// never interleave; each environment's runner adds its redaction.
	log := newLogger(a.stderr, f.quiet, func(s string) string { return s })
	h := &taskHandler{a: a, log: log, runners: map[string]*runtime.Runner{}}
	w := executor.Worker{
		Models:            a.modelNames(),
		Build:             h.build,
		Code:              a.code(),
		AllowCodeMismatch: f.allowCodeMismatch,
		Concurrency:       f.concurrency,
		TaskTimeout:       f.taskTimeout,
		IdleExit:          f.idleExit,
		Logger:            log,
		Getenv:            a.getenv,
	}
	if err := e.Serve(a.ctx, f.executor, w); err != nil {
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

func (h *taskHandler) build(ctx context.Context, req executor.Task) (json.RawMessage, error) {
	r, err := h.runner(req.Env)
	if err != nil {
		return nil, err
	}
	m, ok := h.a.findModel(req.Model)
	if !ok {
		return nil, executor.Permanent(fmt.Errorf("this program has no model %q", req.Model))
	}
	inst, err := newModel(m)
	if err != nil {
		return nil, executor.Permanent(err)
	}
	return r.RunTask(ctx, req.Model, inst, req.Task, req.Run)
}

// runner resolves the environment a run names, in this process: its
// secrets are this machine's.
func (h *taskHandler) runner(e executor.Env) (*runtime.Runner, error) {
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
