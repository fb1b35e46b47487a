// Package contract compares two versions of a dataset schema, the one a
// consumer was generated from and the one a producer now publishes, and
// classifies every changed field as compatible or breaking for the
// consumer.
//
// Breaking (the consumer fails before reading, listing each field):
//
//   - a field removed
//   - a field retyped (string → integer, number → date, …)
//   - nullable, or no longer required, where the consumer expects a value
//
// Compatible (the consumer runs, with a warning):
//
//   - a new field, optional or required: the consumer skips it
//   - an integer or float widened (int32 → int64) or narrowed; a value
//     that does not fit the consumer's type still fails at its record,
//     with its position
//   - an enum relaxed with new values, or tightened; a new value the
//     consumer's enum lacks still fails at its record
//   - a field that became required or non-nullable
//
// The same classification backs `ayeaye-gen schema-diff OLD NEW` (a
// producer's check before publishing) and the runtime's check before it
// reads a published dataset.
package contract

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/ayeaye-go/ayeaye/internal/listing"
)

// Change is one changed field.
type Change struct {
	Field    string // dotted path: "customer.city", "lines[].sku"
	Breaking bool
	What     string // e.g. `type string → integer`
}

func (c Change) String() string {
	kind := "compatible"
	if c.Breaking {
		kind = "BREAKING"
	}
	return fmt.Sprintf("%-10s %s: %s", kind, c.Field, c.What)
}

// Breaking reports whether any change breaks the consumer.
func Breaking(changes []Change) bool {
	return slices.ContainsFunc(changes, func(c Change) bool { return c.Breaking })
}

// field is a property as the comparison sees it.
type field struct {
	typ      string // integer, number, string, boolean, array, object
	format   string
	nullable bool
	required bool
	enum     []string
	items    *field
	props    map[string]*field
	order    []string
}

// Compare classifies the changes from the schema the consumer was built
// from (consumer) to the one the producer now publishes (producer). Both
// are JSON Schema documents in Aye-aye's vocabulary.
func Compare(consumer, producer []byte) ([]Change, error) {
	c, err := parse(consumer)
	if err != nil {
		return nil, fmt.Errorf("the consumer's schema: %w", err)
	}
	p, err := parse(producer)
	if err != nil {
		return nil, fmt.Errorf("the producer's schema: %w", err)
	}
	var out []Change
	compareObject("", c, p, &out)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Field < out[j].Field })
	return out, nil
}

func parse(doc []byte) (*field, error) {
	var raw map[string]any
	if err := json.Unmarshal(doc, &raw); err != nil {
		return nil, err
	}
	defs, _ := raw["$defs"].(map[string]any)
	return toField(raw, defs, 0)
}

func toField(m map[string]any, defs map[string]any, depth int) (*field, error) {
	if depth > 32 {
		return nil, fmt.Errorf("nesting is too deep")
	}
	if ref, ok := m["$ref"].(string); ok {
		name, found := strings.CutPrefix(ref, "#/$defs/")
		def, ok := defs[name].(map[string]any)
		if !found || !ok {
			return nil, fmt.Errorf("unresolved $ref %q", ref)
		}
		return toField(def, defs, depth+1)
	}
	f := &field{}
	switch t := m["type"].(type) {
	case string:
		f.typ = t
	case []any:
		for _, x := range t {
			if s, _ := x.(string); s == "null" {
				f.nullable = true
			} else {
				f.typ = s
			}
		}
	}
	f.format, _ = m["format"].(string)
	if e, ok := m["enum"].([]any); ok {
		for _, v := range e {
			if s, ok := v.(string); ok {
				f.enum = append(f.enum, s)
			} else if v == nil {
				f.nullable = true
			}
		}
		if f.typ == "" {
			f.typ = "string"
		}
	}
	if it, ok := m["items"].(map[string]any); ok {
		items, err := toField(it, defs, depth+1)
		if err != nil {
			return nil, err
		}
		f.items = items
	}
	if props, ok := m["properties"].(map[string]any); ok {
		f.props = map[string]*field{}
		req := map[string]bool{}
		if r, ok := m["required"].([]any); ok {
			for _, x := range r {
				if s, ok := x.(string); ok {
					req[s] = true
				}
			}
		}
		for name, v := range props {
			pm, ok := v.(map[string]any)
			if !ok {
				continue
			}
			pf, err := toField(pm, defs, depth+1)
			if err != nil {
				return nil, fmt.Errorf("property %q: %w", name, err)
			}
			pf.required = req[name]
			f.props[name] = pf
			f.order = append(f.order, name)
		}
		sort.Strings(f.order)
	}
	return f, nil
}

