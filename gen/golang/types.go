package golang

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/ayeaye-go/ayeaye/gen/ir"
	"github.com/ayeaye-go/ayeaye/internal/listing"
)

// goType is the Go type of a value of t.
func (g *generator) goType(t *ir.Type) jen.Code {
	base := g.baseType(t)
	if !t.Nullable {
		return base
	}
	if g.o.Nullable == "pointer" {
		return jen.Op("*").Add(base)
	}
	return jen.Qual(valuePkg, "Null").Types(base)
}

func (g *generator) baseType(t *ir.Type) jen.Code {
	switch t.Kind {
	case ir.String:
		return jen.String()
	case ir.Int:
		return jen.Id(fmt.Sprintf("int%d", t.Bits))
	case ir.Float:
		return jen.Id(fmt.Sprintf("float%d", t.Bits))
	case ir.Bool:
		return jen.Bool()
	case ir.DateTime:
		return jen.Qual("time", "Time")
	case ir.Date:
		return jen.Qual(valuePkg, "Date")
	case ir.Decimal:
		return jen.Qual(valuePkg, "Decimal")
	case ir.Enum:
		return jen.Id(g.n.enums[t.Enum])
	case ir.Array:
		return jen.Index().Add(g.goType(t.Elem))
	case ir.Record:
		return jen.Id(g.n.objects[t.Object])
	}
	panic(fmt.Sprintf("golang: unknown kind %d", t.Kind)) // the IR is built by gen/schema; an unknown kind is a bug there
}

// docLines turns text into // comment lines, one per source line.
func docLines(text string) []jen.Code {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil
	}
	var out []jen.Code
	for _, l := range strings.Split(text, "\n") {
		out = append(out, jen.Comment(strings.TrimRight(l, " \t")))
	}
	return out
}

func (g *generator) emitTypes(f *jen.File) {
	seen := map[*ir.Object]bool{}
	for _, o := range g.d.Objects() {
		if seen[o] {
			continue
		}
		seen[o] = true
		name := g.n.objects[o]
		var doc string
		if o == g.d.Record {
			doc = fmt.Sprintf("%s is one record of dataset %q (%s).", name, g.d.Name, g.d.Source)
			if desc := strings.TrimSpace(g.d.Description); desc != "" {
				doc += "\n\n" + desc
			}
		} else {
			doc = fmt.Sprintf("%s is the nested object %s of dataset %q.", name, strings.Join(o.Path, "."), g.d.Name)
			if desc := strings.TrimSpace(o.Description); desc != "" {
				doc += "\n\n" + desc
			}
		}
		var fields []jen.Code
		for i, fl := range o.Fields {
			if i > 0 && fl.Description != "" {
				fields = append(fields, jen.Line())
			}
			fields = append(fields, docLines(fl.Description)...)
			fields = append(fields, jen.Id(g.n.fields[fl]).Add(g.goType(fl.Type)).Tag(map[string]string{"json": fl.Name}))
		}
		for _, l := range strings.Split(doc, "\n") {
			f.Comment(l)
		}
		f.Type().Id(name).Struct(fields...)
		f.Line()
	}
	g.emitEnums(f)
	g.emitFormats(f)
}

func (g *generator) emitEnums(f *jen.File) {
	seen := map[*ir.EnumType]bool{}
	for _, e := range g.d.Enums() {
		if seen[e] {
			continue
		}
		seen[e] = true
		name := g.n.enums[e]
		consts := g.n.values[e]
		f.Commentf("%s is the closed set of values of %s in dataset %q.", name, strings.Join(e.Path, "."), g.d.Name)
		f.Type().Id(name).String()
		f.Line()
		defs := make([]jen.Code, len(e.Values))
		for i, v := range e.Values {
			defs[i] = jen.Id(consts[i]).Id(name).Op("=").Lit(v)
		}
		f.Commentf("The values of %s, in schema order.", name)
		f.Const().Defs(defs...)
		f.Line()
		if len(consts) > enumTableMin {
			g.emitEnumTable(f, name, consts)
			continue
		}
		cases := make([]jen.Code, len(consts))
		for i, c := range consts {
			cases[i] = jen.Id(c)
		}
		f.Comment("Valid reports whether v is one of the values the schema allows.")
		f.Func().Params(jen.Id("v").Id(name)).Id("Valid").Params().Bool().Block(
			jen.Switch(jen.Id("v")).Block(jen.Case(cases...).Block(jen.Return(jen.True()))),
			jen.Return(jen.False()),
		)
		f.Line()
		f.Commentf("%sValues returns every value of %s in schema order.", name, name)
		f.Func().Id(name + "Values").Params().Index().Id(name).Block(
			jen.Return(jen.Index().Id(name).Values(cases...)),
		)
		f.Line()
		// parse keeps decoding allocation-free: switching on string(b)
		// does not copy b.
		var parseCases []jen.Code
		for i, v := range e.Values {
			parseCases = append(parseCases, jen.Case(jen.Lit(v)).Block(jen.Return(jen.Id(consts[i]), jen.True())))
		}
		f.Func().Id("parse"+name).Params(jen.Id("b").Index().Byte()).Params(jen.Id(name), jen.Bool()).Block(
			jen.Switch(jen.String().Parens(jen.Id("b"))).Block(parseCases...),
			jen.Return(jen.Lit(""), jen.False()),
		)
		f.Line()
	}
}

