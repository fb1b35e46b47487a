package runtime

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// progress reports bytes read of the total while a model runs: a bar
// redrawn in place on a terminal, a log line every few seconds otherwise.
type progress struct {
	model string
	tty   io.Writer // non-nil: draw a bar here
	log   *slog.Logger
	every time.Duration

	read  atomic.Int64
	total atomic.Int64
	stop  chan struct{}
	done  sync.WaitGroup
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func newProgress(model string, out io.Writer, log *slog.Logger, every time.Duration) *progress {
	p := &progress{model: model, log: log, every: every, stop: make(chan struct{})}
	if out != nil && isTerminal(out) {
		p.tty = out
	}
	if p.tty == nil && (log == nil || every <= 0) {
		return p
	}
	p.done.Add(1)
	go p.loop()
	return p
}

func (p *progress) loop() {
	defer p.done.Done()
	interval := p.every
	if p.tty != nil {
		interval = 200 * time.Millisecond
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			if p.tty != nil {
				p.draw()
				fmt.Fprintln(p.tty)
			}
			return
		case <-t.C:
			if p.tty != nil {
				p.draw()
			} else {
				p.log.Info("progress", "model", p.model, "read_bytes", p.read.Load(), "total_bytes", p.total.Load())
			}
		}
	}
}

func (p *progress) draw() {
	read, total := p.read.Load(), p.total.Load()
	if total <= 0 {
		fmt.Fprintf(p.tty, "\r%s: %d bytes read", p.model, read)
		return
	}
	const width = 30
	frac := min(float64(read)/float64(total), 1)
	bar := make([]byte, width)
	for i := range bar {
		bar[i] = ' '
		if float64(i) < frac*width {
			bar[i] = '='
		}
	}
	fmt.Fprintf(p.tty, "\r%s [%s] %3.0f%%", p.model, bar, frac*100)
}

func (p *progress) close() {
	select {
	case <-p.stop:
	default:
		close(p.stop)
	}
	p.done.Wait()
}

// reader counts bytes read from r towards the progress; size is the
// stored size, or -1 when unknown.
func (p *progress) reader(r io.Reader, size int64) io.Reader {
	if size > 0 {
		p.total.Add(size)
	}
	return &countingReader{r: r, n: &p.read}
}

type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c *countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.n.Add(int64(n))
	return n, err
}
