package golang

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/ayeaye-go/ayeaye/gen/diag"
	"github.com/ayeaye-go/ayeaye/gen/ir"
	"github.com/ayeaye-go/ayeaye/gen/naming"
	"github.com/ayeaye-go/ayeaye/runtime/table"
)

const tablePkg = "github.com/ayeaye-go/ayeaye/runtime/table"

// TableSchema is the SQL table of a dataset: one column per top-level
// field, named by its property; arrays and objects are JSON columns. The
// type mapping of each kind to each dialect is runtime/table's.
func TableSchema(d *ir.Dataset) table.Schema {
	s := table.Schema{Dataset: d.Name, Keys: append([]string(nil), d.Keys...)}
	for _, f := range d.Record.Fields {
		c := table.Column{Name: f.Name, Nullable: f.Type.Nullable, Bits: f.Type.Bits}
		switch f.Type.Kind {
		case ir.String:
			c.Kind = table.String
		case ir.Int:
			c.Kind = table.Int
		case ir.Float:
			c.Kind = table.Float
		case ir.Bool:
			c.Kind = table.Bool
		case ir.DateTime:
			c.Kind = table.DateTime
		case ir.Date:
			c.Kind = table.Date
		case ir.Decimal:
			c.Kind = table.Decimal
		case ir.Enum:
			c.Kind = table.Enum
			c.Enum = append([]string(nil), f.Type.Enum.Values...)
		default:
			c.Kind = table.JSON
		}
		if c.Kind != table.Int && c.Kind != table.Float {
			c.Bits = 0
		}
		s.Columns = append(s.Columns, c)
	}
	return s
}

// checkSQL reports what a table cannot hold: column names no dialect
// keeps (too long, a trailing space) and two names one dialect takes for
// the same (SQLite and MariaDB ignore case). gen/schema already refuses
// nullable and nested keys. It declares the package-level names the sql
// format adds.
func (g *generator) checkSQL(pkg *naming.Scope) diag.List {
	if !g.has("sql") {
		return nil
	}
	var diags diag.List
	const hint = "rename the property, or remove sql from formats in ayeaye.yaml"
	rec := g.n.record
	for _, id := range []string{rec + "Table", "scan" + rec + "SQL", "append" + rec + "SQL"} {
		if dg := pkg.Declare(id, g.d.Name, g.d.Pos, "dataset"); dg != nil {
			diags = append(diags, *dg)
		}
	}
	seen := map[string]string{}
	for _, f := range g.d.Record.Fields {
		if err := table.CheckColumnName(f.Name); err != nil {
			diags.Add(f.Pos, hint, "property %q: a SQL table cannot hold it: %v", f.Name, err)
		}
		lower := strings.ToLower(f.Name)
		if other, ok := seen[lower]; ok {
			diags.Add(f.Pos, hint, "property %q: SQLite and MariaDB column names ignore case, so it would be the same column as %q", f.Name, other)
		}
		seen[lower] = f.Name
		if f.Type.Nested() {
			for _, id := range []string{"append" + rec + g.n.fields[f] + "SQLJSON", "decode" + rec + g.n.fields[f] + "SQLJSON"} {
				if dg := pkg.Declare(id, g.d.Name+"."+f.Name, f.Pos, "property"); dg != nil {
					diags = append(diags, *dg)
				}
			}
		}
	}
	return diags
}

// tableDecl is the Table field of the Dataset declaration: the table
// descriptor when the sql format is emitted, else nothing.
func (g *generator) tableDecl() jen.Code {
	if !g.has("sql") {
		return jen.Null()
	}
	return jen.Id(g.n.record + "Table")
}

