package env

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/ayeaye-go/ayeaye/runtime/engine"

	"github.com/ayeaye-go/ayeaye/internal/yamlstrict"
)

// sectionKey is the key of the environments section in ayeaye.yaml.
const sectionKey = "environments"

var (
	envKeys    = []string{"vars", "secrets"}
	secretKeys = []string{"env", "file"}
)

const (
	sectionExample = `e.g. "environments: {dev: {vars: {data_root: data}}}"`
	envNameHint    = "an environment name starts with a letter and has only letters, digits, '_', '-' and '.'"
	nameHint       = "a name is letters, digits, '_', '-' and '.', as it is written in {name} templates"
	secretExample  = "e.g. {env: SALES_DB_PASSWORD} or {file: /run/secrets/db_password}"
)

// parser reads the runtime's sections of ayeaye.yaml with the one strict
// reader the generator uses too, so both report problems alike.
type parser struct {
	*yamlstrict.Reader
	data []byte
}

func newParser(file string, data []byte) *parser {
	return &parser{Reader: yamlstrict.New(file, data), data: data}
}

func (p *parser) sorted() Problems {
	p.Diags.Sort()
	return p.Diags
}

// parseFile finds the environments section and the catalogue in the
// first YAML document; the rest of the file is the generator's to check.
func (p *parser) parseFile() *Config {
	var doc yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(p.data)).Decode(&doc); err != nil {
		if !errors.Is(err, io.EOF) {
			p.SyntaxError(err)
		}
		return &Config{}
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	root = yamlstrict.Deref(root)
	switch {
	case root.Kind == yaml.ScalarNode && root.Tag == "!!null":
		return &Config{}
	case root.Kind != yaml.MappingNode:
		p.Errorf(root, `the config is a mapping of keys such as "version: 1"`, "config must be a mapping, not %s", yamlstrict.Describe(root))
		return &Config{}
	}
	// The runtime's sections; the first of a repeated key is checked.
	sections := map[string]*yaml.Node{}
	lines := map[string]int{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k := yamlstrict.Deref(root.Content[i])
		if k.Kind != yaml.ScalarNode || k.Tag != "!!str" || k.Value != sectionKey && k.Value != catalogueKey {
			continue
		}
		if _, dup := sections[k.Value]; dup {
			p.Errorf(k, "remove one of them", "key %q is already set at line %d", k.Value, lines[k.Value])
			continue
		}
		sections[k.Value], lines[k.Value] = root.Content[i+1], k.Line
	}
	c := &Config{}
	if n := sections[sectionKey]; n != nil {
		c = p.section(n)
	}
	if n := sections[catalogueKey]; n != nil {
		c.Catalogue = p.catalogue(n)
	}
	return c
}

// section checks an environments section.
func (p *parser) section(n *yaml.Node) *Config {
	c := &Config{}
	n = yamlstrict.Deref(n)
	if n.Kind != yaml.MappingNode {
		p.Errorf(n, "write environments as a mapping of environment names, "+sectionExample,
			"environments must be a mapping, not %s", yamlstrict.Describe(n))
		return c
	}
	var defaultNode *yaml.Node
	names := map[string]*yaml.Node{}
	p.Mapping(n, sectionKey, nil, func(key string, k, v *yaml.Node) {
		if key == DefaultKey {
			defaultNode = v
			if s, ok := p.Str(v, "environments.default", "name the environment to use when none is chosen, e.g. default: dev"); ok {
				c.Default = s
			}
			return
		}
		if !validEnvName(key) {
			p.Errorf(k, envNameHint, "environment name %q is not valid", key)
			return
		}
		names[key] = k
		if c.Environments == nil {
			c.Environments = map[string]Environment{}
		}
		c.Environments[key] = p.environment(key, v)
	})
	if c.Default != "" {
		if _, ok := names[c.Default]; !ok {
			known := slices.Sorted(maps.Keys(names))
			hint := "add an environment called " + c.Default + " under environments"
			if len(known) > 0 {
				hint = yamlstrict.DidYouMean(c.Default, known, "defined environments")
			}
			p.Errorf(defaultNode, hint, "environments.default %q is not an environment", c.Default)
			c.Default = ""
		}
	}
	return c
}

