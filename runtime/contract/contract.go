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
	"fmt"
	"slices"
	"sort"

	"github.com/ayeaye-go/ayeaye/internal/listing"
	"github.com/ayeaye-go/ayeaye/runtime/schema"
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

// Compare classifies the changes from the schema the consumer was built
// from (consumer) to the one the producer now publishes (producer). Both
// are JSON Schema documents in Aye-aye's vocabulary (schema.FromJSON).
func Compare(consumer, producer []byte) ([]Change, error) {
	c, err := schema.FromJSON(consumer)
	if err != nil {
		return nil, fmt.Errorf("the consumer's schema: %w", err)
	}
	p, err := schema.FromJSON(producer)
	if err != nil {
		return nil, fmt.Errorf("the producer's schema: %w", err)
	}
	return CompareRecords(c, p)
}

// CompareRecords is Compare on records already read: a generated
// dataset's Record, a published manifest's schema.FromJSON. A nil record
// has no fields. A reference either side cannot resolve is an error: the
// fields behind it cannot be compared.
func CompareRecords(consumer, producer *schema.Record) ([]Change, error) {
	if err := consumer.Unresolved(); err != nil {
		return nil, fmt.Errorf("the consumer's schema: %w", err)
	}
	if err := producer.Unresolved(); err != nil {
		return nil, fmt.Errorf("the producer's schema: %w", err)
	}
	var c, p []schema.Field
	if consumer != nil {
		c = consumer.Fields
	}
	if producer != nil {
		p = producer.Fields
	}
	var out []Change
	compareObject("", c, p, &out)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Field < out[j].Field })
	return out, nil
}

// byName indexes an object's fields, with their names sorted.
func byName(fields []schema.Field) (map[string]*schema.Field, []string) {
	m := make(map[string]*schema.Field, len(fields))
	names := make([]string, 0, len(fields))
	for i := range fields {
		if _, dup := m[fields[i].Name]; !dup {
			names = append(names, fields[i].Name)
		}
		m[fields[i].Name] = &fields[i]
	}
	sort.Strings(names)
	return m, names
}

// describe names a type for messages: "integer (int32)",
// "string (date-time)", "array of string".
func describe(t *schema.Type) string {
	s := t.Kind.String()
	if t.Format != "" {
		s += " (" + t.Format + ")"
	}
	if t.Kind == schema.Array {
		s = "array of any"
		if t.Elem != nil {
			s = "array of " + describe(t.Elem)
		}
	}
	if t.Nullable {
		s += " | null"
	}
	return s
}

func compareObject(prefix string, consumer, producer []schema.Field, out *[]Change) {
	c, cNames := byName(consumer)
	p, pNames := byName(producer)
	for _, name := range cNames {
		cf, pf := c[name], p[name]
		path := prefix + name
		if pf == nil {
			*out = append(*out, Change{Field: path, Breaking: true, What: "removed by the producer"})
			continue
		}
		compareField(path, &cf.Type, &pf.Type, [2]bool{cf.Required, pf.Required}, out)
	}
	for _, name := range pNames {
		if c[name] == nil {
			pf := p[name]
			what := "new optional field"
			if pf.Required {
				what = "new required field"
			}
			*out = append(*out, Change{Field: prefix + name, What: what + " (" + describe(&pf.Type) + "); the consumer ignores it"})
		}
	}
}

// baseType is what must stay the same: the kind, with the formats that
// change how a value reads (dates, times, decimals).
func baseType(t *schema.Type) string {
	switch {
	case t.Kind == schema.String && (t.Format == "date" || t.Format == "date-time" || t.Format == "decimal"):
		return t.Format
	case t.Kind == schema.Number && t.Format == "decimal":
		return "decimal"
	}
	return t.Kind.String()
}

// compareField compares a field's types; required holds whether the
// consumer and the producer require it (false for array elements).
func compareField(path string, c, p *schema.Type, required [2]bool, out *[]Change) {
	add := func(breaking bool, format string, args ...any) {
		*out = append(*out, Change{Field: path, Breaking: breaking, What: fmt.Sprintf(format, args...)})
	}
	switch {
	case baseType(c) != baseType(p):
		add(true, "type %s → %s", describe(c), describe(p))
		return
	case c.Kind == schema.Integer || c.Kind == schema.Number && c.Format != "decimal":
		if cw, pw := c.Bits(), p.Bits(); pw > cw {
			add(false, "widened from %s to %s; values beyond the consumer's range fail where they occur", describe(c), describe(p))
		} else if pw < cw {
			add(false, "narrowed from %s to %s", describe(c), describe(p))
		}
	}
	if p.Nullable && !c.Nullable {
		add(true, "now nullable, but the consumer expects a value")
	} else if !p.Nullable && c.Nullable {
		add(false, "no longer nullable")
	}
	if required[0] && !required[1] {
		add(true, "no longer required, but the consumer requires it")
	} else if !required[0] && required[1] {
		add(false, "now required")
	}
	if len(c.Enum) > 0 || len(p.Enum) > 0 {
		compareEnum(c.Enum, p.Enum, add)
	}
	if c.Elem != nil && p.Elem != nil {
		compareField(path+"[]", c.Elem, p.Elem, [2]bool{}, out)
	}
	if c.Kind == schema.Object && p.Kind == schema.Object {
		compareObject(path+".", c.Fields, p.Fields, out)
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
