package schema

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/ayeaye-go/ayeaye/gen/diag"
	"go.yaml.in/yaml/v3"
)

// maxAliasValues bounds how many values aliases may expand to. Aliases
// can make a small file describe an exponentially large tree ("billion
// laughs"); values written out are bounded by the file size instead.
const maxAliasValues = 100_000

const yamlSyntaxHint = "fix the YAML syntax: indent with spaces, and quote strings that contain \": \" or start with a special character"

var (
	yamlLineRE   = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)
	yamlAnchorRE = regexp.MustCompile(`^yaml: unknown anchor '(.*)' referenced$`)
)

// yamlParserProblems are the YAML library's parser (not scanner) errors.
// It prints their line 0-based, while scanner errors are 1-based.
func isYAMLParserProblem(msg string) bool {
	switch msg {
	case "did not find expected ',' or ']'", "did not find expected ',' or '}'",
		"did not find expected '-' indicator", "did not find expected <document start>",
		"did not find expected <stream-start>", "did not find expected key",
		"did not find expected node content", "found duplicate %TAG directive",
		"found duplicate %YAML directive", "found incompatible YAML document",
		"found undefined tag handle":
		return true
	}
	return false
}

// yamlReader converts a yaml.Node tree into the positioned tree. YAML is a
// superset of JSON's data model, so the conversion also rejects what JSON
// cannot say: non-string keys that are collections, binary, NaN, custom
// tags. Those are diagnostics, and the conversion goes on to find more.
type yamlReader struct {
	lines *lines
	diags *diag.List
	// inAlias is how many aliases are being expanded; aliased counts the
	// values produced meanwhile.
	inAlias, aliased int
	// broken is set when a value had to be dropped: checking the rest of
	// the schema would then report problems that are not really there.
	broken bool
}

// parseYAML reads one YAML document into a positioned tree.
func parseYAML(file string, data []byte, diags *diag.List) (root *node) {
	l := newLines(file, data)
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := decodeYAML(dec, &doc); err != nil {
		if errors.Is(err, io.EOF) {
			diags.Add(l.at(0), "write a JSON Schema object, e.g. \"type: object\" and \"properties:\"", "the file is empty")
			return nil
		}
		diags.Add(yamlErrorPos(l, data, err), yamlSyntaxHint, "%s", yamlErrorMessage(err))
		return nil
	}
	var extra yaml.Node
	switch err := decodeYAML(dec, &extra); {
	case errors.Is(err, io.EOF):
	case err != nil:
		diags.Add(yamlErrorPos(l, data, err), yamlSyntaxHint, "%s", yamlErrorMessage(err))
		return nil
	default:
		diags.Add(l.runeCol(extra.Line, extra.Column), "put each dataset schema in its own file",
			"a schema file holds exactly one YAML document, found another one")
		return nil
	}
	r := &yamlReader{lines: l, diags: diags}
	content := &doc
	if doc.Kind == yaml.DocumentNode {
		if len(doc.Content) == 0 {
			diags.Add(l.at(0), "write a JSON Schema object, e.g. \"type: object\" and \"properties:\"", "the file is empty")
			return nil
		}
		content = doc.Content[0]
	}
	root = r.convert(content, 0)
	if r.broken {
		return nil
	}
	return root
}

// decodeYAML decodes one document. The YAML library panics on a few
// malformed inputs instead of returning an error; a schema front end must
// report those like any other syntax error.
func decodeYAML(dec *yaml.Decoder, n *yaml.Node) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("yaml: cannot parse the file (%v)", p)
		}
	}()
	return dec.Decode(n)
}

// yamlErrorPos recovers what it can of where a YAML error is: the library
// reports only a line, and only in its message.
func yamlErrorPos(l *lines, data []byte, err error) diag.Pos {
	msg := err.Error()
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		if line, convErr := strconv.Atoi(m[1]); convErr == nil {
			if isYAMLParserProblem(m[2]) {
				line++
			}
			return diag.Pos{File: l.file, Line: line}
		}
	}
	if isYAMLParserProblem(strings.TrimPrefix(msg, "yaml: ")) {
		return diag.Pos{File: l.file, Line: 1}
	}
	if m := yamlAnchorRE.FindStringSubmatch(msg); m != nil {
		if i := bytes.Index(data, []byte("*"+m[1])); i >= 0 {
			return l.at(i)
		}
	}
	return diag.Pos{File: l.file}
}

func yamlErrorMessage(err error) string {
	msg := err.Error()
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		return "YAML syntax error: " + m[2]
	}
	return "YAML syntax error: " + strings.TrimPrefix(msg, "yaml: ")
}

func (r *yamlReader) pos(n *yaml.Node) diag.Pos { return r.lines.runeCol(n.Line, n.Column) }

// convert returns the tree for n, or nil after reporting why it cannot.
func (r *yamlReader) convert(n *yaml.Node, depth int) *node {
	v := r.convert1(n, depth)
	if v == nil {
		r.broken = true
	}
	return v
}

