package infer

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ayeaye-go/ayeaye/gen/naming"
)

// builder turns what was seen into schema documents and notes.
type builder struct {
	o      Options
	inputs []Input
	namer  *naming.Namer
	notes  []Note
}

func (b *builder) note(file int, path, format string, args ...any) {
	b.notes = append(b.notes, Note{File: b.inputs[file].Name, Column: path, Message: fmt.Sprintf(format, args...)})
}

// object returns the "required" and "properties" of an object's schema;
// ok is false when no column could become a property.
func (b *builder) object(o *object, top bool) (required []any, props doc, ok bool) {
	names := b.names(o)
	for i, c := range o.cols {
		n := names[i]
		if n.name == "" {
			continue
		}
		s, ok := b.typeOf(c)
		if !ok {
			continue
		}
		var x doc
		if n.column != "" {
			x = x.add("column", n.column)
		}
		// A nested value in the record is stored as JSON text in CSV and
		// TSV, so the schema works with every format the project uses.
		if top && (s.get("items") != nil || s.get("properties") != nil) {
			x = x.add("json_encoded", true)
		}
		if len(x) > 0 {
			s = s.add("x-ayeaye", x)
		}
		props = props.add(n.name, s)
		if c.present == o.records {
			required = append(required, n.name)
		} else if top && c.missingFile >= 0 {
			b.note(c.missingFile, c.path, "not required, because this file has no such column")
		}
	}
	return required, props, len(props) > 0
}

// typed is {"type": name} or {"type": [name, "null"]}.
func typed(name string, nullable bool) doc {
	if nullable {
		return doc{{"type", []any{name, "null"}}}
	}
	return doc{{"type", name}}
}

// typeOf chooses the schema of a column; ok is false when the column must
// be left out (noted).
func (b *builder) typeOf(c *column) (s doc, ok bool) {
	nullable := c.nulls > 0
	nn := c.nonNull()
	switch {
	case nn == 0 && c.nulls > 0:
		b.note(c.firstFile, c.path, "chose string: every value is empty or null, so the type is unknown")
		return typed("string", true), true
	case nn == 0:
		b.note(c.firstFile, c.path, "chose string: the sample has no values, so the type is unknown")
		return typed("string", false), true
	case c.objects == nn:
		required, props, ok := b.object(c.obj, false)
		if !ok {
			b.note(c.firstFile, c.path, "left out: every value is an empty object, so its properties are unknown; add the property by hand")
			return nil, false
		}
		s = typed("object", nullable)
		if len(required) > 0 {
			s = s.add("required", required)
		}
		return s.add("properties", props), true
	case c.arrays == nn:
		if c.elem == nil || c.elem.nonNull()+c.elem.nulls == 0 {
			b.note(c.firstFile, c.path, "chose an array of strings: every array is empty, so the element type is unknown")
			return typed("array", nullable).add("items", typed("string", false)), true
		}
		items, ok := b.typeOf(c.elem)
		if !ok {
			return nil, false
		}
		return typed("array", nullable).add("items", items), true
	case c.objects > 0 || c.arrays > 0:
		b.note(c.first.file, c.path, "chose string: the values mix %s; a JSON reader accepts only strings for a string property, so make the values one kind",
			kinds(c))
		return typed("string", nullable), true
	}
	return b.scalar(c, nullable), true
}

// scalar chooses the type of a column whose values are all scalars: the
// narrowest candidate every value fits, else string.
func (b *builder) scalar(c *column, nullable bool) doc {
	for k := range numCandidates {
		if c.fit[k] != c.values {
			continue
		}
		switch k {
		case cInteger:
			return typed("integer", nullable)
		case cNumber:
			return b.number(c, nullable)
		case cBoolean:
			return typed("boolean", nullable)
		case cDate:
			return typed("string", nullable).add("format", "date")
		case cDateTime:
			return typed("string", nullable).add("format", "date-time")
		}
	}
	if c.numericStrings == c.values && c.jsonStrings == c.values {
		// Integers in strings are usually identifiers and rightly strings;
		// fraction digits in strings are usually exact amounts.
		if c.scale > 0 {
			if b.o.Decimal {
				return typed("string", nullable).add("format", "decimal")
			}
			b.note(c.numericEx.file, c.path, "chose string: the values are decimal numbers written as JSON strings (e.g. %q); -decimal reads them as exact decimals (format: decimal)", c.numericEx.text)
			return typed("string", nullable)
		}
	}
	if e := b.enum(c, nullable); e != nil {
		return e
	}
	b.whyString(c)
	return typed("string", nullable)
}

// number is a number column: a float, or with -decimal an exact decimal
// when every value has the same number of fraction digits.
func (b *builder) number(c *column, nullable bool) doc {
	if c.bigInt > 0 {
		b.note(c.bigIntEx.file, c.path, "chose number: %s too large for a 64-bit integer (e.g. %q), which a number holds only approximately",
			count(c.bigInt, "value is", "values are"), c.bigIntEx.text)
	}
	// One value with fraction digits says little; several with the same
	// number of them look like prices.
	if c.scale > 0 && c.bigInt == 0 && c.values > 1 {
		if b.o.Decimal {
			return typed("number", nullable).add("format", "decimal")
		}
		b.note(c.scaleEx.file, c.path, "chose number: every value has %s (e.g. %q), as exact amounts such as prices do; -decimal makes it an exact decimal (format: decimal) instead of a float",
			count(c.scale, "fraction digit", "fraction digits"), c.scaleEx.text)
	}
	return typed("number", nullable)
}