func (p *parser) environment(name string, n *yaml.Node) Environment {
	var e Environment
	where := "environments." + name
	if n.Kind != yaml.MappingNode {
		hint := "write the environment as a mapping with vars and secrets, e.g. \"" + name + ": {vars: {data_root: data}}\""
		if yamlstrict.IsNull(n) {
			hint = "write \"" + name + ": {}\" for an environment with no variables, or give it vars"
		}
		p.Errorf(n, hint, "%s must be a mapping, not %s", where, yamlstrict.Describe(n))
		return e
	}
	var varKeys, secretKeyNodes map[string]*yaml.Node
	p.Mapping(n, where, envKeys, func(key string, _, v *yaml.Node) {
		switch key {
		case "vars":
			e.Vars, varKeys = p.vars(where+".vars", v)
		case "secrets":
			e.Secrets, secretKeyNodes = p.secrets(where+".secrets", v)
		}
	})
	for _, s := range slices.Sorted(maps.Keys(secretKeyNodes)) {
		if _, ok := varKeys[s]; ok {
			p.Errorf(secretKeyNodes[s], "rename one of them; a {name} template must mean one thing",
				"%q is both a variable and a secret in %s", s, where)
			delete(e.Secrets, s)
		}
	}
	p.overrideClashes(where, varKeys)
	p.cycles(where, e.Vars, varKeys)
	return e
}

// overrideClashes reports variables that the same AYEAYE_VAR_ environment
// variable would override, such as data-root and data_root.
func (p *parser) overrideClashes(where string, keys map[string]*yaml.Node) {
	byEnv := map[string]string{}
	for _, name := range sortedByLine(keys) {
		ev := VarEnvName(name)
		if prev, ok := byEnv[ev]; ok {
			p.Errorf(keys[name], "rename one of them, so that each variable can be overridden on its own",
				"variables %q and %q of %s are both overridden by %s", prev, name, where, ev)
			continue
		}
		byEnv[ev] = name
	}
}

// cycles reports variables that refer to themselves, directly or through
// others, once per cycle, at the variable the cycle was entered by.
func (p *parser) cycles(where string, vars map[string]string, keys map[string]*yaml.Node) {
	reported := map[string]bool{}
	for _, name := range sortedByLine(keys) {
		cycle := findCycle(name, func(n string) ([]string, bool) {
			v, ok := vars[n]
			return refs(v), ok
		})
		if cycle == nil || reported[cycle[0]] {
			continue
		}
		for _, n := range cycle {
			reported[n] = true
		}
		p.Errorf(keys[cycle[0]], "give one of them a value without {name} references",
			"%s.vars.%s refers to itself: %s", where, cycle[0], strings.Join(append(cycle, cycle[0]), " -> "))
	}
}

// findCycle returns the cycle reachable from start, rotated to begin at
// start when start is on it, or nil. deps gives a variable's references
// and whether it is a variable at all.
func findCycle(start string, deps func(string) ([]string, bool)) []string {
	const (
		visiting = 1
		done     = 2
	)
	state := map[string]int{}
	var stack []string
	var found []string
	var visit func(n string) bool
	visit = func(n string) bool {
		switch state[n] {
		case visiting:
			i := slices.Index(stack, n)
			found = slices.Clone(stack[i:])
			return true
		case done:
			return false
		}
		ds, ok := deps(n)
		if !ok {
			return false
		}
		state[n] = visiting
		stack = append(stack, n)
		for _, d := range ds {
			if visit(d) {
				return true
			}
		}
		stack = stack[:len(stack)-1]
		state[n] = done
		return false
	}
	visit(start)
	if i := slices.Index(found, start); i > 0 {
		found = append(found[i:], found[:i]...)
	}
	return found
}

func sortedByLine(keys map[string]*yaml.Node) []string {
	return slices.SortedFunc(maps.Keys(keys), func(a, b string) int {
		ka, kb := keys[a], keys[b]
		return cmp.Or(cmp.Compare(ka.Line, kb.Line), cmp.Compare(ka.Column, kb.Column), cmp.Compare(a, b))
	})
}

func (p *parser) vars(where string, n *yaml.Node) (map[string]string, map[string]*yaml.Node) {
	if n.Kind != yaml.MappingNode {
		p.Errorf(n, "write vars as a mapping of names to values, e.g. \"vars: {data_root: data}\"", "%s must be a mapping, not %s", where, yamlstrict.Describe(n))
		return nil, nil
	}
	vars := map[string]string{}
	keys := map[string]*yaml.Node{}
	p.Mapping(n, where, nil, func(name string, k, v *yaml.Node) {
		if !validName(name) {
			p.Errorf(k, nameHint, "variable name %q in %s is not valid", name, where)
			return
		}
		what := where + "." + name
		switch {
		case yamlstrict.IsNull(v):
			p.Errorf(v, `give it a value, or "" for an empty one`, "%s has no value", what)
			return
		case v.Kind != yaml.ScalarNode || !slices.Contains([]string{"!!str", "!!int", "!!float", "!!bool", "!!timestamp"}, v.Tag):
			p.Errorf(v, fmt.Sprintf("a variable's value is a string, e.g. %s: \"data\"", name), "%s must be a string, not %s", what, yamlstrict.Describe(v))
			return
		}
		if err := checkTemplate(v.Value); err != nil {
			p.templateError(v, what, err)
			return
		}
		vars[name], keys[name] = v.Value, k
	})
	return vars, keys
}

