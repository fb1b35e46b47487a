package env

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/ayeaye-go/ayeaye/internal/suggest"
	"github.com/ayeaye-go/ayeaye/runtime/engine"
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

// parser walks the YAML node tree, so that every problem has a position,
// and collects every problem instead of stopping at the first.
type parser struct {
	file     string
	data     []byte
	lines    [][]byte // nil when positions are kept as yaml gives them
	problems Problems
}

func newParser(file string, data []byte) *parser {
	p := &parser{file: file, data: data}
	if data != nil {
		p.lines = bytes.Split(data, []byte("\n"))
	}
	return p
}

func (p *parser) sorted() Problems {
	slices.SortStableFunc(p.problems, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
	})
	return p.problems
}

// pos is where a node is. yaml counts columns in characters; Problems
// count bytes, like every Aye-aye diagnostic, so the column is re-measured
// on the line.
func (p *parser) pos(n *yaml.Node) (line, col int) {
	line, col = n.Line, n.Column
	if line >= 1 && line <= len(p.lines) && col > 1 {
		text := p.lines[line-1]
		off := 0
		for i := 1; i < col && off < len(text); i++ {
			_, size := utf8.DecodeRune(text[off:])
			off += size
		}
		col = off + 1
	}
	return line, col
}

func (p *parser) errorf(n *yaml.Node, hint, format string, args ...any) {
	pr := Problem{File: p.file, Message: fmt.Sprintf(format, args...), Hint: hint}
	if n != nil {
		pr.Line, pr.Col = p.pos(n)
	}
	p.problems = append(p.problems, pr)
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parserProblems are the messages of yaml's parser (as opposed to its
// scanner), which reports 0-based lines; syntaxError corrects them.
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
	pr := Problem{File: p.file, Hint: `fix the YAML syntax; a config looks like "version: 1" then one "key: value" per line`}
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		pr.Line, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	if slices.Contains(parserProblems, msg) {
		pr.Line++
	}
	pr.Message = "invalid YAML: " + msg
	p.problems = append(p.problems, pr)
}

