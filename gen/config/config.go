package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ayeaye-go/ayeaye/gen/diag"
	"github.com/ayeaye-go/ayeaye/internal/listing"
	"github.com/ayeaye-go/ayeaye/runtime/env"
)

// FileName is the name of the project config file.
const FileName = "ayeaye.yaml"

// Version is the config format version this package reads.
const Version = 1

// The valid values of list- and enum-like settings, in canonical order.
// They are functions so that callers get their own copy.

// AllFormats returns the codecs ayeaye-gen can emit, in the order
// Config.Formats keeps them: csv, tsv, json, ndjson, parquet, sql (SQL
// tables: SQLite, PostgreSQL, MariaDB; see runtime/table).
func AllFormats() []string { return []string{"csv", "tsv", "json", "ndjson", "parquet", "sql"} }

// DefaultFormats returns the formats of a config that lists none: all but
// parquet, which is opt-in because its code pulls in a Parquet library,
// and sql, for datasets that live in database tables.
func DefaultFormats() []string { return []string{"csv", "tsv", "json", "ndjson"} }

// OverrideTypes returns the types a field override may name.
func OverrideTypes() []string {
	return []string{"int8", "int16", "int32", "int64", "float32", "float64"}
}

// NullableStyles returns the ways nullable fields can be represented.
func NullableStyles() []string { return []string{"value", "pointer"} }

// DefaultSchemas returns the schema globs used when the config names none.
func DefaultSchemas() []string {
	return []string{"schemas/*.json", "schemas/*.yaml", "schemas/*.yml"}
}

// DefaultOutputDir is the output directory used when the config names none.
const DefaultOutputDir = "datasets"

// Config is a parsed, validated ayeaye.yaml with defaults applied.
type Config struct {
	Version   int        `json:"version" yaml:"version" jsonschema:"enum=1" jsonschema_description:"Version of the config format. Must be 1."`
	Schemas   []string   `json:"schemas,omitempty" yaml:"schemas,omitempty" jsonschema:"minItems=1,uniqueItems=true,default=schemas/*.json,default=schemas/*.yaml,default=schemas/*.yml" jsonschema_description:"Glob patterns (Go path.Match syntax, relative to this file's directory) of the dataset schema files. '**' is not supported: list each directory level. Default: schemas/*.json, schemas/*.yaml, schemas/*.yml."`
	Output    Output     `json:"output,omitzero" yaml:"output,omitempty" jsonschema_description:"Where generated Go code goes."`
	Formats   []string   `json:"formats,omitempty" yaml:"formats,omitempty" jsonschema:"minItems=1,uniqueItems=true,enum=csv,enum=tsv,enum=json,enum=ndjson,enum=parquet,enum=sql,default=csv,default=tsv,default=json,default=ndjson" jsonschema_description:"Storage formats to generate readers and writers for. Default: csv, tsv, json and ndjson; parquet and sql (tables in SQLite, PostgreSQL and MariaDB) are opt-in."`
	Naming    Naming     `json:"naming,omitzero" yaml:"naming,omitempty" jsonschema_description:"How schema property names become Go identifiers."`
	Nullable  string     `json:"nullable,omitempty" yaml:"nullable,omitempty" jsonschema:"enum=value,enum=pointer,default=value" jsonschema_description:"How nullable fields are represented: 'value' uses the runtime's value.Null[T] (no allocation, the default); 'pointer' uses *T."`
	Overrides []Override `json:"overrides,omitempty" yaml:"overrides,omitempty" jsonschema_description:"Per-field Go type overrides, e.g. to store an integer in 32 bits."`
	// Environments is read by the runtime (package runtime/env), not by
	// the generator; Parse checks it with env.Parse so that a config
	// ayeaye-gen accepts is one the runtime accepts.
	Environments env.Config `json:"environments,omitzero" yaml:"environments,omitempty" jsonschema_description:"Named environments for running models: variables filled into {name} templates of engine URLs, and secrets read at run time. The environment is chosen with the -env flag or AYEAYE_ENV, else default. See go doc github.com/ayeaye-go/ayeaye/runtime/env."`
	// Catalogue is read by the runtime too: ref://team/dataset engine
	// URLs resolve through it.
	Catalogue env.Catalogue `json:"catalogue,omitempty" yaml:"catalogue,omitempty" jsonschema_description:"Where datasets published by other projects live: names (team/dataset, as written after ref://) mapped to engine URL templates, filled from the chosen environment. A model reads one through the engine URL ref://team/dataset, usually written by ayeaye-gen import. See go doc github.com/ayeaye-go/ayeaye/runtime/env."`

	// Dir is the directory of the config file: schema globs and the output
	// directory are relative to it.
	Dir string `json:"-" yaml:"-"`
	// File is the config file's path as given to Load or Parse.
	File string `json:"-" yaml:"-"`

	// schemasPos is where the schemas key is, for SchemaFiles' errors.
	schemasPos diag.Pos
}

