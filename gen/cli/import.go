package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/ayeaye-go/ayeaye/gen"
	"github.com/ayeaye-go/ayeaye/gen/config"
	"github.com/ayeaye-go/ayeaye/gen/ir"
	"github.com/ayeaye-go/ayeaye/gen/schema"
	"github.com/ayeaye-go/ayeaye/internal/listing"
	"github.com/ayeaye-go/ayeaye/runtime/contract"
	"github.com/ayeaye-go/ayeaye/runtime/engine"
	"github.com/ayeaye-go/ayeaye/runtime/env"
	"github.com/ayeaye-go/ayeaye/runtime/manifest"
)

func importCommand() *command {
	return &command{
		name:    "import",
		args:    "[-C dir] [-name N] [-ref team/dataset] [-f] SOURCE",
		summary: "copy another project's published dataset schema into schemas/",
		help: `Import copies the schema of a dataset another project publishes into this
project, so that this project generates its own typed records from the
producer's contract, with no code dependency on the producer.

SOURCE is the manifest the producer's run published beside the dataset
(<output>` + manifest.Suffix + `), or the dataset itself (its manifest is
found beside it):

	../sales/out/orders.csv` + manifest.Suffix + `      a local path
	https://data.example.com/sales/orders.csv` + manifest.Suffix + `
	fileblob+csv:///srv/published/orders.csv  an engine URL of any store

Import writes schemas/<name>.json: the producer's schema, with x-ayeaye
adjusted for this project. name is the dataset's name (the producer's
unless -name). engine_url is ref://<team>/<dataset>, a name in the
catalogue of ayeaye.yaml, where each environment says where the published
data is (team is the last element of the producer's module path unless
-ref sets the whole name): the schema says whose data it is, ayeaye.yaml
says where to find it. source pins the import: the manifest it came from
(relative to the project root, or the URL without its query) and the
producer's schema fingerprint.

An existing schema of the dataset is kept unless -f is given; with -f it is
replaced and import prints what changed, one line per field as
schema-diff does, and whether code generated from the old schema keeps
working. Then run go generate (or ayeaye-gen generate).

At run time the consumer compares the producer's current manifest with the
schema it was generated from: compatible changes run with a warning,
breaking ones fail before reading.

Exit status: 0 on success, 1 when the manifest cannot be read or its schema
cannot be imported, or when the schema exists and -f is not given, 2 for a
usage error.`,
		run: runImport,
	}
}

type importOptions struct {
	name, ref string
	force     bool
}

var (
	datasetNameRE = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	refNameRE     = regexp.MustCompile(engine.RefNamePattern)
)

func runImport(a *app, cmd *command, args []string) int {
	flags := a.flagSet(cmd)
	dir := projectFlag(flags)
	var o importOptions
	flags.StringVar(&o.name, "name", "", "the dataset's `name` in this project (default: the producer's)")
	flags.StringVar(&o.ref, "ref", "", "the catalogue `name` of the published dataset, team/dataset (default: the producer's project/dataset)")
	flags.BoolVar(&o.force, "f", false, "replace the dataset's existing schema, showing what changed")
	if code, ok := a.parse(cmd, flags, args, 1, 1); !ok {
		return code
	}
	msg := ""
	switch {
	case o.name != "" && !datasetNameRE.MatchString(o.name):
		msg = fmt.Sprintf("-name %q: a dataset name is a lower-case letter followed by lower-case letters, digits and '_'", o.name)
	case o.ref != "" && !refNameRE.MatchString(o.ref):
		msg = fmt.Sprintf("-ref %q: a catalogue name is team/dataset, slash-separated names of letters, digits, '_', '-' and '.'", o.ref)
	}
	if msg != "" {
		fmt.Fprintf(a.stderr, "ayeaye-gen import: %s\n", msg)
		a.shortUsage(cmd)
		return ExitUsage
	}
	root, ok := a.projectRoot(*dir)
	if !ok {
		return ExitProblems
	}
	f := newFetcher()
	defer f.store.Close()
	return a.importFrom(context.Background(), f, root, o, flags.Arg(0))
}

