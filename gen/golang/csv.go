package golang

import (
	"fmt"

	"github.com/dave/jennifer/jen"

	"github.com/ayeaye-go/ayeaye/gen/ir"
)

// emitCSV writes the two functions delimited files need per record:
// decode<Rec>CSV reads a row into a record, append<Rec>CSV writes one.
// The readers and writers around them, shared by CSV and TSV, are
// codec.DelimitedReader and codec.DelimitedWriter, given both through
// the record's codec.Codec (emitCodec).
func (g *generator) emitCSV(f *jen.File) {
	rec := g.n.record
	fields := g.d.Record.Fields
	body := []jen.Code{jen.Op("*").Id("rec").Op("=").Add(g.zeroRecord(g.d.Record))}
	if len(fields) > 0 {
		// One bounds check for the row instead of one per field.
		body = append(body, jen.Id("_").Op("=").Id("idx").Index(jen.Lit(len(fields)-1)))
	}
	for k, fl := range fields {
		body = append(body, g.csvDecodeField(fl, k))
	}
	body = append(body, jen.Return(jen.Nil()))
	f.Commentf("%s reads the current row of csv into rec; idx is the file column of", csvDecoderName(rec))
	f.Comment("each schema column, -1 when absent.")
	f.Func().Id(csvDecoderName(rec)).Params(
		jen.Id("csv").Op("*").Qual(codecPkg, "CSVReader"), jen.Id("idx").Index().Int(), jen.Id("rec").Op("*").Id(rec),
	).Error().Block(body...)
	f.Line()

	var wbody []jen.Code
	for _, fl := range fields {
		if fl.JSONEncoded {
			wbody = append(wbody, jen.Id("tmp").Op(":=").Id("csv").Dot("Scratch").Call())
			if g.anyFallibleJSONColumn() {
				wbody = append(wbody, jen.Var().Id("err").Error())
			}
			break
		}
	}
	for _, fl := range fields {
		wbody = append(wbody, g.csvEncodeField(fl)...)
	}
	wbody = append(wbody, jen.Return(jen.Nil()))
	f.Commentf("%s writes the fields of rec to csv.", csvEncoderName(rec))
	f.Func().Id(csvEncoderName(rec)).Params(
		jen.Id("csv").Op("*").Qual(codecPkg, "CSVWriter"), jen.Id("rec").Op("*").Id(rec),
	).Error().Block(wbody...)
}

func csvDecoderName(rec string) string { return "decode" + rec + "CSV" }
func csvEncoderName(rec string) string { return "append" + rec + "CSV" }

// anyFallibleJSONColumn reports whether writing a JSON-encoded column can
// fail (a NaN inside it), so the writer needs an err variable.
func (g *generator) anyFallibleJSONColumn() bool {
	for _, fl := range g.d.Record.Fields {
		if fl.JSONEncoded && fallible(fl.Type) {
			return true
		}
	}
	return false
}

// csvDecodeField reads field fl (schema column k) into rec.
func (g *generator) csvDecodeField(fl *ir.Field, k int) jen.Code {
	target := jen.Id("rec").Dot(g.n.fields[fl])
	col := jen.Id("c")
	t := fl.Type
	var stmts []jen.Code
	stmts = append(stmts, jen.Id("c").Op(":=").Id("idx").Index(jen.Lit(k)))

	var decode []jen.Code
	if fl.JSONEncoded {
		decode = append(decode, jen.Id("lx").Op(":=").Id("csv").Dot("JSONLexer").Call(col))
		decode = append(decode, g.jsonDecodeValue(t, target, fl.Name, 0, true)...)
		decode = append(decode, jen.If(jen.Err().Op(":=").Id("lx").Dot("End").Call(), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())))
	} else {
		decode = g.csvDecodeScalar(t, target, col)
	}
	var body []jen.Code
	switch {
	case t.Nullable || keepsEmpty(fl):
		body = []jen.Code{jen.If(jen.Op("!").Id("csv").Dot("Null").Call(col)).Block(decode...)}
	case !fl.Required && (t.Kind != ir.String || fl.Default != nil):
		// An empty optional value keeps the zero value or the default.
		body = []jen.Code{jen.If(jen.Len(jen.Id("csv").Dot("Bytes").Call(col)).Op(">").Lit(0)).Block(decode...)}
	default:
		body = decode
	}
	if fl.Required {
		stmts = append(stmts, body...)
	} else {
		stmts = append(stmts, jen.If(col.Clone().Op(">=").Lit(0)).Block(body...))
	}
	return jen.Block(stmts...)
}

// keepsEmpty reports whether an empty string of a non-nullable field must
// be written quoted: the field has a default, which an unquoted empty
// field would read back as.
func keepsEmpty(fl *ir.Field) bool {
	return fl.Default != nil && (fl.Type.Kind == ir.String || fl.Type.Kind == ir.Enum)
}

