package schema

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ayeaye-go/ayeaye/gen/diag"
	"github.com/ayeaye-go/ayeaye/gen/ir"
	"github.com/ayeaye-go/ayeaye/internal/listing"
)

// jsonTypes are the values of "type" in JSON Schema.
func jsonTypes() []string {
	return []string{"string", "integer", "number", "boolean", "array", "object", "null"}
}

// schema builds the type of the schema n, which sits at path in the role
// given; at is where to report problems about the schema as a whole (its
// property key). It returns a nil type when the schema is broken, after
// reporting why.
func (b *builder) schema(n *node, at diag.Pos, path []string, r role) (*ir.Type, schemaInfo) {
	var info schemaInfo
	if n.kind != objectNode {
		hint := "describe the value with an object such as {\"type\": \"string\"}"
		if n.kind == boolNode {
			hint = "boolean schemas (true/false) are not supported; " + hint
		}
		b.errOn(n, n.pos, hint, "%sthe schema must be an object, not %s", prefix(path), article(n.kind))
		return nil, info
	}
	k := b.keywords(n, r, path)
	if k.title != nil {
		info.title, _ = b.str(k.title, path)
	}
	if k.desc != nil {
		info.desc, _ = b.str(k.desc, path)
	}
	if k.x != nil {
		switch r {
		case roleProperty, roleTop:
			info.x = k.x
		default:
			b.errOn(k.x.value, k.x.keyPos, "put x-ayeaye on the property that uses this schema",
				"%sx-ayeaye is allowed only on properties and at the top level", prefix(path))
		}
	}
	if k.schemaURI != nil {
		b.checkSchemaURI(k.schemaURI)
	}

	var t *ir.Type
	if k.ref != nil && r == roleTop {
		b.errOn(k.ref.value, k.ref.keyPos, "write the record's \"type\": \"object\" and \"properties\" at the top level",
			"\"$ref\" at the top level is not supported")
		return nil, info
	}
	if k.ref != nil {
		for _, other := range []*member{k.typ, k.format, k.enum, k.items, k.properties, k.required, k.additional} {
			if other != nil {
				b.errOn(other.value, other.keyPos, "describe the type in the definition, or drop the $ref",
					"%skeyword %q cannot be combined with \"$ref\"", prefix(path), other.key)
			}
		}
		var d *definition
		t, d = b.ref(k.ref, path)
		if d != nil && info.desc == "" {
			info.desc = d.desc
		}
	} else {
		t = b.typed(n, k, at, path, r)
	}
	if t == nil {
		return nil, info
	}
	if k.dflt != nil {
		if why := matches(k.dflt.value, t); why != "" {
			b.errOn(k.dflt.value, k.dflt.value.pos, fmt.Sprintf("give a default that is %s, or remove it", describeType(t)),
				"%sdefault %s does not match the type: %s", prefix(path), short(canonical(nil, k.dflt.value)), why)
		} else {
			info.dflt = canonical(nil, k.dflt.value)
		}
	}
	return t, info
}

// keywords sorts the members of a schema object into the ones the builder
// interprets, and reports every other one.
func (b *builder) keywords(n *node, r role, path []string) keywords {
	var k keywords
	for i := range n.members {
		m := &n.members[i]
		switch m.key {
		case "type":
			k.typ = m
		case "format":
			k.format = m
		case "enum":
			k.enum = m
		case "items":
			k.items = m
		case "properties":
			k.properties = m
		case "required":
			k.required = m
		case "additionalProperties":
			k.additional = m
		case "$ref":
			k.ref = m
		case "default":
			k.dflt = m
		case "description":
			k.desc = m
		case "title":
			k.title = m
		case "x-ayeaye":
			k.x = m
		case "$schema", "$defs":
			if r != roleTop {
				b.errOn(m.value, m.keyPos, "move it to the top level of the file",
					"%skeyword %q is allowed only at the top level", prefix(path), m.key)
			} else if m.key == "$schema" {
				k.schemaURI = m
			} else {
				k.defs = m
			}
		default:
			if !isAnnotation(m.key) {
				b.unsupported(m, path)
				k.rejected++
			}
		}
	}
	return k
}

