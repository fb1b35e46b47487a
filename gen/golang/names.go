package golang

import (
	"strings"

	"github.com/ayeaye-go/ayeaye/gen/diag"
	"github.com/ayeaye-go/ayeaye/gen/ir"
	"github.com/ayeaye-go/ayeaye/gen/naming"
)

// names holds the Go identifiers chosen for one dataset.
type names struct {
	record  string                    // the record struct
	dataset string                    // the *runtime.Dataset variable
	objects map[*ir.Object]string     // every object type, the record included
	enums   map[*ir.EnumType]string   // enum types
	fields  map[*ir.Field]string      // struct field names
	values  map[*ir.EnumType][]string // enum constants, in value order
}

// singular turns the last word of a dataset name into its singular, so
// dataset "orders" holds records of type Order. It knows the regular
// English plurals; anything else is kept as it is.
func singular(name string) string {
	lower := strings.ToLower(name)
	switch {
	case strings.HasSuffix(lower, "people"):
		return name[:len(name)-len("people")] + matchCase(name[len(name)-6:], "person")
	case strings.HasSuffix(lower, "ies") && len(name) > 4:
		return name[:len(name)-3] + matchCase(name[len(name)-3:], "y")
	case strings.HasSuffix(lower, "sses"), strings.HasSuffix(lower, "xes"),
		strings.HasSuffix(lower, "ches"), strings.HasSuffix(lower, "shes"):
		return name[:len(name)-2]
	case strings.HasSuffix(lower, "s") && !strings.HasSuffix(lower, "ss") &&
		!strings.HasSuffix(lower, "us") && !strings.HasSuffix(lower, "is") && len(name) > 3:
		return name[:len(name)-1]
	}
	return name
}

// matchCase spells repl in upper case when like is all upper case, and
// with an upper-case first letter when like has one ("People" -> "Person").
func matchCase(like, repl string) string {
	switch {
	case like == strings.ToUpper(like):
		return strings.ToUpper(repl)
	case like != "" && repl != "" && like[:1] == strings.ToUpper(like[:1]):
		return strings.ToUpper(repl[:1]) + repl[1:]
	}
	return repl
}

// pathWords turns an IR path into words for a type name: "[]" (an array
// element) becomes "item" and a $defs prefix is dropped.
func pathWords(path []string) []string {
	var out []string
	for i, p := range path {
		switch {
		case i == 0 && p == "$defs":
		case p == "[]":
			out = append(out, "item")
		default:
			out = append(out, p)
		}
	}
	return out
}

// chooseNames picks identifiers for a dataset and declares the
// package-level ones in pkg, reporting collisions with positions.
func chooseNames(n *naming.Namer, pkg *naming.Scope, d *ir.Dataset) (*names, diag.List) {
	var diags diag.List
	declare := func(s *naming.Scope, ident, source string, pos diag.Pos, what string) {
		if dg := s.Declare(ident, source, pos, what); dg != nil {
			diags = append(diags, *dg)
		}
	}
	nm := &names{
		record:  singular(n.Exported(d.Name)),
		objects: map[*ir.Object]string{},
		enums:   map[*ir.EnumType]string{},
		fields:  map[*ir.Field]string{},
		values:  map[*ir.EnumType][]string{},
	}
	declare(pkg, nm.record, d.Name, d.Pos, "dataset")
	nm.dataset = n.Exported(d.Name)
	if nm.dataset == nm.record {
		nm.dataset += "Dataset"
	}
	declare(pkg, nm.dataset, d.Name, d.Pos, "dataset")
	for _, suffix := range []string{"Codec"} {
		declare(pkg, nm.record+suffix, d.Name, d.Pos, "dataset")
	}
	for _, o := range d.Objects() {
		if _, done := nm.objects[o]; done {
			continue
		}
		if o == d.Record {
			nm.objects[o] = nm.record
		} else {
			name := n.Join(append([]string{nm.record}, pathWords(o.Path)...)...)
			nm.objects[o] = name
			declare(pkg, name, d.Name+"."+strings.Join(o.Path, "."), fieldPos(o, d), "object")
		}
		scope := naming.NewScope()
		for _, f := range o.Fields {
			id := n.Exported(f.Name)
			nm.fields[f] = id
			declare(scope, id, f.Name, f.Pos, "property")
		}
	}
	for _, e := range d.Enums() {
		if _, done := nm.enums[e]; done {
			continue
		}
		name := n.Join(append([]string{nm.record}, pathWords(e.Path)...)...)
		nm.enums[e] = name
		pos := enumPos(e, d)
		declare(pkg, name, d.Name+"."+strings.Join(e.Path, "."), pos, "enum")
		consts := make([]string, len(e.Values))
		for i, v := range e.Values {
			consts[i] = n.Join(name, v)
			if v == "" {
				consts[i] = name + "Empty"
			}
			declare(pkg, consts[i], v, pos, "enum value")
		}
		nm.values[e] = consts
	}
	return nm, diags
}

// enumPos finds where an enum is declared: the first field whose type
// (or element type) is the enum.
func enumPos(e *ir.EnumType, d *ir.Dataset) diag.Pos {
	for _, o := range d.Objects() {
		for _, f := range o.Fields {
			t := f.Type
			for t.Kind == ir.Array {
				t = t.Elem
			}
			if t.Kind == ir.Enum && t.Enum == e {
				return f.Pos
			}
		}
	}
	return d.Pos
}

// fieldPos finds where a nested object is declared: the first field of
// the dataset whose type holds it.
func fieldPos(o *ir.Object, d *ir.Dataset) diag.Pos {
	for _, parent := range d.Objects() {
		for _, f := range parent.Fields {
			t := f.Type
			for t.Kind == ir.Array {
				t = t.Elem
			}
			if t.Kind == ir.Record && t.Object == o {
				return f.Pos
			}
		}
	}
	return d.Pos
}