func (r *yamlReader) convert1(n *yaml.Node, depth int) *node {
	if depth > maxDepth {
		r.diags.Add(r.pos(n), "a dataset schema never needs this much nesting; check for an alias that refers to itself",
			"values nested deeper than %d levels", maxDepth)
		return nil
	}
	if r.inAlias > 0 {
		r.aliased++
		if r.aliased > maxAliasValues {
			if r.aliased == maxAliasValues+1 {
				r.diags.Add(r.pos(n), "write the schema out without aliases",
					"the YAML expands to more than %d values through aliases", maxAliasValues)
			}
			return nil
		}
	}
	switch n.Kind {
	case yaml.AliasNode:
		if n.Alias == nil {
			r.diags.Add(r.pos(n), "define the anchor before using it", "alias *%s refers to no anchor", n.Value)
			return nil
		}
		r.inAlias++
		defer func() { r.inAlias-- }()
		return r.convert(n.Alias, depth+1)
	case yaml.MappingNode:
		return r.mapping(n, depth)
	case yaml.SequenceNode:
		if tag := n.ShortTag(); tag != "!!seq" {
			r.badTag(n, tag)
			return nil
		}
		out := &node{kind: arrayNode, pos: r.pos(n)}
		for _, c := range n.Content {
			if v := r.convert(c, depth+1); v != nil {
				out.items = append(out.items, v)
			}
		}
		return out
	case yaml.ScalarNode:
		return r.scalar(n)
	}
	r.diags.Add(r.pos(n), yamlSyntaxHint, "unexpected YAML node")
	return nil
}

func (r *yamlReader) badTag(n *yaml.Node, tag string) {
	r.diags.Add(r.pos(n), "remove the tag; a schema uses only JSON values (objects, arrays, strings, numbers, booleans, null)",
		"YAML tag %s is not supported", tag)
}

func (r *yamlReader) mapping(n *yaml.Node, depth int) *node {
	if tag := n.ShortTag(); tag != "!!map" {
		r.badTag(n, tag)
		return nil
	}
	out := &node{kind: objectNode, pos: r.pos(n)}
	seen := map[string]diag.Pos{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		for hops := 0; k.Kind == yaml.AliasNode && k.Alias != nil && hops < maxDepth; hops++ {
			k = k.Alias
		}
		keyPos := r.pos(n.Content[i])
		if k.Kind != yaml.ScalarNode {
			r.diags.Add(keyPos, "object keys must be plain strings", "a %s cannot be an object key", yamlKindName(k.Kind))
			r.broken = true
			continue
		}
		switch tag := k.ShortTag(); tag {
		case "!!merge":
			r.diags.Add(keyPos, "write the keys out; merged keys would hide where each value comes from",
				"YAML merge keys (<<) are not supported")
			r.broken = true
			continue
		case "!!str", "!!int", "!!float", "!!bool", "!!null", "!!timestamp":
		default:
			r.badTag(k, tag)
			r.broken = true
			continue
		}
		key := k.Value
		val := r.convert(v, depth+1)
		if first, dup := seen[key]; dup {
			r.diags.Add(keyPos, "remove one of them; YAML readers disagree on which one wins",
				"duplicate key %q (first at %d:%d)", key, first.Line, first.Col)
			continue
		}
		seen[key] = keyPos
		if val == nil {
			continue
		}
		out.members = append(out.members, member{key: key, keyPos: keyPos, value: val})
	}
	return out
}

func yamlKindName(k yaml.Kind) string {
	switch k {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "sequence"
	}
	return "value"
}

func (r *yamlReader) scalar(n *yaml.Node) *node {
	out := &node{pos: r.pos(n)}
	switch tag := n.ShortTag(); tag {
	case "!!str", "!!timestamp":
		// Timestamps stay text: JSON has no date type, and a schema's
		// dates (in examples or defaults) are strings there too.
		out.kind, out.text = stringNode, n.Value
	case "!!null":
		out.kind = nullNode
	case "!!bool":
		var b bool
		if err := n.Decode(&b); err != nil {
			r.diags.Add(out.pos, "write true or false", "%q is not a boolean", n.Value)
			return nil
		}
		out.kind, out.boolean = boolNode, b
	case "!!int", "!!float":
		text, ok := r.number(n, tag)
		if !ok {
			return nil
		}
		out.kind, out.text = numberNode, text
	default:
		r.badTag(n, tag)
		return nil
	}
	return out
}

// number returns a YAML number as a JSON number literal: as written when
// that is already valid JSON (so the fingerprint matches the JSON form of
// the same schema), else in Go's shortest form (0x1f becomes 31).
func (r *yamlReader) number(n *yaml.Node, tag string) (string, bool) {
	if validJSONNumber(n.Value) {
		return n.Value, true
	}
	var v any
	if err := n.Decode(&v); err != nil {
		r.diags.Add(r.pos(n), "write a decimal number such as 12 or 1.5", "%q is not a number", n.Value)
		return "", false
	}
	switch v := v.(type) {
	case int:
		return strconv.Itoa(v), true
	case int64:
		return strconv.FormatInt(v, 10), true
	case uint64:
		return strconv.FormatUint(v, 10), true
	case float64:
		if math.IsInf(v, 0) || math.IsNaN(v) {
			r.diags.Add(r.pos(n), "JSON numbers are finite; remove the value or write it as a string",
				"%s cannot be written in JSON", n.Value)
			return "", false
		}
		return strconv.FormatFloat(v, 'g', -1, 64), true
	}
	r.diags.Add(r.pos(n), "write a decimal number such as 12 or 1.5", "%q (%s) is not a number", n.Value, tag)
	return "", false
}

// validJSONNumber reports whether s matches the JSON number grammar.
func validJSONNumber(s string) bool {
	i := 0
	digits := func() bool {
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return i > start
	}
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case !digits():
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if !digits() {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if !digits() {
			return false
		}
	}
	return i == len(s)
}
