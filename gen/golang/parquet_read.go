package golang

import (
	"fmt"

	"github.com/dave/jennifer/jen"

	"github.com/ayeaye-go/ayeaye/gen/ir"
)

// Generated Parquet readers decode columns, not rows: each leaf column is
// read a page at a time into a slice of its Go type (parquetcodec.Column),
// a chunk of rows at a time, into a batch with one slice per top-level
// field. The record reader hands out rows of the batch; the column reader
// hands out whole batches, and binds only the columns it is asked for, so
// the others are never decoded.
//
// Flat fields are read in bulk. Objects and lists are assembled entry by
// entry from their leaves' definition and repetition levels (Dremel
// encoding). The nodes of the Parquet schema are numbered depth first, as
// parquetcodec.Spec numbers them, and the file's level of each node (the
// file may make optional what the dataset requires, or write lists in an
// older form) comes from the opened file.

// pqNode is a node of the dataset's Parquet schema: a field or a list
// element.
type pqNode struct {
	k          int // index of the node, depth first
	first, end int // the leaf columns under the node
	leaf       int // a scalar's leaf column
	rep        int // an array's repeated node
	elem       *pqNode
	fields     []*pqNode
}

// pqPlan numbers the nodes and leaf columns of the dataset's Parquet
// schema, per top-level field.
func (g *generator) pqPlan() ([]*pqNode, []*ir.Type) {
	next, leaf := 0, 0
	var leaves []*ir.Type
	var plan func(t *ir.Type) *pqNode
	plan = func(t *ir.Type) *pqNode {
		p := &pqNode{k: next, first: leaf}
		next++
		switch t.Kind {
		case ir.Record:
			for _, f := range t.Object.Fields {
				p.fields = append(p.fields, plan(f.Type))
			}
		case ir.Array:
			p.rep = next
			next++
			p.elem = plan(t.Elem)
		default:
			p.leaf = leaf
			leaf++
			leaves = append(leaves, t)
		}
		p.end = leaf
		return p
	}
	var top []*pqNode
	for _, f := range g.d.Record.Fields {
		top = append(top, plan(f.Type))
	}
	return top, leaves
}

// pqColumn returns the Go element type of a leaf's cursor and the
// parquetcodec function that binds it.
func (g *generator) pqColumn(t *ir.Type) (jen.Code, string) {
	switch t.Kind {
	case ir.Bool:
		return jen.Bool(), "Bools"
	case ir.Int:
		return jen.Id(fmt.Sprintf("int%d", t.Bits)), fmt.Sprintf("Int%ds", t.Bits)
	case ir.Float:
		return jen.Id(fmt.Sprintf("float%d", t.Bits)), fmt.Sprintf("Float%ds", t.Bits)
	case ir.String, ir.Enum:
		return jen.String(), "Strings"
	case ir.DateTime:
		return jen.Qual("time", "Time"), "Times"
	case ir.Date:
		return jen.Qual(valuePkg, "Date"), "Dates"
	}
	return jen.Qual(valuePkg, "Decimal"), "Decimals"
}

func cur(leaf int) *jen.Statement { return jen.Id("c").Dot(fmt.Sprintf("c%d", leaf)) }