// Output says where generated code goes.
type Output struct {
	Dir     string `json:"dir,omitempty" yaml:"dir,omitempty" jsonschema:"minLength=1,default=datasets" jsonschema_description:"Directory of the generated Go package, relative to this file's directory. It must stay inside the project and must not be the project directory itself. Default: datasets."`
	Package string `json:"package,omitempty" yaml:"package,omitempty" jsonschema:"minLength=1" jsonschema_description:"Name of the generated Go package. Default: the base name of dir, lower-cased, with anything but letters and digits removed."`
}

// Naming configures identifier generation (see package gen/naming).
type Naming struct {
	Initialisms []string `json:"initialisms,omitempty" yaml:"initialisms,omitempty" jsonschema:"minItems=1,uniqueItems=true" jsonschema_description:"Extra initialisms, added to the built-in Go list (ID, URL, HTTP, JSON, ...). Each is letters and digits only and is written exactly as given, e.g. SKU turns sku_code into SKUCode."`
}

// Override sets the Go type of one field.
type Override struct {
	Field string `json:"field" yaml:"field" jsonschema:"pattern=^[^.]+(\\.[^.]+)+$" jsonschema_description:"The field: <dataset name>.<property>, with more .<property> steps for nested objects, e.g. orders.quantity or orders.customer.age."`
	Type  string `json:"type" yaml:"type" jsonschema:"enum=int8,enum=int16,enum=int32,enum=int64,enum=float32,enum=float64" jsonschema_description:"The Go type to use: an integer or float width."`
	// Pos is where the override is written, for diagnostics about it (for
	// example a field that does not exist).
	Pos diag.Pos `json:"-" yaml:"-"`
}

// Load reads and parses the config file at path.
func Load(path string) (*Config, diag.List) {
	c, _, diags := LoadAll(path)
	if len(diags) > 0 {
		return nil, diags
	}
	return c, nil
}