func (b *builder) checkSchemaURI(m *member) {
	s, ok := b.str(m, nil)
	if !ok {
		return
	}
	if s != metaSchemaURL && s != metaSchemaURL+"#" {
		b.errOn(m.value, m.value.pos, fmt.Sprintf("use %q (and \"$defs\" rather than \"definitions\"), or remove \"$schema\"", metaSchemaURL),
			"\"$schema\" is %q, but Aye-aye reads JSON Schema draft 2020-12", s)
	}
}

// typed builds a schema that has no $ref.
func (b *builder) typed(n *node, k keywords, at diag.Pos, path []string, r role) *ir.Type {
	if r == roleTop && k.typ == nil {
		b.err(at, "a dataset schema describes one record: add \"type\": \"object\" next to \"properties\"",
			"the schema has no \"type\"")
		return nil
	}
	name, nullable, ok := b.typeName(k, at, path)
	if !ok {
		return nil
	}
	if r == roleTop && (name != "object" || nullable) {
		b.errOn(k.typ.value, k.typ.value.pos, "a dataset schema describes one record: \"type\": \"object\" with \"properties\"",
			"the top-level \"type\" must be \"object\"")
		return nil
	}
	// Keywords that only apply to other types are mistakes, not noise.
	applies := map[string][]string{
		"items":                {"array"},
		"properties":           {"object"},
		"required":             {"object"},
		"additionalProperties": {"object"},
		"format":               {"string", "integer", "number"},
		"enum":                 {"string"},
	}
	for _, m := range []*member{k.items, k.properties, k.required, k.additional, k.format, k.enum} {
		if m != nil && !slices.Contains(applies[m.key], name) {
			b.errOn(m.value, m.keyPos, keywordTypeHint(m.key),
				"%skeyword %q does not apply to type %q", prefix(path), m.key, name)
			return nil
		}
	}
	t := &ir.Type{Nullable: nullable}
	switch name {
	case "string":
		if k.enum != nil {
			if k.format != nil {
				b.errOn(k.format.value, k.format.keyPos, "remove \"format\"; enum values are plain strings",
					"%s\"format\" cannot be combined with \"enum\"", prefix(path))
				return nil
			}
			return b.enum(k, t, path)
		}
		t.Kind = ir.String
		if k.format != nil {
			f, ok := b.str(k.format, path)
			if !ok {
				return nil
			}
			t.Format = f
			switch f {
			case "date-time":
				t.Kind = ir.DateTime
			case "date":
				t.Kind = ir.Date
			case "decimal":
				t.Kind, t.Textual = ir.Decimal, true
			default:
				// The other formats of JSON Schema 2020-12 (email, uri,
				// uuid, ...) annotate a plain string; a name that is no
				// format at all is most likely a typo.
				if !slices.Contains(annotationFormats, f) {
					b.errOn(k.format.value, k.format.value.pos, stringFormatHint(f),
						"%sformat %q is not a string format", prefix(path), f)
					return nil
				}
			}
		}
	case "integer":
		t.Kind, t.Bits = ir.Int, 64
		if k.format != nil {
			f, ok := b.str(k.format, path)
			if !ok {
				return nil
			}
			t.Format = f
			bits := map[string]int{"int8": 8, "int16": 16, "int32": 32, "int64": 64}[f]
			if bits == 0 {
				b.errOn(k.format.value, k.format.value.pos, "use \"int8\", \"int16\", \"int32\" or \"int64\", or remove \"format\" for int64",
					"%sformat %q is not supported for type \"integer\"", prefix(path), f)
				return nil
			}
			t.Bits = bits
		}
	case "number":
		t.Kind, t.Bits = ir.Float, 64
		if k.format != nil {
			f, ok := b.str(k.format, path)
			if !ok {
				return nil
			}
			t.Format = f
			switch f {
			case "float":
				t.Bits = 32
			case "double":
			case "decimal":
				t.Kind, t.Bits = ir.Decimal, 0
			default:
				b.errOn(k.format.value, k.format.value.pos, "use \"float\" (32 bits), \"double\" (64 bits) or \"decimal\" (exact)",
					"%sformat %q is not supported for type \"number\"", prefix(path), f)
				return nil
			}
		}
	case "boolean":
		t.Kind = ir.Bool
	case "array":
		if k.items == nil {
			b.err(at, "describe the elements, e.g. \"items\": {\"type\": \"string\"}", "%san array needs \"items\"", prefix(path))
			return nil
		}
		elem, _ := b.schema(k.items.value, k.items.keyPos, append(slices.Clone(path), "[]"), roleItems)
		if elem == nil {
			return nil
		}
		t.Kind, t.Elem = ir.Array, elem
	case "object":
		t.Kind, t.Object = ir.Record, b.object(n, k, at, path)
	}
	return t
}

