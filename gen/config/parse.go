package config

import (
	"bytes"
	"errors"
	"fmt"
	"go/token"
	"io"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/ayeaye-go/ayeaye/gen/diag"
	"github.com/ayeaye-go/ayeaye/gen/naming"
	"github.com/ayeaye-go/ayeaye/internal/suggest"
	"github.com/ayeaye-go/ayeaye/runtime/env"
)

var topKeys = []string{"version", "schemas", "output", "formats", "naming", "nullable", "overrides", "environments", "catalogue"}

// parser walks the YAML node tree, so every problem has a position, and
// collects every problem instead of stopping at the first.
type parser struct {
	file  string
	data  []byte
	lines [][]byte
	diags diag.List
	// unread is set when nothing of the file could be read as a config.
	unread bool
}

func newParser(file string, data []byte) *parser {
	return &parser{file: file, data: data, lines: bytes.Split(data, []byte("\n"))}
}

// pos converts a node's position. yaml counts columns in characters;
// diag.Pos counts bytes, so the column is re-measured on the line.
func (p *parser) pos(n *yaml.Node) diag.Pos {
	col := n.Column
	if n.Line >= 1 && n.Line <= len(p.lines) && col > 1 {
		line := p.lines[n.Line-1]
		off := 0
		for i := 1; i < col && off < len(line); i++ {
			_, size := utf8.DecodeRune(line[off:])
			off += size
		}
		col = off + 1
	}
	return diag.Pos{File: p.file, Line: n.Line, Col: col}
}

func (p *parser) errorf(n *yaml.Node, hint, format string, args ...any) {
	pos := diag.Pos{File: p.file}
	if n != nil {
		pos = p.pos(n)
	}
	p.diags.Add(pos, hint, format, args...)
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

func (p *parser) parse() *Config {
	c := &Config{}
	dec := yaml.NewDecoder(bytes.NewReader(p.data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			p.diags.Add(diag.Pos{File: p.file}, `start the file with "version: 1"`, "config file is empty")
		} else {
			p.syntaxError(err)
		}
		p.unread = true
		return c
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		p.errorf(&extra, "remove the '---' line and what follows it; the config is one YAML document",
			"config file has more than one YAML document")
	} else if !errors.Is(err, io.EOF) {
		p.syntaxError(err)
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	root = deref(root)
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		p.diags.Add(diag.Pos{File: p.file}, `start the file with "version: 1"`, "config file is empty")
		p.unread = true
		return c
	}
	if root.Kind != yaml.MappingNode {
		p.errorf(root, `the config is a mapping of keys such as "version: 1"`, "config must be a mapping, not %s", describe(root))
		p.unread = true
		return c
	}
	seen := p.mapping(root, "the config", topKeys, func(key string, k, v *yaml.Node) {
		switch key {
		case "version":
			c.Version = p.version(v)
		case "schemas":
			c.schemasPos = p.pos(k)
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
		p.diags.Add(diag.Pos{File: p.file}, `add "version: 1" as the first line`, "config has no version")
	}
	return c
}

// parserProblems are the messages of yaml's parser (as opposed to its
// scanner). The parser reports 0-based lines, and no line at all for the
// first line; syntaxError corrects both.
var parserProblems = []string{
	"did not find expected ',' or ']'",
	"did not find expected ',' or '}'",
	"did not find expected '-' indicator",
	"did not find expected <document start>",
	"did not find expected <stream-start>",
	"did not find expected key",
	"did not find expected node content",
	"found duplicate %TAG directive",
	"found duplicate %YAML directive",
	"found incompatible YAML document",
	"found undefined tag handle",
}

func (p *parser) syntaxError(err error) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	pos := diag.Pos{File: p.file}
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		pos.Line, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	if slices.Contains(parserProblems, msg) {
		pos.Line++
	}
	p.diags.Add(pos, "fix the YAML syntax; a config looks like \"version: 1\" then one \"key: value\" per line",
		"invalid YAML: %s", msg)
}

// deref follows aliases (*anchor) to the node they stand for.
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n.Kind == yaml.AliasNode && n.Alias != nil && i < 100; i++ {
		n = n.Alias
	}
	return n
}

// describe names what a node is, for "must be X, not Y" messages.
func describe(n *yaml.Node) string {
	n = deref(n)
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!null":
			return "null"
		case "!!bool":
			return "a boolean (" + n.Value + ")"
		case "!!int", "!!float":
			return "a number (" + n.Value + ")"
		case "!!str":
			return strconv.Quote(n.Value)
		}
		return fmt.Sprintf("%s %q", n.Tag, n.Value)
	}
	return "an alias"
}