// csvDecodeScalar parses the field in column col into target, which has
// type t (nullable or not).
func (g *generator) csvDecodeScalar(t *ir.Type, target, col jen.Code) []jen.Code {
	csv := jen.Id("csv")
	if t.Kind == ir.String {
		return []jen.Code{g.assign(t, target, csv.Clone().Dot("String").Call(col))}
	}
	if t.Kind == ir.Enum {
		name := g.n.enums[t.Enum]
		return []jen.Code{
			jen.List(jen.Id("v"), jen.Id("ok")).Op(":=").Id("parse" + name).Call(csv.Clone().Dot("Bytes").Call(col)),
			jen.If(jen.Op("!").Id("ok")).Block(jen.Return(csv.Clone().Dot("FieldError").Call(col, jen.Lit(enumExpected(t.Enum)), jen.Nil()))),
			g.assign(t, target, jen.Id("v")),
		}
	}
	var call jen.Code
	v := jen.Id("v")
	switch t.Kind {
	case ir.Int:
		call = csv.Clone().Dot("Int").Call(col, jen.Lit(t.Bits))
		if t.Bits != 64 {
			v = jen.Id(fmt.Sprintf("int%d", t.Bits)).Call(jen.Id("v"))
		}
	case ir.Float:
		call = csv.Clone().Dot("Float").Call(col, jen.Lit(t.Bits))
		if t.Bits != 64 {
			v = jen.Float32().Call(jen.Id("v"))
		}
	case ir.Bool:
		call = csv.Clone().Dot("Bool").Call(col)
	case ir.DateTime:
		call = csv.Clone().Dot("Time").Call(col)
	case ir.Date:
		call = csv.Clone().Dot("Date").Call(col)
	case ir.Decimal:
		call = csv.Clone().Dot("Decimal").Call(col)
	}
	return []jen.Code{
		jen.List(jen.Id("v"), jen.Err()).Op(":=").Add(call),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		g.assign(t, target, v),
	}
}

// assign stores a plain value into a target of type t, wrapping it when t
// is nullable.
func (g *generator) assign(t *ir.Type, target, v jen.Code) jen.Code {
	if !t.Nullable {
		return jen.Add(target).Op("=").Add(v)
	}
	if g.o.Nullable == "pointer" {
		return jen.Block(jen.Id("p").Op(":=").Add(v), jen.Add(target).Op("=").Op("&").Id("p"))
	}
	base := *t
	base.Nullable = false
	return jen.Add(target).Op("=").Qual(valuePkg, "Some").Types(g.goType(&base)).Call(v)
}

// present returns the condition "value present" and the expression of
// the present value, for a nullable expression.
func (g *generator) present(expr jen.Code) (cond, val jen.Code) {
	if g.o.Nullable == "pointer" {
		return jen.Add(expr).Op("!=").Nil(), deref{jen.Op("*").Add(expr)}
	}
	return jen.Add(expr).Dot("Valid"), jen.Add(expr).Dot("V")
}

// deref is *p, the value behind a nullable pointer. It is marked so that
// receiver can parenthesise it: *p.M() calls M on p, not on *p.
type deref struct{ jen.Code }

// receiver is v ready to have a method called on it. Every method call
// on a value that may be a present nullable goes through it.
func receiver(v jen.Code) *jen.Statement {
	if d, ok := v.(deref); ok {
		return jen.Parens(d.Code)
	}
	return jen.Add(v)
}

// csvEncodeField writes field fl of rec.
func (g *generator) csvEncodeField(fl *ir.Field) []jen.Code {
	expr := jen.Id("rec").Dot(g.n.fields[fl])
	t := fl.Type
	if !t.Nullable {
		return g.csvEncodeValue(fl, t, expr, keepsEmpty(fl))
	}
	cond, val := g.present(expr)
	return []jen.Code{jen.If(cond).Block(g.csvEncodeValue(fl, t, val, true)...).Else().Block(
		jen.Id("csv").Dot("Null").Call(),
	)}
}

func (g *generator) csvEncodeValue(fl *ir.Field, t *ir.Type, v jen.Code, nullable bool) []jen.Code {
	csv := jen.Id("csv")
	if fl.JSONEncoded {
		base := *t
		base.Nullable = false
		return append(g.jsonEncodeValue(&base, v, jen.Id("tmp"), fl.Name, 0, true),
			jen.Id("tmp").Op("=").Add(csv.Clone().Dot("WriteScratch").Call(jen.Id("tmp"))))
	}
	switch t.Kind {
	case ir.String:
		if nullable {
			return []jen.Code{csv.Clone().Dot("NullableString").Call(v)}
		}
		return []jen.Code{csv.Clone().Dot("String").Call(v)}
	case ir.Enum:
		if nullable {
			return []jen.Code{csv.Clone().Dot("NullableString").Call(jen.String().Call(v))}
		}
		return []jen.Code{csv.Clone().Dot("String").Call(jen.String().Call(v))}
	case ir.Int:
		if t.Bits != 64 {
			v = jen.Int64().Call(v)
		}
		return []jen.Code{csv.Clone().Dot("Int").Call(v)}
	case ir.Float:
		if t.Bits != 64 {
			v = jen.Float64().Call(v)
		}
		return []jen.Code{csv.Clone().Dot("Float").Call(v, jen.Lit(t.Bits))}
	case ir.Bool:
		return []jen.Code{csv.Clone().Dot("Bool").Call(v)}
	case ir.DateTime:
		return []jen.Code{csv.Clone().Dot("Time").Call(v)}
	case ir.Date:
		return []jen.Code{csv.Clone().Dot("Date").Call(v)}
	case ir.Decimal:
		return []jen.Code{csv.Clone().Dot("Decimal").Call(v)}
	}
	return nil
}