func keywordTypeHint(key string) string {
	switch key {
	case "items":
		return "\"items\" describes the elements of \"type\": \"array\"; remove it or change the type"
	case "format":
		return "\"format\" refines \"string\", \"integer\" and \"number\"; remove it"
	case "enum":
		return "enum values must be strings: use \"type\": \"string\", or remove \"type\""
	}
	return fmt.Sprintf("%q belongs to \"type\": \"object\"; remove it or change the type", key)
}

// typeName reads "type": one JSON type, possibly with "null". A schema
// with "enum" and no "type" is a string enum.
func (b *builder) typeName(k keywords, at diag.Pos, path []string) (name string, nullable, ok bool) {
	if k.typ == nil {
		if k.enum != nil {
			return "string", false, true
		}
		if k.rejected > 0 {
			return "", false, false
		}
		b.err(at, "add \"type\": \"string\" (or integer, number, boolean, array, object), or \"$ref\": \"#/$defs/Name\"",
			"%sthe schema has no \"type\"", prefix(path))
		return "", false, false
	}
	v := k.typ.value
	var names []*node
	switch v.kind {
	case stringNode:
		names = []*node{v}
	case arrayNode:
		names = v.items
		if len(names) == 0 {
			b.errOn(v, v.pos, "name one type, e.g. \"string\"", "%s\"type\" is an empty array", prefix(path))
			return "", false, false
		}
	default:
		b.errOn(v, v.pos, "write a type name such as \"string\", or [\"string\", \"null\"]",
			"%s\"type\" must be a string or an array of strings, not %s", prefix(path), article(v.kind))
		return "", false, false
	}
	var others []string
	seen := map[string]bool{}
	for _, tn := range names {
		if tn.kind != stringNode {
			b.errOn(tn, tn.pos, "write a type name such as \"string\"", "%s\"type\" lists %s; it must list type names", prefix(path), article(tn.kind))
			return "", false, false
		}
		if !slices.Contains(jsonTypes(), tn.text) {
			b.errOn(tn, tn.pos, typeHint(tn.text), "%stype %q is not a JSON Schema type", prefix(path), tn.text)
			return "", false, false
		}
		if seen[tn.text] {
			b.errOn(tn, tn.pos, "remove the repeated type", "%stype %q is listed twice", prefix(path), tn.text)
			return "", false, false
		}
		seen[tn.text] = true
		if tn.text == "null" {
			nullable = true
		} else {
			others = append(others, tn.text)
		}
	}
	switch len(others) {
	case 0:
		b.errOn(v, v.pos, "give the value a type, and add \"null\" to allow null: [\"string\", \"null\"]",
			"%stype \"null\" alone holds no data", prefix(path))
		return "", false, false
	case 1:
		return others[0], nullable, true
	}
	b.errOn(v, v.pos, "use one type, or [X, \"null\"] for a value that may be null",
		"%sa union of types (%s) is not supported", prefix(path), listing.QuotedAnd(others))
	return "", false, false
}

// typeHint suggests the JSON Schema spelling of a type name from another
// language.
func typeHint(name string) string {
	const list = "use one of \"string\", \"integer\", \"number\", \"boolean\", \"array\", \"object\""
	switch name {
	case "money", "decimal", "currency", "numeric":
		return "for exact amounts use \"type\": \"string\" with \"format\": \"decimal\""
	case "int", "long", "int8", "int16", "int32", "int64", "short", "bigint":
		return "use \"integer\" (with \"format\": \"int32\" and the like for a narrower width)"
	case "float", "double", "float32", "float64", "real":
		return "use \"number\" (with \"format\": \"float\" for 32 bits)"
	case "bool":
		return "use \"boolean\""
	case "date", "datetime", "date-time", "timestamp", "time":
		return "use \"type\": \"string\" with \"format\": \"date-time\" or \"date\""
	case "map", "dict", "struct", "record":
		return "use \"object\" with \"properties\""
	case "list":
		return "use \"array\" with \"items\""
	case "str", "text":
		return "use \"string\""
	}
	if s := suggest(name, jsonTypes()); s != "" {
		return fmt.Sprintf("did you mean %q?", s)
	}
	return list
}

