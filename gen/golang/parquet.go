package golang

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/ayeaye-go/ayeaye/gen/diag"
	"github.com/ayeaye-go/ayeaye/gen/ir"
	"github.com/ayeaye-go/ayeaye/gen/naming"
	"github.com/ayeaye-go/ayeaye/runtime/value"
)

// pqDecimal returns the precision and scale of the Parquet DECIMAL column
// of a decimal of type t. Parquet gives a column one precision and one
// scale, and the schema vocabulary declares neither for a decimal ("type":
// "string" or "number" with "format": "decimal" says only that it is
// exact; validation keywords such as multipleOf are refused), so every
// decimal is DECIMAL(38,9), parquetcodec.DecimalPrecision and
// DecimalScale: 29 digits before the point and 9 after. The row field's
// physical type and the writer's conversion follow from the precision
// (pqDecimalType), so a vocabulary that declares them needs only this
// function changed.
func pqDecimal(*ir.Type) (precision, scale int) { return 38, 9 }

// pqDecimalType returns the row field type, struct tag option and
// parquetcodec conversion of a DECIMAL(precision, scale) column: INT32 up
// to 9 digits, INT64 up to 18, else a 16-byte FIXED_LEN_BYTE_ARRAY, as
// the Parquet format recommends.
func pqDecimalType(precision, scale int) (typ jen.Code, tag, conv string) {
	tag = fmt.Sprintf("decimal(%d:%d)", scale, precision)
	switch {
	case precision <= 9:
		return jen.Int32(), tag, "DecimalInt32"
	case precision <= 18:
		return jen.Int64(), tag, "DecimalInt64"
	}
	return jen.Index(jen.Lit(16)).Byte(), tag, "DecimalFixed"
}

// pqDecimalFits says why the default of decimal field f (a JSON string or
// number) does not fit its Parquet column, or returns "".
func pqDecimalFits(f *ir.Field) string {
	if f.Type.Kind != ir.Decimal || len(f.Default) == 0 || strings.TrimSpace(string(f.Default)) == "null" {
		return ""
	}
	text := strings.TrimSpace(string(f.Default))
	var s string
	if json.Unmarshal(f.Default, &s) == nil {
		text = s
	}
	d, err := value.ParseDecimal(text)
	if err != nil {
		return "" // gen/schema reports a default that is not a decimal
	}
	p, sc := pqDecimal(f.Type)
	if r := d.Round(int32(sc)); !r.Equal(d) {
		return fmt.Sprintf("its default %s has more than %d digits after the decimal point, the most its Parquet column DECIMAL(%d,%d) holds", text, sc, p, sc)
	}
	if limit := value.NewDecimal(1, int32(-(p - sc))); d.Abs().Cmp(limit) >= 0 {
		return fmt.Sprintf("its default %s has more than %d digits before the decimal point, the most its Parquet column DECIMAL(%d,%d) holds", text, p-sc, p, sc)
	}
	return ""
}

// A Parquet file is written through a row type: a struct whose fields and
// struct tags spell the dataset's Parquet schema for the Parquet library,
// which maps it to columns once and then copies values without
// reflection. Reading does not use it: generated readers decode columns
// into the record's own types.
//
// Arrays are three-level LIST groups, nullable values optional nodes
// (pointers in the row type), objects groups, enums STRING, date-times
// TIMESTAMP(NANOS) in UTC, dates DATE and decimals DECIMAL with the
// precision and scale pqDecimal gives.
//
// Struct tags can only annotate a field and the elements of its list, so
// a list of lists cannot give its inner elements a logical type, and the
// library's writer mishandles nulls inside lists of lists; checkParquet
// refuses those shapes (an object between the lists lifts both limits).

// pqRow is the name of the row type of object o.
func (g *generator) pqRow(o *ir.Object) string {
	return g.o.Namer.Unexported(g.n.objects[o]) + "Parquet"
}