// importFrom imports source into the project at root.
func (a *app) importFrom(ctx context.Context, f *fetcher, root string, o importOptions, source string) int {
	fail := func(format string, args ...any) int {
		fmt.Fprintf(a.stderr, "ayeaye-gen import: "+format+"\n", args...)
		return ExitProblems
	}
	p, err := f.fetch(ctx, source)
	if err != nil {
		return fail("%v", err)
	}
	m := p.m
	if m.SchemaFP == "" || bytes.Equal(bytes.TrimSpace(m.Schema), []byte("{}")) {
		return fail("manifest %s carries no schema: the producer's dataset %q has none\n\thint: ask the producer to generate the dataset from a schema", p.from, m.Dataset)
	}
	name := o.name
	if name == "" {
		name = m.Dataset
	}
	if !datasetNameRE.MatchString(name) {
		return fail("the published dataset is called %q, which is not a dataset name here\n\thint: pass -name with a name of lower-case letters, digits and '_', starting with a letter", name)
	}
	ref := o.ref
	if ref == "" {
		ref = defaultRef(m.Producer.Project, m.Dataset)
	}
	pin, err := a.pinOf(root, p, source)
	if err != nil {
		return fail("%v", err)
	}
	doc, err := importedSchema(m.Schema, name, "ref://"+ref, pin, m.SchemaFP)
	if err != nil {
		return fail("manifest %s: its schema: %v", p.from, err)
	}
	rel := "schemas/" + name + ".json"
	ds, problems := schema.Parse(rel, doc)
	if len(problems) > 0 {
		a.printProblems(problems, "nothing was written (the positions are in "+rel+" as it would have been written)")
		fmt.Fprintf(a.stderr, "\thint: the producer's schema (from %s) uses something this ayeaye-gen cannot read; a newer ayeaye-gen may\n", p.from)
		return ExitProblems
	}
	if published, problems := schema.Parse("manifest.json", m.Schema); len(problems) == 0 && published.Fingerprint != m.SchemaFP {
		fmt.Fprintf(a.stderr, "ayeaye-gen import: note: manifest %s says its schema is %s, but it is %s; the manifest's is pinned\n", p.from, m.SchemaFP, published.Fingerprint)
	}

	existing, err := existingSchema(root, name)
	if err != nil {
		return fail("%v", err)
	}
	target := filepath.Join(root, filepath.FromSlash(rel))
	if existing != "" {
		if !o.force {
			return fail("%s already exists\n\thint: pass -f to replace it with the producer's current schema; import then shows what changed", display(root, existing))
		}
		if same, code := a.compareImported(root, existing, rel, ds); same || code != ExitOK {
			return code
		}
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return fail("cannot create the schemas directory: %v", unwrap(err))
	}
	if err := writeAtomic(target, doc); err != nil {
		return fail("cannot write %s: %v", display(root, rel), unwrap(err))
	}
	fmt.Fprintf(a.stdout, "wrote %s: dataset %q, schema %s, as %s published it in run %s\n",
		display(root, rel), name, m.SchemaFP, orUnknown(m.Producer.Project), m.Producer.Run)
	if existing != "" && existing != rel {
		// The dataset's old schema had another extension; two schemas of
		// one dataset would be a generate error.
		if err := os.Remove(filepath.Join(root, filepath.FromSlash(existing))); err != nil {
			return fail("cannot remove the old %s: %v\n\thint: remove it, or generate reports the dataset twice", display(root, existing), unwrap(err))
		}
		fmt.Fprintf(a.stdout, "removed %s, the old schema\n", display(root, existing))
	}
	a.catalogueHint(root, ref, p)
	a.schemasGlobHint(root, rel)
	fmt.Fprintf(a.stdout, "next: run \"go generate ./...\" (or \"ayeaye-gen generate%s\") to generate its Go code\n", dirFlag(root))
	return ExitOK
}

func orUnknown(s string) string {
	if s == "" {
		return "an unnamed project"
	}
	return s
}

// defaultRef names the published dataset in the catalogue: the last
// element of the producer's module path, then the dataset.
func defaultRef(project, dataset string) string {
	team := path.Base(strings.TrimSuffix(project, "/"))
	team = strings.Map(func(r rune) rune {
		if r < 0x80 && (r == '_' || r == '-' || r == '.' || '0' <= r && r <= '9' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') {
			return r
		}
		return '-'
	}, team)
	if team == "" || team == "." || team == "/" || strings.Trim(team, "-.") == "" {
		team = "published"
	}
	return team + "/" + dataset
}

// pinOf is what x-ayeaye.source.manifest records: a local manifest
// relative to the project root, so the pin means the same from any
// directory; an http(s) URL without its query and user information,
// which may hold credentials (a pre-signed URL); an engine URL as read.
func (a *app) pinOf(root string, p *published, source string) (string, error) {
	switch {
	case strings.HasPrefix(source, "http://") || strings.HasPrefix(source, "https://"):
		u, err := url.Parse(source)
		if err != nil {
			return "", fmt.Errorf("source %s: %v", source, err)
		}
		u.RawQuery, u.Fragment, u.User = "", "", nil
		return u.String(), nil
	case p.local != "":
		absRoot, err := filepath.Abs(root)
		if err != nil {
			return "", err
		}
		rel, err := filepath.Rel(absRoot, p.local+manifest.Suffix)
		if err != nil {
			return filepath.ToSlash(p.local + manifest.Suffix), nil
		}
		return filepath.ToSlash(rel), nil
	}
	return p.from, nil
}