// enum makes a string column an enum when -enums asks for it and the
// column has few distinct values, each seen twice on average; nil when it
// does not qualify.
func (b *builder) enum(c *column, nullable bool) doc {
	n := len(c.distinct)
	if b.o.Enums == 0 || c.enumOff || n == 0 || c.jsonNumbers+c.jsonBools > 0 || c.values < 2*n {
		return nil
	}
	values := slices.Clone(c.distinct)
	slices.Sort(values)
	// The generator names a constant per value; values that make the
	// same name would be refused.
	seen := map[string]string{}
	for _, v := range values {
		ident := b.namer.Join("x", v)
		if prev, clash := seen[ident]; clash {
			b.note(c.first.file, c.path, "not an enum: the values %q and %q would get the same Go constant name", prev, v)
			return nil
		}
		seen[ident] = v
	}
	list := make([]any, 0, n+1)
	for _, v := range values {
		list = append(list, v)
	}
	if nullable {
		list = append(list, nil)
	}
	return typed("string", nullable).add("enum", list)
}

// whyString notes why a column that looked partly like a narrower type
// became a string. Columns that are plainly text get no note.
func (b *builder) whyString(c *column) {
	switch {
	case c.jsonNumbers+c.jsonBools > 0:
		b.note(c.first.file, c.path, "chose string: the values mix %s; a JSON reader accepts only strings for a string property, so make the values one kind",
			kinds(c))
	case c.leadingZero > 0 && (c.fit[cInteger]+c.leadingZero == c.values || c.fit[cNumber]+c.leadingZero == c.values):
		b.note(c.leadingZeroEx.file, c.path, "chose string: %s leading zeros (e.g. %q), which a number would drop; values like these are codes or identifiers",
			count(c.leadingZero, "value has", "values have"), c.leadingZeroEx.text)
	case c.bigInt > 0 && c.fit[cInteger]+c.bigInt+c.leadingZero == c.values:
		b.note(c.bigIntEx.file, c.path, "chose string: %s too large for a 64-bit integer (e.g. %q); a string keeps every digit",
			count(c.bigInt, "value is", "values are"), c.bigIntEx.text)
	case c.naive > 0 && c.naive+c.fit[cDateTime] == c.values:
		b.note(c.naiveEx.file, c.path, "chose string: %s without a zone offset (e.g. %q); date-time needs RFC 3339 with an offset, such as \"2026-01-02T10:00:00Z\"",
			count(c.naive, "value is a timestamp", "values are timestamps"), c.naiveEx.text)
	case c.yesNo == c.values:
		b.note(c.first.file, c.path, "chose string: the values are yes/no flags (e.g. %q); a boolean reads only true and false", c.first.text)
	default:
		if k, ok := c.allFitBut(c.quotedEmpty); ok {
			b.note(c.quotedEmptyEx.file, c.path, "chose string: %s, but %s quoted empty (\"\"), which only a string holds; leave empty values unquoted to make it a nullable %s",
				lookLike(c.fit[k], k), count(c.quotedEmpty, "is", "are"), typeName[k])
			return
		}
		if k, ok := c.allFitBut(c.nullMarkers); ok {
			b.note(c.nullMarkerEx.file, c.path, "chose string: %s, but %s like %q; readers take only an empty field as null, so leave missing values empty to make it a nullable %s",
				lookLike(c.fit[k], k), count(c.nullMarkers, "is a null marker", "are null markers"), c.nullMarkerEx.text, typeName[k])
			return
		}
		k, ok := c.closest()
		if !ok {
			return
		}
		b.note(c.misfit[k].file, c.path, "chose string: %s, %s not (e.g. %q)",
			lookLike(c.fit[k], k), count(c.values-c.fit[k], "does", "do"), c.misfit[k].text)
	}
}

var typeName = [numCandidates]string{
	cInteger: "integer", cNumber: "number", cBoolean: "boolean", cDate: "date", cDateTime: "date-time",
}

// allFitBut reports a candidate that every value fits except the n
// values of one special kind (quoted empty strings, null markers).
func (c *column) allFitBut(n int) (candidate, bool) {
	if n == 0 {
		return 0, false
	}
	for k := range numCandidates {
		if c.fit[k] > 0 && c.fit[k]+n == c.values {
			return k, true
		}
	}
	return 0, false
}

// closest is the candidate most values fit, when some but not all do.
func (c *column) closest() (candidate, bool) {
	best, n := candidate(0), 0
	for k := range numCandidates {
		if c.fit[k] > n && c.fit[k] < c.values {
			best, n = k, c.fit[k]
		}
	}
	return best, n > 0
}

// lookLike says "3 values look like dates" or "1 value looks like a date".
func lookLike(n int, k candidate) string {
	if n == 1 {
		return "1 value looks like " + candidateNames[k][0]
	}
	return fmt.Sprintf("%d values look like %s", n, candidateNames[k][1])
}

// count says "1 value is" or "3 values are".
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// kinds lists the kinds of a column's values: "2 objects, 3 strings".
func kinds(c *column) string {
	var parts []string
	add := func(n int, one, many string) {
		if n > 0 {
			parts = append(parts, count(n, one, many))
		}
	}
	add(c.objects, "object", "objects")
	add(c.arrays, "array", "arrays")
	add(c.jsonStrings+c.text, "string", "strings")
	add(c.jsonNumbers, "number", "numbers")
	add(c.jsonBools, "boolean", "booleans")
	return strings.Join(parts, ", ")
}