// enumTableMin is the most values an enum has for Valid and parse to be
// switches. Beyond it they look values up in a map built on first use:
// the compiler takes seconds and gigabytes on switches of thousands of
// cases (20,000 took 22 s and 2.3 GB), while a table compiles in
// proportion to its size.
const enumTableMin = 256

// emitEnumTable writes Valid, <Enum>Values and parse<Enum> of a large
// enum over one array of its values and a map built from it on first use.
func (g *generator) emitEnumTable(f *jen.File, name string, consts []string) {
	values, index := "values"+name, "index"+name
	elems := make([]jen.Code, len(consts))
	for i, c := range consts {
		elems[i] = jen.Line().Id(c)
	}
	f.Commentf("%s holds the values of %s in schema order.", values, name)
	f.Var().Id(values).Op("=").Index(jen.Op("...")).Id(name).Values(append(elems, jen.Line())...)
	f.Line()
	f.Commentf("%s finds a value of %s by its text; built on first use.", index, name)
	f.Var().Id(index).Op("=").Qual("sync", "OnceValue").Call(jen.Func().Params().Map(jen.String()).Id(name).Block(
		jen.Id("m").Op(":=").Make(jen.Map(jen.String()).Id(name), jen.Len(jen.Id(values))),
		jen.For(jen.List(jen.Id("_"), jen.Id("v")).Op(":=").Range().Id(values)).Block(
			jen.Id("m").Index(jen.String().Call(jen.Id("v"))).Op("=").Id("v"),
		),
		jen.Return(jen.Id("m")),
	))
	f.Line()
	f.Comment("Valid reports whether v is one of the values the schema allows.")
	f.Func().Params(jen.Id("v").Id(name)).Id("Valid").Params().Bool().Block(
		jen.List(jen.Id("_"), jen.Id("ok")).Op(":=").Id(index).Call().Index(jen.String().Call(jen.Id("v"))),
		jen.Return(jen.Id("ok")),
	)
	f.Line()
	f.Commentf("%sValues returns every value of %s in schema order.", name, name)
	f.Func().Id(name + "Values").Params().Index().Id(name).Block(
		jen.Return(jen.Qual("slices", "Clone").Call(jen.Id(values).Index(jen.Empty().Op(":")))),
	)
	f.Line()
	// Indexing a map with string(b) does not copy b.
	f.Func().Id("parse"+name).Params(jen.Id("b").Index().Byte()).Params(jen.Id(name), jen.Bool()).Block(
		jen.List(jen.Id("v"), jen.Id("ok")).Op(":=").Id(index).Call().Index(jen.String().Call(jen.Id("b"))),
		jen.Return(jen.Id("v"), jen.Id("ok")),
	)
	f.Line()
}

// enumExpected describes an enum's values for error messages.
func enumExpected(e *ir.EnumType) string {
	return "one of " + listing.Quoted(e.Values, ", ")
}

// emitFormats declares the version guard, the record's codec.Codec and
// the Dataset, whose Formats the runtime opens datasets with.
func (g *generator) emitFormats(f *jen.File) {
	f.Comment("This code needs the runtime of the ayeaye-gen that wrote it: if the")
	f.Comment("line below does not compile, run go generate.")
	f.Const().Id("_").Op("=").Qual(codecPkg, guardName)
	f.Line()
	if len(g.textFormats()) > 0 || g.jsonNeeded() {
		g.emitCodec(f)
	}
	g.emitDataset(f)
}

// textFormats lists the generated formats the record's Codec serves.
func (g *generator) textFormats() []jen.Code {
	var formats []jen.Code
	for _, name := range []string{"csv", "tsv", "json", "ndjson"} {
		if g.has(name) {
			formats = append(formats, jen.Lit(name))
		}
	}
	return formats
}