// enum builds a string enum. Null among the values makes it nullable.
func (b *builder) enum(k keywords, t *ir.Type, path []string) *ir.Type {
	v := k.enum.value
	if v.kind != arrayNode {
		b.errOn(v, v.pos, "list the values: [\"open\", \"closed\"]", "%s\"enum\" must be an array, not %s", prefix(path), article(v.kind))
		return nil
	}
	if len(v.items) == 0 {
		b.errOn(v, v.pos, "list at least one value", "%s\"enum\" is empty", prefix(path))
		return nil
	}
	e := &ir.EnumType{Path: slices.Clone(path)}
	seen := map[string]bool{}
	ok := true
	for _, it := range v.items {
		switch {
		case it.kind == nullNode && k.typ == nil:
			t.Nullable = true
		case it.kind == nullNode && !t.Nullable:
			b.errOn(it, it.pos, "use \"type\": [\"string\", \"null\"] to allow null", "%senum value null needs a nullable type", prefix(path))
			ok = false
		case it.kind == nullNode:
		case it.kind != stringNode:
			b.errOn(it, it.pos, fmt.Sprintf("quote it: %q", string(canonical(nil, it))),
				"%senum value %s is %s; only strings are supported", prefix(path), short(canonical(nil, it)), article(it.kind))
			ok = false
		case it.text == "":
			b.errOn(it, it.pos, "remove it, and make the property nullable if values may be missing", "%senum value is empty", prefix(path))
			ok = false
		case seen[it.text]:
			b.errOn(it, it.pos, "remove the repeated value", "%senum value %q is listed twice", prefix(path), it.text)
			ok = false
		default:
			seen[it.text] = true
			e.Values = append(e.Values, it.text)
		}
	}
	if !ok {
		return nil
	}
	if len(e.Values) == 0 {
		b.errOn(v, v.pos, "list at least one string value", "%s\"enum\" has no string values", prefix(path))
		return nil
	}
	t.Kind, t.Enum = ir.Enum, e
	return t
}

// describeType names a type for messages: "a nullable integer (int32)".
func describeType(t *ir.Type) string {
	s := t.Kind.String()
	switch t.Kind {
	case ir.Int:
		s = fmt.Sprintf("an int%d", t.Bits)
	case ir.Float:
		s = fmt.Sprintf("a float%d number", t.Bits)
	case ir.Decimal:
		if t.Textual {
			s = "a decimal string"
		} else {
			s = "a decimal number"
		}
	case ir.Enum:
		s = "one of " + listing.QuotedAnd(t.Enum.Values)
	case ir.Array:
		s = "an array"
	case ir.Record:
		s = "an object"
	case ir.DateTime:
		s = "a date-time string (RFC 3339)"
	case ir.Date:
		s = "a date string (YYYY-MM-DD)"
	default:
		s = "a " + s
	}
	if t.Nullable {
		s += " or null"
	}
	return s
}

// short shortens a JSON value for a message.
func short(b []byte) string {
	const limit = 40
	if len(b) > limit {
		return strings.ToValidUTF8(string(b[:limit]), "") + "..."
	}
	return string(b)
}

// annotationFormats are the string formats of JSON Schema 2020-12 that
// ayeaye-gen reads as plain strings (it does not enforce them).
var annotationFormats = []string{
	"duration", "email", "hostname", "idn-email", "idn-hostname", "ipv4", "ipv6",
	"iri", "iri-reference", "json-pointer", "regex", "relative-json-pointer",
	"time", "uri", "uri-reference", "uri-template", "uuid",
}

// stringFormatHint names the closest string format and lists them all.
func stringFormatHint(f string) string {
	typed := []string{"date-time", "date", "decimal"}
	list := fmt.Sprintf("%s are read as typed values; %s are plain strings (JSON Schema 2020-12 formats); or remove \"format\"",
		andAll(quoteAll(typed)), andAll(quoteAll(annotationFormats)))
	if s := suggest(f, slices.Concat(typed, annotationFormats)); s != "" {
		return fmt.Sprintf("did you mean %q? %s", s, list)
	}
	return list
}

// andAll joins a short fixed list as "a, b and c", every item; lists that
// grow with the input go through internal/listing, which caps them.
func andAll(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}
