package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/ayeaye-go/ayeaye/runtime/engine"
	"github.com/ayeaye-go/ayeaye/runtime/manifest"
	"github.com/ayeaye-go/ayeaye/runtime/storage"
	_ "github.com/ayeaye-go/ayeaye/runtime/storage/blob" // manifests in object storage (memblob, fileblob; s3 and the rest with their gocloud driver)
)

// This file reads what a producer publishes: the sidecar manifest of an
// output, from a local file, over http(s), or through an engine URL of
// any store the runtime can open. import and schema-diff share it.

// maxManifest bounds what is read of a manifest: it holds one schema, so
// anything near this size is not one.
const maxManifest = 64 << 20

// httpTimeout bounds a manifest download.
const httpTimeout = time.Minute

// fetcher reads manifests; tests swap its parts.
type fetcher struct {
	store  *storage.Store
	client *http.Client
}

func newFetcher() *fetcher {
	return &fetcher{store: &storage.Store{}, client: &http.Client{Timeout: httpTimeout}}
}

// published is a manifest and where it came from.
type published struct {
	m *manifest.Manifest
	// from is the manifest's location as the user gave it, or for a
	// dataset named instead, its manifest's: what messages and the pin
	// name.
	from string
	// dataset is the engine URL of the published data when it can be
	// told from an engine URL source, for the catalogue hint; "" when it
	// cannot.
	dataset string
	// local is the absolute path of the published data beside a local
	// manifest; "" for other sources.
	local string
}

// isManifest reports whether a path or URL names a manifest rather than a
// dataset or a schema.
func isManifest(s string) bool { return strings.HasSuffix(s, manifest.Suffix) }

// isURL reports whether s is an http(s) URL or an engine URL rather than
// a local path.
func isURL(s string) bool { return strings.Contains(s, "://") }

// fetch reads the manifest that source names: an http(s) URL of a
// manifest; an engine URL of a manifest (fileblob+file:///srv/out/orders.csv.ayeaye.json)
// or of the dataset it describes (s3+csv://bucket/orders.csv); or a local
// path of either, relative to the working directory.
func (f *fetcher) fetch(ctx context.Context, source string) (*published, error) {
	switch {
	case strings.HasPrefix(source, "http://") || strings.HasPrefix(source, "https://"):
		return f.fetchHTTP(ctx, source)
	case isURL(source):
		return f.fetchEngine(ctx, source)
	}
	p := source
	if !isManifest(p) {
		p += manifest.Suffix
	}
	file, err := os.Open(p)
	if err != nil {
		hint := "give the path of a published manifest (<output>" + manifest.Suffix + "), or of the published dataset beside it"
		return nil, fmt.Errorf("cannot read manifest %s: %v\n\thint: %s", p, unwrap(err), hint)
	}
	defer file.Close()
	m, err := decodeManifest(file, p)
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(strings.TrimSuffix(p, manifest.Suffix))
	if err != nil {
		return nil, err
	}
	return &published{m: m, from: p, local: abs}, nil
}

func (f *fetcher) fetchHTTP(ctx context.Context, url string) (*published, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, fmt.Errorf("manifest %s: %v", url, err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("cannot fetch manifest %s: %v\n\thint: check the URL and the network; a manifest is published beside its dataset as <output>%s", url, unwrapURL(err), manifest.Suffix)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("cannot fetch manifest %s: the server answered %s\n\thint: check the URL; a manifest is published beside its dataset as <output>%s", url, resp.Status, manifest.Suffix)
	}
	m, err := decodeManifest(resp.Body, url)
	if err != nil {
		return nil, err
	}
	return &published{m: m, from: url}, nil
}

// unwrapURL drops the method and URL that *url.Error repeats.
func unwrapURL(err error) error {
	if u := errors.Unwrap(err); u != nil {
		return u
	}
	return err
}

func (f *fetcher) fetchEngine(ctx context.Context, source string) (*published, error) {
	u, err := engine.Parse(source)
	if err != nil {
		return nil, fmt.Errorf("source %s is neither an http(s) URL nor a valid engine URL: %v", source, err)
	}
	if u.Type == "ref" {
		return nil, fmt.Errorf("source %s is a catalogue name, which only a run resolves\n\thint: give the location it stands for in the catalogue of ayeaye.yaml, e.g. csv://../sales/out/orders.csv", source)
	}
	if u.HasWildcard() {
		return nil, fmt.Errorf("source %s is a pattern; give one dataset or manifest", source)
	}
	loc := manifest.Location(u)
	dataset := u.String()
	if isManifest(u.Location) {
		loc = u
		loc.Type, loc.Options = "file", nil
		loc.Modifiers = storageModifiers(u.Modifiers)
		dataset = guessEngineURL(strings.TrimSuffix(u.Location, manifest.Suffix))
		if st := loc.Storage(); st != "file" && dataset != "" {
			dataset = st + "+" + dataset
		}
	}
	rc, _, err := f.store.Open(ctx, loc)
	if err != nil {
		hint := ""
		if errors.Is(err, os.ErrNotExist) {
			hint = "\n\thint: a manifest is published beside each output of a run; has the producer run since it started publishing manifests?"
		} else if st := u.Storage(); st == "s3" || st == "gs" || st == "azblob" {
			hint = "\n\thint: ayeaye-gen has no " + st + " driver built in; fetch the manifest over https (a public or pre-signed URL), or copy it to a local file first"
		}
		return nil, fmt.Errorf("cannot read manifest %s: %v%s", loc.Redacted(), err, hint)
	}
	defer rc.Close()
	m, err := decodeManifest(rc, loc.Redacted())
	if err != nil {
		return nil, err
	}
	return &published{m: m, from: loc.String(), dataset: dataset}, nil
}

func decodeManifest(r io.Reader, name string) (*manifest.Manifest, error) {
	m, err := manifest.Decode(io.LimitReader(r, maxManifest), name)
	if err != nil {
		return nil, fmt.Errorf("%v\n\thint: give a manifest that an Aye-aye run published (<output>%s)", err, manifest.Suffix)
	}
	return m, nil
}

// storageModifiers keeps a URL's storage modifier: a manifest beside a
// compressed dataset is itself plain JSON in the same store.
func storageModifiers(mods []string) []string {
	var out []string
	for _, m := range mods {
		if m != "gz" && m != "zst" {
			out = append(out, m)
		}
	}
	return out
}

// guessEngineURL makes an engine URL of a dataset path from its
// extension, "data/orders.csv.gz" giving gz+csv://data/orders.csv.gz; ""
// when the extension names no format.
func guessEngineURL(p string) string {
	base := path.Base(p)
	comp := ""
	switch ext := path.Ext(base); ext {
	case ".gz", ".zst":
		comp = ext[1:] + "+"
		base = strings.TrimSuffix(base, ext)
	}
	var typ string
	switch strings.ToLower(path.Ext(base)) {
	case ".csv":
		typ = "csv"
	case ".tsv":
		typ = "tsv"
	case ".json":
		typ = "json"
	case ".ndjson", ".jsonl":
		typ = "ndjson"
	case ".parquet":
		typ = "parquet"
	default:
		return ""
	}
	return comp + typ + "://" + p
}
