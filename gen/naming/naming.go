package naming

import (
	"fmt"
	"go/token"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// builtinInitialisms is the usual Go lint list (golint and staticcheck)
// plus the abbreviations that ETL data is full of.
var builtinInitialisms = [...]string{
	"ACL", "API", "ASCII", "CPU", "CSS", "CSV", "DB", "DNS", "EOF", "GUID",
	"HTML", "HTTP", "HTTPS", "ID", "IP", "JSON", "LHS", "NDJSON", "QPS",
	"RAM", "RHS", "RPC", "SLA", "SMTP", "SQL", "SSH", "TCP", "TLS", "TSV",
	"TTL", "UDP", "UI", "UID", "URI", "URL", "UTF8", "UUID", "VM", "XML",
	"XMPP", "XSRF", "XSS",
}

// predeclared are Go's predeclared identifiers (as of Go 1.26). A local
// variable or parameter with one of these names shadows it and breaks
// generated code that uses the builtin, so Unexported never returns them.
var predeclared = [...]string{
	"any", "append", "bool", "byte", "cap", "clear", "close", "comparable",
	"complex", "complex128", "complex64", "copy", "delete", "error", "false",
	"float32", "float64", "imag", "int", "int16", "int32", "int64", "int8",
	"iota", "len", "make", "max", "min", "new", "nil", "panic", "print",
	"println", "real", "recover", "rune", "string", "true", "uint", "uint16",
	"uint32", "uint64", "uint8", "uintptr",
}

// Namer turns names into Go identifiers. It is immutable after New and safe
// for concurrent use.
type Namer struct {
	// initialisms maps the lower-case spelling of an initialism to the form
	// it is written in (usually all capitals: "id" -> "ID").
	initialisms map[string]string
}

// New returns a Namer that knows the built-in initialisms plus extra ones.
// An extra initialism must be letters and digits only (see CheckInitialism);
// it is written exactly as given, so "IPv6" stays "IPv6".
func New(extraInitialisms []string) (*Namer, error) {
	n := &Namer{initialisms: make(map[string]string, len(builtinInitialisms)+len(extraInitialisms))}
	for _, s := range builtinInitialisms {
		n.initialisms[strings.ToLower(s)] = s
	}
	for _, s := range extraInitialisms {
		if err := CheckInitialism(s); err != nil {
			return nil, err
		}
		n.initialisms[strings.ToLower(s)] = s
	}
	return n, nil
}

// CheckInitialism reports why s cannot be an initialism: it must be
// non-empty and made of letters and digits only, because it is spliced into
// Go identifiers.
func CheckInitialism(s string) error {
	if s == "" {
		return fmt.Errorf("initialism is empty")
	}
	if !utf8.ValidString(s) {
		return fmt.Errorf("initialism %q is not valid UTF-8", s)
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return fmt.Errorf("initialism %q contains %q; initialisms are letters and digits only", s, r)
		}
	}
	return nil
}

// Initialisms returns every initialism the Namer knows, sorted.
func (n *Namer) Initialisms() []string {
	out := make([]string, 0, len(n.initialisms))
	for _, v := range n.initialisms {
		out = append(out, v)
	}
	slices.Sort(out)
	return out
}

// Exported returns name as an exported (PascalCase) Go identifier:
//
//	unit price ($) -> UnitPrice    sensor2_id -> Sensor2ID    2nd_place -> X2ndPlace
//	userURL        -> UserURL      ORDER_ID   -> OrderID      名前       -> X名前
//
// A name with no letters or digits becomes "X" and the upper-case hex of its
// bytes ("%" -> "X25", "" -> "X"), so distinct symbol-only headers stay
// distinct and the result is never empty.
func (n *Namer) Exported(name string) string {
	return n.exported(splitWords(name), name)
}

// Join returns the exported identifier of parts read as one name:
// Join("order", "line items") is "OrderLineItems". Each part is split on its
// own, so a SCREAMING_CASE part does not change how the others are read.
func (n *Namer) Join(parts ...string) string {
	var words []string
	for _, p := range parts {
		words = append(words, splitWords(p)...)
	}
	return n.exported(words, strings.Join(parts, ""))
}

func (n *Namer) exported(words []string, name string) string {
	if len(words) == 0 {
		return fmt.Sprintf("X%X", name)
	}
	var b strings.Builder
	for _, w := range words {
		b.WriteString(n.word(w))
	}
	s := b.String()
	r, size := utf8.DecodeRuneInString(s)
	if u := unicode.ToUpper(r); u != r {
		s = string(u) + s[size:]
		r = u
	}
	// A leading digit, or a letter with no upper case (名, ß), cannot start
	// an exported identifier; "X" keeps the rest of the name readable.
	if !unicode.IsUpper(r) {
		s = "X" + s
	}
	return s
}

// Unexported returns name as an unexported (camelCase) Go identifier. A
// leading initialism is written in lower case (id, urlPath, httpServer),
// as Go style does. A result that is a Go keyword or predeclared
// identifier gets a trailing underscore (type -> type_, len -> len_), and a
// name without letters or digits becomes "x" and the hex of its bytes.
func (n *Namer) Unexported(name string) string {
	words := splitWords(name)
	if len(words) == 0 {
		return fmt.Sprintf("x%X", name)
	}
	var b strings.Builder
	first := words[0]
	switch {
	case n.isInitialism(first) || isAllUpper(first):
		b.WriteString(strings.ToLower(first))
	default:
		r, size := utf8.DecodeRuneInString(first)
		b.WriteRune(unicode.ToLower(r))
		b.WriteString(first[size:])
	}
	for _, w := range words[1:] {
		b.WriteString(n.word(w))
	}
	s := b.String()
	r, _ := utf8.DecodeRuneInString(s)
	// Digits cannot start an identifier, and a few upper-case letters have
	// no lower case (ϒ), which would make the name exported.
	if unicode.IsDigit(r) || token.IsExported(s) {
		s = "x" + s
	}
	if token.IsKeyword(s) || slices.Contains(predeclared[:], s) {
		s += "_"
	}
	return s
}

// word writes one word in exported style: an initialism in its configured
// form, a plural initialism as the form plus "s" (ids -> IDs), anything
// else with its first letter upper-cased and the rest as the source wrote it.
func (n *Namer) word(w string) string {
	if form, ok := n.initialism(w); ok {
		return form
	}
	r, size := utf8.DecodeRuneInString(w)
	return string(unicode.ToUpper(r)) + w[size:]
}

func (n *Namer) isInitialism(w string) bool {
	_, ok := n.initialism(w)
	return ok
}

// initialism returns the written form of w when w is a known initialism,
// in any case, or the plural of an all-capitals one (ids, IDs -> IDs).
func (n *Namer) initialism(w string) (string, bool) {
	lower := strings.ToLower(w)
	if form, ok := n.initialisms[lower]; ok {
		return form, true
	}
	if stem, ok := strings.CutSuffix(lower, "s"); ok && strings.HasSuffix(w, "s") {
		if form, ok := n.initialisms[stem]; ok && isAllUpper(form) {
			return form + "s", true
		}
	}
	return "", false
}

// isAllUpper reports whether s has at least one cased letter and no
// lower-case ones.
func isAllUpper(s string) bool {
	upper := false
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		upper = upper || unicode.IsUpper(r)
	}
	return upper
}
