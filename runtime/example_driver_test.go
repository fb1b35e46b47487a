package runtime_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/engine"
)

// Line is the record of a lines:// dataset: one line of a text file.
type Line struct{ Text string }

// linesDriver stores the made-up lines:// type: a text file, one record
// per line.
type linesDriver struct{}

func (linesDriver) Read(_ context.Context, u engine.URL) (runtime.RecordReader, error) {
	f, err := os.Open(u.Location)
	if err != nil {
		return nil, err
	}
	return &lineReader{f: f, s: bufio.NewScanner(f)}, nil
}

func (linesDriver) Write(_ context.Context, u engine.URL) (runtime.RecordWriter, error) {
	// Written beside the file and renamed over it on Commit, so nothing
	// is visible until the run publishes.
	f, err := os.CreateTemp(filepath.Dir(u.Location), ".lines-*")
	if err != nil {
		return nil, err
	}
	return &lineWriter{f: f, w: bufio.NewWriter(f), to: u.Location}, nil
}

type lineReader struct {
	f *os.File
	s *bufio.Scanner
}

func (r *lineReader) Next(rec any) error {
	l, ok := rec.(*Line)
	if !ok {
		return fmt.Errorf("lines:// holds Line records, not %T", rec)
	}
	if !r.s.Scan() {
		if err := r.s.Err(); err != nil {
			return err
		}
		return io.EOF
	}
	l.Text = r.s.Text()
	return nil
}

func (r *lineReader) Close() error { return r.f.Close() }

type lineWriter struct {
	f  *os.File
	w  *bufio.Writer
	to string
}

func (w *lineWriter) Write(rec any) error {
	l, ok := rec.(*Line)
	if !ok {
		return fmt.Errorf("lines:// holds Line records, not %T", rec)
	}
	_, err := fmt.Fprintln(w.w, l.Text)
	return err
}

func (w *lineWriter) Commit() error {
	if err := w.w.Flush(); err != nil {
		w.Abort()
		return err
	}
	if err := w.f.Close(); err != nil {
		os.Remove(w.f.Name())
		return err
	}
	return os.Rename(w.f.Name(), w.to)
}

func (w *lineWriter) Abort() { w.f.Close(); os.Remove(w.f.Name()) }

// shout upper-cases every line.
type shout struct {
	In  runtime.Input[Line]
	Out runtime.Output[Line]
}

func (m *shout) Build(ctx context.Context) error {
	for l, err := range m.In.All() {
		if err != nil {
			return err
		}
		l.Text = strings.ToUpper(l.Text)
		if err := m.Out.Write(&l); err != nil {
			return err
		}
	}
	return nil
}

// A program adds a source or sink by registering a Driver for an engine
// type of its own; its datasets then read and write through it like any
// other, with the run's records, counts and all-or-nothing publishing. A
// driver package would call runtime.Register from init instead, so that a
// blank import links it in.
func ExampleRegistry_Register() {
	dir, _ := os.MkdirTemp("", "lines")
	defer os.RemoveAll(dir)
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("milk\neggs\n"), 0o644)

	reg := runtime.NewRegistry()
	if err := reg.Register(engine.Spec{Name: "lines", Kind: engine.KindType}, linesDriver{}); err != nil {
		fmt.Println(err)
		return
	}
	notes := &runtime.Dataset[Line]{Name: "notes", EngineURL: "lines://notes.txt"}
	loud := &runtime.Dataset[Line]{Name: "loud_notes", EngineURL: "lines://loud.txt"}
	r := &runtime.Runner{Registry: reg, Overrides: map[string]string{
		"notes":      "lines://" + filepath.Join(dir, "notes.txt"),
		"loud_notes": "lines://" + filepath.Join(dir, "loud.txt"),
	}}
	rep, err := r.Run(context.Background(), "shout", &shout{In: notes.Input(), Out: loud.Output()})
	if err != nil {
		fmt.Println(err)
		return
	}
	out, _ := os.ReadFile(filepath.Join(dir, "loud.txt"))
	fmt.Print(string(out))
	fmt.Println(rep.Datasets[0].Records, "lines read")
	// Output:
	// MILK
	// EGGS
	// 2 lines read
}