// mapping calls fn for each key of a mapping node and reports keys that are
// not strings, unknown or repeated. It returns the keys seen.
func (p *parser) mapping(n *yaml.Node, where string, valid []string, fn func(key string, k, v *yaml.Node)) map[string]bool {
	seen := map[string]bool{}
	first := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := deref(n.Content[i]), n.Content[i+1]
		if k.Kind != yaml.ScalarNode || k.Tag != "!!str" && k.Tag != "!!merge" {
			p.errorf(k, "keys are names such as "+strings.Join(valid, ", "), "key in %s must be a name, not %s", where, describe(k))
			continue
		}
		if !slices.Contains(valid, k.Value) {
			p.errorf(k, unknownHint(k.Value, "keys", valid), "unknown key %q in %s", k.Value, where)
			continue
		}
		if prev, ok := first[k.Value]; ok {
			p.errorf(k, "remove one of them", "key %q is already set at line %d", k.Value, prev.Line)
			continue
		}
		first[k.Value] = k
		seen[k.Value] = true
		fn(k.Value, k, deref(v))
	}
	return seen
}

// unknownHint suggests the closest valid name and lists all of them.
func unknownHint(got, what string, valid []string) string {
	list := "valid " + what + " are " + strings.Join(valid, ", ")
	if s := suggest.Closest(got, valid); s != "" {
		return fmt.Sprintf("did you mean %q? %s", s, list)
	}
	return list
}

func (p *parser) version(v *yaml.Node) int {
	if v.Kind != yaml.ScalarNode || v.Tag != "!!int" {
		p.errorf(v, `write "version: 1"`, "version must be 1, not %s", describe(v))
		return 0
	}
	n, err := strconv.ParseInt(v.Value, 0, 64)
	switch {
	case err != nil || n < Version:
		p.errorf(v, `write "version: 1"`, "version %s is not valid; the only config version is 1", v.Value)
	case n > Version:
		p.errorf(v, fmt.Sprintf("this ayeaye-gen reads version %d; install a newer ayeaye-gen for version %d files", Version, n),
			"config version %d is not supported", n)
	}
	return int(n)
}

// str returns a scalar string value; what names the setting in messages.
func (p *parser) str(v *yaml.Node, what, hint string) (string, bool) {
	v = deref(v)
	if v.Kind != yaml.ScalarNode || v.Tag != "!!str" {
		p.errorf(v, hint, "%s must be a string, not %s", what, describe(v))
		return "", false
	}
	if strings.TrimSpace(v.Value) == "" {
		p.errorf(v, hint, "%s is empty", what)
		return "", false
	}
	return v.Value, true
}

// strList returns the string items of a list, reporting non-strings,
// empty lists and repeated items; items holds each item's node.
// With fold, items that differ only in case count as repeated.
func (p *parser) strList(v *yaml.Node, what, hint string, fold bool) (values []string, items []*yaml.Node) {
	if v.Kind != yaml.SequenceNode {
		p.errorf(v, hint, "%s must be a list, not %s", what, describe(v))
		return nil, nil
	}
	if len(v.Content) == 0 {
		p.errorf(v, hint+", or remove the key to use the default", "%s is an empty list", what)
		return nil, nil
	}
	first := map[string]*yaml.Node{}
	for i, item := range v.Content {
		s, ok := p.str(item, fmt.Sprintf("%s[%d]", what, i), hint)
		if !ok {
			continue
		}
		key := s
		if fold {
			key = strings.ToLower(s)
		}
		if prev, dup := first[key]; dup {
			p.errorf(item, "remove one of them", "%s lists %q twice (first at line %d)", what, s, prev.Line)
			continue
		}
		first[key] = deref(item)
		values = append(values, s)
		items = append(items, deref(item))
	}
	return values, items
}

