package engine

import (
	"fmt"
	"path"
	"slices"
	"strings"
)

// Parse parses and validates an engine URL against the built-in types and
// modifiers. See Registry.Parse.
func Parse(s string) (URL, error) {
	return builtin.Parse(s)
}

// Parse parses an engine URL, [modifier+...]type://location[;option=value...],
// and validates it against the registry: the type and modifiers must be
// known, storage must come before compression with at most one of each,
// and every option must belong to the type or a modifier, appear once, and
// have a valid value. Option values are percent-decoded (write %3B for ';'
// and %25 for '%'); the location is taken literally. Every error is an
// *Error with the byte offset of the problem and a hint.
func (r *Registry) Parse(s string) (URL, error) {
	return r.parse(s, nil)
}

// parse is Parse of s, or with h of the expanded text of a template whose
// names stand at h (see CheckTemplate): it then leaves unchecked what the
// names' values could change.
func (r *Registry) parse(s string, h *holes) (URL, error) {
	if i := strings.IndexFunc(s, func(c rune) bool { return c < 0x20 || c == 0x7f }); i >= 0 {
		return URL{}, urlErr(s, i, "remove it (was a line break or tab pasted with the URL?)", "control character %q in the URL", s[i])
	}
	if t := strings.TrimLeft(s, " "); t != s {
		return URL{}, urlErr(s, 0, "remove the spaces around the URL", "leading space")
	}
	if t := strings.TrimRight(s, " "); t != s {
		return URL{}, urlErr(s, len(t), "remove the spaces around the URL", "trailing space")
	}
	sep := strings.Index(s, "://")
	if sep < 0 && h.in(0, len(s)) || sep >= 0 && h.in(0, sep) {
		return URL{}, nil // a name's value may hold the scheme
	}
	if sep < 0 {
		hint := "write type://location, e.g. csv://data/people.csv"
		if g := guessScheme(s); g != "" {
			hint = fmt.Sprintf("name the format before the location, e.g. %s://%s", g, s)
		}
		return URL{}, urlErr(s, 0, hint, `missing "://": an engine URL is [modifier+...]type://location[;option=value...]`)
	}

	var u URL
	specs, err := r.parseScheme(s, sep, &u)
	if err != nil {
		return URL{}, err
	}

	locStart := sep + 3
	rest := s[locStart:]
	loc, opts, hasOpts := strings.Cut(rest, ";")
	if loc == "" {
		return URL{}, urlErr(s, locStart, fmt.Sprintf("write e.g. %s://%s", s[:sep], exampleLocation(u.Type)), "missing location after %q", s[:locStart])
	}
	u.Location = loc
	if hasOpts {
		if err := parseOptions(s, locStart+len(loc)+1, opts, specs, &u, h); err != nil {
			return URL{}, err
		}
	}
	for _, sp := range specs {
		if sp.Check == nil {
			continue
		}
		if err := sp.Check(u); err != nil && !curable(sp, u, h, locStart) {
			return URL{}, urlErr(s, locStart, "", "%v", err)
		}
	}
	return u, nil
}

// curable reports whether a failed Check of a template's URL passes with
// a plausible location in place of one that holds names: the names'
// values may then make the URL right.
func curable(sp Spec, u URL, h *holes, locStart int) bool {
	if !h.in(locStart, locStart+len(u.Location)) {
		return false
	}
	u.Location = holedLocation
	return sp.Check(u) == nil
}

