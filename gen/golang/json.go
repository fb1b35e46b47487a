package golang

import (
	"fmt"
	"sort"

	"github.com/dave/jennifer/jen"

	"github.com/ayeaye-go/ayeaye/gen/ir"
	"github.com/ayeaye-go/ayeaye/internal/listing"
	"github.com/ayeaye-go/ayeaye/runtime/codec"
)

// emitJSON writes, for every object, a decoder from the JSON lexer and an
// encoder that appends JSON. The record's pair goes into its codec.Codec
// (emitCodec): codec.JSONReader and codec.JSONWriter do the rest, for
// JSON array documents and NDJSON alike.
func (g *generator) emitJSON(f *jen.File) {
	seen := map[*ir.Object]bool{}
	for _, o := range g.d.Objects() {
		if seen[o] {
			continue
		}
		seen[o] = true
		g.emitObjectDecoder(f, o)
		g.emitObjectEncoder(f, o)
	}
}

func decoderName(obj string) string { return "decode" + obj + "JSON" }
func encoderName(obj string) string { return "append" + obj + "JSON" }

// zeroRecord is the value a decoder starts an object from: the zero
// value, with the schema's defaults filled in.
func (g *generator) zeroRecord(o *ir.Object) jen.Code {
	d := jen.Dict{}
	for _, fl := range o.Fields {
		if fl.Default != nil {
			if lit := g.defaultValue(fl); lit != nil {
				d[jen.Id(g.n.fields[fl])] = lit
			}
		}
	}
	return jen.Id(g.n.objects[o]).Values(d)
}