// importedSchema is the producer's schema with x-ayeaye set for this
// project, indented. Numbers keep their text and <, > and & stay literal.
func importedSchema(producer []byte, name, engineURL, pin, fingerprint string) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(producer))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	if doc == nil {
		return nil, errors.New("it is not a JSON object")
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("it has more after the JSON object")
	}
	x, ok := doc["x-ayeaye"].(map[string]any)
	if !ok {
		x = map[string]any{}
	}
	x["name"] = name
	x["engine_url"] = engineURL
	x["source"] = map[string]any{"manifest": pin, "fingerprint": fingerprint}
	doc["x-ayeaye"] = x
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// existingSchema finds the dataset's schema file in schemas/, in any of
// the schema syntaxes; "" when there is none.
func existingSchema(root, name string) (string, error) {
	for _, ext := range []string{".json", ".yaml", ".yml"} {
		rel := "schemas/" + name + ext
		_, err := os.Stat(filepath.Join(root, filepath.FromSlash(rel)))
		switch {
		case err == nil:
			return rel, nil
		case !errors.Is(err, fs.ErrNotExist):
			return "", fmt.Errorf("cannot check %s: %v", display(root, rel), unwrap(err))
		}
	}
	return "", nil
}

// compareImported prints what replacing the dataset's schema at existing
// with the imported one (to be written at rel) changes. same is true when
// nothing would change, and then nothing is written.
func (a *app) compareImported(root, existing, rel string, imported *ir.Dataset) (same bool, code int) {
	data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(existing)))
	if err != nil {
		fmt.Fprintf(a.stderr, "ayeaye-gen import: cannot read %s: %v\n", display(root, existing), unwrap(err))
		return false, ExitProblems
	}
	old, problems := schema.Parse(existing, data)
	if len(problems) > 0 {
		fmt.Fprintf(a.stdout, "%s has problems, so it is not compared; it is replaced:\n", display(root, existing))
		problems.Sort()
		fmt.Fprintln(a.stdout, problems.Error())
		return false, ExitOK
	}
	if existing == rel && old.Fingerprint == imported.Fingerprint {
		fmt.Fprintf(a.stdout, "%s is up to date: it is the producer's schema %s\n", display(root, existing), pinnedFingerprint(old.Canonical))
		return true, ExitOK
	}
	changes, err := contract.Compare(old.Canonical, imported.Canonical)
	if err != nil {
		fmt.Fprintf(a.stderr, "ayeaye-gen import: comparing with %s: %v\n", display(root, existing), err)
		return false, ExitProblems
	}
	from := pinnedFingerprint(old.Canonical)
	if from == "" {
		from = "a schema not imported before"
	}
	fmt.Fprintf(a.stdout, "replacing %s (%s) by the producer's schema %s:\n", display(root, existing), from, pinnedFingerprint(imported.Canonical))
	a.printChanges(changes)
	switch {
	case len(changes) == 0:
		fmt.Fprintln(a.stdout, "no field changed; code generated from the old schema keeps working")
	case contract.Breaking(changes):
		fmt.Fprintln(a.stdout, "BREAKING: after go generate, code that uses these fields must change; until then this project's runs refuse the published data")
	default:
		fmt.Fprintln(a.stdout, "all changes are compatible: code generated from the old schema keeps working")
	}
	return false, ExitOK
}

// pinnedFingerprint is x-ayeaye.source.fingerprint of a canonical schema,
// or "".
func pinnedFingerprint(canonical []byte) string {
	var doc struct {
		X struct {
			Source struct {
				Fingerprint string `json:"fingerprint"`
			} `json:"source"`
		} `json:"x-ayeaye"`
	}
	_ = json.Unmarshal(canonical, &doc) // a schema that parsed is JSON
	return doc.X.Source.Fingerprint
}

// catalogueHint tells where ref://ref leads, or how to make it lead
// somewhere.
func (a *app) catalogueHint(root, ref string, p *published) {
	if cfg, err := env.Load(filepath.Join(root, gen.ConfigFile)); err == nil {
		if tmpl, ok := cfg.Catalogue[ref]; ok {
			fmt.Fprintf(a.stdout, "it reads ref://%s, which the catalogue of %s finds at %s\n", ref, gen.ConfigFile, tmpl)
			return
		}
	}
	loc := p.dataset
	if loc == "" && p.local != "" {
		target := p.local
		if absRoot, err := filepath.Abs(root); err == nil {
			if rel, err := filepath.Rel(absRoot, p.local); err == nil {
				target = rel
			}
		}
		loc = guessEngineURL(filepath.ToSlash(target))
	}
	if loc == "" {
		loc = "<engine URL of the published data>"
	}
	fmt.Fprintf(a.stdout, "it reads ref://%s; add where each environment finds it to %s, e.g.\n\tcatalogue:\n\t  %s: %q\n", ref, gen.ConfigFile, ref, loc)
}

// schemasGlobHint warns when the config's schema globs would not read the
// imported file.
func (a *app) schemasGlobHint(root, rel string) {
	cfg, problems := config.Load(filepath.Join(root, gen.ConfigFile))
	if len(problems) > 0 {
		return // generate reports them
	}
	for _, g := range cfg.Schemas {
		if ok, _ := path.Match(g, rel); ok {
			return
		}
	}
	fmt.Fprintf(a.stdout, "note: the schemas globs of %s (%s) do not match %s; add \"schemas/*.json\" so that generate reads it\n", gen.ConfigFile, listing.Join(cfg.Schemas, ", "), rel)
}

// writeAtomic writes data to path through a temporary file in the same
// directory, so the file is replaced whole or not at all.
func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
