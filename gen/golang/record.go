package golang

import (
	"slices"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/ayeaye-go/ayeaye/gen/ir"
)

const schemaPkg = "github.com/ayeaye-go/ayeaye/runtime/schema"

// recordDecl is the dataset's runtime/schema Record as a Go expression, so
// the run time describes the project's own datasets without parsing their
// JSON. It must equal schema.FromJSON of the canonical JSON emitted beside
// it; the golden tests check that for every case. Hence fields are sorted
// by name, as canonical JSON sorts them, and a tolerance is repeated on
// the elements of the array that has it, as FromJSON inherits it. Widths
// overridden in ayeaye.yaml change the Go types only: the Record, like the
// Schema, says what the schema says.
func (g *generator) recordDecl() jen.Code {
	var d []jen.Code
	if fs := g.fieldsDecl(g.d.Record.Fields); fs != nil {
		d = append(d, kv("Fields", fs))
	}
	if len(g.d.Keys) > 0 {
		d = append(d, kv("Keys", stringsLit(g.d.Keys)))
	}
	if g.d.Ordered {
		d = append(d, kv("Ordered", jen.True()))
	}
	return jen.Op("&").Qual(schemaPkg, "Record").Values(d...)
}

// kv is one key: value of a composite literal. (jen.Dict sorts its
// keys; these keep the order of the struct.)
func kv(key string, v jen.Code) jen.Code { return jen.Id(key).Op(":").Add(v) }

func stringsLit(vals []string) jen.Code {
	lits := make([]jen.Code, len(vals))
	for i, v := range vals {
		lits[i] = jen.Lit(v)
	}
	return jen.Index().String().Values(lits...)
}

// fieldsDecl is a []schema.Field of an object's fields, nil when none.
func (g *generator) fieldsDecl(fields []*ir.Field) jen.Code {
	if len(fields) == 0 {
		return nil
	}
	sorted := slices.Clone(fields)
	slices.SortStableFunc(sorted, func(a, b *ir.Field) int { return strings.Compare(a.Name, b.Name) })
	elems := make([]jen.Code, len(sorted))
	for i, f := range sorted {
		d := []jen.Code{kv("Name", jen.Lit(f.Name))}
		if f.Description != "" {
			d = append(d, kv("Description", jen.Lit(f.Description)))
		}
		if f.Required {
			d = append(d, kv("Required", jen.True()))
		}
		d = append(d, kv("Type", jen.Qual(schemaPkg, "Type").Values(g.typeDict(f.Type, f.Tolerance)...)))
		elems[i] = jen.Line().Values(d...)
	}
	return jen.Index().Qual(schemaPkg, "Field").Values(append(elems, jen.Line())...)
}

// typeDict is the non-zero members of t's schema.Type; tol is the
// tolerance in force, the field's, which its arrays' elements share.
func (g *generator) typeDict(t *ir.Type, tol *ir.Tolerance) []jen.Code {
	var rest []jen.Code // after Kind, Format and Nullable, in the struct's order
	kind := "String"
	switch t.Kind {
	case ir.Int:
		kind = "Integer"
	case ir.Float:
		kind = "Number"
	case ir.Bool:
		kind = "Boolean"
	case ir.Decimal:
		if !t.Textual {
			kind = "Number"
		}
	case ir.Enum:
		// The generated enum's own list, so the two cannot differ and a
		// large enum is not written out twice.
		rest = append(rest, kv("Enum", jen.Qual(schemaPkg, "Values").Call(jen.Id(g.n.enums[t.Enum]+"Values").Call())))
	case ir.Array:
		kind = "Array"
		rest = append(rest, kv("Elem", jen.Op("&").Qual(schemaPkg, "Type").Values(g.typeDict(t.Elem, tol)...)))
	case ir.Record:
		kind = "Object"
		if fs := g.fieldsDecl(t.Object.Fields); fs != nil {
			rest = append(rest, kv("Fields", fs))
		}
	}
	d := []jen.Code{kv("Kind", jen.Qual(schemaPkg, kind))}
	if t.Format != "" {
		d = append(d, kv("Format", jen.Lit(t.Format)))
	}
	if t.Nullable {
		d = append(d, kv("Nullable", jen.True()))
	}
	d = append(d, rest...)
	if tol != nil {
		var td []jen.Code
		if tol.Absolute != 0 {
			td = append(td, kv("Absolute", jen.Lit(tol.Absolute)))
		}
		if tol.Relative != 0 {
			td = append(td, kv("Relative", jen.Lit(tol.Relative)))
		}
		d = append(d, kv("Tolerance", jen.Op("&").Qual(schemaPkg, "Tolerance").Values(td...)))
	}
	return d
}
