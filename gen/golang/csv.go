package golang

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/ayeaye-go/ayeaye/gen/ir"
)

// emitCSV writes the delimited-text reader and writer: one type each,
// shared by CSV and TSV, which differ only in the delimiter.
func (g *generator) emitCSV(f *jen.File) {
	rec := g.n.record
	reader, writer := rec+"CSVReader", rec+"CSVWriter"
	cols := g.o.Namer.Unexported(rec) + "Columns"
	fields := g.d.Record.Fields

	var colDefs []jen.Code
	for _, fl := range fields {
		colDefs = append(colDefs, jen.Values(jen.Dict{
			jen.Id("Name"):     jen.Lit(fl.Column),
			jen.Id("Required"): jen.Lit(fl.Required),
		}))
	}
	f.Commentf("%s are the columns of %s in delimited files, in schema order.", cols, rec)
	f.Var().Id(cols).Op("=").Index().Qual(codecPkg, "Column").Values(colDefs...)
	f.Line()

	f.Commentf("%s reads %s records from CSV or TSV text.", reader, rec)
	f.Type().Id(reader).Struct(
		jen.Id("csv").Op("*").Qual(codecPkg, "CSVReader"),
		jen.Id("idx").Index(jen.Lit(len(fields))).Int().Comment("file column of each schema column; -1 when absent"),
	)
	f.Line()
	g.emitCSVConstructors(f, reader, cols, "Reader", jen.Id("r").Qual("io", "Reader"))

	var body []jen.Code
	body = append(body,
		jen.If(jen.Err().Op(":=").Id("r").Dot("csv").Dot("Next").Call(), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		jen.Op("*").Id("rec").Op("=").Add(g.zeroRecord(g.d.Record)),
	)
	for k, fl := range fields {
		body = append(body, g.csvDecodeField(fl, k))
	}
	body = append(body, jen.Return(jen.Nil()))
	f.Comment("Read reads the next record into rec. It returns io.EOF after the last")
	f.Comment("one, and a *codec.Error naming line, column and field for a bad value.")
	f.Func().Params(jen.Id("r").Op("*").Id(reader)).Id("Read").Params(jen.Id("rec").Op("*").Id(rec)).Error().Block(body...)
	f.Line()
	g.emitAll(f, reader)

	f.Commentf("%s writes %s records as CSV or TSV text.", writer, rec)
	f.Type().Id(writer).Struct(
		jen.Id("csv").Op("*").Qual(codecPkg, "CSVWriter"),
		jen.Id("tmp").Index().Byte(),
	)
	f.Line()
	g.emitCSVConstructors(f, writer, cols, "Writer", jen.Id("w").Qual("io", "Writer"))

	var wbody []jen.Code
	for _, fl := range fields {
		if fl.JSONEncoded && fallible(fl.Type) && len(wbody) == 0 {
			wbody = append(wbody, jen.Var().Id("err").Error())
		}
	}
	for _, fl := range fields {
		wbody = append(wbody, g.csvEncodeField(fl)...)
	}
	wbody = append(wbody, jen.Return(jen.Id("w").Dot("csv").Dot("EndRecord").Call()))
	f.Comment("Write writes one record.")
	f.Func().Params(jen.Id("w").Op("*").Id(writer)).Id("Write").Params(jen.Id("rec").Op("*").Id(rec)).Error().Block(wbody...)
	f.Line()
	f.Comment("Close flushes buffered records. It does not close the underlying writer.")
	f.Func().Params(jen.Id("w").Op("*").Id(writer)).Id("Close").Params().Error().Block(
		jen.Return(jen.Id("w").Dot("csv").Dot("Flush").Call()),
	)
}

// emitCSVConstructors writes New<Rec>CSV<Kind> and New<Rec>TSV<Kind> for
// the enabled formats, both through one unexported constructor.
func (g *generator) emitCSVConstructors(f *jen.File, typ, cols, kind string, param jen.Code) {
	rec := g.n.record
	inner := "new" + typ
	arg := "r"
	if kind == "Writer" {
		arg = "w"
	}
	var body []jen.Code
	if kind == "Reader" {
		body = []jen.Code{
			jen.Id("x").Op(":=").Op("&").Id(typ).Values(jen.Dict{jen.Id("csv"): jen.Qual(codecPkg, "NewCSVReader").Call(jen.Id("r"), jen.Id("o"))}),
			jen.Var().Id("idx").Index().Int(),
			jen.If(jen.Id("o").Dot("NoHeader")).Block(
				jen.Id("idx").Op("=").Id("x").Dot("csv").Dot("UseColumns").Call(jen.Id(cols)),
			).Else().Block(
				jen.Var().Err().Error(),
				jen.If(jen.List(jen.Id("idx"), jen.Err()).Op("=").Id("x").Dot("csv").Dot("ReadHeader").Call(jen.Id(cols)), jen.Err().Op("!=").Nil()).Block(
					jen.Return(jen.Nil(), jen.Err()),
				),
			),
			jen.Copy(jen.Id("x").Dot("idx").Index(jen.Empty().Op(":")), jen.Id("idx")),
			jen.Return(jen.Id("x"), jen.Nil()),
		}
	} else {
		body = []jen.Code{
			jen.Id("x").Op(":=").Op("&").Id(typ).Values(jen.Dict{jen.Id("csv"): jen.Qual(codecPkg, "NewCSVWriter").Call(jen.Id("w"), jen.Id("o"))}),
			jen.If(jen.Op("!").Id("o").Dot("NoHeader")).Block(
				jen.For(jen.List(jen.Id("_"), jen.Id("c")).Op(":=").Range().Id(cols)).Block(
					jen.Id("x").Dot("csv").Dot("String").Call(jen.Id("c").Dot("Name")),
				),
				jen.If(jen.Err().Op(":=").Id("x").Dot("csv").Dot("EndRecord").Call(), jen.Err().Op("!=").Nil()).Block(
					jen.Return(jen.Nil(), jen.Err()),
				),
			),
			jen.Return(jen.Id("x"), jen.Nil()),
		}
	}
	f.Func().Id(inner).Params(param, jen.Id("o").Qual(codecPkg, "Options")).Params(jen.Op("*").Id(typ), jen.Error()).Block(body...)
	f.Line()
	for _, fm := range []struct{ format, delim, doc string }{
		{"csv", "','", "comma-separated"},
		{"tsv", "'\\t'", "tab-separated"},
	} {
		if !g.has(fm.format) {
			continue
		}
		name := fmt.Sprintf("New%s%s%s", rec, strings.ToUpper(fm.format), kind)
		if kind == "Reader" {
			f.Commentf("%s reads the header row of %s text from r and checks it against", name, fm.doc)
			f.Comment("the schema: columns may come in any order; missing required columns and")
			f.Comment("unknown columns are an error listing them. o.File names r in errors.")
		} else {
			f.Commentf("%s writes %s text to w, starting with the header row", name, fm.doc)
			f.Comment("unless o.NoHeader is set.")
		}
		f.Func().Id(name).Params(param, jen.Id("o").Qual(codecPkg, "Options")).Params(jen.Op("*").Id(typ), jen.Error()).Block(
			jen.If(jen.Id("o").Dot("Delimiter").Op("==").Lit(0)).Block(jen.Id("o").Dot("Delimiter").Op("=").Op(fm.delim)),
			jen.Return(jen.Id(inner).Call(jen.Id(arg), jen.Id("o"))),
		)
		f.Line()
	}
}

// emitAll writes the All method of a reader type.
func (g *generator) emitAll(f *jen.File, reader string) {
	rec := g.n.record
	f.Comment("All returns the remaining records as an iterator. It stops after the")
	f.Comment("first error, which it yields.")
	f.Func().Params(jen.Id("r").Op("*").Id(reader)).Id("All").Params().Qual("iter", "Seq2").Types(jen.Id(rec), jen.Error()).Block(
		jen.Return(jen.Qual(codecPkg, "All").Types(jen.Id(rec)).Call(jen.Id("r"))),
	)
	f.Line()
}

// csvDecodeField reads field fl (schema column k) into rec.
func (g *generator) csvDecodeField(fl *ir.Field, k int) jen.Code {
	target := jen.Id("rec").Dot(g.n.fields[fl])
	col := jen.Id("c")
	t := fl.Type
	var stmts []jen.Code
	stmts = append(stmts, jen.Id("c").Op(":=").Id("r").Dot("idx").Index(jen.Lit(k)))

	var decode []jen.Code
	if fl.JSONEncoded {
		decode = append(decode, jen.Id("lx").Op(":=").Id("r").Dot("csv").Dot("JSONLexer").Call(col))
		decode = append(decode, g.jsonDecodeValue(t, target, fl.Name, 0, true)...)
		decode = append(decode, jen.If(jen.Err().Op(":=").Id("lx").Dot("End").Call(), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())))
	} else {
		decode = g.csvDecodeScalar(t, target, col)
	}
	var body []jen.Code
	switch {
	case t.Nullable || keepsEmpty(fl):
		body = []jen.Code{jen.If(jen.Op("!").Id("r").Dot("csv").Dot("Null").Call(col)).Block(decode...)}
	case !fl.Required && (t.Kind != ir.String || fl.Default != nil):
		// An empty optional value keeps the zero value or the default.
		body = []jen.Code{jen.If(jen.Len(jen.Id("r").Dot("csv").Dot("Bytes").Call(col)).Op(">").Lit(0)).Block(decode...)}
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
	csv := jen.Id("r").Dot("csv")
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
		jen.Id("w").Dot("csv").Dot("Null").Call(),
	)}
}

func (g *generator) csvEncodeValue(fl *ir.Field, t *ir.Type, v jen.Code, nullable bool) []jen.Code {
	csv := jen.Id("w").Dot("csv")
	if fl.JSONEncoded {
		base := *t
		base.Nullable = false
		return append([]jen.Code{jen.Id("w").Dot("tmp").Op("=").Id("w").Dot("tmp").Index(jen.Empty().Op(":").Lit(0))},
			append(g.jsonEncodeValue(&base, v, jen.Id("w").Dot("tmp"), fl.Name, 0, true),
				csv.Clone().Dot("Bytes").Call(jen.Id("w").Dot("tmp")))...)
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