func (g *generator) emitParquetReader(f *jen.File) {
	rec := g.n.record
	fields := g.d.Record.Fields
	top, leaves := g.pqPlan()
	cursors := g.o.Namer.Unexported(rec) + "ParquetCursors"
	batch := rec + "ParquetBatch"
	column := rec + "Column"
	nested, flatEnum := false, false
	for _, fl := range fields {
		nested = nested || fl.Type.Nested()
		flatEnum = flatEnum || fl.Type.Kind == ir.Enum
	}

	// The column names.
	var consts []jen.Code
	var names []jen.Code
	for i, fl := range fields {
		c := jen.Id(column + g.n.fields[fl])
		if i == 0 {
			c = c.Id(column).Op("=").Iota()
		}
		consts = append(consts, c)
		names = append(names, jen.Lit(fl.Name))
	}
	f.Commentf("%s names a top-level column of %s,", column, rec)
	f.Commentf("to choose the columns New%sParquetColumns reads.", rec)
	f.Type().Id(column).Int()
	f.Line()
	f.Commentf("The columns of %s, in schema order.", rec)
	f.Const().Defs(consts...)
	f.Line()
	f.Comment("String returns the column's property name.")
	f.Func().Params(jen.Id("c").Id(column)).Id("String").Params().String().Block(
		jen.If(jen.Id("c").Op("<").Lit(0).Op("||").Int().Call(jen.Id("c")).Op(">=").Lit(len(fields))).Block(
			jen.Return(jen.Qual("fmt", "Sprintf").Call(jen.Lit(column+"(%d)"), jen.Int().Call(jen.Id("c"))))),
		jen.Return(jen.Index(jen.Op("...")).String().Values(names...).Index(jen.Id("c"))),
	)
	f.Line()

	// The batch.
	bfields := []jen.Code{jen.Qual(pqPkg, "Batch"), jen.Line()}
	for _, fl := range fields {
		if pqDict(fl.Type) {
			bfields = append(bfields, jen.Id(g.n.fields[fl]).Qual(pqPkg, "Dict").Types(g.goType(fl.Type)))
			continue
		}
		bfields = append(bfields, jen.Id(g.n.fields[fl]).Index().Add(g.goType(fl.Type)))
	}
	f.Commentf("%s holds rows of a Parquet file of %s records,", batch, rec)
	f.Comment("column by column: the values of row i are at index i of each column")
	f.Comment("read, and the columns not read are nil. Batch says which rows these")
	f.Comment("are. Strings are dictionary-backed (parquetcodec.Dict, row i's value")
	f.Comment("is At(i)), so that a batch costs a code per row, not a string.")
	f.Type().Id(batch).Struct(bfields...)
	f.Line()

	// The cursors.
	cfields := []jen.Code{jen.Id("rows").Op("*").Qual(pqPkg, "Rows")}
	if nested {
		cfields = append(cfields, jen.List(jen.Id("def"), jen.Id("rep")).Index().Int().Comment("the file's level of each schema node"))
	}
	for i, t := range leaves {
		typ, _ := g.pqColumn(t)
		cfields = append(cfields, jen.Id(fmt.Sprintf("c%d", i)).Op("*").Qual(pqPkg, "Column").Types(typ))
	}
	if flatEnum {
		cfields = append(cfields, jen.Id("s").Index().Qual(valuePkg, "Null").Types(jen.String()).Comment("enum text, before parsing"))
	}
	f.Commentf("%s are the column cursors of a %s reader.", cursors, rec)
	f.Type().Id(cursors).Struct(cfields...)
	f.Line()

	var bind []jen.Code
	bind = append(bind, jen.Id("c").Dot("rows").Op("=").Id("rows"))
	if nested {
		bind = append(bind, jen.List(jen.Id("c").Dot("def"), jen.Id("c").Dot("rep")).Op("=").Id("rows").Dot("Levels").Call())
	}
	for i, p := range top {
		var bs []jen.Code
		for l := p.first; l < p.end; l++ {
			_, fn := g.pqColumn(leaves[l])
			bs = append(bs, cur(l).Op("=").Qual(pqPkg, fn).Call(jen.Id("rows"), jen.Lit(l)))
		}
		bind = append(bind, jen.If(jen.Id("want").Index(jen.Lit(i))).Block(bs...))
	}
	f.Comment("bind binds the leaf columns of the top-level columns wanted.")
	f.Func().Params(jen.Id("c").Op("*").Id(cursors)).Id("bind").Params(jen.Id("rows").Op("*").Qual(pqPkg, "Rows"), jen.Id("want").Op("*").Index(jen.Lit(len(fields))).Bool()).Block(bind...)
	f.Line()

	body := []jen.Code{jen.Var().Err().Error()}
	for i, fl := range fields {
		body = append(body, jen.If(cur(top[i].first).Op("!=").Nil()).Block(g.pqReadField(fl, top[i])...))
	}
	body = append(body, jen.Return(jen.Id("c").Dot("rows").Dot("Err").Call()))
	f.Comment("read reads the next n rows of the bound columns into b.")
	f.Func().Params(jen.Id("c").Op("*").Id(cursors)).Id("read").Params(jen.Id("b").Op("*").Id(batch), jen.Id("n").Int()).Error().Block(body...)
	f.Line()

	g.emitParquetRecordReader(f, cursors, batch)
	g.emitParquetColumns(f, cursors, batch, column)
}