// describe names a field's type for messages: "integer (int32)",
// "string (date-time)", "array of string".
func (f *field) describe() string {
	s := f.typ
	if f.format != "" {
		s += " (" + f.format + ")"
	}
	if f.items != nil {
		s = "array of " + f.items.describe()
	}
	if f.nullable {
		s += " | null"
	}
	return s
}

var widths = map[string]int{"int8": 8, "int16": 16, "int32": 32, "int64": 64, "": 64, "float": 32, "double": 64}

func compareObject(prefix string, c, p *field, out *[]Change) {
	for _, name := range c.order {
		cf, pf := c.props[name], p.props[name]
		path := prefix + name
		if pf == nil {
			*out = append(*out, Change{Field: path, Breaking: true, What: "removed by the producer"})
			continue
		}
		compareField(path, cf, pf, out)
	}
	for _, name := range p.order {
		if c.props[name] == nil {
			pf := p.props[name]
			what := "new optional field"
			if pf.required {
				what = "new required field"
			}
			*out = append(*out, Change{Field: prefix + name, What: what + " (" + pf.describe() + "); the consumer ignores it"})
		}
	}
}

func compareField(path string, c, p *field, out *[]Change) {
	add := func(breaking bool, format string, args ...any) {
		*out = append(*out, Change{Field: path, Breaking: breaking, What: fmt.Sprintf(format, args...)})
	}
	baseType := func(f *field) string {
		if f.typ == "string" && (f.format == "date" || f.format == "date-time" || f.format == "decimal") {
			return f.format
		}
		if f.typ == "number" && f.format == "decimal" {
			return "decimal"
		}
		return f.typ
	}
	switch {
	case baseType(c) != baseType(p):
		add(true, "type %s → %s", c.describe(), p.describe())
		return
	case c.typ == "integer" || c.typ == "number" && c.format != "decimal":
		cw, pw := widths[c.format], widths[p.format]
		if pw > cw {
			add(false, "widened from %s to %s; values beyond the consumer's range fail where they occur", c.describe(), p.describe())
		} else if pw < cw {
			add(false, "narrowed from %s to %s", c.describe(), p.describe())
		}
	}
	if p.nullable && !c.nullable {
		add(true, "now nullable, but the consumer expects a value")
	} else if !p.nullable && c.nullable {
		add(false, "no longer nullable")
	}
	if c.required && !p.required {
		add(true, "no longer required, but the consumer requires it")
	} else if !c.required && p.required {
		add(false, "now required")
	}
	if len(c.enum) > 0 || len(p.enum) > 0 {
		compareEnum(c.enum, p.enum, add)
	}
	if c.items != nil && p.items != nil {
		compareField(path+"[]", c.items, p.items, out)
	}
	if c.props != nil && p.props != nil {
		compareObject(path+".", c, p, out)
	}
}

// compareEnum reports the values the producer added to or removed from an
// enum. Sets, not scans, so enums of any size compare in linear time;
// the lists in the messages are capped.
func compareEnum(c, p []string, add func(breaking bool, format string, args ...any)) {
	in := func(vals []string) map[string]bool {
		m := make(map[string]bool, len(vals))
		for _, v := range vals {
			m[v] = true
		}
		return m
	}
	inC, inP := in(c), in(p)
	var added, removed []string
	for _, v := range p {
		if !inC[v] {
			added = append(added, v)
		}
	}
	for _, v := range c {
		if !inP[v] {
			removed = append(removed, v)
		}
	}
	list := func(vals []string) string { return "[" + listing.Quoted(vals, " ") + "]" }
	if len(added) > 0 {
		if len(c) == 0 {
			add(false, "now restricted to values %s", list(p))
		} else {
			add(false, "enum relaxed with %s; records holding them fail where they occur", list(added))
		}
	}
	if len(removed) > 0 {
		add(false, "enum no longer has %s", list(removed))
	}
}
