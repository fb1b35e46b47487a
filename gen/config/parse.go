package config

import (
	"bytes"
	"errors"
	"fmt"
	"go/token"
	"io"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/ayeaye-go/ayeaye/gen/diag"
	"github.com/ayeaye-go/ayeaye/gen/naming"
	"github.com/ayeaye-go/ayeaye/internal/yamlstrict"
	"github.com/ayeaye-go/ayeaye/runtime/env"
)

var topKeys = []string{"version", "schemas", "output", "formats", "naming", "nullable", "overrides", "environments", "catalogue"}

// parser reads ayeaye.yaml with the one strict reader the run time uses
// too (internal/yamlstrict), collecting every problem with its position.
type parser struct {
	*yamlstrict.Reader
	data []byte
	// unread is set when nothing of the file could be read as a config.
	unread bool
}

func newParser(file string, data []byte) *parser {
	return &parser{Reader: yamlstrict.New(file, data), data: data}
}

func (p *parser) parse() *Config {
	c := &Config{}
	dec := yaml.NewDecoder(bytes.NewReader(p.data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			p.Diags.Add(diag.Pos{File: p.File}, `start the file with "version: 1"`, "config file is empty")
		} else {
			p.SyntaxError(err)
		}
		p.unread = true
		return c
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		p.Errorf(&extra, "remove the '---' line and what follows it; the config is one YAML document",
			"config file has more than one YAML document")
	} else if !errors.Is(err, io.EOF) {
		p.SyntaxError(err)
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	root = yamlstrict.Deref(root)
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		p.Diags.Add(diag.Pos{File: p.File}, `start the file with "version: 1"`, "config file is empty")
		p.unread = true
		return c
	}
	if root.Kind != yaml.MappingNode {
		p.Errorf(root, `the config is a mapping of keys such as "version: 1"`, "config must be a mapping, not %s", yamlstrict.Describe(root))
		p.unread = true
		return c
	}
	seen := p.Mapping(root, "the config", topKeys, func(key string, k, v *yaml.Node) {
		switch key {
		case "version":
			c.Version = p.version(v)
		case "schemas":
			c.schemasPos = p.Pos(k)
			c.Schemas = p.globs(v)
		case "output":
			c.Output = p.output(v)
		case "formats":
			c.Formats = p.formats(v)
		case "naming":
			c.Naming = p.naming(v)
		case "nullable":
			if s, ok := p.choice(v, "nullable", NullableStyles(), true); ok {
				c.Nullable = s
			}
		case "overrides":
			c.Overrides = p.overrides(v)
		case "environments":
			c.Environments = p.environments()
		case "catalogue":
			// env.Parse checks the catalogue too; a repeat of its
			// problems under environments is deduplicated.
			c.Catalogue = p.environments().Catalogue
		}
	})
	if !seen["version"] {
		p.Diags.Add(diag.Pos{File: p.File}, `add "version: 1" as the first line`, "config has no version")
	}
	return c
}

// unknownHint suggests the closest valid name and lists all of them.
func unknownHint(got, what string, valid []string) string {
	return yamlstrict.DidYouMean(got, valid, "valid "+what)
}

func (p *parser) version(v *yaml.Node) int {
	if v.Kind != yaml.ScalarNode || v.Tag != "!!int" {
		p.Errorf(v, `write "version: 1"`, "version must be 1, not %s", yamlstrict.Describe(v))
		return 0
	}
	n, err := strconv.ParseInt(v.Value, 0, 64)
	switch {
	case err != nil || n < Version:
		p.Errorf(v, `write "version: 1"`, "version %s is not valid; the only config version is 1", v.Value)
	case n > Version:
		p.Errorf(v, fmt.Sprintf("this ayeaye-gen reads version %d; install a newer ayeaye-gen for version %d files", Version, n),
			"config version %d is not supported", n)
	}
	return int(n)
}