// LoadAll is Load for callers that check the schemas even when the config
// has problems, so that one pass reports everything: it always returns a
// config, made of every setting that could be read and defaults for the
// rest, with the problems. unread is true when nothing of the file could
// be read (it cannot be read, is not YAML, is empty or is not a mapping):
// the config is then all defaults.
func LoadAll(path string) (c *Config, unread bool, diags diag.List) {
	data, err := os.ReadFile(path)
	if err != nil {
		hint := "check the path and the file's permissions"
		if errors.Is(err, fs.ErrNotExist) {
			hint = "run `ayeaye-gen init` to create a project config"
		}
		diags.Add(diag.Pos{File: path}, hint, "cannot read config: %v", unwrapPath(err))
		return defaults(path, &Config{}), true, diags
	}
	return parseAll(path, data)
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Parse parses and validates config text read from path, and applies
// defaults. It reports every problem at once, sorted by position; the
// Config is nil when there is any.
func Parse(path string, data []byte) (*Config, diag.List) {
	c, _, diags := parseAll(path, data)
	if len(diags) > 0 {
		return nil, diags
	}
	return c, nil
}

// parseAll is Parse that keeps, despite problems, what could be read; see
// LoadAll.
func parseAll(path string, data []byte) (*Config, bool, diag.List) {
	p := newParser(path, data)
	c := p.parse()
	p.Diags.Sort()
	return defaults(path, c), p.unread, dedupe(p.Diags)
}

func defaults(path string, c *Config) *Config {
	c.File = path
	c.Dir = filepath.Dir(path)
	c.applyDefaults()
	return c
}

// dedupe drops repeats of a diagnostic: env.Parse, which checks the
// environments section, also reports a repeated environments key.
func dedupe(l diag.List) diag.List {
	seen := map[diag.Diagnostic]bool{}
	return slices.DeleteFunc(l, func(d diag.Diagnostic) bool {
		dup := seen[d]
		seen[d] = true
		return dup
	})
}

func (c *Config) applyDefaults() {
	if c.Schemas == nil {
		c.Schemas = DefaultSchemas()
	}
	if c.Output.Dir == "" {
		c.Output.Dir = DefaultOutputDir
	}
	if c.Output.Package == "" {
		c.Output.Package = defaultPackage(c.Output.Dir)
	}
	if c.Formats == nil {
		c.Formats = DefaultFormats()
	}
	if c.Nullable == "" {
		c.Nullable = "value"
	}
}

// defaultPackage makes a package name of dir's base name: lower case,
// letters and digits only; a leading digit gets an "x", and a name Go
// reserves gets "pkg" appended.
func defaultPackage(dir string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(path.Base(dir)) {
		if isLetterOrDigit(r) {
			b.WriteRune(r)
		}
	}
	name := b.String()
	switch {
	case name == "":
		return DefaultOutputDir
	case startsWithDigit(name):
		name = "x" + name
	}
	if packageNameProblem(name) != "" {
		name += "pkg"
	}
	return name
}

// Find returns the path of the ayeaye.yaml in dir or, like go.mod, in the
// nearest parent directory that has one, so ayeaye-gen works from any
// package directory of the project.
func Find(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("finding %s: %w", FileName, err)
	}
	for d := abs; ; d = filepath.Dir(d) {
		p := filepath.Join(d, FileName)
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p, nil
		}
		if fi, err := os.Stat(filepath.Join(d, "ayeaye.yml")); err == nil && !fi.IsDir() {
			return "", fmt.Errorf("found %s, but the config file must be called %s\n\thint: rename it to %s",
				filepath.Join(d, "ayeaye.yml"), FileName, FileName)
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	return "", fmt.Errorf("no %s in %s or any parent directory\n\thint: run `ayeaye-gen init` to create a project, or run ayeaye-gen inside one", FileName, abs)
}

// SchemaFiles expands the schema globs against Dir. It returns the matching
// files (directories are skipped) slash-separated and relative to Dir,
// sorted and without duplicates. A glob that matches nothing is fine, as
// long as some glob matches something; the error is a diag.List.
func (c *Config) SchemaFiles() ([]string, error) {
	dir := c.Dir
	if dir == "" {
		dir = "."
	}
	var files []string
	for _, pattern := range c.Schemas {
		matches, err := filepath.Glob(filepath.Join(dir, filepath.FromSlash(pattern)))
		if err != nil {
			return nil, c.schemasError("fix the pattern; see `go doc path.Match` for the syntax", "schemas pattern %q: %v", pattern, err)
		}
		for _, m := range matches {
			fi, err := os.Stat(m)
			if err != nil || fi.IsDir() {
				continue
			}
			rel, err := filepath.Rel(dir, m)
			if err != nil {
				return nil, c.schemasError("", "schema file %s: %v", m, err)
			}
			files = append(files, filepath.ToSlash(rel))
		}
	}
	slices.Sort(files)
	files = slices.Compact(files)
	if len(files) == 0 {
		return nil, c.schemasError("add a dataset schema such as schemas/orders.json, or fix the schemas globs in "+FileName,
			"no schema files match %s (relative to %s)", listing.Join(c.Schemas, ", "), dir)
	}
	return files, nil
}

func (c *Config) schemasError(hint, format string, args ...any) error {
	pos := c.schemasPos
	if pos.File == "" {
		pos = diag.Pos{File: c.File}
	}
	var l diag.List
	l.Add(pos, hint, format, args...)
	return l
}
