package golang

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/dave/jennifer/jen"

	"github.com/ayeaye-go/ayeaye/gen/ir"
)

// defaultValue is the Go expression of a field's schema default, or nil
// for a null default (the zero value already is null). gen/schema has
// checked that the default matches the field's type.
func (g *generator) defaultValue(fl *ir.Field) jen.Code {
	raw := strings.TrimSpace(string(fl.Default))
	if raw == "null" {
		return nil
	}
	t := fl.Type
	base := *t
	base.Nullable = false
	var lit jen.Code
	var s string
	_ = json.Unmarshal(fl.Default, &s) // for string-valued defaults; others ignore s
	switch t.Kind {
	case ir.String:
		lit = jen.Lit(s)
	case ir.Enum:
		for i, v := range t.Enum.Values {
			if v == s {
				lit = jen.Id(g.n.values[t.Enum][i])
			}
		}
	case ir.Int, ir.Float:
		lit = jen.Id(g.numberType(t)).Call(jen.Op(raw))
	case ir.Bool:
		lit = jen.Op(raw)
	case ir.Decimal:
		if t.Textual {
			raw = s
		}
		lit = jen.Qual(valuePkg, "MustParseDecimal").Call(jen.Lit(raw))
	case ir.Date:
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			return nil
		}
		lit = jen.Qual(valuePkg, "Date").Values(jen.Dict{
			jen.Id("Year"):  jen.Lit(d.Year()),
			jen.Id("Month"): jen.Qual("time", d.Month().String()),
			jen.Id("Day"):   jen.Lit(d.Day()),
		})
	case ir.DateTime:
		ts, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return nil
		}
		lit = jen.Qual("time", "Unix").Call(jen.Lit(ts.Unix()), jen.Lit(ts.Nanosecond())).Dot("UTC").Call()
	default:
		return nil // arrays and objects: rejected by checkDefaults
	}
	if !t.Nullable {
		return lit
	}
	some := jen.Qual(valuePkg, "Some").Types(g.goType(&base)).Call(lit)
	if g.o.Nullable == "pointer" {
		return some.Dot("Ptr").Call() // a new pointer each time
	}
	return some
}

func (g *generator) numberType(t *ir.Type) string {
	if t.Kind == ir.Int {
		return map[int]string{8: "int8", 16: "int16", 32: "int32", 64: "int64"}[t.Bits]
	}
	return map[int]string{32: "float32", 64: "float64"}[t.Bits]
}