// strList returns the string items of a list, reporting non-strings,
// empty lists and repeated items; items holds each item's node.
// With fold, items that differ only in case count as repeated.
func (p *parser) strList(v *yaml.Node, what, hint string, fold bool) (values []string, items []*yaml.Node) {
	if v.Kind != yaml.SequenceNode {
		p.Errorf(v, hint, "%s must be a list, not %s", what, yamlstrict.Describe(v))
		return nil, nil
	}
	if len(v.Content) == 0 {
		p.Errorf(v, hint+", or remove the key to use the default", "%s is an empty list", what)
		return nil, nil
	}
	first := map[string]*yaml.Node{}
	for i, item := range v.Content {
		s, ok := p.Str(item, fmt.Sprintf("%s[%d]", what, i), hint)
		if !ok {
			continue
		}
		key := s
		if fold {
			key = strings.ToLower(s)
		}
		if prev, dup := first[key]; dup {
			p.Errorf(item, "remove one of them", "%s lists %q twice (first at line %d)", what, s, prev.Line)
			continue
		}
		first[key] = yamlstrict.Deref(item)
		values = append(values, s)
		items = append(items, yamlstrict.Deref(item))
	}
	return values, items
}

// choice returns a string that must be one of valid. With suggest, the
// hint guesses which one was meant.
func (p *parser) choice(v *yaml.Node, what string, valid []string, suggest bool) (string, bool) {
	hint := "use one of " + strings.Join(valid, ", ")
	s, ok := p.Str(v, what, hint)
	if !ok {
		return "", false
	}
	if !slices.Contains(valid, s) {
		if !suggest {
			hint = "valid values are " + strings.Join(valid, ", ")
		} else {
			hint = unknownHint(s, "values", valid)
		}
		p.Errorf(v, hint, "%s %q is not valid", what, s)
		return "", false
	}
	return s, true
}