// parseFile finds the environments section and the catalogue in the
// first YAML document; the rest of the file is the generator's to check.
func (p *parser) parseFile() *Config {
	var doc yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(p.data)).Decode(&doc); err != nil {
		if !errors.Is(err, io.EOF) {
			p.syntaxError(err)
		}
		return &Config{}
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	root = deref(root)
	switch {
	case root.Kind == yaml.ScalarNode && root.Tag == "!!null":
		return &Config{}
	case root.Kind != yaml.MappingNode:
		p.errorf(root, `the config is a mapping of keys such as "version: 1"`, "config must be a mapping, not %s", describe(root))
		return &Config{}
	}
	// The runtime's sections; the first of a repeated key is checked.
	sections := map[string]*yaml.Node{}
	lines := map[string]int{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k := deref(root.Content[i])
		if k.Kind != yaml.ScalarNode || k.Tag != "!!str" || k.Value != sectionKey && k.Value != catalogueKey {
			continue
		}
		if _, dup := sections[k.Value]; dup {
			p.errorf(k, "remove one of them", "key %q is already set at line %d", k.Value, lines[k.Value])
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
	n = deref(n)
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "write environments as a mapping of environment names, "+sectionExample,
			"environments must be a mapping, not %s", describe(n))
		return c
	}
	var defaultNode *yaml.Node
	names := map[string]*yaml.Node{}
	p.mapping(n, sectionKey, nil, func(key string, k, v *yaml.Node) {
		if key == DefaultKey {
			defaultNode = v
			if s, ok := p.str(v, "environments.default", "name the environment to use when none is chosen, e.g. default: dev"); ok {
				c.Default = s
			}
			return
		}
		if !validEnvName(key) {
			p.errorf(k, envNameHint, "environment name %q is not valid", key)
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
				hint = didYouMean(c.Default, known, "defined environments")
			}
			p.errorf(defaultNode, hint, "environments.default %q is not an environment", c.Default)
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
		if isNull(n) {
			hint = "write \"" + name + ": {}\" for an environment with no variables, or give it vars"
		}
		p.errorf(n, hint, "%s must be a mapping, not %s", where, describe(n))
		return e
	}
	var varKeys, secretKeyNodes map[string]*yaml.Node
	p.mapping(n, where, envKeys, func(key string, _, v *yaml.Node) {
		switch key {
		case "vars":
			e.Vars, varKeys = p.vars(where+".vars", v)
		case "secrets":
			e.Secrets, secretKeyNodes = p.secrets(where+".secrets", v)
		}
	})
	for _, s := range slices.Sorted(maps.Keys(secretKeyNodes)) {
		if _, ok := varKeys[s]; ok {
			p.errorf(secretKeyNodes[s], "rename one of them; a {name} template must mean one thing",
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
			p.errorf(keys[name], "rename one of them, so that each variable can be overridden on its own",
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
		p.errorf(keys[cycle[0]], "give one of them a value without {name} references",
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
		p.errorf(n, "write vars as a mapping of names to values, e.g. \"vars: {data_root: data}\"", "%s must be a mapping, not %s", where, describe(n))
		return nil, nil
	}
	vars := map[string]string{}
	keys := map[string]*yaml.Node{}
	p.mapping(n, where, nil, func(name string, k, v *yaml.Node) {
		if !validName(name) {
			p.errorf(k, nameHint, "variable name %q in %s is not valid", name, where)
			return
		}
		what := where + "." + name
		switch {
		case isNull(v):
			p.errorf(v, `give it a value, or "" for an empty one`, "%s has no value", what)
			return
		case v.Kind != yaml.ScalarNode || !slices.Contains([]string{"!!str", "!!int", "!!float", "!!bool", "!!timestamp"}, v.Tag):
			p.errorf(v, fmt.Sprintf("a variable's value is a string, e.g. %s: \"data\"", name), "%s must be a string, not %s", what, describe(v))
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
	line, col := p.pos(v)
	if v.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		col++
	}
	if line >= 1 && line <= len(p.lines) && col >= 1 {
		text := p.lines[line-1]
		if start := col - 1; start+err.Offset <= len(text) && string(text[start:start+err.Offset]) == v.Value[:err.Offset] {
			p.problems = append(p.problems, Problem{File: p.file, Line: line, Col: col + err.Offset, Message: what + ": " + err.Msg, Hint: err.Hint})
			return
		}
	}
	p.errorf(v, err.Hint, "%s: %s at offset %d", what, err.Msg, err.Offset)
}

func (p *parser) secrets(where string, n *yaml.Node) (map[string]Secret, map[string]*yaml.Node) {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "write secrets as a mapping of names to sources, e.g. \"secrets: {db_password: {env: SALES_DB_PASSWORD}}\"",
			"%s must be a mapping, not %s", where, describe(n))
		return nil, nil
	}
	secrets := map[string]Secret{}
	keys := map[string]*yaml.Node{}
	p.mapping(n, where, nil, func(name string, k, v *yaml.Node) {
		if !validName(name) {
			p.errorf(k, nameHint, "secret name %q in %s is not valid", name, where)
			return
		}
		what := where + "." + name
		if v.Kind != yaml.MappingNode {
			p.errorf(v, "a secret says where its value is read from at run time, "+secretExample+"; never write the value itself here",
				"%s must be a mapping with env or file, not %s", what, describe(v))
			return
		}
		var s Secret
		seen := p.mapping(v, what, secretKeys, func(key string, _, v *yaml.Node) {
			switch key {
			case "env":
				name, ok := p.str(v, what+".env", "name the environment variable holding the secret, e.g. SALES_DB_PASSWORD")
				if ok && !validEnvVarName(name) {
					p.errorf(v, "an environment variable name is letters, digits and '_', not starting with a digit", "%s.env %q is not a valid environment variable name", what, name)
					return
				}
				s.Env = name
			case "file":
				s.File, _ = p.str(v, what+".file", "give the path of the file holding the secret, e.g. /run/secrets/db_password")
			}
		})
		switch {
		case seen["env"] && seen["file"]:
			p.errorf(v, "keep one of them: a secret is read from one place", "%s sets both env and file", what)
			return
		case !seen["env"] && !seen["file"]:
			p.errorf(v, "say where the secret is read from, "+secretExample, "%s has neither env nor file", what)
			return
		case s.Env == "" && s.File == "":
			return // reported above
		}
		secrets[name], keys[name] = s, k
	})
	return secrets, keys
}

// mapping calls fn for each key of a mapping node and reports keys that are
// not names, repeated, or (when valid is not nil) not one of valid. It
// returns the keys seen.
func (p *parser) mapping(n *yaml.Node, where string, valid []string, fn func(key string, k, v *yaml.Node)) map[string]bool {
	seen := map[string]bool{}
	first := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := deref(n.Content[i]), deref(n.Content[i+1])
		if k.Kind != yaml.ScalarNode || k.Tag != "!!str" {
			hint := "keys are names"
			switch {
			case k.Tag == "!!merge":
				hint = "YAML merge keys (<<) are not supported here; write the keys out"
			case valid != nil:
				hint = "valid keys are " + strings.Join(valid, ", ")
			}
			p.errorf(k, hint, "key in %s must be a name, not %s", where, describe(k))
			continue
		}
		if valid != nil && !slices.Contains(valid, k.Value) {
			p.errorf(k, didYouMean(k.Value, valid, "valid keys"), "unknown key %q in %s", k.Value, where)
			continue
		}
		if line, ok := first[k.Value]; ok {
			p.errorf(k, "remove one of them", "key %q is already set at line %d", k.Value, line)
			continue
		}
		first[k.Value] = k.Line
		seen[k.Value] = true
		fn(k.Value, k, v)
	}
	return seen
}

// str returns a non-empty scalar string; what names the setting.
func (p *parser) str(v *yaml.Node, what, hint string) (string, bool) {
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

// deref follows aliases (*anchor) to the node they stand for.
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n.Kind == yaml.AliasNode && n.Alias != nil && i < 100; i++ {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

// describe names what a node is, for "must be X, not Y" messages.
func describe(n *yaml.Node) string {
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

func didYouMean(got string, valid []string, list string) string {
	all := list + " are " + strings.Join(valid, ", ")
	if s := suggest.Closest(got, valid); s != "" {
		return fmt.Sprintf("did you mean %q? %s", s, all)
	}
	return all
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
