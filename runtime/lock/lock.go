// Package lock reads and writes ayeaye.lock: for each model, the code
// version it was locked at, the environment's non-secret variables,
// every input's resolved location and content fingerprint, and what its
// outputs held (the results a locked run should reproduce). A locked run
// reads exactly those inputs and refuses to start when any has changed,
// listing each drifted input with its old and new fingerprints.
//
// ModelOf makes a model's entry as the runner resolves it now; Apply
// prepares a locked run from the file (pins the inputs, checks their
// content and the code, before anything runs); File.Run is an entry as
// the run verify -lock compares with.
//
// The file is JSON with sorted keys and one value per line, so a diff of
// two lock files reads like a review. Secrets are never written: locations
// are redacted and only non-secret variables are kept. Its JSON Schema is
// schemas/lock.schema.json.
package lock

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"

	"github.com/ayeaye-go/ayeaye/runtime/provenance"
	"github.com/ayeaye-go/ayeaye/runtime/storage"
)

// FileName is the lock file's name, beside ayeaye.yaml.
const FileName = "ayeaye.lock"

// Version of the lock file format.
const Version = 1

// File is ayeaye.lock.
type File struct {
	Version int              `json:"version" jsonschema:"enum=1"`
	Models  map[string]Model `json:"models" jsonschema_description:"Locked models by name."`
}

// Model is one locked model.
type Model struct {
	Code   provenance.Code   `json:"code"`
	Env    string            `json:"env,omitempty"`
	Vars   map[string]string `json:"vars,omitempty" jsonschema_description:"Non-secret variables of the environment."`
	Inputs []Input           `json:"inputs"`
	// Outputs are what the model's outputs held when it was locked: the
	// results a locked run should reproduce (verify -lock compares them).
	Outputs []Input `json:"outputs,omitempty" jsonschema_description:"The outputs as they were when locked (those that existed)."`
}

// Input is one locked dataset: an input, or an output as it was.
type Input struct {
	Name        string `json:"name"`
	Location    string `json:"location" jsonschema_description:"Resolved engine URL, secrets redacted."`
	Fingerprint string `json:"fingerprint" jsonschema_description:"sha256: of the content when locked."`
}

// Read loads a lock file; a missing file is an error wrapping
// fs.ErrNotExist with a hint to create it.
func Read(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s does not exist; create it with the lock command: %w", path, err)
	}
	if err != nil {
		return nil, err
	}
	var f File
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("%s: %w (the file is written by the lock command; regenerate it rather than editing it)", path, err)
	}
	if f.Version != Version {
		return nil, fmt.Errorf("%s: lock file version %d is not supported (this program reads version %d)", path, f.Version, Version)
	}
	if f.Models == nil {
		f.Models = map[string]Model{}
	}
	return &f, nil
}

// Write saves f atomically: to a temporary file renamed over path.
func (f *File) Write(path string) error {
	f.Version = Version
	for name, m := range f.Models {
		byName := func(a, b Input) int { return strings.Compare(a.Name+a.Location, b.Name+b.Location) }
		slices.SortFunc(m.Inputs, byName)
		slices.SortFunc(m.Outputs, byName)
		f.Models[name] = m
	}
	data, err := json.MarshalIndent(f, "", "  ") // maps marshal with sorted keys
	if err != nil {
		return err
	}
	return storage.WriteFile(path, append(data, '\n'))
}

// Drift is an input whose content is not what the lock says.
type Drift struct {
	Name, Location, Locked, Now string
}

func (d Drift) String() string {
	return fmt.Sprintf("%s (%s): locked %s, now %s", d.Name, d.Location, d.Locked, d.Now)
}

// Compare checks the current fingerprints of a model's inputs against the
// lock and returns every drifted input.
func (m Model) Compare(now []provenance.Dataset) []Drift {
	current := map[string]string{}
	for _, d := range now {
		current[d.Location] = d.Fingerprint
	}
	var drift []Drift
	for _, in := range m.Inputs {
		got, ok := current[in.Location]
		if !ok {
			got = "(not read by the model now)"
		}
		if got != in.Fingerprint {
			drift = append(drift, Drift{Name: in.Name, Location: in.Location, Locked: in.Fingerprint, Now: got})
		}
	}
	return drift
}

// CodeDrift describes how the running code differs from the locked one,
// or returns "" when it does not.
func (m Model) CodeDrift(now provenance.Code) string {
	var diffs []string
	if m.Code.Revision != now.Revision {
		diffs = append(diffs, fmt.Sprintf("revision %q, locked %q", now.Revision, m.Code.Revision))
	}
	if m.Code.Version != now.Version {
		diffs = append(diffs, fmt.Sprintf("version %q, locked %q", now.Version, m.Code.Version))
	}
	if now.Dirty {
		diffs = append(diffs, "built from a modified working tree")
	}
	for name, fp := range m.Code.Schemas {
		if now.Schemas[name] != "" && now.Schemas[name] != fp {
			diffs = append(diffs, fmt.Sprintf("schema of %s changed", name))
		}
	}
	return strings.Join(diffs, "; ")
}

// Run is the lock's entry for model as a run record whose outputs are
// what the lock found in them: what verify -lock compares a run with.
func (f *File) Run(model string) (*provenance.Run, error) {
	lm, ok := f.Models[model]
	switch {
	case !ok:
		return nil, fmt.Errorf("%s has no entry for model %s; lock it first (lock %s)", FileName, model, model)
	case len(lm.Outputs) == 0:
		return nil, fmt.Errorf("%s records no outputs of model %s (it had written none when locked, or the lock predates outputs); run it, then lock it again", FileName, model)
	}
	r := &provenance.Run{ID: FileName, Model: model, Status: provenance.Succeeded, Env: lm.Env, Code: lm.Code}
	for _, o := range lm.Outputs {
		r.Outputs = append(r.Outputs, provenance.Dataset{Name: o.Name, Location: o.Location, Fingerprint: o.Fingerprint})
	}
	return r, nil
}
