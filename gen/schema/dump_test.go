package schema

import (
	"fmt"
	"strings"

	"github.com/ayeaye-go/ayeaye/gen/diag"
	"github.com/ayeaye-go/ayeaye/gen/ir"
)

// dump prints a dataset as stable text for golden files. Objects shared
// through $defs are printed in full once and referred to after that, so
// the dump also shows that sharing happened.
func dump(ds *ir.Dataset) string {
	var b strings.Builder
	fmt.Fprintf(&b, "dataset %s\n", ds.Name)
	fmt.Fprintf(&b, "source %s @%s\n", ds.Source, at(ds.Pos))
	if ds.Title != "" {
		fmt.Fprintf(&b, "title %q\n", ds.Title)
	}
	if ds.Description != "" {
		fmt.Fprintf(&b, "description %q\n", ds.Description)
	}
	if ds.EngineURL != "" {
		fmt.Fprintf(&b, "engine_url %q\n", ds.EngineURL)
	}
	if len(ds.Keys) > 0 {
		fmt.Fprintf(&b, "keys %s\n", strings.Join(ds.Keys, ", "))
	}
	if ds.Ordered {
		b.WriteString("ordered\n")
	}
	fmt.Fprintf(&b, "fingerprint %s\n", ds.Fingerprint)
	fmt.Fprintf(&b, "canonical %s\n", ds.Canonical)
	d := &dumper{b: &b, seenObj: map[*ir.Object]bool{}, seenEnum: map[*ir.EnumType]bool{}}
	d.object("record", ds.Record, 0)
	fmt.Fprintf(&b, "objects %s\n", objectPaths(ds.Objects()))
	var enums []string
	for _, e := range ds.Enums() {
		enums = append(enums, pathString(e.Path))
	}
	fmt.Fprintf(&b, "enums [%s]\n", strings.Join(enums, " "))
	return b.String()
}

func objectPaths(objs []*ir.Object) string {
	var s []string
	for _, o := range objs {
		s = append(s, pathString(o.Path))
	}
	return "[" + strings.Join(s, " ") + "]"
}

func pathString(p []string) string {
	if p == nil {
		return "<record>"
	}
	return strings.Join(p, "/")
}

func at(p diag.Pos) string { return fmt.Sprintf("%d:%d", p.Line, p.Col) }

type dumper struct {
	b        *strings.Builder
	seenObj  map[*ir.Object]bool
	seenEnum map[*ir.EnumType]bool
}

func (d *dumper) object(label string, o *ir.Object, depth int) {
	ind := strings.Repeat("  ", depth)
	if d.seenObj[o] {
		fmt.Fprintf(d.b, "%s%s object %s (shared, above)\n", ind, label, pathString(o.Path))
		return
	}
	d.seenObj[o] = true
	closed := ""
	if o.Closed {
		closed = " closed"
	}
	fmt.Fprintf(d.b, "%s%s object %s%s", ind, label, pathString(o.Path), closed)
	if o.Description != "" {
		fmt.Fprintf(d.b, " desc=%q", o.Description)
	}
	d.b.WriteString("\n")
	for _, f := range o.Fields {
		d.field(f, depth+1)
	}
}

func (d *dumper) field(f *ir.Field, depth int) {
	ind := strings.Repeat("  ", depth)
	fmt.Fprintf(d.b, "%sfield %q @%s %s", ind, f.Name, at(f.Pos), typeString(f.Type))
	if f.Column != f.Name {
		fmt.Fprintf(d.b, " column=%q", f.Column)
	}
	if f.Required {
		d.b.WriteString(" required")
	}
	if f.JSONEncoded {
		d.b.WriteString(" json_encoded")
	}
	if t := f.Tolerance; t != nil {
		fmt.Fprintf(d.b, " tolerance(absolute=%g relative=%g)", t.Absolute, t.Relative)
	}
	if f.Default != nil {
		fmt.Fprintf(d.b, " default=%s", f.Default)
	}
	if f.Description != "" {
		fmt.Fprintf(d.b, " desc=%q", f.Description)
	}
	d.b.WriteString("\n")
	d.nested(f.Type, depth+1)
}

// nested prints the objects and enums a type contains.
func (d *dumper) nested(t *ir.Type, depth int) {
	switch t.Kind {
	case ir.Record:
		d.object("type", t.Object, depth)
	case ir.Array:
		d.nested(t.Elem, depth)
	case ir.Enum:
		ind := strings.Repeat("  ", depth)
		if d.seenEnum[t.Enum] {
			fmt.Fprintf(d.b, "%senum %s (shared, above)\n", ind, pathString(t.Enum.Path))
			return
		}
		d.seenEnum[t.Enum] = true
		fmt.Fprintf(d.b, "%senum %s %q\n", ind, pathString(t.Enum.Path), t.Enum.Values)
	}
}

// typeString writes a type compactly: "int32", "[]?string", "?decimal(text)".
func typeString(t *ir.Type) string {
	s := ""
	if t.Nullable {
		s = "?"
	}
	switch t.Kind {
	case ir.Int:
		s += fmt.Sprintf("int%d", t.Bits)
	case ir.Float:
		s += fmt.Sprintf("float%d", t.Bits)
	case ir.Decimal:
		s += "decimal"
		if t.Textual {
			s += "(text)"
		}
	case ir.Array:
		s += "[]" + typeString(t.Elem)
	default:
		s += t.Kind.String()
	}
	return s
}