// emitSQL writes the table descriptor: the columns, a Scan function and a
// Values function. The CREATE TABLE statements are not repeated in every
// file: ayeaye-gen ddl prints them.
func (g *generator) emitSQL(f *jen.File) {
	f.ImportName(tablePkg, "table")
	rec := g.n.record
	s := TableSchema(g.d)
	f.Commentf("%sTable maps %s records to rows of a SQL table: engine URLs", rec, rec)
	f.Comment("sqlite://FILE;table=NAME, postgres://HOST/DB;table=NAME and mysql://HOST/DB;table=NAME.")
	f.Commentf("ayeaye-gen ddl %s prints the CREATE TABLE statement of each dialect.", g.d.Name)
	var cols []jen.Code
	for _, c := range s.Columns {
		d := jen.Dict{jen.Id("Name"): jen.Lit(c.Name), jen.Id("Kind"): jen.Qual(tablePkg, kindIdent(c.Kind))}
		if c.Bits != 0 {
			d[jen.Id("Bits")] = jen.Lit(c.Bits)
		}
		if c.Nullable {
			d[jen.Id("Nullable")] = jen.True()
		}
		if len(c.Enum) > 0 {
			vals := make([]jen.Code, len(c.Enum))
			for i, v := range c.Enum {
				vals[i] = jen.Lit(v)
			}
			d[jen.Id("Enum")] = jen.Index().String().Values(vals...)
		}
		cols = append(cols, jen.Values(d))
	}
	schema := jen.Dict{
		jen.Id("Dataset"): jen.Lit(g.d.Name),
		jen.Id("Columns"): jen.Index().Qual(tablePkg, "Column").Values(cols...),
	}
	if len(s.Keys) > 0 {
		keys := make([]jen.Code, len(s.Keys))
		for i, k := range s.Keys {
			keys[i] = jen.Lit(k)
		}
		schema[jen.Id("Keys")] = jen.Index().String().Values(keys...)
	}
	f.Var().Id(rec+"Table").Op("=").Op("&").Qual(tablePkg, "Table").Types(jen.Id(rec)).Values(jen.Dict{
		jen.Id("Schema"): jen.Qual(tablePkg, "Schema").Values(schema),
		jen.Id("Scan"):   jen.Id("scan" + rec + "SQL"),
		jen.Id("Values"): jen.Id("append" + rec + "SQL"),
	})
	f.Line()

	var scan []jen.Code
	scan = append(scan, jen.Op("*").Id("rec").Op("=").Id(rec).Values())
	for i, fl := range g.d.Record.Fields {
		scan = append(scan, g.sqlScanField(fl, i))
	}
	scan = append(scan, jen.Return(jen.Nil()))
	f.Commentf("scan%sSQL reads the current row into rec, checking enum values.", rec)
	f.Func().Id("scan"+rec+"SQL").Params(jen.Id("r").Op("*").Qual(tablePkg, "Row"), jen.Id("rec").Op("*").Id(rec)).Error().Block(scan...)
	f.Line()

	var vals []jen.Code
	for _, fl := range g.d.Record.Fields {
		vals = append(vals, g.sqlValueField(fl)...)
	}
	vals = append(vals, jen.Return(jen.Id("dst"), jen.Nil()))
	f.Commentf("append%sSQL appends the column values of rec to dst, refusing enum values", rec)
	f.Comment("the schema does not allow.")
	f.Func().Id("append"+rec+"SQL").Params(jen.Id("rec").Op("*").Id(rec), jen.Id("dst").Index().Any()).Params(jen.Index().Any(), jen.Error()).Block(vals...)
	f.Line()

	for _, fl := range g.d.Record.Fields {
		if fl.Type.Nested() {
			g.emitSQLJSON(f, fl)
		}
	}
	if !g.jsonNeeded() {
		// The JSON codecs of nested objects live in the _json.go file,
		// which is not emitted for a dataset without JSON formats.
		seen := map[*ir.Object]bool{}
		for _, o := range g.d.Objects() {
			if o == g.d.Record || seen[o] {
				continue
			}
			seen[o] = true
			g.emitObjectDecoder(f, o)
			g.emitObjectEncoder(f, o)
		}
	}
}

func kindIdent(k table.Kind) string {
	switch k {
	case table.String:
		return "String"
	case table.Int:
		return "Int"
	case table.Float:
		return "Float"
	case table.Bool:
		return "Bool"
	case table.DateTime:
		return "DateTime"
	case table.Date:
		return "Date"
	case table.Decimal:
		return "Decimal"
	case table.Enum:
		return "Enum"
	}
	return "JSON"
}