// choice returns a string that must be one of valid. With suggest, the
// hint guesses which one was meant.
func (p *parser) choice(v *yaml.Node, what string, valid []string, suggest bool) (string, bool) {
	hint := "use one of " + strings.Join(valid, ", ")
	s, ok := p.str(v, what, hint)
	if !ok {
		return "", false
	}
	if !slices.Contains(valid, s) {
		if !suggest {
			hint = "valid values are " + strings.Join(valid, ", ")
		} else {
			hint = unknownHint(s, "values", valid)
		}
		p.errorf(v, hint, "%s %q is not valid", what, s)
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
			p.errorf(items[i], "write the pattern relative to the directory of "+FileName+", so the project works wherever it is checked out",
				"schemas pattern %q is an absolute path", g)
		case strings.Contains(g, "**"):
			p.errorf(items[i], `Go globs do not recurse; list each directory level, e.g. "schemas/*.json" and "schemas/*/*.json"`,
				"schemas pattern %q uses **", g)
		default:
			if _, err := path.Match(g, ""); err != nil {
				p.errorf(items[i], "check the brackets and escapes; see `go doc path.Match` for the syntax",
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
		p.errorf(v, `write output as a mapping, e.g. "output: {dir: datasets}"`, "output must be a mapping, not %s", describe(v))
		return o
	}
	p.mapping(v, "output", []string{"dir", "package"}, func(key string, _, v *yaml.Node) {
		switch key {
		case "dir":
			o.Dir = p.outputDir(v)
		case "package":
			s, ok := p.str(v, "output.package", "use a lower-case Go package name such as datasets")
			if !ok {
				return
			}
			if problem := packageNameProblem(s); problem != "" {
				p.errorf(v, "use a lower-case Go package name such as datasets", "output.package %q %s", s, problem)
				return
			}
			o.Package = s
		}
	})
	return o
}

func (p *parser) outputDir(v *yaml.Node) string {
	const hint = "use a directory inside the project, relative to " + FileName + ", e.g. datasets"
	s, ok := p.str(v, "output.dir", hint)
	if !ok {
		return ""
	}
	clean := path.Clean(strings.ReplaceAll(s, `\`, "/"))
	switch {
	case path.IsAbs(clean) || len(clean) > 1 && clean[1] == ':':
		p.errorf(v, hint, "output.dir %q is an absolute path", s)
	case clean == ".." || strings.HasPrefix(clean, "../"):
		p.errorf(v, hint, "output.dir %q is outside the project", s)
	case clean == ".":
		p.errorf(v, "generated code needs a package directory of its own; "+hint, "output.dir %q is the project directory itself", s)
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
			p.errorf(items[i], unknownHint(f, "formats", valid), "unknown format %q", f)
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
		p.errorf(v, `write naming as a mapping, e.g. "naming: {initialisms: [SKU]}"`, "naming must be a mapping, not %s", describe(v))
		return n
	}
	p.mapping(v, "naming", []string{"initialisms"}, func(_ string, _, v *yaml.Node) {
		values, items := p.strList(v, "naming.initialisms", "list initialisms such as [SKU, EAN]", true)
		for i, s := range values {
			if err := naming.CheckInitialism(s); err != nil {
				p.errorf(items[i], "an initialism is letters and digits only, e.g. SKU", "naming.initialisms: %v", err)
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
	c, err := env.Parse(p.file, p.data)
	var problems env.Problems
	switch {
	case err == nil:
		return *c
	case errors.As(err, &problems):
		for _, pr := range problems {
			p.diags.Add(diag.Pos{File: p.file, Line: pr.Line, Col: pr.Col}, pr.Hint, "%s", pr.Message)
		}
	default:
		p.diags.Add(diag.Pos{File: p.file}, "", "environments: %v", err)
	}
	return env.Config{}
}

func (p *parser) overrides(v *yaml.Node) []Override {
	const example = `e.g. "- {field: orders.quantity, type: int32}"`
	if v.Kind != yaml.SequenceNode {
		p.errorf(v, "write overrides as a list, "+example, "overrides must be a list, not %s", describe(v))
		return nil
	}
	var out []Override
	first := map[string]int{}
	for i, item := range v.Content {
		item = deref(item)
		where := fmt.Sprintf("overrides[%d]", i)
		if item.Kind != yaml.MappingNode {
			p.errorf(item, "each override is a mapping with field and type, "+example, "%s must be a mapping, not %s", where, describe(item))
			continue
		}
		var o Override
		var fieldNode *yaml.Node
		seen := p.mapping(item, where, []string{"field", "type"}, func(key string, _, v *yaml.Node) {
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
				p.errorf(item, "each override needs both field and type, "+example, "%s has no %s", where, key)
			}
		}
		if o.Field == "" || o.Type == "" {
			continue
		}
		if line, dup := first[o.Field]; dup {
			p.errorf(fieldNode, "keep one override per field", "%s: field %q is already overridden at line %d", where, o.Field, line)
			continue
		}
		first[o.Field] = fieldNode.Line
		o.Pos = p.pos(fieldNode)
		out = append(out, o)
	}
	return out
}

func (p *parser) overrideField(v *yaml.Node, what string) string {
	const hint = `write <dataset>.<property>, e.g. "orders.quantity"; nested properties add more steps: "orders.customer.age"`
	s, ok := p.str(v, what, hint)
	if !ok {
		return ""
	}
	parts := strings.Split(s, ".")
	if len(parts) < 2 || slices.ContainsFunc(parts, func(p string) bool { return strings.TrimSpace(p) == "" }) {
		p.errorf(v, hint, "%s %q is not <dataset>.<property>", what, s)
		return ""
	}
	return s
}

func isLetterOrDigit(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func startsWithDigit(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsDigit(r)
}