// checkParquet declares the package-level names of the Parquet API in
// pkg and reports what the Parquet writer cannot hold.
func (g *generator) checkParquet(pkg *naming.Scope) diag.List {
	var diags diag.List
	if !g.has("parquet") {
		return nil
	}
	rec := g.n.record
	declare := func(ident string) {
		if dg := pkg.Declare(ident, g.d.Name, g.d.Pos, "dataset"); dg != nil {
			diags = append(diags, *dg)
		}
	}
	for _, suffix := range []string{"ParquetSpec", "ParquetReader", "ParquetWriter", "ParquetRowGroups", "ParquetColumns", "ParquetBatch", "Column"} {
		declare(rec + suffix)
	}
	for _, fl := range g.d.Record.Fields {
		declare(rec + "Column" + g.n.fields[fl])
		if g.n.fields[fl] == "Batch" {
			diags.Add(fl.Pos, "rename the property, or remove parquet from formats in ayeaye.yaml",
				"property %q: its Go name Batch is taken by the embedded parquetcodec.Batch of %sParquetBatch", fl.Name, rec)
		}
	}
	const hint = "make the inner values non-nullable, wrap them in an object, or remove parquet from formats in ayeaye.yaml"
	// depth counts the lists between a value and its struct field: the
	// Parquet library's struct tags annotate a field and its list's
	// elements only, and its writer mishandles nulls below a list of
	// lists and nullable lists inside lists.
	var walk func(t *ir.Type, depth int, f *ir.Field)
	walk = func(t *ir.Type, depth int, f *ir.Field) {
		switch {
		case depth >= 1 && t.Kind == ir.Array && t.Nullable:
			diags.Add(f.Pos, hint, "property %q: ayeaye-gen cannot write a nullable list inside a list to Parquet", f.Name)
		case depth >= 2 && t.Nullable:
			diags.Add(f.Pos, hint, "property %q: ayeaye-gen cannot write a nullable %s inside a list of lists to Parquet", f.Name, t.Kind)
		case depth >= 2 && (t.Kind == ir.Date || t.Kind == ir.Decimal):
			diags.Add(f.Pos, hint, "property %q: ayeaye-gen cannot annotate a %s inside a list of lists in Parquet", f.Name, t.Kind)
		case t.Kind == ir.Array:
			walk(t.Elem, depth+1, f)
		}
	}
	seen := map[*ir.Object]bool{}
	for _, o := range g.d.Objects() {
		if seen[o] {
			continue
		}
		seen[o] = true
		for _, f := range o.Fields {
			if f.Name == "" || strings.ContainsAny(f.Name, ",") {
				diags.Add(f.Pos, "rename the property, or remove parquet from formats in ayeaye.yaml",
					"property %q: a Parquet column name written by ayeaye-gen cannot be empty or hold a comma", f.Name)
			}
			walk(f.Type, 0, f)
			if v := pqValue(f.Type); f.ParquetEncoding == "delta" && v.Nullable {
				diags.Add(f.Pos, `make the property required, or use "plain"`,
					"property %q: ayeaye-gen cannot delta-encode nullable values in Parquet (the Parquet library takes delta only on values that cannot be null)", f.Name)
			}
			if why := pqDecimalFits(f); why != "" {
				diags.Add(f.Pos, "change the default, or remove parquet from formats in ayeaye.yaml", "property %q: %s", f.Name, why)
			}
		}
	}
	return diags
}

// pqColumnName is the name part of a parquet struct tag; "-" alone would
// mean "skip this field".
func pqColumnName(name string) string {
	if name == "-" {
		return "-,"
	}
	return name
}

// pqShadow returns the row type of a value of t at list depth depth (0
// for a struct field, 1 for the elements of its list, and so on), and the
// tag options that annotate it.
func (g *generator) pqShadow(t *ir.Type, depth int) (typ jen.Code, opts []string) {
	var base jen.Code
	switch t.Kind {
	case ir.String, ir.Enum:
		if t.Kind == ir.String {
			base = jen.String()
		} else {
			base = jen.Id(g.n.enums[t.Enum])
		}
		if depth < 2 {
			opts = append(opts, "dict")
		}
	case ir.Int:
		base = jen.Id(fmt.Sprintf("int%d", t.Bits))
	case ir.Float:
		base = jen.Id(fmt.Sprintf("float%d", t.Bits))
	case ir.Bool:
		base = jen.Bool()
	case ir.DateTime:
		if depth < 2 {
			base = jen.Int64()
			opts = append(opts, "timestamp(nanosecond)")
		} else {
			base = jen.Qual("time", "Time") // TIMESTAMP(NANOS) without a tag
		}
	case ir.Date:
		base = jen.Int32()
		opts = append(opts, "date")
	case ir.Decimal:
		var tag string
		base, tag, _ = pqDecimalType(pqDecimal(t))
		opts = append(opts, tag)
	case ir.Record:
		base = jen.Id(g.pqRow(t.Object))
	case ir.Array:
		elem, _ := g.pqShadow(t.Elem, depth+1)
		if t.Nullable {
			opts = append(opts, "optional")
		}
		return jen.Index().Add(elem), append(opts, "list")
	}
	if t.Nullable {
		return jen.Op("*").Add(base), opts
	}
	return base, opts
}