// parseScheme reads the modifiers and type before "://" and returns their
// specs, type first.
func (r *Registry) parseScheme(s string, sep int, u *URL) ([]Spec, error) {
	scheme := s[:sep]
	names := strings.Split(scheme, "+")
	offs := make([]int, len(names))
	for i, off := 0, 0; i < len(names); i++ {
		offs[i] = off
		off += len(names[i]) + 1
	}
	specs := make([]Spec, len(names))
	for i, n := range names {
		if n == "" {
			return nil, urlErr(s, offs[i], "modifiers and the type are joined by single '+', e.g. gz+csv://", "empty name in %q", scheme)
		}
		sp, ok := r.Lookup(n)
		if !ok {
			if lower := strings.ToLower(n); lower != n {
				if _, ok := r.Lookup(lower); ok {
					return nil, urlErr(s, offs[i], fmt.Sprintf("write %q in lower case", lower), "%q is not lower case", n)
				}
			}
			if i == len(names)-1 {
				return nil, urlErr(s, offs[i], didYouMean(n, r.Names(KindType), "types"), "unknown type %q", n)
			}
			mods := append(r.Names(KindStorage), r.Names(KindCompression)...)
			return nil, urlErr(s, offs[i], didYouMean(n, mods, "modifiers"), "unknown modifier %q", n)
		}
		specs[i] = sp
	}
	typ := specs[len(specs)-1]
	if typ.Kind != KindType {
		hint := "the type comes last, e.g. gz+csv://"
		loc, _, _ := strings.Cut(s[sep+3:], ";")
		if i := slices.IndexFunc(specs, func(sp Spec) bool { return sp.Kind == KindType }); i >= 0 {
			reordered := append(slices.Delete(slices.Clone(names), i, i+1), names[i])
			hint = fmt.Sprintf("the type comes last: write %s://", strings.Join(reordered, "+"))
		} else if g := guessScheme(loc); g != "" {
			if comp, t, ok := strings.Cut(g, "+"); ok && slices.Contains(names, comp) {
				g = t // the compression is already written
			}
			hint = fmt.Sprintf("say what the data is after the modifiers, e.g. %s+%s://%s", scheme, g, loc)
		}
		return nil, urlErr(s, offs[len(offs)-1], hint, "%q is a %s, not a type", typ.Name, typ.Kind)
	}
	var storage, compression int = -1, -1
	for i, sp := range specs[:len(specs)-1] {
		switch sp.Kind {
		case KindType:
			return nil, urlErr(s, offs[i], fmt.Sprintf("the type comes last, after the modifiers, e.g. gz+%s://", sp.Name), "%q is a type, not a modifier", sp.Name)
		case KindStorage:
			if storage >= 0 {
				return nil, urlErr(s, offs[i], "keep one", "two storage modifiers, %q and %q", names[storage], sp.Name)
			}
			if compression >= 0 {
				return nil, urlErr(s, offs[i], fmt.Sprintf("write storage first: %s+%s+...", sp.Name, names[compression]), "storage modifier %q after compression %q", sp.Name, names[compression])
			}
			storage = i
		case KindCompression:
			if compression >= 0 {
				return nil, urlErr(s, offs[i], "keep one", "two compression modifiers, %q and %q", names[compression], sp.Name)
			}
			compression = i
		}
	}
	u.Type = typ.Name
	if len(names) > 1 {
		u.Modifiers = slices.Clip(names[:len(names)-1])
	}
	// Type first, so options are matched to the type before modifiers and
	// its Check runs first.
	return append([]Spec{typ}, specs[:len(specs)-1]...), nil
}

// parseOptions reads ";"-separated name=value pairs starting at byte start
// of s.
func parseOptions(s string, start int, opts string, specs []Spec, u *URL, h *holes) error {
	owner := map[string]Option{}
	var valid []string
	for _, sp := range specs {
		for _, o := range sp.Options {
			owner[o.Name] = o
			valid = append(valid, o.Name)
		}
	}
	what := strings.Join(specNames(specs), " with ")
	at := map[string]int{}
	off := start
	for seg := range strings.SplitSeq(opts, ";") {
		segOff := off
		off += len(seg) + 1
		if seg == "" {
			return urlErr(s, segOff, "remove the extra ';' (write %3B for a ';' inside a value)", "empty option")
		}
		name, raw, ok := strings.Cut(seg, "=")
		if h.in(segOff, segOff+len(name)) {
			continue // a name's value decides which option this is
		}
		if !ok {
			return urlErr(s, segOff, fmt.Sprintf("write %s=value", seg), "option %q has no value", seg)
		}
		o, known := owner[name]
		if !known {
			if len(valid) == 0 {
				return urlErr(s, segOff, "remove the options", "unknown option %q: %s takes no options", name, what)
			}
			return urlErr(s, segOff, didYouMean(name, valid, "options"), "unknown option %q for %s", name, what)
		}
		if first, dup := at[name]; dup {
			return urlErr(s, segOff, "keep one", "option %q given twice (first at offset %d)", name, first)
		}
		at[name] = segOff
		valOff := segOff + len(name) + 1
		if h.in(valOff, valOff+len(raw)) {
			// Unknown until run time; keep the name standing for it, so
			// that whole-URL checks still see an option given.
			setOption(u, name, raw)
			continue
		}
		val, bad := unescapeValue(raw)
		if bad >= 0 {
			return urlErr(s, valOff+bad, "a '%' starts an escape of two hex digits: write %25 for '%' itself and %3B for ';'", "bad percent-escape in the value of option %q", name)
		}
		if o.Parse != nil {
			canon, err := o.Parse(val)
			if err != nil {
				return urlErr(s, valOff, o.Doc, "value %q of option %q %v", val, name, err)
			}
			val = canon
		}
		setOption(u, name, val)
	}
	return nil
}

func setOption(u *URL, name, val string) {
	if u.Options == nil {
		u.Options = make(map[string]string)
	}
	u.Options[name] = val
}

func specNames(specs []Spec) []string {
	out := make([]string, len(specs))
	for i, sp := range specs {
		out[i] = sp.Name
	}
	return out
}

// guessScheme suggests the scheme for a bare path from its extension, for
// hints: "data/x.csv.gz" gives "gz+csv".
func guessScheme(p string) string {
	base := path.Base(strings.ReplaceAll(p, `\`, "/"))
	ext := path.Ext(base)
	comp := ""
	if ext == ".gz" || ext == ".zst" {
		comp = ext[1:] + "+"
		base = strings.TrimSuffix(base, ext)
		ext = path.Ext(base)
	}
	t := strings.ToLower(strings.TrimPrefix(ext, "."))
	if t == "jsonl" {
		t = "ndjson"
	}
	if !slices.Contains([]string{"csv", "tsv", "json", "ndjson"}, t) {
		return ""
	}
	return comp + t
}

func exampleLocation(typ string) string {
	if typ == "mem" {
		return "people"
	}
	return "data/people." + typ
}