// formatsDecl is the Dataset's Formats: the Codec's, then Parquet's.
func (g *generator) formatsDecl() jen.Code {
	rec := g.n.record
	formats := g.textFormats()
	var table jen.Code = jen.Id(rec + "Codec").Dot("Formats").Call(formats...)
	if len(formats) == 0 {
		table = jen.Index().Qual(codecPkg, "Format").Types(jen.Id(rec)).Values()
	}
	if g.has("parquet") {
		// NewReader buffers the stream in memory; the runtime uses
		// NewReaderAt on a file.
		readerAt := jen.Qual(codecPkg, "ReaderAtFunc").Index(jen.Id(rec)).Call(jen.Id("New" + rec + "ParquetReader"))
		table = jen.Append(table, jen.Qual(codecPkg, "Format").Types(jen.Id(rec)).Values(jen.Dict{
			jen.Id("Name"):        jen.Lit("parquet"),
			jen.Id("NewReader"):   jen.Qual(codecPkg, "ReadAllFunc").Call(readerAt),
			jen.Id("NewReaderAt"): readerAt,
			jen.Id("NewWriter"):   jen.Qual(codecPkg, "WriterFunc").Index(jen.Id(rec)).Call(jen.Id("New" + rec + "ParquetWriter")),
			jen.Id("RowGroups"):   jen.Id(rec + "ParquetRowGroups"),
		}))
	}
	return table
}

// emitDataset declares the dataset's *runtime.Dataset variable. A dataset
// that shares another's record uses that dataset's formats and table.
func (g *generator) emitDataset(f *jen.File) {
	rec := g.n.record
	formats, table := g.formatsDecl(), g.tableDecl() // sql.go; nothing without the sql format
	if g.n.shared {
		formats, table = jen.Id(g.n.owner).Dot("Formats"), jen.Id(g.n.owner).Dot("Table")
	}
	f.Commentf("%s declares dataset %q: models take typed handles from it with", g.n.dataset, g.d.Name)
	f.Commentf("%s.Input() and %s.Output().", g.n.dataset, g.n.dataset)
	if g.n.shared {
		f.Commentf("Its records are %s, the records of dataset %q (x-ayeaye.record in %s).", rec, g.d.RecordOf, g.d.Source)
	}
	f.Var().Id(g.n.dataset).Op("=").Op("&").Qual(runtimePkg, "Dataset").Types(jen.Id(rec)).Values(jen.Dict{
		jen.Id("Name"):        jen.Lit(g.d.Name),
		jen.Id("Fingerprint"): jen.Lit(g.d.Fingerprint),
		jen.Id("EngineURL"):   jen.Lit(g.d.EngineURL),
		jen.Id("Schema"):      rawString(string(g.d.Canonical)),
		jen.Id("Formats"):     formats,
		jen.Id("Table"):       table,
		jen.Id("Record"):      g.recordDecl(), // record.go
	})
}

// guardName is the version guard generated code refers to: the runtime
// defines only its own version's (runtime/codec/version.go).
const guardName = "GeneratedV2RunGoGenerate"

// emitCodec declares <Rec>Codec, the record's columns and per-record
// functions for the text formats.
func (g *generator) emitCodec(f *jen.File) {
	rec := g.n.record
	var d []jen.Code
	if g.delimited() {
		cols := make([]jen.Code, 0, len(g.d.Record.Fields)+1)
		for _, fl := range g.d.Record.Fields {
			c := []jen.Code{kv("Name", jen.Lit(fl.Column))}
			if fl.Required {
				c = append(c, kv("Required", jen.True()))
			}
			cols = append(cols, jen.Line().Values(c...))
		}
		d = append(d,
			kv("Columns", jen.Index().Qual(codecPkg, "Column").Values(append(cols, jen.Line())...)),
			kv("DecodeCSV", jen.Id(csvDecoderName(rec))),
			kv("AppendCSV", jen.Id(csvEncoderName(rec))))
	}
	if g.has("json") || g.has("ndjson") {
		d = append(d, kv("DecodeJSON", jen.Id(decoderName(rec))), kv("AppendJSON", jen.Id(encoderName(rec))))
	}
	f.Commentf("%sCodec reads and writes %s records as text, with or without", rec, rec)
	f.Commentf("the runtime: %sCodec.NewCSVReader(r, o) and the like.", rec)
	var lines []jen.Code
	for _, c := range d {
		lines = append(lines, jen.Line().Add(c))
	}
	f.Var().Id(rec+"Codec").Op("=").Op("&").Qual(codecPkg, "Codec").Types(jen.Id(rec)).Values(append(lines, jen.Line())...)
	f.Line()
}

// rawString is s as a Go raw string literal when it can be one (easier to
// read in generated code), else as an interpreted one.
func rawString(s string) jen.Code {
	if strings.ContainsAny(s, "`\r") {
		return jen.Lit(s)
	}
	return jen.Op("`" + s + "`")
}
