package models_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ayeaye-go/ayeaye/example/datasets"
	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/codec"
)

// copyColours copies favourite colours from one dataset to another: the
// smallest model there is, so that its benchmark measures the runtime.
type copyColours struct {
	In  runtime.Input[datasets.FavouriteColour]
	Out runtime.Output[datasets.FavouriteColour]
}

func (m *copyColours) Build(ctx context.Context) error {
	for rec, err := range m.In.All() {
		if err != nil {
			return err
		}
		if err := m.Out.Write(&rec); err != nil {
			return err
		}
	}
	return nil
}

// handCopy is the program a Go programmer would write without the
// runtime: the generated codecs over buffered files. With atomic set it
// also keeps the promise the runtime keeps, as example/cmd/colours does:
// the output is written to a temporary file, synced and renamed into
// place, so a failed copy never leaves half a file.
func handCopy(in, out string, atomic bool) (err error) {
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	defer f.Close()
	r, err := datasets.FavouriteColourCodec.NewCSVReader(bufio.NewReaderSize(f, 64<<10), codec.Options{File: in})
	if err != nil {
		return err
	}
	target := out
	if atomic {
		out += ".tmp"
	}
	g, err := os.Create(out)
	if err != nil {
		return err
	}
	defer func() {
		g.Close()
		if err != nil && atomic {
			os.Remove(out)
		}
	}()
	bw := bufio.NewWriterSize(g, 64<<10)
	w, err := datasets.FavouriteColourCodec.NewNDJSONWriter(bw, codec.Options{})
	if err != nil {
		return err
	}
	var rec datasets.FavouriteColour
	for {
		if err := r.Read(&rec); err == io.EOF {
			break
		} else if err != nil {
			return err
		}
		if err := w.Write(&rec); err != nil {
			return err
		}
	}
	if err := w.Close(); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if atomic {
		if err := g.Sync(); err != nil {
			return err
		}
	}
	if err := g.Close(); err != nil {
		return err
	}
	if atomic {
		return os.Rename(out, target)
	}
	return nil
}

// writeAnswers writes n survey answers as CSV, with the quoting and
// empty values real answers have.
func writeAnswers(tb testing.TB, path string, n int) {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriter(f)
	colours := []string{"blue", "green", "red", "purple", "yellow"}
	names := []string{"Ada", "Brian", `"Dee, Jr."`, "Émile", `"Jo ""JJ"" Jones"`, "Li"}
	fmt.Fprintln(w, "person_id,name,colour,surveyed_on,certainty")
	for i := range n {
		certainty := ""
		if i%4 != 0 {
			certainty = fmt.Sprintf("0.%d", i%100)
		}
		fmt.Fprintf(w, "%d,%s,%s,2026-03-%02d,%s\n", i+1, names[i%len(names)], colours[i%len(colours)], i%28+1, certainty)
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkCopyCSVToNDJSON copies 1,000,000 answers from CSV to NDJSON
// four ways per iteration, in rotating order so that none always runs on
// the warmest cache:
//
//   - runner: runtime.Runner with its defaults, which fingerprint the
//     content read and written (SHA-256) for the output's manifest;
//   - runner-nomanifest: the same with Runner.NoManifests, so without
//     the fingerprints: the cost of the runtime itself;
//   - hand: the copy written by hand with the same guarantee as the
//     runtime's (temporary file, fsync, rename), as example/cmd/colours does;
//   - plain: the copy written by hand without it.
//
// It reports each throughput and runner/hand and runner-nomanifest/hand,
// the share of the equally safe hand-written speed the runtime keeps
// (target: at least 0.85).
//
//	go test -run '^$' -bench CopyCSVToNDJSON -benchtime 5x ./example/models
func BenchmarkCopyCSVToNDJSON(b *testing.B) {
	const rows = 1_000_000
	dir := b.TempDir()
	in := filepath.Join(dir, "favourite_colours.csv")
	writeAnswers(b, in, rows)
	fc := datasets.FavouriteColoursDataset // the same records and schema, another location
	copied := &runtime.Dataset[datasets.FavouriteColour]{Name: "copied", Fingerprint: fc.Fingerprint, Schema: fc.Schema, Formats: fc.Formats}
	runner := func(noManifests bool) func(out string) error {
		r := &runtime.Runner{NoManifests: noManifests}
		return func(out string) error {
			r.Overrides = map[string]string{
				fc.Name:     "csv://" + filepath.ToSlash(in),
				copied.Name: "ndjson://" + filepath.ToSlash(out),
			}
			rep, err := r.Run(b.Context(), "copy", &copyColours{In: fc.Input(), Out: copied.Output()})
			if err == nil && rep.Datasets[1].Records != rows {
				err = fmt.Errorf("the runner copied %d records, want %d", rep.Datasets[1].Records, rows)
			}
			return err
		}
	}
	ways := []struct {
		name string
		copy func(out string) error
		took time.Duration
	}{
		{name: "runner", copy: runner(false)},
		{name: "runner-nomanifest", copy: runner(true)},
		{name: "hand", copy: func(out string) error { return handCopy(in, out, true) }},
		{name: "plain", copy: func(out string) error { return handCopy(in, out, false) }},
	}
	iters := 0
	for b.Loop() {
		for i := range ways {
			w := &ways[(i+iters)%len(ways)]
			start := time.Now()
			if err := w.copy(filepath.Join(dir, w.name+".ndjson")); err != nil {
				b.Fatal(err)
			}
			w.took += time.Since(start)
		}
		iters++
	}
	b.StopTimer()
	// All must have written the same bytes, or the comparison is moot.
	want, _ := os.ReadFile(filepath.Join(dir, "hand.ndjson"))
	for _, w := range ways {
		if got, _ := os.ReadFile(filepath.Join(dir, w.name+".ndjson")); !bytes.Equal(want, got) {
			b.Fatalf("%s wrote %d bytes, the hand-written copy %d; they differ", w.name, len(got), len(want))
		}
	}
	total := float64(rows * iters)
	for _, w := range ways {
		b.ReportMetric(total/w.took.Seconds(), w.name+"-rec/s")
	}
	b.ReportMetric(ways[2].took.Seconds()/ways[0].took.Seconds(), "runner/hand")
	b.ReportMetric(ways[2].took.Seconds()/ways[1].took.Seconds(), "runner-nomanifest/hand")
}
