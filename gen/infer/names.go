package infer

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// datasetNameRE is the rule gen/schema applies to x-ayeaye.name.
var datasetNameRE = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// ValidName reports whether s can be a dataset name (x-ayeaye.name):
// a lower-case ASCII letter, then lower-case letters, digits and '_'.
func ValidName(s string) bool { return datasetNameRE.MatchString(s) }

// DatasetName turns a file's base name (without extensions) into a valid
// dataset name: "Sales Data 2026" -> "sales_data_2026", "2026 orders" ->
// "x2026_orders". Letters outside ASCII become separators, because dataset
// names are ASCII; a name with nothing left is "dataset".
func DatasetName(s string) string {
	var ascii strings.Builder
	for _, r := range s {
		if r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			ascii.WriteRune(r)
		} else {
			ascii.WriteByte('_')
		}
	}
	name := snake(ascii.String())
	if name == "" {
		return "dataset"
	}
	return name
}

// snake writes a header as a snake_case property name, reading it into
// words by the rules of gen/naming: every character that is not a letter
// or digit separates words, combining marks are dropped, and inside a run
// of letters words break where the case changes (unitPrice, HTTPServer,
// sensor2ID), except in names without lower-case letters (ORDER_ID). The
// words are lower-cased and joined with '_'; a leading digit gets an "x"
// ("2nd place" -> "x2nd_place", the way gen/naming writes X2ndPlace).
// Words keep non-ASCII letters ("Größe" -> "größe"). The result is ""
// when the header has no letters or digits.
func snake(header string) string {
	screaming := strings.IndexFunc(header, unicode.IsLower) < 0
	var words []string
	var run []rune
	flush := func() {
		if len(run) == 0 {
			return
		}
		if screaming {
			words = append(words, string(run))
		} else {
			words = append(words, splitCase(run)...)
		}
		run = run[:0]
	}
	for _, r := range header {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			run = append(run, r)
		case unicode.Is(unicode.M, r):
		default:
			flush()
		}
	}
	flush()
	name := strings.ToLower(strings.Join(words, "_"))
	if r, _ := utf8.DecodeRuneInString(name); unicode.IsDigit(r) {
		name = "x" + name
	}
	return name
}

// splitCase breaks a run of letters and digits where the case changes,
// as gen/naming does: mHz -> m Hz, HTTPServer -> HTTP Server, but IDs and
// URLs stay one word.
func splitCase(run []rune) []string {
	var words []string
	start := 0
	for i := 1; i < len(run); i++ {
		if !unicode.IsUpper(run[i]) {
			continue
		}
		prevUpper := unicode.IsUpper(run[i-1])
		boundary := !prevUpper
		if prevUpper && i+1 < len(run) && unicode.IsLower(run[i+1]) {
			pluralS := run[i+1] == 's' && (i+2 == len(run) || !unicode.IsLower(run[i+2]))
			boundary = !pluralS
		}
		if boundary {
			words = append(words, string(run[start:i]))
			start = i
		}
	}
	return append(words, string(run[start:]))
}

// propName is the property chosen for a column.
type propName struct {
	name   string // the property name; "" leaves the column out
	column string // x-ayeaye.column, or "" when it is the name
}

// names chooses the property names of an object's columns: unique, and
// unique once gen/naming makes Go names of them, so the generator accepts
// them.
//
// A key seen in a JSON sample keeps its spelling, because it is the JSON
// key the generated readers look for. A header seen only in delimited
// samples becomes snake_case and keeps the header in x-ayeaye.column when
// they differ. A header the column cannot hold (empty, repeated, with a
// tab or line break, not UTF-8) gets a made-up name and a note; such
// names avoid every header, because without a column the name is the
// header the generated reader looks for.
func (b *builder) names(o *object) []propName {
	out := make([]propName, len(o.cols))
	used := map[string]bool{}    // property names and effective columns
	idents := map[string]int{}   // Go field name -> index of the column holding it
	headers := map[string]bool{} // every key, which made-up names avoid
	for _, c := range o.cols {
		headers[c.key] = true
	}
	claim := func(i int, name string) {
		used[name] = true
		idents[b.namer.Exported(name)] = i
	}
	// A property name must be free as a name, a column and a Go name; a
	// column only as a column.
	freeName := func(name string, avoidHeaders bool) bool {
		_, taken := idents[b.namer.Exported(name)]
		return !used[name] && !taken && !(avoidHeaders && headers[name])
	}
	freeColumn := func(name string, _ bool) bool { return !used[name] && !headers[name] }
	unique := func(base string, avoidHeaders bool, free func(string, bool) bool) string {
		name := base
		for n := 2; !free(name, avoidHeaders); n++ {
			name = fmt.Sprintf("%s_%d", base, n)
		}
		return name
	}
	madeUp := func(i int, c *column) string {
		base := snake(c.key)
		if base == "" {
			base = fmt.Sprintf("column_%d", i+1)
		}
		return base
	}

	// JSON keys first: they cannot change.
	for i, c := range o.cols {
		if !c.json {
			continue
		}
		if c.key == "" {
			b.note(c.firstFile, c.path, "left out: a property needs a name, and this key is empty; rename the key in the data")
			continue
		}
		ident := b.namer.Exported(c.key)
		if j, clash := idents[ident]; clash {
			b.note(c.firstFile, c.path, "keys %q and %q both become the Go name %s, which the generator refuses; rename one of them in the data",
				o.cols[j].key, c.key, ident)
		}
		out[i].name = c.key
		claim(i, c.key)
	}
	// Then headers that can be columns, those already valid names first
	// so that "a_b" keeps its name when "a b" also becomes a_b.
	for _, valid := range []bool{true, false} {
		for i, c := range o.cols {
			if c.json || !representable(c) || (snake(c.key) == c.key) != valid {
				continue
			}
			out[i].name = unique(madeUp(i, c), false, freeName)
			if out[i].name != c.key {
				out[i].column = c.key
			}
			claim(i, out[i].name)
			used[c.key] = true
		}
	}
	// Last, what cannot be a column as written.
	for i, c := range o.cols {
		switch {
		case c.json && c.key != "" && strings.ContainsAny(c.key, "\t\r\n"):
			// The JSON key stays the name; CSV and TSV need a column
			// without tabs and line breaks.
			out[i].column = unique(madeUp(i, c), true, freeColumn)
			used[out[i].column] = true
		case !c.json && !representable(c):
			out[i].name = unique(madeUp(i, c), true, freeName)
			claim(i, out[i].name)
			b.note(c.firstFile, c.path, "named it %q: %s; rename the header in the file, since readers find columns by their header",
				out[i].name, unrepresentable(c))
		}
	}
	return out
}

// representable reports whether a header can be an x-ayeaye.column.
func representable(c *column) bool {
	return unrepresentable(c) == ""
}

// unrepresentable says why a header cannot be a column, or "".
func unrepresentable(c *column) string {
	switch {
	case c.nth > 0:
		return "the header repeats an earlier column's"
	case c.key == "":
		return "the header is empty"
	case !utf8.ValidString(c.key):
		return "the header is not valid UTF-8"
	case strings.ContainsAny(c.key, "\t\r\n"):
		return "the header holds a tab or line break, which a schema column cannot"
	}
	return ""
}
