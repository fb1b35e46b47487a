// Package manifest reads and writes the sidecar manifest published next
// to every file output, <output>.ayeaye.json: the dataset's name and JSON
// Schema, the schema and content fingerprints, the record count, the
// producing project, model, run and code version, and the upstream
// datasets it came from. Another project reads it to generate its own
// types from the producer's contract (ayeaye-gen import), to check that
// contract before reading (runtime/contract), and to link lineage across
// projects without any code dependency. Its JSON Schema is
// schemas/manifest.schema.json.
package manifest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"

	"github.com/ayeaye-go/ayeaye/runtime/engine"
	"github.com/ayeaye-go/ayeaye/runtime/provenance"
	"github.com/ayeaye-go/ayeaye/runtime/storage"
)

// Suffix is appended to an output's location to name its manifest.
const Suffix = ".ayeaye.json"

// Version of the manifest format.
const Version = 1

// Manifest describes one published dataset.
type Manifest struct {
	Version     int                  `json:"version" jsonschema:"enum=1"`
	Dataset     string               `json:"dataset"`
	Schema      json.RawMessage      `json:"schema" jsonschema:"type=object" jsonschema_description:"The dataset's JSON Schema: the producer's contract."`
	SchemaFP    string               `json:"schema_fingerprint"`
	Fingerprint string               `json:"fingerprint" jsonschema_description:"sha256: of the content (decompressed)."`
	Records     int64                `json:"records"`
	Producer    Producer             `json:"producer"`
	Upstream    []provenance.Dataset `json:"upstream" jsonschema_description:"The inputs of the run that produced it."`
}

// Producer is who made the dataset.
type Producer struct {
	Project string          `json:"project,omitempty"`
	Model   string          `json:"model"`
	Run     string          `json:"run" jsonschema_description:"Run id in the producer's run store."`
	Code    provenance.Code `json:"code"`
}

// Location is where the manifest of the dataset at u lives.
func Location(u engine.URL) engine.URL {
	m := u
	m.Location += Suffix
	m.Type = "file"
	m.Modifiers = storageOnly(u.Modifiers)
	m.Options = map[string]string{}
	return m
}

func storageOnly(mods []string) []string {
	var out []string
	for _, m := range mods {
		if m != "gz" && m != "zst" {
			out = append(out, m)
		}
	}
	return out
}

// Write publishes m next to the dataset at u, atomically.
func Write(ctx context.Context, store *storage.Store, u engine.URL, m *Manifest) error {
	w, err := Prepare(ctx, store, u, m)
	if err != nil {
		return err
	}
	return w.Commit()
}

// Prepare writes the manifest of the dataset at u without publishing it:
// Commit on the returned writer does. A run prepares each output's
// manifest before it publishes the output, so that the two are published
// one right after the other and a manifest that cannot be written stops
// the output from being published.
func Prepare(ctx context.Context, store *storage.Store, u engine.URL, m *Manifest) (*storage.Writer, error) {
	m.Version = Version
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	w, err := store.Create(ctx, Location(u))
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(append(data, '\n')); err != nil {
		w.Abort()
		return nil, err
	}
	return w, nil
}

// Read loads the manifest of the dataset at u. A dataset without one
// gives an error wrapping fs.ErrNotExist.
func Read(ctx context.Context, store *storage.Store, u engine.URL) (*Manifest, error) {
	rc, _, err := store.Open(ctx, Location(u))
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return Decode(rc, Location(u).Redacted())
}

// Decode reads a manifest from r; name is used in errors.
func Decode(r io.Reader, name string) (*Manifest, error) {
	var m Manifest
	if err := json.NewDecoder(r).Decode(&m); err != nil {
		return nil, fmt.Errorf("manifest %s: %w", name, err)
	}
	if m.Version != Version {
		return nil, fmt.Errorf("manifest %s: version %d is not supported (this program reads version %d)", name, m.Version, Version)
	}
	if len(m.Schema) == 0 || m.Dataset == "" {
		return nil, fmt.Errorf("manifest %s: no dataset or schema; it is not an Aye-aye manifest", name)
	}
	return &m, nil
}

// Missing reports whether err means there is no manifest.
func Missing(err error) bool { return errors.Is(err, fs.ErrNotExist) }
