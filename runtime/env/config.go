package env

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/ayeaye-go/ayeaye/internal/diag"
)

// Names of the process environment variables Resolve reads.
const (
	// EnvVar chooses the environment when Options.Name is empty.
	EnvVar = "AYEAYE_ENV"
	// VarPrefix starts the process environment variable that overrides a
	// variable: AYEAYE_VAR_DATA_ROOT overrides data_root (see VarEnvName).
	VarPrefix = "AYEAYE_VAR_"
)

// Patterns of the names in the environments section, as regular
// expressions; the parser checks exactly these, and package schemas puts
// them in the editor schema.
const (
	// EnvNamePattern is an environment's name: it starts with a letter.
	EnvNamePattern = `^[A-Za-z][A-Za-z0-9_.-]*$`
	// NamePattern is a variable's or secret's name, as it is written
	// between the braces of a {name} template.
	NamePattern = `^[A-Za-z0-9_.-]+$`
	// EnvVarNamePattern is the name of the process environment variable a
	// secret is read from: a portable shell variable name.
	EnvVarNamePattern = `^[A-Za-z_][A-Za-z0-9_]*$`
)

// DefaultKey is the key of the environments section that names the
// default environment; it cannot be an environment's name.
const DefaultKey = "default"

// Config is the runtime's part of ayeaye.yaml: the environments section
// (named environments, each with variables and secrets, and which one is
// the default) and the catalogue.
//
// In YAML the environments are keys of the section next to "default"; the
// Go type keeps them in a map of their own. Parse, yaml.Unmarshal and
// json.Unmarshal all check a section the same strict way. The catalogue is
// a top-level key of its own: Parse reads it, while yaml.Unmarshal and
// json.Unmarshal, given the environments section alone, leave it empty.
type Config struct {
	Default      string                 `json:"default,omitempty" yaml:"default,omitempty" jsonschema:"pattern=^[A-Za-z][A-Za-z0-9_.-]*$" jsonschema_description:"The environment used when none is chosen with the -env flag or AYEAYE_ENV. Default: the only environment, else dev when there is one."`
	Environments map[string]Environment `json:"-" yaml:",inline"`
	// Catalogue is the top-level catalogue section (see Catalogue).
	Catalogue Catalogue `json:"-" yaml:"-"`

	// Dir is the directory of the config file: relative secret files are
	// read from there. Parse sets it; empty means the working directory.
	Dir string `json:"-" yaml:"-"`
}

// Environment is one named environment: where data lives (variables) and
// how to authenticate (secrets).
type Environment struct {
	Vars    map[string]string `json:"vars,omitempty" yaml:"vars,omitempty" jsonschema_description:"Variables of this environment, filled into {name} templates of engine URLs. A value may itself refer to other variables and secrets, e.g. s3+csv://{bucket}/raw. Overridden by AYEAYE_VAR_<NAME> environment variables and -var name=value flags."`
	Secrets map[string]Secret `json:"secrets,omitempty" yaml:"secrets,omitempty" jsonschema_description:"Secrets of this environment: values read at run time from an environment variable or a file, never written in this file, and redacted from logs, errors and run records."`
}

// Secret says where a secret's value is read from at run time: exactly one
// of Env and File is set.
type Secret struct {
	Env  string `json:"env,omitempty" yaml:"env,omitempty" jsonschema:"oneof_required=env,pattern=^[A-Za-z_][A-Za-z0-9_]*$" jsonschema_description:"Name of the process environment variable holding the secret, e.g. SALES_DB_PASSWORD. It must be set and not empty when the run starts."`
	File string `json:"file,omitempty" yaml:"file,omitempty" jsonschema:"oneof_required=file,minLength=1" jsonschema_description:"File holding the secret, e.g. /run/secrets/token; a relative path is relative to the directory of ayeaye.yaml. Trailing newlines are trimmed."`
}

// Problem is one thing wrong in an environments section: where
// (Pos: file, 1-based line and column in bytes; a zero line is the file
// as a whole), what, and how to fix it. It is the diagnostic the
// generator reports too.
type Problem = diag.Diagnostic

// Problems is every problem Parse found, sorted by position, printed one
// (and its hint) per line. It is the error Parse, UnmarshalYAML and
// UnmarshalJSON return.
type Problems = diag.List

// Load reads the environments section of the config file at path. A file
// without one gives an empty Config. The error wraps fs.ErrNotExist when
// the file does not exist, so a caller can run without a config.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		hint := "check the path and the file's permissions"
		if errors.Is(err, fs.ErrNotExist) {
			hint = "run from the project directory, or pass the path of ayeaye.yaml"
		}
		return nil, fmt.Errorf("%s: cannot read config: %w\n\thint: %s", path, err, hint)
	}
	return Parse(path, data)
}

// Parse reads the environments section of config text read from path. It
// looks only at that section (the other keys are the generator's and
// ayeaye-gen checks them), but checks it strictly and reports every
// problem at once as Problems. A file without the section gives an empty
// Config.
func Parse(path string, data []byte) (*Config, error) {
	p := newParser(path, data)
	c := p.parseFile()
	if len(p.Diags) > 0 {
		return nil, p.sorted()
	}
	c.Dir = filepath.Dir(path)
	return c, nil
}

// UnmarshalYAML decodes and checks an environments section, so that
// yaml.Unmarshal is as strict as Parse. Positions are in the decoded text;
// columns count characters, as yaml does.
func (c *Config) UnmarshalYAML(n *yaml.Node) error {
	p := newParser("", nil)
	parsed := p.section(n)
	if len(p.Diags) > 0 {
		return p.sorted()
	}
	c.Default, c.Environments = parsed.Default, parsed.Environments
	return nil
}

// UnmarshalJSON decodes and checks an environments section written as
// JSON (which is YAML), with Parse's checks and messages.
func (c *Config) UnmarshalJSON(data []byte) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return fmt.Errorf("environments: invalid JSON: %w", err)
	}
	if doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 {
		return c.UnmarshalYAML(doc.Content[0])
	}
	return c.UnmarshalYAML(&doc)
}

// MarshalJSON writes the section in the shape of the YAML: "default" and
// the environments side by side, keys sorted.
func (c Config) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	first := true
	put := func(key string, v any) error {
		if !first {
			b.WriteByte(',')
		}
		first = false
		k, _ := json.Marshal(key)
		b.Write(k)
		b.WriteByte(':')
		val, err := json.Marshal(v)
		b.Write(val)
		return err
	}
	if c.Default != "" {
		if err := put(DefaultKey, c.Default); err != nil {
			return nil, err
		}
	}
	for _, name := range slices.Sorted(maps.Keys(c.Environments)) {
		if name == DefaultKey {
			return nil, fmt.Errorf("environments: %q cannot be an environment's name; it names the default environment", name)
		}
		if err := put(name, c.Environments[name]); err != nil {
			return nil, err
		}
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// Names returns the names of the environments, sorted.
func (c *Config) Names() []string {
	if c == nil {
		return nil
	}
	return slices.Sorted(maps.Keys(c.Environments))
}

// VarEnvName is the process environment variable that overrides the
// variable name: VarPrefix then the name upper-cased, with '-' and '.'
// turned into '_' so that shells can set it. "data-root" gives
// AYEAYE_VAR_DATA_ROOT.
func VarEnvName(name string) string {
	return VarPrefix + strings.Map(func(r rune) rune {
		switch {
		case r == '-' || r == '.':
			return '_'
		case 'a' <= r && r <= 'z':
			return r - 'a' + 'A'
		}
		return r
	}, name)
}