// pqTag is the struct tag of a row type field.
func (g *generator) pqTag(f *ir.Field) map[string]string {
	t := f.Type
	_, opts := g.pqShadow(t, 0)
	if t.Kind != ir.Array {
		opts = pqEncoded(opts, f.ParquetEncoding)
	}
	tag := map[string]string{"parquet": strings.Join(append([]string{pqColumnName(f.Name)}, opts...), ",")}
	if t.Kind == ir.Array {
		_, eopts := g.pqShadow(t.Elem, 1)
		if eopts = pqEncoded(eopts, f.ParquetEncoding); len(eopts) > 0 {
			tag["parquet-element"] = "," + strings.Join(eopts, ",")
		}
	}
	return tag
}

// pqValue is the type of a field's values: its elements, for a list.
func pqValue(t *ir.Type) *ir.Type {
	if t.Kind == ir.Array {
		return t.Elem
	}
	return t
}

// pqEncodingTags are the struct tag options of x-ayeaye.parquet_encoding.
var pqEncodingTags = map[string]string{"plain": "plain", "byte_stream_split": "split", "dictionary": "dict", "delta": "delta"}

// pqEncoded replaces the default encoding in tag options (dictionary for
// strings) with the one the schema chose.
func pqEncoded(opts []string, encoding string) []string {
	if encoding == "" {
		return opts
	}
	opts = slices.DeleteFunc(slices.Clone(opts), func(o string) bool { return o == "dict" })
	return append(opts, pqEncodingTags[encoding])
}

// pqStorage reports whether a field of type t needs storage in its row
// for the value its pointer field points to.
func pqStorage(t *ir.Type) bool { return t.Nullable && t.Kind != ir.Array }

func (g *generator) emitParquet(f *jen.File) {
	rec := g.n.record
	seen := map[*ir.Object]bool{}
	for _, o := range g.d.Objects() {
		if seen[o] {
			continue
		}
		seen[o] = true
		name := g.pqRow(o)
		var fields, storage []jen.Code
		for i, fl := range o.Fields {
			typ, _ := g.pqShadow(fl.Type, 0)
			fields = append(fields, jen.Id(g.n.fields[fl]).Add(typ).Tag(g.pqTag(fl)))
			if pqStorage(fl.Type) {
				base := *fl.Type
				base.Nullable = false
				btyp, _ := g.pqShadow(&base, 0)
				storage = append(storage, jen.Id(fmt.Sprintf("v%d", i)).Add(btyp))
			}
		}
		if len(storage) > 0 {
			fields = append(fields, jen.Line(), jen.Comment("The values the pointers above point to, so that a row owns them."))
			fields = append(fields, storage...)
		}
		if o == g.d.Record {
			f.Commentf("%s is a %s as a Parquet row.", name, rec)
			f.Commentf("Its fields and struct tags spell the Parquet schema of dataset %q.", g.d.Name)
		} else {
			f.Commentf("%s is a %s in a Parquet row.", name, g.n.objects[o])
		}
		f.Type().Id(name).Struct(fields...)
		f.Line()
	}
	var required []jen.Code
	for _, fl := range g.d.Record.Fields {
		if fl.Required {
			required = append(required, jen.Lit(fl.Name))
		}
	}
	spec := rec + "ParquetSpec"
	f.Commentf("%s is the Parquet layout of dataset %q.", spec, g.d.Name)
	f.Comment("Its Schema method returns the schema files are written with.")
	f.Var().Id(spec).Op("=").Qual(pqPkg, "NewSpec").Types(jen.Id(g.pqRow(g.d.Record))).Call(
		append([]jen.Code{jen.Lit(g.d.Name), jen.Lit(g.d.Fingerprint)}, required...)...)
	f.Line()
	g.emitParquetWriter(f)
	g.emitParquetReader(f)
}

