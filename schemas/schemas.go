package schemas

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"reflect"

	"github.com/ayeaye-go/ayeaye/gen/config"
	"github.com/ayeaye-go/ayeaye/runtime/env"
	"github.com/invopop/jsonschema"
)

// BaseURL is where the schema files are published; each file's $id is
// BaseURL followed by its name.
const BaseURL = "https://raw.githubusercontent.com/ayeaye-go/ayeaye/main/schemas/"

// File names of the schemas.
const (
	ConfigFile    = "ayeaye.schema.json"
	ExtensionFile = "x-ayeaye.schema.json"
	RunRecordFile = "run-record.schema.json"
)

// FS holds the committed schema files, for the CLI to print or serve.
//
//go:embed *.schema.json
var FS embed.FS

// Generate builds every schema file from the Go types: file name to
// content, indented JSON with a trailing newline. The output is
// deterministic: properties follow the Go field order and every other
// object's keys are sorted.
func Generate() (map[string][]byte, error) {
	out := map[string][]byte{}
	for name, build := range map[string]func() *jsonschema.Schema{
		ConfigFile:    configSchema,
		ExtensionFile: extensionSchema,
		RunRecordFile: runRecordSchema,
		GraphFile:     graphSchema,
		LockFile:      lockSchema,
		ManifestFile:  manifestSchema,
	} {
		b, err := encode(build())
		if err != nil {
			return nil, fmt.Errorf("generating %s: %w", name, err)
		}
		out[name] = b
	}
	return out, nil
}

func reflector() *jsonschema.Reflector {
	// Anonymous: the $id is set per file below, not derived from the Go
	// package path. Properties are required only when their json tag has no
	// omitempty, which is how the config types mark optional keys.
	return &jsonschema.Reflector{Anonymous: true}
}

func configSchema() *jsonschema.Schema {
	r := reflector()
	// env.Config and config.Config are both called Config; the
	// environments section gets a name of its own.
	envConfig := reflect.TypeFor[env.Config]()
	r.Namer = func(t reflect.Type) string {
		if t == envConfig {
			return "Environments"
		}
		return ""
	}
	r.ExpandedStruct = true
	s := r.Reflect(&config.Config{})
	environmentsSchema(s.Definitions)
	if cat, ok := s.Definitions["Catalogue"]; ok {
		cat.PropertyNames = &jsonschema.Schema{Pattern: env.CatalogueNamePattern}
		cat.AdditionalProperties = &jsonschema.Schema{Type: "string", MinLength: new(uint64(1))}
	}
	s.ID = jsonschema.ID(BaseURL + ConfigFile)
	s.Title = "Aye-aye project config (ayeaye.yaml)"
	s.Description = "The project config of an Aye-aye for Go project, read by ayeaye-gen. " +
		"Paths are relative to the directory of ayeaye.yaml. Unknown keys are errors."
	describe(s, map[string]string{
		"Output":       "Where generated Go code goes.",
		"Naming":       "How schema property names become Go identifiers.",
		"Override":     "Sets the Go type of one field.",
		"Environments": "Named environments, each a key beside default, e.g. dev: {vars: {data_root: data}}.",
		"Environment":  "One environment: its variables and secrets.",
		"Secret":       "Where a secret is read from at run time: exactly one of env and file.",
		"Catalogue":    "Names of published datasets (team/dataset) mapped to engine URL templates, e.g. sales/orders: \"csv://{sales_root}/orders.csv\".",
	})
	return s
}

// environmentsSchema completes the schema of the environments section.
// The environments are keys beside "default", which Go keeps in a map the
// reflector does not see (json:"-"), so their schema is added here: any
// other key is an environment, and names follow env's patterns.
func environmentsSchema(defs jsonschema.Definitions) {
	for name, d := range reflector().Reflect(&env.Environment{}).Definitions {
		defs[name] = d
	}
	envs := defs["Environments"]
	envs.AdditionalProperties = &jsonschema.Schema{Ref: "#/$defs/" + defName(env.Environment{})}
	envs.PropertyNames = &jsonschema.Schema{Pattern: env.EnvNamePattern}

	environment := defs[defName(env.Environment{})]
	vars, _ := environment.Properties.Get("vars")
	vars.PropertyNames = &jsonschema.Schema{Pattern: env.NamePattern}
	// Numbers and booleans are taken as written, like in YAML.
	vars.AdditionalProperties = &jsonschema.Schema{AnyOf: []*jsonschema.Schema{{Type: "string"}, {Type: "number"}, {Type: "boolean"}}}
	secrets, _ := environment.Properties.Get("secrets")
	secrets.PropertyNames = &jsonschema.Schema{Pattern: env.NamePattern}
}

