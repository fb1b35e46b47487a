package schema

import (
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ayeaye-go/ayeaye/gen/diag"
)

// maxDepth bounds nesting in both readers. No real schema comes close; the
// bound keeps hostile input from exhausting the stack in the recursive
// passes that follow (validation, building, canonical output).
const maxDepth = 200

// nodeKind is the JSON data model kind of a node.
type nodeKind int

const (
	nullNode nodeKind = iota + 1
	boolNode
	numberNode
	stringNode
	arrayNode
	objectNode
)

func (k nodeKind) String() string {
	switch k {
	case nullNode:
		return "null"
	case boolNode:
		return "boolean"
	case numberNode:
		return "number"
	case stringNode:
		return "string"
	case arrayNode:
		return "array"
	case objectNode:
		return "object"
	}
	return "invalid"
}

// node is one value of the positioned document tree both readers build.
// It is the JSON data model plus where each value and key was written,
// which is what lets every later check point at the exact spot.
type node struct {
	kind nodeKind
	pos  diag.Pos // where the value starts
	ptr  string   // JSON pointer from the document root
	// text is the string value, or a number exactly as written (always a
	// valid JSON number literal).
	text    string
	boolean bool
	members []member // objectNode, in file order
	items   []*node  // arrayNode
}

// member is one key: value pair of an object.
type member struct {
	key    string
	keyPos diag.Pos
	value  *node
}

// get returns the member with the given key, or nil.
func (n *node) get(key string) *member {
	if n == nil || n.kind != objectNode {
		return nil
	}
	for i := range n.members {
		if n.members[i].key == key {
			return &n.members[i]
		}
	}
	return nil
}

// setPointers fills in ptr for n and everything below it.
func setPointers(n *node, ptr string) {
	n.ptr = ptr
	switch n.kind {
	case objectNode:
		for _, m := range n.members {
			setPointers(m.value, ptr+"/"+escapePointer(m.key))
		}
	case arrayNode:
		for i, it := range n.items {
			setPointers(it, ptr+"/"+strconv.Itoa(i))
		}
	}
}

var pointerEscaper = strings.NewReplacer("~", "~0", "/", "~1")

func escapePointer(token string) string { return pointerEscaper.Replace(token) }

// lookup finds the node at a JSON pointer given as unescaped tokens.
func lookup(root *node, tokens []string) *node {
	n := root
	for _, tok := range tokens {
		switch n.kind {
		case objectNode:
			m := n.get(tok)
			if m == nil {
				return nil
			}
			n = m.value
		case arrayNode:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(n.items) {
				return nil
			}
			n = n.items[i]
		default:
			return nil
		}
	}
	return n
}

// toAny converts the tree to the plain Go values the meta-schema validator
// takes; numbers stay json.Number-like strings so nothing is rounded.
func toAny(n *node, number func(string) any) any {
	switch n.kind {
	case boolNode:
		return n.boolean
	case numberNode:
		return number(n.text)
	case stringNode:
		return n.text
	case arrayNode:
		out := make([]any, len(n.items))
		for i, it := range n.items {
			out[i] = toAny(it, number)
		}
		return out
	case objectNode:
		out := make(map[string]any, len(n.members))
		for _, m := range n.members {
			out[m.key] = toAny(m.value, number)
		}
		return out
	}
	return nil
}

// canonical appends n as canonical JSON: object keys sorted bytewise, no
// insignificant white space, numbers exactly as written, strings with the
// minimal escaping. Two files that mean the same document produce the same
// bytes, whatever their format or layout.
func canonical(b []byte, n *node) []byte {
	switch n.kind {
	case nullNode:
		return append(b, "null"...)
	case boolNode:
		return strconv.AppendBool(b, n.boolean)
	case numberNode:
		return append(b, n.text...)
	case stringNode:
		return appendString(b, n.text)
	case arrayNode:
		b = append(b, '[')
		for i, it := range n.items {
			if i > 0 {
				b = append(b, ',')
			}
			b = canonical(b, it)
		}
		return append(b, ']')
	case objectNode:
		ms := slices.Clone(n.members)
		sort.SliceStable(ms, func(i, j int) bool { return ms[i].key < ms[j].key })
		b = append(b, '{')
		for i, m := range ms {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, m.key)
			b = append(b, ':')
			b = canonical(b, m.value)
		}
		return append(b, '}')
	}
	return b
}

const hexDigits = "0123456789abcdef"

// appendString writes s as a JSON string. Only the quote, the backslash
// and control characters are escaped, so the canonical form does not
// depend on an encoder's taste (encoding/json would also escape <, >, &).
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			b = append(b, c)
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				b = append(b, `\ufffd`...)
			} else {
				b = append(b, s[i:i+size]...)
			}
			i += size
			continue
		}
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		case '\b':
			b = append(b, '\\', 'b')
		case '\f':
			b = append(b, '\\', 'f')
		default:
			b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		}
		i++
	}
	return append(b, '"')
}

// lines maps byte offsets of a file to 1-based line and byte column.
type lines struct {
	file   string
	data   []byte
	starts []int // byte offset of the start of each line
}

func newLines(file string, data []byte) *lines {
	l := &lines{file: file, data: data, starts: []int{0}}
	for i, c := range data {
		if c == '\n' {
			l.starts = append(l.starts, i+1)
		}
	}
	return l
}

// at returns the position of byte offset off.
func (l *lines) at(off int) diag.Pos {
	off = min(max(off, 0), len(l.data))
	i := sort.Search(len(l.starts), func(i int) bool { return l.starts[i] > off }) - 1
	return diag.Pos{File: l.file, Line: i + 1, Col: off - l.starts[i] + 1}
}

// runeCol returns the position of the col-th character (1-based) of line
// (1-based) as a byte column: YAML counts characters, diagnostics count
// bytes.
func (l *lines) runeCol(line, col int) diag.Pos {
	if line < 1 || line > len(l.starts) || col < 1 {
		return diag.Pos{File: l.file, Line: line, Col: col}
	}
	off := l.starts[line-1]
	for c := 1; c < col && off < len(l.data) && l.data[off] != '\n'; c++ {
		_, size := utf8.DecodeRune(l.data[off:])
		off += size
	}
	return diag.Pos{File: l.file, Line: line, Col: off - l.starts[line-1] + 1}
}
