package runstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/ayeaye-go/ayeaye/runtime/engine"
	"github.com/ayeaye-go/ayeaye/runtime/provenance"
	"github.com/ayeaye-go/ayeaye/runtime/storage"
)

// DefaultDir is where the directory store lives, relative to the working
// directory: the run store of a program that links no SQL driver.
const DefaultDir = ".ayeaye/runs"

// dirStore keeps each run as one JSON file, <id>.json, in a directory:
// a store that needs nothing but the standard library, so a program that
// reads and writes files records its runs without linking a database.
// Each record is written atomically (storage.WriteFile) under a lock on
// the directory, so processes sharing it never see half a record, and a
// running record never replaces a finished one. Queries read every
// record: fine for a project's thousands of runs; a team's shared
// history belongs in SQLite or PostgreSQL.
type dirStore struct {
	dir   string
	name  string // dir:PATH, for messages
	host  string
	alive func(pid int, start time.Time) bool
}

func openDir(path string) (Store, error) {
	s := &dirStore{dir: path, name: "dir:" + path, host: provenance.Hostname(), alive: processAlive}
	if err := os.MkdirAll(path, 0o755); err != nil {
		return nil, &Error{Store: s.name, Op: "open", Err: err, Hint: "make the directory writable, " + noneHint}
	}
	return s, nil
}

func (s *dirStore) fail(op string, err error) error { return &Error{Store: s.name, Op: op, Err: err} }

// lock serialises the writers of the directory across processes.
func (s *dirStore) lock(ctx context.Context) (func(), error) {
	return storage.Lock(ctx, engine.URL{Type: "ndjson", Location: filepath.ToSlash(filepath.Join(s.dir, "runs"))},
		fmt.Sprintf("pid %d", os.Getpid()), nil)
}

func (s *dirStore) file(id string) string { return filepath.Join(s.dir, id+".json") }

func (s *dirStore) Record(ctx context.Context, r *provenance.Run) error {
	op, err := checkRecord(r)
	if err != nil {
		return s.fail(op, err)
	}
	doc, err := json.Marshal(r)
	if err != nil {
		return s.fail(op, err)
	}
	unlock, err := s.lock(ctx)
	if err != nil {
		return s.fail(op, err)
	}
	defer unlock()
	if r.Status == provenance.Running {
		if old, err := s.read(s.file(r.ID)); err == nil && old.Status != provenance.Running {
			return nil // a late start record does not undo an outcome
		}
	}
	if err := storage.WriteFile(s.file(r.ID), doc); err != nil {
		return s.fail(op, err)
	}
	return nil
}

func (s *dirStore) read(path string) (*provenance.Run, error) {
	doc, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return decode(doc)
}

// all reads every record, newest first, as the SQL stores order them.
func (s *dirStore) all() ([]*provenance.Run, error) {
	names, err := filepath.Glob(filepath.Join(s.dir, "*.json"))
	if err != nil {
		return nil, err
	}
	runs := make([]*provenance.Run, 0, len(names))
	for _, n := range names {
		r, err := s.read(n)
		if errors.Is(err, fs.ErrNotExist) {
			continue // replaced between the listing and the read
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", filepath.Base(n), err)
		}
		runs = append(runs, r)
	}
	slices.SortFunc(runs, func(a, b *provenance.Run) int {
		if c := b.Start.Compare(a.Start); c != 0 {
			return c
		}
		return strings.Compare(b.ID, a.ID)
	})
	return runs, nil
}

// where returns the runs keep accepts, newest first.
func (s *dirStore) where(op string, keep func(*provenance.Run) bool) ([]*provenance.Run, error) {
	runs, err := s.all()
	if err != nil {
		return nil, s.fail(op, err)
	}
	return slices.DeleteFunc(runs, func(r *provenance.Run) bool { return !keep(r) }), nil
}

