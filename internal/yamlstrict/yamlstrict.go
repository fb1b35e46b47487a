// Package yamlstrict is the one strict reader of ayeaye.yaml, shared by
// the generator (gen/config) and the run time (runtime/env): it walks
// yaml.v3's node tree so that every problem has a position, and collects
// every problem as a diag.Diagnostic instead of stopping at the first.
//
// A Reader is made per file. Its Pos re-measures columns in bytes (yaml
// counts characters), so positions match every other Aye-aye diagnostic;
// Mapping checks the keys of a mapping (names only, known, not repeated)
// and hands each value to the caller; Str reads a non-empty string;
// SyntaxError turns yaml's error text into a positioned diagnostic.
// Deref, Describe and DidYouMean are the small helpers messages use.
package yamlstrict

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/ayeaye-go/ayeaye/internal/diag"
	"github.com/ayeaye-go/ayeaye/internal/suggest"
)

// SyntaxHint is the hint of an invalid-YAML diagnostic.
const SyntaxHint = `fix the YAML syntax; a config looks like "version: 1" then one "key: value" per line`

// Reader reads one file's node tree and collects its problems.
type Reader struct {
	File  string
	lines [][]byte // nil: positions as yaml gives them
	// Diags are the problems found so far, in the order found.
	Diags diag.List
}

// New returns a reader of data, the contents of file. With nil data (a
// node tree that was not parsed from text) columns are yaml's own.
func New(file string, data []byte) *Reader {
	r := &Reader{File: file}
	if data != nil {
		r.lines = bytes.Split(data, []byte("\n"))
	}
	return r
}

// Pos is where a node is, its column counted in bytes.
func (r *Reader) Pos(n *yaml.Node) diag.Pos {
	line, col := n.Line, n.Column
	if line >= 1 && line <= len(r.lines) && col > 1 {
		text := r.lines[line-1]
		off := 0
		for i := 1; i < col && off < len(text); i++ {
			_, size := utf8.DecodeRune(text[off:])
			off += size
		}
		col = off + 1
	}
	return diag.Pos{File: r.File, Line: line, Col: col}
}

// Line is the text of a 1-based line, or nil when it is not known.
func (r *Reader) Line(line int) []byte {
	if line < 1 || line > len(r.lines) {
		return nil
	}
	return r.lines[line-1]
}

// Errorf reports a problem at node n, or at the file as a whole when n is
// nil.
func (r *Reader) Errorf(n *yaml.Node, hint, format string, args ...any) {
	pos := diag.Pos{File: r.File}
	if n != nil {
		pos = r.Pos(n)
	}
	r.Diags.Add(pos, hint, format, args...)
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parserProblems are the messages of yaml's parser (as opposed to its
// scanner), which reports 0-based lines; SyntaxError corrects them.
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

// SyntaxError reports an error of yaml's decoder at the line it names.
func (r *Reader) SyntaxError(err error) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	pos := diag.Pos{File: r.File}
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		pos.Line, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	if slices.Contains(parserProblems, msg) {
		pos.Line++
	}
	r.Diags.Add(pos, SyntaxHint, "invalid YAML: %s", msg)
}

// Mapping calls fn for each key of the mapping node n, with the value
// dereferenced, and reports keys that are not names, repeated, or (when
// valid is not nil) not one of valid; where names the mapping in
// messages. It returns the keys seen.
func (r *Reader) Mapping(n *yaml.Node, where string, valid []string, fn func(key string, k, v *yaml.Node)) map[string]bool {
	seen := map[string]bool{}
	first := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := Deref(n.Content[i]), Deref(n.Content[i+1])
		if k.Kind != yaml.ScalarNode || k.Tag != "!!str" {
			hint := "keys are names"
			switch {
			case k.Tag == "!!merge":
				hint = "YAML merge keys (<<) are not supported here; write the keys out"
			case valid != nil:
				hint = "keys are names such as " + strings.Join(valid, ", ")
			}
			r.Errorf(k, hint, "key in %s must be a name, not %s", where, Describe(k))
			continue
		}
		if valid != nil && !slices.Contains(valid, k.Value) {
			r.Errorf(k, DidYouMean(k.Value, valid, "valid keys"), "unknown key %q in %s", k.Value, where)
			continue
		}
		if line, ok := first[k.Value]; ok {
			r.Errorf(k, "remove one of them", "key %q is already set at line %d", k.Value, line)
			continue
		}
		first[k.Value] = k.Line
		seen[k.Value] = true
		fn(k.Value, k, v)
	}
	return seen
}

// Str returns a non-empty scalar string; what names the setting.
func (r *Reader) Str(v *yaml.Node, what, hint string) (string, bool) {
	v = Deref(v)
	if v.Kind != yaml.ScalarNode || v.Tag != "!!str" {
		r.Errorf(v, hint, "%s must be a string, not %s", what, Describe(v))
		return "", false
	}
	if strings.TrimSpace(v.Value) == "" {
		r.Errorf(v, hint, "%s is empty", what)
		return "", false
	}
	return v.Value, true
}

// Deref follows aliases (*anchor) to the node they stand for, a bounded
// number of times.
func Deref(n *yaml.Node) *yaml.Node {
	for i := 0; n.Kind == yaml.AliasNode && n.Alias != nil && i < 100; i++ {
		n = n.Alias
	}
	return n
}

// IsNull reports whether n is null (~, null, or nothing).
func IsNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

// Describe names what a node is, for "must be X, not Y" messages.
func Describe(n *yaml.Node) string {
	n = Deref(n)
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

// DidYouMean is a hint naming the closest of valid to got, then listing
// them all: `did you mean "dev"? defined environments are dev, prod`.
func DidYouMean(got string, valid []string, list string) string {
	all := list + " are " + strings.Join(valid, ", ")
	if s := suggest.Closest(got, valid); s != "" {
		return fmt.Sprintf("did you mean %q? %s", s, all)
	}
	return all
}