// sqlScanField reads column i into its field.
func (g *generator) sqlScanField(fl *ir.Field, i int) jen.Code {
	t := fl.Type
	target := jen.Id("rec").Dot(g.n.fields[fl])
	r := func() *jen.Statement { return jen.Id("r") }
	check := jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
	var body []jen.Code
	v := jen.Id("v")
	var val jen.Code = v
	switch t.Kind {
	case ir.String:
		body = []jen.Code{jen.List(v, jen.Err()).Op(":=").Add(r()).Dot("String").Call(jen.Lit(i)), check}
	case ir.Enum:
		name := g.n.enums[t.Enum]
		body = []jen.Code{
			jen.List(jen.Id("s"), jen.Err()).Op(":=").Add(r()).Dot("String").Call(jen.Lit(i)), check,
			jen.Add(v).Op(":=").Id(name).Call(jen.Id("s")),
			jen.If(jen.Op("!").Add(v).Dot("Valid").Call()).Block(jen.Return(r().Dot("EnumError").Call(jen.Lit(i), jen.Id("s"), jen.Lit(enumExpected(t.Enum))))),
		}
	case ir.Int:
		body = []jen.Code{jen.List(v, jen.Err()).Op(":=").Add(r()).Dot("Int").Call(jen.Lit(i), jen.Lit(t.Bits)), check}
		if t.Bits != 64 {
			val = jen.Id(fmt.Sprintf("int%d", t.Bits)).Call(v)
		}
	case ir.Float:
		body = []jen.Code{jen.List(v, jen.Err()).Op(":=").Add(r()).Dot("Float").Call(jen.Lit(i)), check}
		if t.Bits != 64 {
			val = jen.Float32().Call(v)
		}
	case ir.Bool, ir.DateTime, ir.Date, ir.Decimal:
		method := map[ir.Kind]string{ir.Bool: "Bool", ir.DateTime: "Time", ir.Date: "Date", ir.Decimal: "Decimal"}[t.Kind]
		body = []jen.Code{jen.List(v, jen.Err()).Op(":=").Add(r()).Dot(method).Call(jen.Lit(i)), check}
	default: // arrays and objects: JSON text
		base := *t
		base.Nullable = false
		body = []jen.Code{
			jen.List(jen.Id("lx"), jen.Err()).Op(":=").Add(r()).Dot("JSON").Call(jen.Lit(i)), check,
			jen.Var().Add(v).Add(g.goType(&base)),
			jen.If(jen.Err().Op(":=").Id("decode"+g.n.record+g.n.fields[fl]+"SQLJSON").Call(jen.Id("lx"), jen.Op("&").Add(v)), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		}
	}
	body = append(body, g.assign(t, target, val))
	if t.Nullable {
		return jen.If(jen.Op("!").Add(r()).Dot("Null").Call(jen.Lit(i))).Block(body...)
	}
	return jen.Block(body...)
}

// sqlValueField appends the field's column value to dst.
func (g *generator) sqlValueField(fl *ir.Field) []jen.Code {
	t := fl.Type
	expr := jen.Id("rec").Dot(g.n.fields[fl])
	add := func(v jen.Code) jen.Code { return jen.Id("dst").Op("=").Append(jen.Id("dst"), v) }
	present := func(v jen.Code) []jen.Code {
		switch t.Kind {
		case ir.Int:
			if t.Bits != 64 {
				v = jen.Int64().Call(v)
			}
		case ir.Float:
			if t.Bits != 64 {
				v = jen.Float64().Call(v)
			}
		case ir.Enum:
			return []jen.Code{
				jen.If(jen.Op("!").Add(receiver(v)).Dot("Valid").Call()).Block(jen.Return(jen.Id("dst"),
					jen.Qual(tablePkg, "EnumError").Call(jen.Lit(fl.Name), jen.String().Call(v), jen.Lit(enumExpected(t.Enum))))),
				add(jen.String().Call(v)),
			}
		case ir.Array, ir.Record:
			return []jen.Code{
				jen.List(jen.Id("b"), jen.Err()).Op(":=").Id("append"+g.n.record+g.n.fields[fl]+"SQLJSON").Call(jen.Nil(), v),
				jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Id("dst"), jen.Qual(tablePkg, "JSONError").Call(jen.Lit(fl.Name), jen.Err()))),
				add(jen.String().Call(jen.Id("b"))),
			}
		}
		return []jen.Code{add(v)}
	}
	if !t.Nullable {
		if t.Kind == ir.Enum || t.Nested() {
			return []jen.Code{jen.Block(present(expr)...)}
		}
		return present(expr)
	}
	cond, val := g.present(expr)
	return []jen.Code{jen.If(cond).Block(present(val)...).Else().Block(add(jen.Nil()))}
}

// emitSQLJSON writes the JSON text codec of a nested field's column.
func (g *generator) emitSQLJSON(f *jen.File, fl *ir.Field) {
	base := *fl.Type
	base.Nullable = false
	typ := g.goType(&base)
	enc := "append" + g.n.record + g.n.fields[fl] + "SQLJSON"
	dec := "decode" + g.n.record + g.n.fields[fl] + "SQLJSON"
	var body []jen.Code
	if fallible(&base) {
		body = append(body, jen.Var().Err().Error())
	}
	body = append(body, g.jsonEncodeValue(&base, jen.Id("v"), jen.Id("b"), fl.Name, 0, false)...)
	body = append(body, jen.Return(jen.Id("b"), jen.Nil()))
	f.Commentf("%s appends column %q as JSON text.", enc, fl.Name)
	f.Func().Id(enc).Params(jen.Id("b").Index().Byte(), jen.Id("v").Add(typ)).Params(jen.Index().Byte(), jen.Error()).Block(body...)
	f.Line()
	dbody := g.jsonDecodeValue(&base, jen.Op("*").Id("target"), fl.Name, 0, false)
	dbody = append(dbody, jen.Return(jen.Id("lx").Dot("End").Call()))
	f.Commentf("%s reads column %q from its JSON text.", dec, fl.Name)
	f.Func().Id(dec).Params(jen.Id("lx").Op("*").Qual(codecPkg, "JSONLexer"), jen.Id("target").Op("*").Add(g.goType(&base))).Error().Block(dbody...)
	f.Line()
}
