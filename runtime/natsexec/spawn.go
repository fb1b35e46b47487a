package natsexec

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"sync"
	"time"
)

// ParentEnv is set (to "1") in the environment of the workers Spawn
// starts: such a worker stops when its standard input closes, which
// happens when its coordinator exits, even by SIGKILL (see WatchParent).
const ParentEnv = "AYEAYE_WORKER_PARENT"

// WatchParent returns a context that is cancelled when r (a spawned
// worker's standard input) reaches its end: the coordinator has gone, and
// a worker left behind would wait for its server forever.
func WatchParent(ctx context.Context, r io.Reader) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(ctx)
	go func() {
		_, _ = io.Copy(io.Discard, r)
		cancel()
	}()
	return ctx, cancel
}

// SpawnOptions configure local worker processes.
type SpawnOptions struct {
	N int // how many
	// Command makes worker i's command: the program itself, usually,
	// as in exec.Command(exe, "worker", "-executor", url). Spawn adds
	// ParentEnv to its environment (os.Environ() when Env is nil), so
	// that secrets reach the workers the way they reached this process.
	Command func(i int) *exec.Cmd
	// Output receives the workers' standard output and error, each line
	// prefixed with "worker N: "; nil discards it.
	Output io.Writer
	Logger *slog.Logger
}

// Workers are local worker processes. One that exits is started again;
// one that keeps failing as soon as it starts is given up on, and when
// all are, Dead is closed.
type Workers struct {
	o      SpawnOptions
	log    *slog.Logger
	out    *lineWriter
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	dead   chan struct{}

	mu    sync.Mutex
	procs []*exec.Cmd // the running process of each slot
	stdin []io.Closer
	outs  []*prefixWriter
	alive int
	err   error
}

// Spawn starts o.N worker processes.
func Spawn(ctx context.Context, o SpawnOptions) (*Workers, error) {
	if o.N < 1 || o.Command == nil {
		return nil, errors.New("natsexec: Spawn needs N >= 1 and a Command")
	}
	w := &Workers{o: o, log: o.Logger, dead: make(chan struct{}), procs: make([]*exec.Cmd, o.N), stdin: make([]io.Closer, o.N), alive: o.N}
	if w.log == nil {
		w.log = slog.New(slog.DiscardHandler)
	}
	out := o.Output
	if out == nil {
		out = io.Discard
	}
	w.out = &lineWriter{w: out}
	for i := range o.N {
		w.outs = append(w.outs, w.out.prefixed(fmt.Sprintf("worker %d: ", i)))
	}
	w.ctx, w.cancel = context.WithCancel(ctx)
	for i := range o.N {
		if err := w.start(i); err != nil {
			w.Close()
			return nil, err
		}
	}
	for i := range o.N {
		w.wg.Go(func() { w.supervise(i) })
	}
	return w, nil
}

// start starts the process of slot i.
func (w *Workers) start(i int) error {
	cmd := w.o.Command(i)
	if cmd.Env == nil {
		cmd.Env = os.Environ()
	}
	cmd.Env = append(cmd.Env, ParentEnv+"=1")
	cmd.Stdout, cmd.Stderr = w.outs[i], w.outs[i]
	in, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("starting worker %d (%s): %w", i, cmd.Path, err)
	}
	w.mu.Lock()
	w.procs[i], w.stdin[i] = cmd, in
	if w.ctx.Err() != nil {
		_ = in.Close() // Close has come meanwhile: this one stops too
	}
	w.mu.Unlock()
	return nil
}

// supervise waits for slot i's process and starts it again when it
// exits, unless Close was called or it keeps dying at once.
func (w *Workers) supervise(i int) {
	quick := 0
	for {
		w.mu.Lock()
		cmd := w.procs[i]
		w.mu.Unlock()
		started := time.Now()
		err := cmd.Wait()
		w.out.flush()
		if w.ctx.Err() != nil {
			return
		}
		if time.Since(started) < 5*time.Second {
			quick++
		} else {
			quick = 0
		}
		why := "exited"
		if err != nil {
			why = err.Error()
		}
		if quick >= 3 {
			w.giveUp(fmt.Errorf("worker %d stopped right after starting three times in a row (%s); its output is above", i, why))
			return
		}
		w.log.Warn("a worker process stopped; starting another", "worker", i, "pid", cmd.Process.Pid, "status", why)
		select {
		case <-time.After(time.Duration(quick) * time.Second):
		case <-w.ctx.Done():
			return
		}
		if err := w.start(i); err != nil {
			w.giveUp(err)
			return
		}
	}
}

func (w *Workers) giveUp(err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.alive--
	w.err = err
	w.log.Error("a worker process was given up on", "error", err)
	if w.alive == 0 {
		close(w.dead)
	}
}

// Dead is closed when every worker process has been given up on.
func (w *Workers) Dead() <-chan struct{} { return w.dead }

// Err says why the last worker was given up on.
func (w *Workers) Err() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// PIDs are the running workers' process ids (0 for a slot between two
// processes).
func (w *Workers) PIDs() []int {
	w.mu.Lock()
	defer w.mu.Unlock()
	pids := make([]int, len(w.procs))
	for i, c := range w.procs {
		if c != nil && c.Process != nil {
			pids[i] = c.Process.Pid
		}
	}
	return pids
}

// Close stops the workers: their standard input is closed, so they hand
// back what they are building and exit; any still running after ten
// seconds is killed.
func (w *Workers) Close() {
	w.cancel()
	w.mu.Lock()
	for _, in := range w.stdin {
		if in != nil {
			_ = in.Close()
		}
	}
	procs := append([]*exec.Cmd(nil), w.procs...)
	w.mu.Unlock()
	done := make(chan struct{})
	go func() { w.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		for _, c := range procs {
			if c != nil && c.Process != nil {
				_ = c.Process.Kill()
			}
		}
		<-done
	}
	w.out.flush()
}

// lineWriter writes whole lines, each with its writer's prefix, so that
// the output of several workers does not interleave within a line.
type lineWriter struct {
	mu   sync.Mutex
	w    io.Writer
	bufs []*prefixWriter
}

type prefixWriter struct {
	lw     *lineWriter
	prefix string
	buf    []byte
}

func (lw *lineWriter) prefixed(prefix string) *prefixWriter {
	p := &prefixWriter{lw: lw, prefix: prefix}
	lw.mu.Lock()
	lw.bufs = append(lw.bufs, p)
	lw.mu.Unlock()
	return p
}

func (p *prefixWriter) Write(b []byte) (int, error) {
	p.lw.mu.Lock()
	defer p.lw.mu.Unlock()
	p.buf = append(p.buf, b...)
	for {
		i := bytes.IndexByte(p.buf, '\n')
		if i < 0 {
			break
		}
		_, _ = fmt.Fprintf(p.lw.w, "%s%s\n", p.prefix, p.buf[:i])
		p.buf = p.buf[i+1:]
	}
	return len(b), nil
}

// flush writes what is left of unfinished lines.
func (lw *lineWriter) flush() {
	lw.mu.Lock()
	defer lw.mu.Unlock()
	for _, p := range lw.bufs {
		if len(p.buf) > 0 {
			_, _ = fmt.Fprintf(lw.w, "%s%s\n", p.prefix, p.buf)
			p.buf = nil
		}
	}
}
