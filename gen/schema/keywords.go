package schema

import (
	"fmt"
	"strings"

	textsuggest "github.com/ayeaye-go/ayeaye/internal/suggest"
)

// role is where a schema sits in the document; it decides which keywords
// make sense there.
type role int

const (
	roleTop      role = iota + 1 // the document: the dataset's record
	roleProperty                 // a value of "properties"
	roleItems                    // the value of "items"
	roleDef                      // a value of "$defs"
)

// keywords holds the members of one schema object that the builder
// interprets. Collecting them first lets the builder check combinations
// (format without type, items on a string) before building anything.
type keywords struct {
	typ, format, enum, items                   *member
	properties, required, additional           *member
	ref, dflt, desc, title, x, schemaURI, defs *member
	// rejected counts keywords reported as unsupported; a schema made of
	// oneOf and friends is not also told that it lacks a type.
	rejected int
}

// annotations are keywords that only describe; they are allowed anywhere
// and change nothing in the generated code. The meta-schema checks their
// shape.
func isAnnotation(key string) bool {
	switch key {
	case "$comment", "examples", "deprecated", "readOnly", "writeOnly", "$id":
		return true
	}
	return false
}

// knownKeywords lists every keyword the builder understands, for "did you
// mean" suggestions.
func knownKeywords() []string {
	return []string{
		"type", "format", "enum", "items", "properties", "required", "additionalProperties",
		"$ref", "$defs", "$schema", "$id", "$comment", "title", "description", "default",
		"examples", "deprecated", "readOnly", "writeOnly", "x-ayeaye",
	}
}

const (
	validationHint  = "Aye-aye does not enforce validation keywords yet; remove it, or move the rule into a model's pre-build check"
	applicatorHint  = "Aye-aye needs one concrete type per property; use a single \"type\", an \"enum\" of strings, or \"type\": [X, \"null\"] for a value that may be null"
	propertiesHint  = "list every property under \"properties\""
	itemsHint       = "describe every element with one \"items\" schema"
	refHint         = "refer to shared schemas with \"$ref\": \"#/$defs/Name\""
	unsupportedKind = "keyword %q is not supported"
)

// keywordHint says why a JSON Schema keyword Aye-aye does not implement is
// rejected and what to do instead; ok is false for words that are not JSON
// Schema 2020-12 keywords at all.
func keywordHint(key string) (hint string, ok bool) {
	switch key {
	case "const", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
		"minLength", "maxLength", "pattern", "minItems", "maxItems", "uniqueItems",
		"minProperties", "maxProperties", "dependentRequired", "minContains", "maxContains",
		"contentEncoding", "contentMediaType", "contentSchema":
		return validationHint, true
	case "allOf", "anyOf", "oneOf", "not", "if", "then", "else":
		return applicatorHint, true
	case "patternProperties", "propertyNames", "unevaluatedProperties", "dependentSchemas", "dependencies":
		return propertiesHint, true
	case "prefixItems", "contains", "unevaluatedItems", "additionalItems":
		return itemsHint, true
	case "$anchor", "$dynamicRef", "$dynamicAnchor", "$recursiveRef", "$recursiveAnchor", "$vocabulary":
		return refHint, true
	case "definitions":
		return "draft 2020-12 calls it \"$defs\"; rename it (and refer to \"#/$defs/Name\")", true
	case "nullable":
		return "this is OpenAPI 3.0; in JSON Schema write \"type\": [X, \"null\"]", true
	}
	return "", false
}

// unsupported reports a keyword the builder does not interpret.
func (b *builder) unsupported(m *member, path []string) {
	if hint, ok := keywordHint(m.key); ok {
		b.errOn(m.value, m.keyPos, hint, "%s"+unsupportedKind, prefix(path), m.key)
		return
	}
	if strings.HasPrefix(m.key, "x-") {
		b.errOn(m.value, m.keyPos, "Aye-aye reads only the x-ayeaye extension; remove it",
			"%sextension keyword %q is not supported", prefix(path), m.key)
		return
	}
	hint := "remove it; Aye-aye reads JSON Schema 2020-12 keywords and x-ayeaye"
	if s := suggest(m.key, knownKeywords()); s != "" {
		hint = fmt.Sprintf("did you mean %q?", s)
	}
	b.errOn(m.value, m.keyPos, hint, "%sunknown keyword %q", prefix(path), m.key)
}

// prefix starts a message about the schema at path: "" for the record,
// `property "lines[].sku": ` for fields, `definition "Address": ` for
// definitions.
func prefix(path []string) string {
	if len(path) == 0 {
		return ""
	}
	return subject(path) + ": "
}

// subject names the schema at path for a message.
func subject(path []string) string {
	if len(path) == 0 {
		return "the record"
	}
	if path[0] == "$defs" && len(path) >= 2 {
		s := fmt.Sprintf("definition %q", path[1])
		if len(path) > 2 {
			s += fmt.Sprintf(", property %q", displayPath(path[2:]))
		}
		return s
	}
	return fmt.Sprintf("property %q", displayPath(path))
}

// displayPath writes a property path the way people write it in code:
// "customer.address", "lines[].sku".
func displayPath(path []string) string {
	var b strings.Builder
	for i, p := range path {
		if p == "[]" {
			b.WriteString("[]")
			continue
		}
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(p)
	}
	return b.String()
}

// suggest returns the candidate closest to word when it is close enough
// to be a likely typo, else "".
func suggest(word string, candidates []string) string {
	best, bestDist := "", 0
	for _, c := range candidates {
		// Long keywords are no typos of short ones: skip the quadratic
		// distance for hostile input.
		if len(word) > 64 {
			break
		}
		d := textsuggest.Distance(strings.ToLower(word), strings.ToLower(c))
		if best == "" || d < bestDist {
			best, bestDist = c, d
		}
	}
	if best == "" || bestDist > 2 || bestDist*2 > len(word) {
		return ""
	}
	return best
}