func extensionSchema() *jsonschema.Schema {
	r := reflector()
	defs := jsonschema.Definitions{}
	for _, v := range []any{config.DatasetExtension{}, config.FieldExtension{}} {
		s := r.Reflect(v)
		for name, d := range s.Definitions {
			defs[name] = d
		}
	}
	describe(&jsonschema.Schema{Definitions: defs}, map[string]string{
		"DatasetExtension": "The x-ayeaye object at the top level of a dataset schema: facts about the dataset as a whole.",
		"FieldExtension":   "The x-ayeaye object of one property of a dataset schema.",
		"Source":           "Where an imported dataset schema came from: the producer's manifest and its schema fingerprint then.",
		"Tolerance":        "A tolerance with an absolute part, a relative part or both: |a-b| <= max(absolute, relative*max(|a|,|b|)).",
	})
	toleranceSchema(defs)
	root := &jsonschema.Schema{
		Version: jsonschema.Version,
		ID:      jsonschema.ID(BaseURL + ExtensionFile),
		Title:   "Aye-aye dataset schema extension (x-ayeaye)",
		Description: "The vocabulary of the x-ayeaye objects in Aye-aye dataset schemas (JSON Schema 2020-12 documents). " +
			"At the top level of a dataset schema x-ayeaye is a DatasetExtension; inside a property it is a FieldExtension.",
		AnyOf: []*jsonschema.Schema{
			{Ref: "#/$defs/" + defName(config.DatasetExtension{})},
			{Ref: "#/$defs/" + defName(config.FieldExtension{})},
		},
		Definitions: defs,
	}
	return root
}

// toleranceSchema lets x-ayeaye.tolerance be a plain number too, which is
// the absolute tolerance; config.Tolerance reads both spellings, but the
// reflector sees only the struct.
func toleranceSchema(defs jsonschema.Definitions) {
	if tol, ok := defs[defName(config.Tolerance{})]; ok {
		tol.MinProperties = new(uint64(1))
	}
	fe, ok := defs[defName(config.FieldExtension{})]
	if !ok {
		return
	}
	p, ok := fe.Properties.Get("tolerance")
	if !ok {
		return
	}
	fe.Properties.Set("tolerance", &jsonschema.Schema{
		Description: p.Description,
		OneOf: []*jsonschema.Schema{
			{Type: "number", Minimum: "0"},
			{Ref: "#/$defs/" + defName(config.Tolerance{})},
		},
	})
}

func defName(v any) string { return reflect.TypeOf(v).Name() }

// describe sets the descriptions of the $defs the reflector made from
// types, which it otherwise takes from Go comments it cannot read here.
func describe(s *jsonschema.Schema, descriptions map[string]string) {
	for name, d := range descriptions {
		if def, ok := s.Definitions[name]; ok {
			def.Description = d
		}
	}
}

// encode writes s as indented JSON with a trailing newline, keeping <, >
// and & literal so that descriptions read well in editors.
func encode(s *jsonschema.Schema) ([]byte, error) {
	raw, err := json.Marshal(s)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, unescapeHTML(raw), "", "  "); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// unescapeHTML turns the \u003c, \u003e and \u0026 escapes that
// encoding/json writes inside strings back into <, > and &. It tracks
// backslash escapes, so an escaped backslash followed by "u003c" is left
// alone.
func unescapeHTML(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		if b[i] != '\\' || i+1 >= len(b) {
			out = append(out, b[i])
			continue
		}
		if b[i+1] == 'u' && i+6 <= len(b) {
			switch string(b[i+2 : i+6]) {
			case "003c":
				out = append(out, '<')
				i += 5
				continue
			case "003e":
				out = append(out, '>')
				i += 5
				continue
			case "0026":
				out = append(out, '&')
				i += 5
				continue
			}
		}
		// Any other escape is copied whole, so its second byte is never
		// read as the start of an escape.
		out = append(out, b[i], b[i+1])
		i++
	}
	return out
}