// templateError reports a template syntax error at the offending byte when
// the value is written on one line as it is, else at the value.
func (p *parser) templateError(v *yaml.Node, what string, err *engine.Error) {
	pos := p.Pos(v)
	if v.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		pos.Col++
	}
	if text := p.Line(pos.Line); text != nil && pos.Col >= 1 {
		if start := pos.Col - 1; start+err.Offset <= len(text) && string(text[start:start+err.Offset]) == v.Value[:err.Offset] {
			pos.Col += err.Offset
			p.Diags.Add(pos, err.Hint, "%s: %s", what, err.Msg)
			return
		}
	}
	p.Errorf(v, err.Hint, "%s: %s at offset %d", what, err.Msg, err.Offset)
}

func (p *parser) secrets(where string, n *yaml.Node) (map[string]Secret, map[string]*yaml.Node) {
	if n.Kind != yaml.MappingNode {
		p.Errorf(n, "write secrets as a mapping of names to sources, e.g. \"secrets: {db_password: {env: SALES_DB_PASSWORD}}\"",
			"%s must be a mapping, not %s", where, yamlstrict.Describe(n))
		return nil, nil
	}
	secrets := map[string]Secret{}
	keys := map[string]*yaml.Node{}
	p.Mapping(n, where, nil, func(name string, k, v *yaml.Node) {
		if !validName(name) {
			p.Errorf(k, nameHint, "secret name %q in %s is not valid", name, where)
			return
		}
		what := where + "." + name
		if v.Kind != yaml.MappingNode {
			p.Errorf(v, "a secret says where its value is read from at run time, "+secretExample+"; never write the value itself here",
				"%s must be a mapping with env or file, not %s", what, yamlstrict.Describe(v))
			return
		}
		var s Secret
		seen := p.Mapping(v, what, secretKeys, func(key string, _, v *yaml.Node) {
			switch key {
			case "env":
				name, ok := p.Str(v, what+".env", "name the environment variable holding the secret, e.g. SALES_DB_PASSWORD")
				if ok && !validEnvVarName(name) {
					p.Errorf(v, "an environment variable name is letters, digits and '_', not starting with a digit", "%s.env %q is not a valid environment variable name", what, name)
					return
				}
				s.Env = name
			case "file":
				s.File, _ = p.Str(v, what+".file", "give the path of the file holding the secret, e.g. /run/secrets/db_password")
			}
		})
		switch {
		case seen["env"] && seen["file"]:
			p.Errorf(v, "keep one of them: a secret is read from one place", "%s sets both env and file", what)
			return
		case !seen["env"] && !seen["file"]:
			p.Errorf(v, "say where the secret is read from, "+secretExample, "%s has neither env nor file", what)
			return
		case s.Env == "" && s.File == "":
			return // reported above
		}
		secrets[name], keys[name] = s, k
	})
	return secrets, keys
}

func validEnvName(s string) bool {
	return s != "" && isLetter(s[0]) && strings.IndexFunc(s, func(r rune) bool { return !isNameRune(r) }) < 0
}

func validName(s string) bool {
	return s != "" && strings.IndexFunc(s, func(r rune) bool { return !isNameRune(r) }) < 0
}

func validEnvVarName(s string) bool {
	if s == "" || '0' <= s[0] && s[0] <= '9' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isLetter(c) && !('0' <= c && c <= '9') && c != '_' {
			return false
		}
	}
	return true
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// isNameRune matches the names engine.Expand accepts between braces.
func isNameRune(r rune) bool {
	return r < utf8.RuneSelf && (isLetter(byte(r)) || '0' <= r && r <= '9' || r == '_' || r == '-' || r == '.')
}

// refs returns the names a template refers to, in order, without
// repeats. It stops at the first syntax error, which checkTemplate
// reports.
func refs(template string) []string {
	var out []string
	for i := 0; i < len(template); i++ {
		c := template[i]
		switch {
		case (c == '{' || c == '}') && i+1 < len(template) && template[i+1] == c:
			i++
		case c == '}':
			return out
		case c == '{':
			end := strings.IndexAny(template[i+1:], "{}")
			if end < 0 || template[i+1+end] == '{' {
				return out
			}
			name := template[i+1 : i+1+end]
			if !validName(name) {
				return out
			}
			if !slices.Contains(out, name) {
				out = append(out, name)
			}
			i += end + 1
		}
	}
	return out
}

// checkTemplate reports a syntax error in a template, ignoring whether the
// names it refers to are defined.
func checkTemplate(template string) *engine.Error {
	names := map[string]string{}
	for _, r := range refs(template) {
		names[r] = ""
	}
	_, err := engine.Expand(template, names)
	var e *engine.Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}