func (g *generator) emitParquetWriter(f *jen.File) {
	rec := g.n.record
	writer := rec + "ParquetWriter"
	row := g.pqRow(g.d.Record)
	f.Commentf("%s writes %s records as a Parquet file.", writer, rec)
	f.Type().Id(writer).Struct(jen.Id("w").Op("*").Qual(pqPkg, "Writer").Types(jen.Id(row)))
	f.Line()
	f.Commentf("New%s returns a writer of a Parquet file to w.", writer)
	f.Comment("o.Compression is the page codec (snappy, zstd, gzip or none; snappy")
	f.Comment("when empty) and o.RowGroupRows the rows per row group")
	f.Comment("(parquetcodec.DefaultRowGroupRows when 0). The file is complete only")
	f.Comment("after Close.")
	f.Func().Id("New"+writer).Params(jen.Id("w").Qual("io", "Writer"), jen.Id("o").Qual(codecPkg, "Options")).Params(jen.Op("*").Id(writer), jen.Error()).Block(
		jen.List(jen.Id("x"), jen.Err()).Op(":=").Qual(pqPkg, "NewWriter").Types(jen.Id(row)).Call(jen.Id("w"), jen.Id(rec+"ParquetSpec"), jen.Id("o")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
		jen.Return(jen.Op("&").Id(writer).Values(jen.Dict{jen.Id("w"): jen.Id("x")}), jen.Nil()),
	)
	f.Line()
	f.Comment("Write writes one record. A value Parquet cannot hold (a date-time")
	f.Comment("outside 1677-2262, a decimal with more digits than its column's")
	f.Comment("precision or scale) is an error and leaves the output as it was")
	f.Comment("before the call.")
	f.Func().Params(jen.Id("w").Op("*").Id(writer)).Id("Write").Params(jen.Id("rec").Op("*").Id(rec)).Error().Block(
		jen.If(jen.Err().Op(":=").Id("w").Dot(pqConvName(row)).Call(jen.Id("w").Dot("w").Dot("Next").Call(), jen.Id("rec"), jen.Lit("")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		jen.Return(jen.Id("w").Dot("w").Dot("Commit").Call()),
	)
	f.Line()
	f.Comment("Close writes the buffered records and the file's footer. It does not")
	f.Comment("close the underlying writer.")
	f.Func().Params(jen.Id("w").Op("*").Id(writer)).Id("Close").Params().Error().Block(jen.Return(jen.Id("w").Dot("w").Dot("Close").Call()))
	f.Line()
	seen := map[*ir.Object]bool{}
	for _, o := range g.d.Objects() {
		if !seen[o] {
			seen[o] = true
			g.emitParquetConv(f, writer, o)
		}
	}
}

func pqConvName(row string) string { return "put" + strings.ToUpper(row[:1]) + row[1:] }

// emitParquetConv writes the method that converts an object into its row
// type; prefix is the object's path in errors ("" for the record).
func (g *generator) emitParquetConv(f *jen.File, writer string, o *ir.Object) {
	row := g.pqRow(o)
	var body []jen.Code
	for i, fl := range o.Fields {
		src := jen.Id("src").Dot(g.n.fields[fl])
		dst := jen.Id("dst").Dot(g.n.fields[fl])
		var storage jen.Code
		if pqStorage(fl.Type) {
			storage = jen.Id("dst").Dot(fmt.Sprintf("v%d", i))
		}
		body = append(body, g.pqPut(fl.Type, src, dst, storage, jen.Id("prefix").Op("+").Lit(fl.Name), 0, 0)...)
	}
	body = append(body, jen.Return(jen.Nil()))
	f.Commentf("%s converts a %s for writing;", pqConvName(row), g.n.objects[o])
	f.Comment("prefix is its path in errors.")
	f.Func().Params(jen.Id("w").Op("*").Id(writer)).Id(pqConvName(row)).Params(
		jen.Id("dst").Op("*").Id(row), jen.Id("src").Op("*").Id(g.n.objects[o]), jen.Id("prefix").String(),
	).Error().Block(body...)
	f.Line()
}

// pqPut converts src, a value of t, into dst, its row type at list depth
// depth. storage holds the value a nullable dst points to. field is the
// path in errors; n numbers the temporaries of nested lists.
func (g *generator) pqPut(t *ir.Type, src, dst, storage, field jen.Code, depth, n int) []jen.Code {
	if t.Nullable && t.Kind != ir.Array {
		// storage is the row's own field, or the list's array: the
		// pointer must not point into the caller's record.
		base := *t
		base.Nullable = false
		cond, val := g.present(src)
		return []jen.Code{jen.If(cond).Block(append(g.pqPut(&base, val, storage, nil, field, depth, n),
			jen.Add(dst).Op("=").Op("&").Add(storage))...,
		).Else().Block(jen.Add(dst).Op("=").Nil())}
	}
	fail := func() jen.Code {
		return jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Id("w").Dot("w").Dot("FieldError").Call(field, jen.Err())))
	}
	switch t.Kind {
	case ir.DateTime:
		if depth >= 2 {
			return []jen.Code{
				jen.If(jen.List(jen.Id("_"), jen.Err()).Op(":=").Qual(pqPkg, "TimeNanos").Call(src), jen.Err().Op("!=").Nil()).Block(
					jen.Return(jen.Id("w").Dot("w").Dot("FieldError").Call(field, jen.Err()))),
				jen.Add(dst).Op("=").Add(src),
			}
		}
		return []jen.Code{jen.Block(
			jen.List(jen.Id("v"), jen.Err()).Op(":=").Qual(pqPkg, "TimeNanos").Call(src), fail(),
			jen.Add(dst).Op("=").Id("v"),
		)}
	case ir.Date:
		return []jen.Code{jen.Add(dst).Op("=").Qual(pqPkg, "DateDays").Call(src)}
	case ir.Decimal:
		p, sc := pqDecimal(t)
		_, _, conv := pqDecimalType(p, sc)
		return []jen.Code{jen.Block(
			jen.List(jen.Id("v"), jen.Err()).Op(":=").Qual(pqPkg, conv).Call(src, jen.Lit(p), jen.Lit(sc)), fail(),
			jen.Add(dst).Op("=").Id("v"),
		)}
	case ir.Record:
		return []jen.Code{jen.If(jen.Err().Op(":=").Id("w").Dot(pqConvName(g.pqRow(t.Object))).Call(jen.Op("&").Add(dst), jen.Op("&").Add(src), jen.Add(field).Op("+").Lit(".")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))}
	case ir.Array:
		return g.pqPutList(t, src, dst, field, depth, n)
	}
	return []jen.Code{jen.Add(dst).Op("=").Add(src)}
}

// pqPutList converts a list, reusing the storage of the row's previous
// list.
func (g *generator) pqPutList(t *ir.Type, src, dst, field jen.Code, depth, n int) []jen.Code {
	list := src
	var out []jen.Code
	if t.Nullable {
		cond, val := g.present(src)
		base := *t
		base.Nullable = false
		inner := g.pqPutList(&base, val, dst, field, depth, n)
		// A present empty list must not be nil, which Parquet writes as null.
		styp, _ := g.pqShadow(&base, depth)
		inner = append(inner, jen.If(jen.Add(dst).Op("==").Nil()).Block(jen.Add(dst).Op("=").Add(styp).Values()))
		return []jen.Code{jen.If(cond).Block(inner...).Else().Block(jen.Add(dst).Op("=").Nil())}
	}
	e := t.Elem
	// A field reuses the storage of the row's previous list; a list
	// element starts from nil.
	reuse := jen.Add(dst)
	if depth == 0 {
		reuse = jen.Add(dst).Index(jen.Empty().Op(":").Lit(0))
	}
	if !pqNeedsConv(e) {
		return []jen.Code{jen.Add(dst).Op("=").Append(reuse, jen.Add(list).Op("..."))}
	}
	j := jen.Id(fmt.Sprintf("j%d", n))
	x := jen.Id(fmt.Sprintf("x%d", n))
	etyp, _ := g.pqShadow(e, depth+1)
	if depth == 0 {
		out = append(out, jen.Add(dst).Op("=").Add(reuse))
	}
	var body []jen.Code
	body = append(body, jen.Var().Add(x).Add(etyp))
	var storage jen.Code
	if e.Nullable && e.Kind != ir.Array {
		// One array per list holds the elements the pointers point to.
		back := jen.Id(fmt.Sprintf("b%d", n))
		base := *e
		base.Nullable = false
		btyp, _ := g.pqShadow(&base, depth+1)
		out = append(out, jen.Add(back).Op(":=").Make(jen.Index().Add(btyp), jen.Len(list)))
		storage = jen.Add(back).Index(j)
	}
	body = append(body, g.pqPut(e, jen.Id(fmt.Sprintf("e%d", n)), x, storage, jen.Add(field).Op("+").Lit("[]"), depth+1, n+1)...)
	body = append(body, jen.Add(dst).Op("=").Append(dst, x))
	jv := j
	if storage == nil {
		jv = jen.Id("_")
	}
	out = append(out, jen.For(jen.List(jv, jen.Id(fmt.Sprintf("e%d", n))).Op(":=").Range().Add(list)).Block(body...))
	if storage != nil {
		return []jen.Code{jen.Block(out...)} // a scope for the array
	}
	return out
}

// pqNeedsConv reports whether a list element of type t must be converted
// to its row type, rather than copied.
func pqNeedsConv(t *ir.Type) bool {
	switch t.Kind {
	case ir.String, ir.Enum, ir.Int, ir.Float, ir.Bool:
		return t.Nullable
	}
	return true
}
