package engine

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Expand fills {name} templates in a location (or a whole engine URL) from
// vars: "csv://{data_root}/people.csv" with data_root=/srv/data gives
// "csv:///srv/data/people.csv". "{{" and "}}" stand for literal braces.
// Values are inserted as they are and not expanded again, so a value may
// hold braces.
//
// A name is letters, digits, '_', '-' and '.'. An unknown name, an empty or
// malformed name, an unclosed '{' and a lone '}' are errors (*Error) with
// the byte offset; an unknown name's error lists the known names.
func Expand(template string, vars map[string]string) (string, error) {
	if !strings.ContainsAny(template, "{}") {
		return template, nil
	}
	t, err := expand(template, slices.Collect(maps.Keys(vars)), func(name string) (Text, bool) {
		v, ok := vars[name]
		return Text{{S: v}}, ok
	})
	return t.String(), err
}

// ExpandText is Expand for values that may hold secrets: each value is a
// Text, and the result keeps which of its parts came from a secret, so
// that ParseText can encode them and print the URL without them.
func ExpandText(template string, vars map[string]Text) (Text, error) {
	return expand(template, slices.Collect(maps.Keys(vars)), func(name string) (Text, bool) {
		v, ok := vars[name]
		return v, ok
	})
}

// expand fills template from lookup; names are the known names, for the
// hint of an unknown one.
func expand(template string, names []string, lookup func(string) (Text, bool)) (Text, error) {
	var out Text
	err := scanTemplate(template, func(text string, _ int) { out = out.append(Text{{S: text}}) }, func(name string, at int) error {
		v, ok := lookup(name)
		if !ok {
			return tmplErr(template, at, unknownNameHint(name, names), "unknown name {%s}", name)
		}
		out = out.append(v)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// scanTemplate walks a template in order, calling lit for literal text
// ("{{" and "}}" already reduced to one brace) and ref for each {name},
// each with the byte offset in template where it starts. It stops at the
// first syntax error (an *Error) or error of ref.
func scanTemplate(template string, lit func(text string, at int), ref func(name string, at int) error) error {
	start := 0 // of the literal text not yet passed to lit
	flush := func(end int) {
		if end > start {
			lit(template[start:end], start)
		}
	}
	for i := 0; i < len(template); i++ {
		c := template[i]
		switch {
		case c == '{' && i+1 < len(template) && template[i+1] == '{',
			c == '}' && i+1 < len(template) && template[i+1] == '}':
			flush(i + 1)
			i++
			start = i + 1
		case c == '}':
			return tmplErr(template, i, "write }} for a literal '}'", "'}' without a matching '{'")
		case c == '{':
			end := strings.IndexAny(template[i+1:], "{}")
			if end < 0 || template[i+1+end] == '{' {
				return tmplErr(template, i, "close it with '}', or write {{ for a literal '{'", "unclosed '{'")
			}
			name := template[i+1 : i+1+end]
			if name == "" {
				return tmplErr(template, i, "put a variable name between the braces, e.g. {data_root}, or write {{}} for literal braces", "empty name {}")
			}
			if j := strings.IndexFunc(name, func(r rune) bool { return !isNameRune(r) }); j >= 0 {
				return tmplErr(template, i+1+j, "a name is letters, digits, '_', '-' and '.'; write {{ and }} for literal braces", "character %q in name %q", name[j], name)
			}
			flush(i)
			if err := ref(name, i); err != nil {
				return err
			}
			i += end + 1
			start = i + 1
		}
	}
	flush(len(template))
	return nil
}

func isNameRune(r rune) bool {
	return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '_' || r == '-' || r == '.'
}

func unknownNameHint(name string, names []string) string {
	if len(names) == 0 {
		return "no names are defined here; define it in the environment's variables"
	}
	known := slices.Sorted(slices.Values(names))
	var b strings.Builder
	if s := nearest(name, known); s != "" {
		fmt.Fprintf(&b, "did you mean {%s}? ", s)
	}
	b.WriteString("known names: ")
	b.WriteString(strings.Join(known, ", "))
	return b.String()
}

func tmplErr(input string, off int, hint, format string, args ...any) *Error {
	return &Error{What: "template", Input: input, Offset: off, Msg: fmt.Sprintf(format, args...), Hint: hint}
}
