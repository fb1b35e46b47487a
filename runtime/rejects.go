package runtime

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"github.com/ayeaye-go/ayeaye/runtime/codec"
	"github.com/ayeaye-go/ayeaye/runtime/engine"
	"github.com/ayeaye-go/ayeaye/runtime/storage"
)

// Reject is one bad input record set aside by a run that skips bad
// records. Rejects are written as NDJSON next to the model's first output.
type Reject struct {
	Dataset string `json:"dataset"`
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
	Row     int64  `json:"row,omitempty"` // files without lines (Parquet): the record's number, from 1
	Field   string `json:"field,omitempty"`
	Text    string `json:"text,omitempty"`
	Error   string `json:"error"`
}

// rejectWriter collects a run's rejects and publishes them with its
// outputs, atomically like them.
type rejectWriter struct {
	mu    sync.Mutex
	url   engine.URL
	mem   *Mem
	store *storage.Store
	recs  []Reject // mem, or until the file is opened
	w     *storage.Writer
	count int64
	r     *Runner
}

// newRejects places the rejects dataset: beside the first output
// (<location>.rejects.ndjson); for a table or a driver's output, or one whose location
// holds a secret, in <dataset>.rejects.ndjson in the working directory,
// named from the dataset so that no path is made from a connection
// string or a secret; in memory when that output is in memory or there
// is none.
func (r *Runner) newRejects(ports []Port, runs []*portRun) *rejectWriter {
	rw := &rejectWriter{mem: r.Mem, store: r.Store, r: r}
	for i, p := range ports {
		if p.Direction != Write {
			continue
		}
		u := runs[i].url
		if _, ok := runs[i].drv.(memDriver); ok {
			break
		}
		if _, ok := runs[i].drv.(fileDriver); !ok || r.locationHoldsSecret(u) {
			rw.url = engine.URL{Type: "ndjson", Location: fileName(p.Dataset) + ".rejects.ndjson"}
			return rw
		}
		loc := u.Location
		for _, ext := range []string{".gz", ".zst"} {
			loc = strings.TrimSuffix(loc, ext)
		}
		var mods []string
		for _, m := range u.Modifiers {
			if m != "gz" && m != "zst" {
				mods = append(mods, m)
			}
		}
		rw.url = engine.URL{Modifiers: mods, Type: "ndjson", Location: loc + ".rejects.ndjson", Options: map[string]string{}}
		return rw
	}
	for _, p := range ports {
		if p.Direction == Read {
			rw.url = engine.URL{Type: "mem", Location: p.Dataset + ".rejects"}
			break
		}
	}
	return rw
}

// fileName makes a dataset name a file name: characters other than
// letters, digits, '.', '_' and '-' become '_'.
func fileName(dataset string) string {
	b := []byte(dataset)
	for i, c := range b {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '-') {
			b[i] = '_'
		}
	}
	if len(b) == 0 || b[0] == '.' {
		return "_" + string(b)
	}
	return string(b)
}

func (rw *rejectWriter) add(dataset string, e *codec.Error) error {
	rw.mu.Lock()
	defer rw.mu.Unlock()
	rw.count++
	rec := Reject{Dataset: dataset, File: e.File, Line: e.Line, Column: e.Column, Row: e.Row, Field: e.Field, Text: e.Text,
		Error: rw.r.redact(e.Error())}
	rec.Text = rw.r.redact(rec.Text)
	if rw.url.Type == "mem" {
		rw.recs = append(rw.recs, rec)
		return nil
	}
	if rw.w == nil {
		w, err := rw.store.Create(context.Background(), rw.url)
		if err != nil {
			return fmt.Errorf("opening the rejects dataset: %w", err)
		}
		rw.w = w
	}
	line, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	_, err = rw.w.Write(append(line, '\n'))
	return err
}

func (rw *rejectWriter) commit() error {
	rw.mu.Lock()
	defer rw.mu.Unlock()
	if rw.url.Type == "mem" {
		if rw.url.Location != "" {
			SetMem(rw.mem, rw.url.Location, rw.recs)
		}
		return nil
	}
	if rw.w == nil {
		return nil
	}
	return rw.w.Commit()
}

func (rw *rejectWriter) abort() {
	rw.mu.Lock()
	defer rw.mu.Unlock()
	if rw.w != nil {
		rw.w.Abort()
	}
}