func (g *generator) emitObjectDecoder(f *jen.File, o *ir.Object) {
	name := g.n.objects[o]
	var body []jen.Code
	body = append(body,
		jen.Op("*").Id("rec").Op("=").Add(g.zeroRecord(o)),
		jen.Id("objStart").Op(":=").Id("lx").Dot("Pos").Call(),
		jen.If(jen.Err().Op(":=").Id("lx").Dot("BeginObject").Call(jen.Id("field")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
	)
	n := len(o.Fields)
	// seen has one bit per field: a key given twice is an error, and a
	// required key never seen is missing.
	switch {
	case n == 0:
		body = append(body, jen.Id("_").Op("=").Id("objStart"))
	case n <= 64:
		body = append(body, jen.Var().Id("seen").Uint64())
	default:
		body = append(body, jen.Var().Id("seen").Index(jen.Lit((n+63)/64)).Uint64())
	}
	var cases []jen.Code
	for k, fl := range o.Fields {
		word, bit := seenBit(k, n)
		stmts := []jen.Code{
			jen.If(jen.Add(word).Op("&").Parens(bit).Op("!=").Lit(0)).Block(
				jen.Return(jen.Id("lx").Dot("DuplicateKey").Call(jen.Id("objStart"), jen.Id("key"))),
			),
			jen.Add(word).Op("|=").Add(bit),
		}
		stmts = append(stmts, g.jsonDecodeValue(fl.Type, jen.Id("rec").Dot(g.n.fields[fl]), fl.Name, 0, false)...)
		cases = append(cases, jen.Case(jen.Lit(fl.Name)).Block(stmts...))
	}
	var def jen.Code = jen.If(jen.Err().Op(":=").Id("lx").Dot("Skip").Call(), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
	if o.Closed {
		keys := make([]string, len(o.Fields))
		for i, fl := range o.Fields {
			keys[i] = fl.Name
		}
		sort.Strings(keys)
		def = jen.Return(jen.Id("lx").Dot("UnknownKey").Call(jen.Id("key"), jen.Lit(listing.Quoted(keys, ", "))))
	}
	cases = append(cases, jen.Default().Block(def))
	body = append(body, jen.For(jen.Id("i").Op(":=").Lit(0), jen.Empty(), jen.Id("i").Op("++")).Block(
		jen.List(jen.Id("key"), jen.Id("ok"), jen.Err()).Op(":=").Id("lx").Dot("Key").Call(jen.Id("i")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		jen.If(jen.Op("!").Id("ok")).Block(jen.Break()),
		jen.Switch(jen.String().Parens(jen.Id("key"))).Block(cases...),
	))
	for k, fl := range o.Fields {
		if fl.Required {
			word, bit := seenBit(k, n)
			body = append(body, jen.If(jen.Add(word).Op("&").Parens(bit).Op("==").Lit(0)).Block(jen.Return(jen.Id("lx").Dot("Missing").Call(jen.Lit(fl.Name)))))
		}
	}
	body = append(body, jen.Return(jen.Nil()))
	f.Commentf("%s reads one %s object; field names it in errors (\"\" at the top).", decoderName(name), name)
	f.Func().Id(decoderName(name)).Params(jen.Id("lx").Op("*").Qual(codecPkg, "JSONLexer"), jen.Id("field").String(), jen.Id("rec").Op("*").Id(name)).Error().Block(body...)
	f.Line()
}

// seenBit is the word of the decoder's seen bitmask that holds field k of
// n, and that field's bit in it.
func seenBit(k, n int) (word, bit jen.Code) {
	word = jen.Id("seen")
	if n > 64 {
		word = jen.Id("seen").Index(jen.Lit(k / 64))
	}
	return word, jen.Lit(1).Op("<<").Lit(k % 64)
}

// jsonDecodeValue reads a value of type t into target. depth names the
// temporaries of nested arrays apart.
func (g *generator) jsonDecodeValue(t *ir.Type, target jen.Code, field string, depth int, inCSV bool) []jen.Code {
	lx := func() *jen.Statement { return jen.Id("lx") }
	ret := func(e jen.Code) jen.Code { return jen.Return(e) }
	v := jen.Id(fmt.Sprintf("v%d", depth))
	base := *t
	base.Nullable = false
	var decode []jen.Code
	checkErr := jen.If(jen.Err().Op("!=").Nil()).Block(ret(jen.Err()))
	switch t.Kind {
	case ir.String:
		decode = []jen.Code{
			jen.List(v, jen.Err()).Op(":=").Add(lx()).Dot("Text").Call(jen.Lit(field)),
			checkErr,
			g.assign(t, target, v),
		}
	case ir.Enum:
		name := g.n.enums[t.Enum]
		decode = []jen.Code{
			jen.Id("start").Op(":=").Add(lx()).Dot("Offset").Call(),
			jen.List(jen.Id("s"), jen.Err()).Op(":=").Add(lx()).Dot("String").Call(jen.Lit(field)),
			checkErr,
			jen.List(v, jen.Id("ok")).Op(":=").Id("parse" + name).Call(jen.Id("s")),
			jen.If(jen.Op("!").Id("ok")).Block(ret(lx().Dot("Errorf").Call(jen.Id("start"), jen.Lit(field), jen.Lit(enumExpected(t.Enum)), jen.Id("s")))),
			g.assign(t, target, v),
		}
	case ir.Int, ir.Float, ir.Bool, ir.DateTime, ir.Date, ir.Decimal:
		var call jen.Code
		var val jen.Code = v
		switch t.Kind {
		case ir.Int:
			call = lx().Dot("Int").Call(jen.Lit(field), jen.Lit(t.Bits))
			if t.Bits != 64 {
				val = jen.Id(fmt.Sprintf("int%d", t.Bits)).Call(v)
			}
		case ir.Float:
			call = lx().Dot("Float").Call(jen.Lit(field), jen.Lit(t.Bits))
			if t.Bits != 64 {
				val = jen.Float32().Call(v)
			}
		case ir.Bool:
			call = lx().Dot("Bool").Call(jen.Lit(field))
		case ir.DateTime:
			call = lx().Dot("Time").Call(jen.Lit(field))
		case ir.Date:
			call = lx().Dot("Date").Call(jen.Lit(field))
		case ir.Decimal:
			call = lx().Dot("Decimal").Call(jen.Lit(field))
		}
		decode = []jen.Code{jen.List(v, jen.Err()).Op(":=").Add(call), checkErr, g.assign(t, target, val)}
	case ir.Record:
		name := g.n.objects[t.Object]
		if t.Nullable {
			decode = []jen.Code{
				jen.Var().Add(v).Id(name),
				jen.If(jen.Err().Op(":=").Id(decoderName(name)).Call(lx(), jen.Lit(field), jen.Op("&").Add(v)), jen.Err().Op("!=").Nil()).Block(ret(jen.Err())),
				g.assign(t, target, v),
			}
		} else {
			decode = []jen.Code{
				jen.If(jen.Err().Op(":=").Id(decoderName(name)).Call(lx(), jen.Lit(field), jen.Op("&").Add(target)), jen.Err().Op("!=").Nil()).Block(ret(jen.Err())),
			}
		}
	case ir.Array:
		j := jen.Id(fmt.Sprintf("j%d", depth))
		e := jen.Id(fmt.Sprintf("e%d", depth))
		list := target
		if t.Nullable {
			list = v
			decode = append(decode, jen.Var().Add(v).Add(g.goType(&base)))
		}
		decode = append(decode,
			jen.If(jen.Err().Op(":=").Add(lx()).Dot("BeginArray").Call(jen.Lit(field)), jen.Err().Op("!=").Nil()).Block(ret(jen.Err())),
			jen.For(jen.Add(j).Op(":=").Lit(0), jen.Empty(), jen.Add(j).Op("++")).Block(
				jen.List(jen.Id("more"), jen.Err()).Op(":=").Add(lx()).Dot("Elem").Call(j),
				jen.If(jen.Err().Op("!=").Nil()).Block(ret(jen.Err())),
				jen.If(jen.Op("!").Id("more")).Block(jen.Break()),
				jen.Var().Add(e).Add(g.goType(t.Elem)),
				jen.Block(g.jsonDecodeValue(t.Elem, e, field, depth+1, inCSV)...),
				jen.Add(list).Op("=").Append(list, e),
			),
			// An empty array reads back as empty, not as nil.
			jen.If(jen.Add(list).Op("==").Nil()).Block(jen.Add(list).Op("=").Add(g.goType(&base)).Values()),
		)
		if t.Nullable {
			decode = append(decode, g.assign(t, target, v))
		}
	}
	if t.Nullable {
		return []jen.Code{jen.If(jen.Op("!").Add(lx()).Dot("Null").Call()).Block(decode...)}
	}
	return decode
}

func (g *generator) emitObjectEncoder(f *jen.File, o *ir.Object) {
	name := g.n.objects[o]
	b := jen.Id("b")
	var body []jen.Code
	for _, fl := range o.Fields {
		if fallible(fl.Type) {
			body = []jen.Code{jen.Var().Err().Error()}
			break
		}
	}
	for i, fl := range o.Fields {
		prefix := ","
		if i == 0 {
			prefix = "{"
		}
		key := prefix + string(codec.AppendJSONString(nil, fl.Name)) + ":"
		body = append(body, jen.Add(b).Op("=").Append(b, jen.Lit(key).Op("...")))
		body = append(body, g.jsonEncodeValue(fl.Type, jen.Id("rec").Dot(g.n.fields[fl]), b, fl.Name, 0, false)...)
	}
	if len(o.Fields) == 0 {
		body = append(body, jen.Add(b).Op("=").Append(b, jen.LitRune('{')))
	}
	body = append(body, jen.Return(jen.Append(b, jen.LitRune('}')), jen.Nil()))
	f.Commentf("%s appends rec to b as a JSON object.", encoderName(name))
	f.Func().Id(encoderName(name)).Params(jen.Id("b").Index().Byte(), jen.Id("rec").Op("*").Id(name)).Params(jen.Index().Byte(), jen.Error()).Block(body...)
	f.Line()
}

// fallible reports whether encoding a value of t as JSON can fail: NaN
// and infinite floats cannot be written.
func fallible(t *ir.Type) bool {
	switch t.Kind {
	case ir.Float, ir.Record:
		return true
	case ir.Array:
		return fallible(t.Elem)
	}
	return false
}

// jsonEncodeValue appends v, of type t, to the byte slice buf.
func (g *generator) jsonEncodeValue(t *ir.Type, v, buf jen.Code, field string, depth int, inCSV bool) []jen.Code {
	ret := func(e jen.Code) jen.Code {
		if inCSV {
			// codec.DelimitedWriter discards the fields written so far.
			return jen.Return(e)
		}
		return jen.Return(buf, e)
	}
	set := func(val jen.Code) jen.Code { return jen.Add(buf).Op("=").Add(val) }
	if t.Nullable {
		base := *t
		base.Nullable = false
		cond, val := g.present(v)
		return []jen.Code{jen.If(cond).Block(g.jsonEncodeValue(&base, val, buf, field, depth, inCSV)...).Else().Block(
			set(jen.Append(buf, jen.Lit("null").Op("..."))),
		)}
	}
	quoted := func(appendCall jen.Code) []jen.Code {
		return []jen.Code{
			set(jen.Append(buf, jen.LitRune('"'))),
			set(appendCall),
			set(jen.Append(buf, jen.LitRune('"'))),
		}
	}
	switch t.Kind {
	case ir.String:
		return []jen.Code{set(jen.Qual(codecPkg, "AppendJSONString").Call(buf, v))}
	case ir.Enum:
		return []jen.Code{set(jen.Qual(codecPkg, "AppendJSONString").Call(buf, jen.String().Call(v)))}
	case ir.Int:
		if t.Bits != 64 {
			v = jen.Int64().Call(v)
		}
		return []jen.Code{set(jen.Qual("strconv", "AppendInt").Call(buf, v, jen.Lit(10)))}
	case ir.Float:
		if t.Bits != 64 {
			v = jen.Float64().Call(v)
		}
		return []jen.Code{
			jen.If(jen.List(buf, jen.Err()).Op("=").Qual(codecPkg, "AppendJSONFloat").Call(buf, v, jen.Lit(t.Bits)), jen.Err().Op("!=").Nil()).Block(
				ret(jen.Qual(codecPkg, "WriteError").Call(jen.Lit(field), jen.Err())),
			),
		}
	case ir.Bool:
		return []jen.Code{set(jen.Qual("strconv", "AppendBool").Call(buf, v))}
	case ir.DateTime:
		return quoted(jen.Qual(codecPkg, "AppendTime").Call(buf, v))
	case ir.Date:
		return quoted(receiver(v).Dot("Append").Call(buf))
	case ir.Decimal:
		if t.Textual {
			return quoted(receiver(v).Dot("Append").Call(buf))
		}
		return []jen.Code{set(receiver(v).Dot("Append").Call(buf))}
	case ir.Record:
		name := g.n.objects[t.Object]
		return []jen.Code{
			jen.If(jen.List(buf, jen.Err()).Op("=").Id(encoderName(name)).Call(buf, jen.Op("&").Add(v)), jen.Err().Op("!=").Nil()).Block(ret(jen.Err())),
		}
	case ir.Array:
		j := jen.Id(fmt.Sprintf("j%d", depth))
		e := jen.Id(fmt.Sprintf("e%d", depth))
		return []jen.Code{
			set(jen.Append(buf, jen.LitRune('['))),
			jen.For(jen.List(j, e).Op(":=").Range().Add(v)).Block(
				jen.If(jen.Add(j).Op(">").Lit(0)).Block(set(jen.Append(buf, jen.LitRune(',')))),
				jen.Block(g.jsonEncodeValue(t.Elem, e, buf, field, depth+1, inCSV)...),
			),
			set(jen.Append(buf, jen.LitRune(']'))),
		}
	}
	return nil
}