func (p *parser) globs(v *yaml.Node) []string {
	const hint = `list glob patterns relative to this file, e.g. schemas: ["schemas/*.json"]`
	values, items := p.strList(v, "schemas", hint, false)
	var out []string
	for i, g := range values {
		switch {
		case path.IsAbs(g) || strings.HasPrefix(g, `\`) || len(g) > 1 && g[1] == ':':
			p.Errorf(items[i], "write the pattern relative to the directory of "+FileName+", so the project works wherever it is checked out",
				"schemas pattern %q is an absolute path", g)
		case strings.Contains(g, "**"):
			p.Errorf(items[i], `Go globs do not recurse; list each directory level, e.g. "schemas/*.json" and "schemas/*/*.json"`,
				"schemas pattern %q uses **", g)
		default:
			if _, err := path.Match(g, ""); err != nil {
				p.Errorf(items[i], "check the brackets and escapes; see `go doc path.Match` for the syntax",
					"schemas pattern %q is not a valid glob", g)
				continue
			}
			out = append(out, g)
		}
	}
	return out
}

func (p *parser) output(v *yaml.Node) Output {
	var o Output
	if v.Kind != yaml.MappingNode {
		p.Errorf(v, `write output as a mapping, e.g. "output: {dir: datasets}"`, "output must be a mapping, not %s", yamlstrict.Describe(v))
		return o
	}
	p.Mapping(v, "output", []string{"dir", "package"}, func(key string, _, v *yaml.Node) {
		switch key {
		case "dir":
			o.Dir = p.outputDir(v)
		case "package":
			s, ok := p.Str(v, "output.package", "use a lower-case Go package name such as datasets")
			if !ok {
				return
			}
			if problem := packageNameProblem(s); problem != "" {
				p.Errorf(v, "use a lower-case Go package name such as datasets", "output.package %q %s", s, problem)
				return
			}
			o.Package = s
		}
	})
	return o
}

func (p *parser) outputDir(v *yaml.Node) string {
	const hint = "use a directory inside the project, relative to " + FileName + ", e.g. datasets"
	s, ok := p.Str(v, "output.dir", hint)
	if !ok {
		return ""
	}
	clean := path.Clean(strings.ReplaceAll(s, `\`, "/"))
	switch {
	case path.IsAbs(clean) || len(clean) > 1 && clean[1] == ':':
		p.Errorf(v, hint, "output.dir %q is an absolute path", s)
	case clean == ".." || strings.HasPrefix(clean, "../"):
		p.Errorf(v, hint, "output.dir %q is outside the project", s)
	case clean == ".":
		p.Errorf(v, "generated code needs a package directory of its own; "+hint, "output.dir %q is the project directory itself", s)
	default:
		return clean
	}
	return ""
}

// packageNameProblem says why name cannot be the generated package's name,
// or returns "".
func packageNameProblem(name string) string {
	switch {
	case token.IsKeyword(name):
		return "is a Go keyword"
	case !token.IsIdentifier(name):
		return "is not a Go identifier"
	case name == "_":
		return "is the blank identifier"
	case name == "main" || name == "init":
		return "cannot be imported"
	}
	return ""
}

func (p *parser) formats(v *yaml.Node) []string {
	valid := AllFormats()
	values, items := p.strList(v, "formats", "list some of "+strings.Join(valid, ", "), false)
	set := map[string]bool{}
	for i, f := range values {
		if !slices.Contains(valid, f) {
			p.Errorf(items[i], unknownHint(f, "formats", valid), "unknown format %q", f)
			continue
		}
		set[f] = true
	}
	if len(set) == 0 {
		return nil
	}
	// Keep the canonical order so that generated output does not depend on
	// the order the config lists formats in.
	return slices.DeleteFunc(valid, func(f string) bool { return !set[f] })
}

func (p *parser) naming(v *yaml.Node) Naming {
	var n Naming
	if v.Kind != yaml.MappingNode {
		p.Errorf(v, `write naming as a mapping, e.g. "naming: {initialisms: [SKU]}"`, "naming must be a mapping, not %s", yamlstrict.Describe(v))
		return n
	}
	p.Mapping(v, "naming", []string{"initialisms"}, func(_ string, _, v *yaml.Node) {
		values, items := p.strList(v, "naming.initialisms", "list initialisms such as [SKU, EAN]", true)
		for i, s := range values {
			if err := naming.CheckInitialism(s); err != nil {
				p.Errorf(items[i], "an initialism is letters and digits only, e.g. SKU", "naming.initialisms: %v", err)
				continue
			}
			n.Initialisms = append(n.Initialisms, s)
		}
	})
	return n
}

// environments checks the environments section with the runtime's own
// parser, so that both read it the same way, and turns its problems into
// diagnostics.
func (p *parser) environments() env.Config {
	c, err := env.Parse(p.File, p.data)
	var problems env.Problems
	switch {
	case err == nil:
		return *c
	case errors.As(err, &problems):
		p.Diags = append(p.Diags, problems...) // the same diagnostics
	default:
		p.Diags.Add(diag.Pos{File: p.File}, "", "environments: %v", err)
	}
	return env.Config{}
}

func (p *parser) overrides(v *yaml.Node) []Override {
	const example = `e.g. "- {field: orders.quantity, type: int32}"`
	if v.Kind != yaml.SequenceNode {
		p.Errorf(v, "write overrides as a list, "+example, "overrides must be a list, not %s", yamlstrict.Describe(v))
		return nil
	}
	var out []Override
	first := map[string]int{}
	for i, item := range v.Content {
		item = yamlstrict.Deref(item)
		where := fmt.Sprintf("overrides[%d]", i)
		if item.Kind != yaml.MappingNode {
			p.Errorf(item, "each override is a mapping with field and type, "+example, "%s must be a mapping, not %s", where, yamlstrict.Describe(item))
			continue
		}
		var o Override
		var fieldNode *yaml.Node
		seen := p.Mapping(item, where, []string{"field", "type"}, func(key string, _, v *yaml.Node) {
			switch key {
			case "field":
				fieldNode = v
				o.Field = p.overrideField(v, where+".field")
			case "type":
				// No "did you mean": int is as close to int8 as to int64.
				o.Type, _ = p.choice(v, where+".type", OverrideTypes(), false)
			}
		})
		for _, key := range []string{"field", "type"} {
			if !seen[key] {
				p.Errorf(item, "each override needs both field and type, "+example, "%s has no %s", where, key)
			}
		}
		if o.Field == "" || o.Type == "" {
			continue
		}
		if line, dup := first[o.Field]; dup {
			p.Errorf(fieldNode, "keep one override per field", "%s: field %q is already overridden at line %d", where, o.Field, line)
			continue
		}
		first[o.Field] = fieldNode.Line
		o.Pos = p.Pos(fieldNode)
		out = append(out, o)
	}
	return out
}

func (p *parser) overrideField(v *yaml.Node, what string) string {
	const hint = `write <dataset>.<property>, e.g. "orders.quantity"; nested properties add more steps: "orders.customer.age"`
	s, ok := p.Str(v, what, hint)
	if !ok {
		return ""
	}
	parts := strings.Split(s, ".")
	if len(parts) < 2 || slices.ContainsFunc(parts, func(p string) bool { return strings.TrimSpace(p) == "" }) {
		p.Errorf(v, hint, "%s %q is not <dataset>.<property>", what, s)
		return ""
	}
	return s
}

func isLetterOrDigit(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func startsWithDigit(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsDigit(r)
}
