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

// progress reports bytes read of the total while a model runs, or for a
// partitioned model partitions done of the total, with records read per
// second and the time left: a bar redrawn in place on a terminal, a log
// line every few seconds otherwise.
type progress struct {
	model string
	tty   io.Writer // non-nil: draw a bar here
	log   *slog.Logger
	every time.Duration
	start time.Time

	read    atomic.Int64
	total   atomic.Int64
	records atomic.Pointer[func() int64] // input records read so far; nil when unknown
	parts   atomic.Int64                 // partitions done
	ofParts atomic.Int64                 // partitions in all; 0 when not partitioned
	stop    chan struct{}
	done    sync.WaitGroup
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
	p := &progress{model: model, log: log, every: every, start: time.Now(), stop: make(chan struct{})}
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
				p.logLine()
			}
		}
	}
}

// partitions is told each time a partition finishes (partition.WithProgress).
func (p *progress) partitions(done, total int) {
	p.parts.Store(int64(done))
	p.ofParts.Store(int64(total))
	if done == total && total > 0 && p.tty == nil && p.log != nil {
		p.logLine() // the last partition: say so now, not at the next tick
	}
}

// rate is the records read per second so far, and the time left judged
// by the fraction done (partitions, else bytes); ok is false while that
// fraction is unknown.
func (p *progress) rate() (perSecond float64, left time.Duration, frac float64, ok bool) {
	elapsed := time.Since(p.start).Seconds()
	if records := p.records.Load(); records != nil && elapsed > 0 {
		perSecond = float64((*records)()) / elapsed
	}
	if n := p.ofParts.Load(); n > 0 {
		frac, ok = float64(p.parts.Load())/float64(n), true
	} else if t := p.total.Load(); t > 0 {
		frac, ok = min(float64(p.read.Load())/float64(t), 1), true
	}
	if ok && frac > 0 {
		left = time.Duration(elapsed * (1 - frac) / frac * float64(time.Second)).Round(time.Second)
	}
	return perSecond, left, frac, ok
}

func (p *progress) logLine() {
	perSecond, left, _, ok := p.rate()
	var attrs []any // the logger names the model
	if n := p.ofParts.Load(); n > 0 {
		attrs = append(attrs, "partitions_done", p.parts.Load(), "partitions", n)
	} else {
		attrs = append(attrs, "read_bytes", p.read.Load(), "total_bytes", p.total.Load())
	}
	attrs = append(attrs, "records_per_second", int64(perSecond))
	if ok {
		attrs = append(attrs, "eta", left)
	}
	p.log.Info("progress", attrs...)
}

func (p *progress) draw() {
	perSecond, left, frac, ok := p.rate()
	if !ok {
		fmt.Fprintf(p.tty, "\r%s: %d bytes read, %.0f records/s", p.model, p.read.Load(), perSecond)
		return
	}
	const width = 30
	bar := make([]byte, width)
	for i := range bar {
		bar[i] = ' '
		if float64(i) < frac*width {
			bar[i] = '='
		}
	}
	done := fmt.Sprintf("%3.0f%%", frac*100)
	if n := p.ofParts.Load(); n > 0 {
		done = fmt.Sprintf("%d/%d partitions", p.parts.Load(), n)
	}
	fmt.Fprintf(p.tty, "\r%s [%s] %s, %.0f records/s, %s left ", p.model, bar, done, perSecond, left)
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