// pqDefault is the value of a field absent from a file: its default, or
// the zero value.
func (g *generator) pqDefault(fl *ir.Field) jen.Code {
	if fl.Default != nil {
		if v := g.defaultValue(fl); v != nil {
			return v
		}
	}
	return g.zeroValue(fl.Type)
}

// zeroValue is the zero value of type t, with an object's defaults.
func (g *generator) zeroValue(t *ir.Type) jen.Code {
	switch {
	case t.Nullable && g.o.Nullable == "pointer":
		return jen.Nil()
	case t.Nullable:
		return g.goType(t).(*jen.Statement).Clone().Values()
	case t.Kind == ir.Array:
		return jen.Nil()
	case t.Kind == ir.Record:
		return g.zeroRecord(t.Object)
	}
	switch t.Kind {
	case ir.String, ir.Enum:
		return jen.Lit("")
	case ir.Bool:
		return jen.False()
	case ir.Int, ir.Float:
		return jen.Lit(0)
	}
	return g.goType(t).(*jen.Statement).Clone().Values()
}

// pqBad reports err, an expression, as the error of row i of the chunk:
// the chunk fails, or after Rows.SkipBad (record readers) the row alone
// does and the generated code fills it with zero values and reads on, so
// that the cursors stay aligned.
func pqBad(err jen.Code) jen.Code {
	return jen.If(jen.Err().Op(":=").Id("c").Dot("rows").Dot("Bad").Call(jen.Id("i"), err), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
}

// pqDict says whether a top-level field of type t is read into a batch as
// a parquetcodec.Dict: strings that are never null, which Aye-aye's writer
// dictionary-encodes and which analytic code mostly groups by.
func pqDict(t *ir.Type) bool { return t.Kind == ir.String && !t.Nullable }

// pqReadField reads top-level field fl (plan node p) of n rows into b.
func (g *generator) pqReadField(fl *ir.Field, p *pqNode) []jen.Code {
	t := fl.Type
	target := jen.Id("b").Dot(g.n.fields[fl])
	c := cur(p.first)
	ret := jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
	var read []jen.Code
	switch {
	case t.Nested():
		loop := []jen.Code{jen.Id("x").Op(":=").Op("&").Add(target).Index(jen.Id("i"))}
		loop = append(loop, g.pqDecode(t, p, jen.Op("*").Id("x"), fl.Name, fl.Required, g.pqDefault(fl), 0)...)
		read = []jen.Code{
			jen.Add(target).Op("=").Qual(pqPkg, "Grow").Call(target, jen.Id("n")),
			jen.For(jen.Id("i").Op(":=").Range().Id("n")).Block(loop...),
			jen.If(jen.Err().Op(":=").Id("c").Dot("rows").Dot("Err").Call(), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		}
	case t.Kind == ir.Enum:
		name := g.n.enums[t.Enum]
		var null []jen.Code
		switch {
		case t.Nullable:
			null = []jen.Code{jen.Add(target).Index(jen.Id("i")).Op("=").Add(g.zeroValue(t)), jen.Continue()}
		case fl.Required:
			null = []jen.Code{pqBad(jen.Id("c").Dot("rows").Dot("NullError").Call(jen.Id("i"), jen.Lit(fl.Name))),
				jen.Add(target).Index(jen.Id("i")).Op("=").Add(g.zeroValue(t)), jen.Continue()}
		default:
			null = []jen.Code{jen.Add(target).Index(jen.Id("i")).Op("=").Add(g.pqDefault(fl)), jen.Continue()}
		}
		read = []jen.Code{
			jen.If(jen.List(jen.Id("c").Dot("s"), jen.Err()).Op("=").Add(c).Dot("ReadNull").Call(jen.Id("c").Dot("s"), jen.Id("n")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
			jen.Add(target).Op("=").Qual(pqPkg, "Grow").Call(target, jen.Id("n")),
			jen.For(jen.List(jen.Id("i"), jen.Id("s")).Op(":=").Range().Id("c").Dot("s")).Block(
				jen.If(jen.Op("!").Id("s").Dot("Valid")).Block(null...),
				jen.List(jen.Id("v"), jen.Id("ok")).Op(":=").Id("parse"+name).Call(jen.Qual(pqPkg, "Bytes").Call(jen.Id("s").Dot("V"))),
				jen.If(jen.Op("!").Id("ok")).Block(
					pqBad(jen.Id("c").Dot("rows").Dot("ValueError").Call(jen.Id("i"), jen.Lit(fl.Name), jen.Id("s").Dot("V"), jen.Lit(enumExpected(t.Enum)))),
					jen.Add(target).Index(jen.Id("i")).Op("=").Add(g.zeroValue(t)), jen.Continue()),
				g.assign(t, jen.Add(target).Index(jen.Id("i")), jen.Id("v")),
			),
		}
	case t.Nullable && g.o.Nullable == "pointer":
		read = []jen.Code{jen.List(target, jen.Err()).Op("=").Add(c).Dot("ReadPtr").Call(target, jen.Id("n")), ret}
	case t.Nullable:
		read = []jen.Code{jen.List(target, jen.Err()).Op("=").Add(c).Dot("ReadNull").Call(target, jen.Id("n")), ret}
	case pqDict(t):
		read = []jen.Code{jen.If(jen.Err().Op("=").Add(c).Dot("ReadDict").Call(jen.Op("&").Add(target), jen.Id("n"), jen.Lit(fl.Required), g.pqDefault(fl)), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))}
	default:
		read = []jen.Code{jen.List(target, jen.Err()).Op("=").Add(c).Dot("Read").Call(target, jen.Id("n"), jen.Lit(fl.Required), g.pqDefault(fl)), ret}
	}
	if t.Nested() || fl.Default != nil && t.Nullable {
		// A file without the column holds the default (or null) in every row.
		fill := jen.Add(target).Op("=").Qual(pqPkg, "Fill").Call(target, jen.Id("n"), g.pqDefault(fl))
		if t.Nullable && g.o.Nullable == "pointer" && fl.Default != nil {
			fill = jen.Add(target).Op("=").Qual(pqPkg, "Grow").Call(target, jen.Id("n")).Line().For(jen.Id("i").Op(":=").Range().Add(target)).Block(
				jen.Add(target).Index(jen.Id("i")).Op("=").Add(g.pqDefault(fl)), // a pointer of its own per row
			)
		}
		return []jen.Code{jen.If(jen.Add(c).Dot("Missing").Call()).Block(fill).Else().Block(read...)}
	}
	return read
}

// pqDecode assembles a value of t (plan node p) from its leaves' levels
// into target, for row i of the chunk. field names it in errors; a null
// where the schema has no null is an error when required, else dflt.
func (g *generator) pqDecode(t *ir.Type, p *pqNode, target jen.Code, field string, required bool, dflt jen.Code, n int) []jen.Code {
	c := cur(p.first)
	var skip []jen.Code
	for l := p.first; l < p.end; l++ {
		skip = append(skip, cur(l).Dot("Skip").Call())
	}
	absent := append([]jen.Code{}, skip...)
	switch {
	case t.Nullable:
		absent = append(absent, jen.Add(target).Op("=").Add(g.zeroValue(t)))
	case required:
		absent = append(absent, pqBad(jen.Id("c").Dot("rows").Dot("NullError").Call(jen.Id("i"), jen.Lit(field))),
			jen.Add(target).Op("=").Add(g.zeroValue(t)))
	default:
		absent = append(absent, jen.Add(target).Op("=").Add(dflt))
	}
	base := *t
	base.Nullable = false
	var present []jen.Code
	switch t.Kind {
	case ir.Record:
		o := jen.Id(fmt.Sprintf("o%d", n))
		present = append(present, jen.Add(o).Op(":=").Add(g.zeroRecord(t.Object)))
		for i, fl := range t.Object.Fields {
			present = append(present, g.pqDecode(fl.Type, p.fields[i], jen.Add(o).Dot(g.n.fields[fl]), field+"."+fl.Name, fl.Required, g.pqDefault(fl), n+1)...)
		}
		present = append(present, g.assign(t, target, o))
	case ir.Array:
		l := jen.Id(fmt.Sprintf("l%d", n))
		e := jen.Id(fmt.Sprintf("e%d", n))
		elem := append([]jen.Code{jen.Var().Add(e).Add(g.goType(t.Elem))},
			g.pqDecode(t.Elem, p.elem, e, field+"[]", true, nil, n+1)...)
		elem = append(elem,
			jen.Add(l).Op("=").Append(l, e),
			jen.If(jen.Add(c).Dot("Rep").Call().Op("!=").Id("c").Dot("rep").Index(jen.Lit(p.rep))).Block(jen.Break()),
		)
		present = append(present,
			jen.Var().Add(l).Add(g.goType(&base)),
			jen.If(jen.Add(c).Dot("Def").Call().Op("<").Id("c").Dot("def").Index(jen.Lit(p.rep))).Block(
				append(append([]jen.Code{}, skip...), jen.Add(l).Op("=").Add(g.goType(&base)).Values())...,
			).Else().Block(jen.For().Block(elem...)),
			g.assign(t, target, l),
		)
	case ir.Enum:
		name := g.n.enums[t.Enum]
		present = append(present,
			jen.Id("s").Op(":=").Add(cur(p.leaf)).Dot("Take").Call(),
			jen.List(jen.Id("v"), jen.Id("ok")).Op(":=").Id("parse"+name).Call(jen.Qual(pqPkg, "Bytes").Call(jen.Id("s"))),
			jen.If(jen.Op("!").Id("ok")).Block(pqBad(jen.Id("c").Dot("rows").Dot("ValueError").Call(jen.Id("i"), jen.Lit(field), jen.Id("s"), jen.Lit(enumExpected(t.Enum))))),
			g.assign(t, target, jen.Id("v")),
		)
	default:
		present = append(present, g.assign(t, target, jen.Add(cur(p.leaf)).Dot("Take").Call()))
	}
	return []jen.Code{jen.If(jen.Add(c).Dot("Def").Call().Op("<").Id("c").Dot("def").Index(jen.Lit(p.k))).Block(absent...).Else().Block(present...)}
}

func (g *generator) emitParquetRecordReader(f *jen.File, cursors, batch string) {
	rec := g.n.record
	reader := rec + "ParquetReader"
	fields := g.d.Record.Fields
	f.Commentf("%s reads %s records from a Parquet file.", reader, rec)
	f.Type().Id(reader).Struct(
		jen.Id("c").Id(cursors),
		jen.Id("b").Id(batch),
		jen.List(jen.Id("i"), jen.Id("n")).Int().Comment("the next row of b, and its length"),
		jen.Err().Error().Comment("sticky: a reader does not go past a bad value"),
	)
	f.Line()
	f.Commentf("New%s opens the Parquet file r, of size bytes.", reader)
	f.Comment("Columns are matched by name: the file may order them differently, hold")
	f.Comment("columns the schema does not have, and store values in a compatible")
	f.Comment("wider type; every column that does not fit is reported, all at once.")
	f.Comment("o.File names r in errors; o.RowGroups, when set, selects the row")
	f.Comment("groups to read.")
	f.Func().Id("New"+reader).Params(jen.Id("r").Qual("io", "ReaderAt"), jen.Id("size").Int64(), jen.Id("o").Qual(codecPkg, "Options")).Params(jen.Op("*").Id(reader), jen.Error()).Block(
		jen.List(jen.Id("f"), jen.Err()).Op(":=").Qual(pqPkg, "Open").Call(jen.Id("r"), jen.Id("size"), jen.Id(rec+"ParquetSpec"), jen.Id("o")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
		jen.Id("x").Op(":=").Op("&").Id(reader).Values(),
		jen.Id("all").Op(":=").Index(jen.Lit(len(fields))).Bool().Values(),
		jen.For(jen.Id("i").Op(":=").Range().Id("all")).Block(jen.Id("all").Index(jen.Id("i")).Op("=").True()),
		jen.Id("rows").Op(":=").Id("f").Dot("Rows").Call(),
		jen.Id("rows").Dot("SkipBad").Call().Comment("a bad row is Read's error in its place; the others read on"),
		jen.Id("x").Dot("c").Dot("bind").Call(jen.Id("rows"), jen.Op("&").Id("all")),
		jen.Return(jen.Id("x"), jen.Nil()),
	)
	f.Line()
	lit := jen.Dict{}
	for _, fl := range fields {
		name := g.n.fields[fl]
		if pqDict(fl.Type) {
			lit[jen.Id(name)] = jen.Id("b").Dot(name).Dot("At").Call(jen.Id("i"))
			continue
		}
		lit[jen.Id(name)] = jen.Id("b").Dot(name).Index(jen.Id("i"))
	}
	f.Comment("Read reads the next record into rec. It returns io.EOF after the last")
	f.Comment("one, and a *codec.Error naming the row, row group and field of a bad")
	f.Comment("value (an enum value the enum lacks, a null the schema does not")
	f.Comment("allow); the next Read goes on with the next row, so a run that skips")
	f.Comment("bad records can reject it. Other errors end the reading.")
	f.Func().Params(jen.Id("r").Op("*").Id(reader)).Id("Read").Params(jen.Id("rec").Op("*").Id(rec)).Error().Block(
		jen.If(jen.Id("r").Dot("i").Op("==").Id("r").Dot("n")).Block(
			jen.If(jen.Id("r").Dot("err").Op("!=").Nil()).Block(jen.Return(jen.Id("r").Dot("err"))),
			jen.List(jen.Id("n"), jen.Err()).Op(":=").Id("r").Dot("c").Dot("rows").Dot("Next").Call(jen.Qual(pqPkg, "ChunkRows")),
			jen.If(jen.Err().Op("==").Nil()).Block(jen.Err().Op("=").Id("r").Dot("c").Dot("read").Call(jen.Op("&").Id("r").Dot("b"), jen.Id("n"))),
			jen.If(jen.Err().Op("!=").Nil()).Block(jen.Id("r").Dot("err").Op("=").Err(), jen.Return(jen.Err())),
			jen.List(jen.Id("r").Dot("i"), jen.Id("r").Dot("n")).Op("=").List(jen.Lit(0), jen.Id("n")),
		),
		jen.List(jen.Id("b"), jen.Id("i")).Op(":=").List(jen.Op("&").Id("r").Dot("b"), jen.Id("r").Dot("i")),
		jen.Id("r").Dot("i").Op("++"),
		jen.If(jen.Err().Op(":=").Id("r").Dot("c").Dot("rows").Dot("RowErr").Call(jen.Id("i")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		jen.Op("*").Id("rec").Op("=").Id(rec).Values(lit),
		jen.Return(jen.Nil()),
	)
	f.Line()
	g.emitAll(f, reader)

	f.Commentf("%sParquetRowGroups returns the number of rows in each", rec)
	f.Comment("row group of the Parquet file r, of size bytes: a partitioned model")
	f.Comment("reads one group per partition by setting codec.Options.RowGroups.")
	f.Func().Id(rec+"ParquetRowGroups").Params(jen.Id("r").Qual("io", "ReaderAt"), jen.Id("size").Int64()).Params(jen.Index().Int64(), jen.Error()).Block(
		jen.Return(jen.Qual(pqPkg, "RowGroups").Call(jen.Id("r"), jen.Id("size"), jen.Lit(""))),
	)
	f.Line()
}

func (g *generator) emitParquetColumns(f *jen.File, cursors, batch, column string) {
	rec := g.n.record
	cols := rec + "ParquetColumns"
	n := len(g.d.Record.Fields)
	f.Commentf("%s reads chosen columns of a Parquet file of %s", cols, rec)
	f.Comment("records, a row group at a time: analytic code that sums one column of a")
	f.Comment("wide file decodes that column only.")
	f.Type().Id(cols).Struct(
		jen.Id("c").Id(cursors),
		jen.Err().Error().Comment("sticky: a reader does not go past a bad value"),
	)
	f.Line()
	f.Commentf("New%s opens the Parquet file r, of size bytes,", cols)
	f.Comment("to read the given columns (every column when none is given). The file")
	f.Commentf("is checked as by New%sParquetReader, for the columns read.", rec)
	f.Func().Id("New"+cols).Params(jen.Id("r").Qual("io", "ReaderAt"), jen.Id("size").Int64(), jen.Id("o").Qual(codecPkg, "Options"), jen.Id("columns").Op("...").Id(column)).Params(jen.Op("*").Id(cols), jen.Error()).Block(
		jen.Var().Id("want").Index(jen.Lit(n)).Bool(),
		jen.For(jen.List(jen.Id("_"), jen.Id("c")).Op(":=").Range().Id("columns")).Block(
			jen.If(jen.Id("c").Op("<").Lit(0).Op("||").Int().Call(jen.Id("c")).Op(">=").Lit(n)).Block(
				jen.Return(jen.Nil(), jen.Qual("fmt", "Errorf").Call(jen.Lit("unknown "+column+" %d"), jen.Int().Call(jen.Id("c"))))),
			jen.Id("want").Index(jen.Id("c")).Op("=").True(),
		),
		jen.If(jen.Len(jen.Id("columns")).Op("==").Lit(0)).Block(
			jen.For(jen.Id("i").Op(":=").Range().Id("want")).Block(jen.Id("want").Index(jen.Id("i")).Op("=").True()),
		),
		jen.List(jen.Id("f"), jen.Err()).Op(":=").Qual(pqPkg, "OpenColumns").Call(jen.Id("r"), jen.Id("size"), jen.Id(rec+"ParquetSpec"), jen.Id("o"), jen.Id("want").Index(jen.Op(":"))),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
		jen.Id("x").Op(":=").Op("&").Id(cols).Values(),
		jen.Id("x").Dot("c").Dot("bind").Call(jen.Id("f").Dot("Rows").Call(), jen.Op("&").Id("want")),
		jen.Return(jen.Id("x"), jen.Nil()),
	)
	f.Line()
	f.Comment("Next reads the next row group into b, reusing its columns' storage. It")
	f.Comment("returns io.EOF after the last row group, and the same error again after")
	f.Comment("a bad value.")
	f.Func().Params(jen.Id("c").Op("*").Id(cols)).Id("Next").Params(jen.Id("b").Op("*").Id(batch)).Error().Block(
		jen.If(jen.Id("c").Dot("err").Op("!=").Nil()).Block(jen.Return(jen.Id("c").Dot("err"))),
		jen.List(jen.Id("n"), jen.Err()).Op(":=").Id("c").Dot("c").Dot("rows").Dot("Next").Call(jen.Lit(0)),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		jen.Id("b").Dot("Batch").Op("=").Qual(pqPkg, "Batch").Values(jen.Dict{
			jen.Id("Group"): jen.Id("c").Dot("c").Dot("rows").Dot("Group").Call(),
			jen.Id("Row"):   jen.Id("c").Dot("c").Dot("rows").Dot("Row").Call(),
			jen.Id("Len"):   jen.Id("n"),
		}),
		jen.Id("c").Dot("err").Op("=").Id("c").Dot("c").Dot("read").Call(jen.Id("b"), jen.Id("n")),
		jen.Return(jen.Id("c").Dot("err")),
	)
	f.Line()
	f.Comment("All returns the remaining row groups as an iterator. It yields the same")
	f.Comment("batch each time, refilled: keep what you need before the next one. It")
	f.Comment("stops after the first error, which it yields.")
	f.Func().Params(jen.Id("c").Op("*").Id(cols)).Id("All").Params().Qual("iter", "Seq2").Types(jen.Op("*").Id(batch), jen.Error()).Block(
		jen.Return(jen.Qual(pqPkg, "Batches").Call(jen.Id("c").Dot("Next"))),
	)
	f.Line()
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