func (s *dirStore) Get(_ context.Context, id string) (*provenance.Run, error) {
	op := "get run " + id
	if id == "" {
		return nil, s.fail("get run", errors.New("no run ID given"))
	}
	if err := checkID(id); err != nil {
		return nil, s.fail(op, fmt.Errorf("%w: %w", ErrNotFound, err))
	}
	if r, err := s.read(s.file(id)); err == nil {
		return r, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, s.fail(op, err)
	}
	if len([]rune(id)) < MinPrefix {
		return nil, s.fail(op, fmt.Errorf("%w: no run has this ID (an ID prefix needs at least %d characters)", ErrNotFound, MinPrefix))
	}
	runs, err := s.where(op, func(r *provenance.Run) bool { return strings.HasPrefix(r.ID, id) })
	if err != nil {
		return nil, err
	}
	switch len(runs) {
	case 0:
		return nil, s.fail(op, fmt.Errorf("%w: no run has this ID or an ID starting with it", ErrNotFound))
	case 1:
		return runs[0], nil
	}
	slices.SortFunc(runs, func(a, b *provenance.Run) int { return strings.Compare(a.ID, b.ID) })
	var ids []string
	for _, r := range runs[:min(len(runs), 5)] {
		ids = append(ids, r.ID)
	}
	if len(runs) > 5 {
		ids = append(ids, "…")
	}
	return nil, s.fail(op, fmt.Errorf("%w: it starts the IDs of several runs (%s); give more of the ID", ErrAmbiguous, strings.Join(ids, ", ")))
}

func (s *dirStore) List(_ context.Context, f Filter) ([]*provenance.Run, error) {
	runs, err := s.where("list runs", func(r *provenance.Run) bool {
		return (f.Model == "" || r.Model == f.Model) && (f.Status == "" || r.Status == f.Status) && (f.Parent == "" || r.Parent == f.Parent)
	})
	if err == nil && f.Limit > 0 && len(runs) > f.Limit {
		runs = runs[:f.Limit]
	}
	return runs, err
}

func (s *dirStore) Produced(_ context.Context, location, fingerprint string) ([]*provenance.Run, error) {
	if location == "" {
		return nil, s.fail("find the runs that wrote a dataset", errors.New("no location given"))
	}
	return s.where("find the runs that wrote "+location, func(r *provenance.Run) bool {
		return slices.ContainsFunc(r.Outputs, func(d provenance.Dataset) bool {
			return d.Location == location && (fingerprint == "" || d.Fingerprint == fingerprint)
		})
	})
}

func (s *dirStore) LastSuccess(_ context.Context, model string) (*provenance.Run, error) {
	if model == "" {
		return nil, s.fail("find the last successful run", errors.New("no model given"))
	}
	runs, err := s.where("find the last successful run of "+model, func(r *provenance.Run) bool {
		return r.Model == model && r.Partition == "" && r.Status == provenance.Succeeded
	})
	if err != nil || len(runs) == 0 {
		return nil, err
	}
	return runs[0], nil
}

func (s *dirStore) MarkInterrupted(ctx context.Context) ([]*provenance.Run, error) {
	const op = "mark interrupted runs"
	unlock, err := s.lock(ctx)
	if err != nil {
		return nil, s.fail(op, err)
	}
	defer unlock()
	running, err := s.where(op, func(r *provenance.Run) bool { return r.Status == provenance.Running && r.Host == s.host })
	if err != nil {
		return nil, err
	}
	now := time.Now().UTC()
	var marked []*provenance.Run
	for _, r := range running {
		if s.alive(r.PID, r.Start) {
			continue
		}
		r.Status = provenance.Interrupted
		r.Error = fmt.Sprintf("interrupted: its process (pid %d on %s) ended without recording an outcome, "+
			"so it was killed or crashed; found at %s", r.PID, r.Host, now.Format(time.RFC3339))
		doc, err := json.Marshal(r)
		if err == nil {
			err = storage.WriteFile(s.file(r.ID), doc)
		}
		if err != nil {
			return marked, s.fail(op, err)
		}
		marked = append(marked, r)
	}
	return marked, nil
}

func (s *dirStore) Close() error { return nil }
