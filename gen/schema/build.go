package schema

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/ayeaye-go/ayeaye/gen/diag"
	"github.com/ayeaye-go/ayeaye/gen/ir"
	"github.com/ayeaye-go/ayeaye/internal/listing"
	"github.com/ayeaye-go/ayeaye/runtime/engine"
)

var datasetNameRE = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// builder turns a positioned document tree into an ir.Dataset, recording
// every problem on the way instead of stopping at the first.
type builder struct {
	file  string
	root  *node
	diags diag.List
	// reported holds the JSON pointers of values the builder complained
	// about, so the meta-schema pass does not repeat the complaint in
	// worse words.
	reported []string
	defs     map[string]*definition
	defOrder []*definition
	building []string // names of definitions being built, for cycles
	// namePos is where the dataset name comes from, for duplicate-name
	// diagnostics in Load.
	namePos diag.Pos
	// shared is x-ayeaye.record when the schema shares another dataset's
	// record (shared.go).
	shared *member
}

// definition is one entry of $defs, built at most once so that every
// $ref to it shares the same ir.Object or ir.EnumType.
type definition struct {
	name  string
	m     *member
	state int // 0 not built, 1 being built, 2 built
	typ   *ir.Type
	desc  string
}

// err reports a problem that is about something missing or about the
// schema as a whole.
// MaxProperties is the most properties one object may have. The
// generated readers and writers hold a statement per property in one
// function, and the compiler's time and memory on such functions grow
// faster than their size: with every format and mixed types, 2,048
// properties compile in about 16 s and 1.8 GB, 4,096 in 69 s and 3.9 GB,
// and 20,000 not in 5 minutes.
const MaxProperties = 2048

func (b *builder) err(at diag.Pos, hint, format string, args ...any) {
	b.diags.Add(at, hint, format, args...)
}

// errOn reports a problem with the value n, written at pos (its key or
// the value itself).
func (b *builder) errOn(n *node, at diag.Pos, hint, format string, args ...any) {
	b.diags.Add(at, hint, format, args...)
	if n != nil {
		b.reported = append(b.reported, n.ptr)
	}
}

func (b *builder) wasReported(ptr string) bool {
	for _, r := range b.reported {
		if related(r, ptr) {
			return true
		}
	}
	return false
}

// str returns the value of m when it is a string, reporting otherwise.
func (b *builder) str(m *member, path []string) (string, bool) {
	if m.value.kind != stringNode {
		b.errOn(m.value, m.value.pos, fmt.Sprintf("write %q as a string", m.key),
			"%s%q must be a string, not %s", prefix(path), m.key, article(m.value.kind))
		return "", false
	}
	return m.value.text, true
}

func article(k nodeKind) string {
	switch k {
	case nullNode:
		return "null"
	case arrayNode, objectNode:
		return "an " + k.String()
	}
	return "a " + k.String()
}

// dataset builds the whole dataset. It returns what it could build even
// when there are diagnostics; Parse drops it then.
func (b *builder) dataset() *ir.Dataset {
	ds := &ir.Dataset{Source: b.file, Pos: b.root.pos}
	b.namePos = b.root.pos
	ds.Name = defaultName(b.file)
	ds.Canonical = canonical(nil, b.root)
	sum := sha256.Sum256(ds.Canonical)
	ds.Fingerprint = "sha256:" + hex.EncodeToString(sum[:])

	if b.root.kind != objectNode {
		b.errOn(b.root, b.root.pos, "a dataset schema is an object like {\"type\": \"object\", \"properties\": {...}}",
			"the schema must be an object, not %s", article(b.root.kind))
		return ds
	}
	b.collectDefs()
	var info schemaInfo
	if sharesBare(b.root) {
		info = b.bareTop() // shared.go: the record comes from another dataset
		ds.Description = info.desc
	} else {
		var t *ir.Type
		t, info = b.schema(b.root, b.root.pos, nil, roleTop)
		if t != nil {
			ds.Record = t.Object
			ds.Description = info.desc
		}
	}
	ds.Title = info.title
	for _, d := range b.defOrder {
		b.buildDef(d) // unused definitions are checked too
	}
	b.datasetExt(ds, info.x)
	if !datasetNameRE.MatchString(ds.Name) && (info.x == nil || info.x.value.get("name") == nil) {
		b.err(b.root.pos, fmt.Sprintf("rename the file, or set x-ayeaye.name, e.g. \"name\": %q", fixName(ds.Name)),
			"dataset name %q (from the file name) is not a valid name: it must match [a-z][a-z0-9_]*", ds.Name)
	}
	return ds
}

// defaultName is the file's base name without its extension.
func defaultName(file string) string {
	base := path.Base(file)
	return strings.TrimSuffix(base, path.Ext(base))
}

// fixName suggests a valid dataset name close to s.
func fixName(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '_':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	out := b.String()
	if out == "" || out[0] < 'a' || out[0] > 'z' {
		out = "d_" + out
	}
	return out
}

// schemaInfo is what a schema says besides its type.
type schemaInfo struct {
	title, desc string
	dflt        []byte  // canonical JSON of "default", checked against the type
	x           *member // x-ayeaye
}

// object builds the object described by n (which has type object).
func (b *builder) object(n *node, k keywords, at diag.Pos, path []string) *ir.Object {
	obj := &ir.Object{Path: slices.Clone(path)}
	if k.desc != nil && k.desc.value.kind == stringNode {
		obj.Description = k.desc.value.text
	}
	if k.additional != nil {
		switch v := k.additional.value; v.kind {
		case boolNode:
			obj.Closed = !v.boolean
		case objectNode:
			b.errOn(v, k.additional.keyPos, "use false to reject unknown keys, or list every property under \"properties\"",
				"%s\"additionalProperties\" with a schema is not supported", prefix(path))
		default:
			b.errOn(v, v.pos, "write true or false",
				"%s\"additionalProperties\" must be true or false, not %s", prefix(path), article(v.kind))
		}
	}
	if k.properties == nil {
		b.err(at, "list the fields under \"properties\"; for free-form JSON use \"type\": \"string\"",
			"%san object needs \"properties\"", prefix(path))
		return obj
	}
	props := k.properties.value
	if props.kind != objectNode {
		b.errOn(props, props.pos, "\"properties\" maps each property name to its schema",
			"%s\"properties\" must be an object, not %s", prefix(path), article(props.kind))
		return obj
	}
	if len(props.members) == 0 {
		b.errOn(props, props.pos, "list the fields under \"properties\"",
			"%s\"properties\" is empty; an object needs at least one property", prefix(path))
	}
	if len(props.members) > MaxProperties {
		b.errOn(props, k.properties.keyPos,
			"the Go code for a wider object takes minutes and gigabytes to compile; split the dataset into narrower ones joined by their keys, or group properties into nested objects",
			"%sthe object has %s properties; at most %s are supported", prefix(path), listing.Count(len(props.members)), listing.Count(MaxProperties))
		return obj
	}
	byName := map[string]*ir.Field{}
	byColumn := map[string]*ir.Field{}
	for i := range props.members {
		pm := &props.members[i]
		if pm.key == "" {
			b.errOn(pm.value, pm.keyPos, "give the property a name", "%sproperty name is empty", prefix(path))
			continue
		}
		fieldPath := append(slices.Clone(path), pm.key)
		t, info := b.schema(pm.value, pm.keyPos, fieldPath, roleProperty)
		f := &ir.Field{Name: pm.key, Column: pm.key, Description: info.desc, Default: info.dflt, Type: t, Pos: pm.keyPos}
		byName[pm.key] = f
		if t == nil {
			continue
		}
		b.fieldExt(f, info.x, fieldPath)
		if strings.ContainsAny(f.Column, "\t\r\n") {
			b.err(f.Pos, "set x-ayeaye.column to a header without tabs or line breaks",
				"%scolumn name %q contains a tab or line break, which TSV cannot hold", prefix(fieldPath), f.Column)
		} else if other := byColumn[f.Column]; other != nil {
			b.err(f.Pos, "give one of them a different x-ayeaye.column",
				"%scolumn %q is already used by property %q", prefix(fieldPath), f.Column, other.Name)
		} else {
			byColumn[f.Column] = f
		}
		obj.Fields = append(obj.Fields, f)
	}
	if k.required != nil {
		b.required(k.required, byName, path)
	}
	return obj
}

// required marks the fields listed in "required".
func (b *builder) required(m *member, byName map[string]*ir.Field, path []string) {
	if m.value.kind != arrayNode {
		b.errOn(m.value, m.value.pos, "list the required property names: [\"id\", \"name\"]",
			"%s\"required\" must be an array of property names, not %s", prefix(path), article(m.value.kind))
		return
	}
	seen := map[string]bool{}
	for _, it := range m.value.items {
		if it.kind != stringNode {
			b.errOn(it, it.pos, "quote the property name", "%s\"required\" lists %s; it must list property names", prefix(path), article(it.kind))
			continue
		}
		if seen[it.text] {
			b.errOn(it, it.pos, "remove the repeated name", "%sproperty %q is listed twice in \"required\"", prefix(path), it.text)
			continue
		}
		seen[it.text] = true
		f, ok := byName[it.text]
		if !ok {
			b.errOn(it, it.pos, b.nameHint(it.text, byName), "%s\"required\" names %q, which is not a property", prefix(path), it.text)
			continue
		}
		f.Required = true
	}
}

// nameHint suggests a property name for a misspelt one.
func (b *builder) nameHint(name string, byName map[string]*ir.Field) string {
	names := make([]string, 0, len(byName))
	for n := range byName {
		names = append(names, n)
	}
	slices.Sort(names)
	if s := suggest(name, names); s != "" {
		return fmt.Sprintf("did you mean %q?", s)
	}
	if len(names) == 0 {
		return "declare it under \"properties\""
	}
	return "the properties are " + listing.QuotedAnd(names)
}

// fieldExt applies a property's x-ayeaye object: column, json_encoded,
// tolerance.
func (b *builder) fieldExt(f *ir.Field, x *member, path []string) {
	if x == nil {
		return
	}
	if x.value.kind != objectNode {
		b.errOn(x.value, x.value.pos, "write x-ayeaye as an object, e.g. {\"column\": \"Order ID\"}",
			"%sx-ayeaye must be an object, not %s", prefix(path), article(x.value.kind))
		return
	}
	valid := []string{"column", "json_encoded", "tolerance", "parquet_encoding", "go_name", "enum_go_names"}
	for i := range x.value.members {
		m := &x.value.members[i]
		switch m.key {
		case "column":
			s, ok := b.str(m, path)
			if !ok {
				continue
			}
			if s == "" {
				b.errOn(m.value, m.value.pos, "remove column to use the property name, or give a header", "%sx-ayeaye.column is empty", prefix(path))
				continue
			}
			f.Column = s
		case "json_encoded":
			if m.value.kind != boolNode {
				b.errOn(m.value, m.value.pos, "write true or false", "%sx-ayeaye.json_encoded must be true or false, not %s", prefix(path), article(m.value.kind))
				continue
			}
			if m.value.boolean && !f.Type.Nested() {
				b.errOn(m.value, m.keyPos, "remove it; only array and object values are stored as JSON text",
					"%sx-ayeaye.json_encoded applies only to array and object properties, and this one is %s", prefix(path), f.Type.Kind)
				continue
			}
			f.JSONEncoded = m.value.boolean
		case "tolerance":
			b.tolerance(f, m, path) // tolerance.go
		case "parquet_encoding":
			b.parquetEncoding(f, m, path) // encoding.go
		case "go_name":
			if s, ok := b.goIdent(m, m.key, path); ok { // gonames.go
				f.GoName = s
			}
		case "enum_go_names":
			b.enumGoNames(f, m, path) // gonames.go
		default:
			b.errOn(m.value, m.keyPos, extHint(m.key, valid), "%sunknown x-ayeaye key %q", prefix(path), m.key)
		}
	}
}

func extHint(key string, valid []string) string {
	if s := suggest(key, valid); s != "" {
		return fmt.Sprintf("did you mean %q? valid keys here are %s", s, listing.QuotedAnd(valid))
	}
	return "valid keys here are " + listing.QuotedAnd(valid)
}

// engineURL checks a default engine URL with the runtime's grammar and
// registry, leaving its {names} to the environment of each run, so that
// what vet accepts a run does not refuse.
func (b *builder) engineURL(n *node, s string) {
	err := engine.CheckTemplate(s)
	if err == nil {
		return
	}
	var e *engine.Error
	if !errors.As(err, &e) {
		b.errOn(n, n.pos, "", "x-ayeaye.engine_url: %v", err)
		return
	}
	hint := e.Hint
	bare := *e
	bare.Hint = "" // printed as the diagnostic's hint; Error redacts secrets
	b.errOn(n, n.pos, hint, "x-ayeaye.engine_url: %s", bare.Error())
}

// datasetExt applies the top-level x-ayeaye object: name, engine_url,
// keys, ordered, source.
func (b *builder) datasetExt(ds *ir.Dataset, x *member) {
	if x == nil {
		return
	}
	if x.value.kind != objectNode {
		b.errOn(x.value, x.value.pos, "write x-ayeaye as an object, e.g. {\"name\": \"orders\", \"keys\": [\"id\"]}",
			"x-ayeaye must be an object, not %s", article(x.value.kind))
		return
	}
	valid := []string{"name", "engine_url", "keys", "ordered", "source", "record_name", "record"}
	for i := range x.value.members {
		m := &x.value.members[i]
		switch m.key {
		case "name":
			s, ok := b.str(m, nil)
			if !ok {
				continue
			}
			b.namePos = m.value.pos
			ds.Name = s
			if !datasetNameRE.MatchString(s) {
				b.errOn(m.value, m.value.pos, fmt.Sprintf("use lower case letters, digits and _, starting with a letter, e.g. %q", fixName(s)),
					"dataset name %q is not a valid name: it must match [a-z][a-z0-9_]*", s)
			}
		case "engine_url":
			s, ok := b.str(m, nil)
			if !ok {
				continue
			}
			if s == "" {
				b.errOn(m.value, m.value.pos, "remove engine_url, or give one such as \"csv://data/orders.csv\"", "x-ayeaye.engine_url is empty")
				continue
			}
			b.engineURL(m.value, s)
			ds.EngineURL = s
		case "keys":
			ds.Keys = b.keys(m, ds.Record)
		case "ordered":
			if m.value.kind != boolNode {
				b.errOn(m.value, m.value.pos, "write true when the order of the records is part of the data, else false",
					"x-ayeaye.ordered must be true or false, not %s", article(m.value.kind))
				continue
			}
			ds.Ordered = m.value.boolean
		case "source":
			b.source(m) // source.go
		case "record_name":
			if s, ok := b.goIdent(m, m.key, nil); ok { // gonames.go
				ds.RecordName = s
			}
		case "record":
			b.recordOf(ds, m) // shared.go
		default:
			b.errOn(m.value, m.keyPos, extHint(m.key, valid), "unknown x-ayeaye key %q", m.key)
		}
	}
}

// keys checks x-ayeaye.keys: each a required, non-nullable scalar property
// of the record.
func (b *builder) keys(m *member, rec *ir.Object) []string {
	if m.value.kind != arrayNode {
		b.errOn(m.value, m.value.pos, "list the key property names: [\"id\"]",
			"x-ayeaye.keys must be an array of property names, not %s", article(m.value.kind))
		return nil
	}
	byName := map[string]*ir.Field{}
	if rec != nil {
		for _, f := range rec.Fields {
			byName[f.Name] = f
		}
	}
	var out []string
	seen := map[string]bool{}
	for _, it := range m.value.items {
		if it.kind != stringNode {
			b.errOn(it, it.pos, "quote the property name", "x-ayeaye.keys lists %s; it must list property names", article(it.kind))
			continue
		}
		name := it.text
		if seen[name] {
			b.errOn(it, it.pos, "remove the repeated name", "key %q is listed twice", name)
			continue
		}
		seen[name] = true
		if rec == nil {
			continue // the record itself is broken and reported
		}
		f, ok := byName[name]
		switch {
		case !ok && b.root.get("properties") != nil && b.root.get("properties").value.get(name) != nil:
			// a property whose schema is broken, and reported
		case !ok:
			b.errOn(it, it.pos, b.nameHint(name, byName), "key %q is not a property of the record", name)
		case f.Type == nil:
			// its schema is broken and reported
		case f.Type.Nested():
			b.errOn(it, it.pos, "use a string, number, boolean, date or enum property as a key",
				"key %q is %s; a key must be a single value", name, articleKind(f.Type.Kind))
		case f.Type.Nullable:
			b.errOn(it, it.pos, fmt.Sprintf("give property %q a non-null type", name),
				"key %q is nullable; a key must always have a value", name)
		case !f.Required:
			b.errOn(it, it.pos, fmt.Sprintf("add %q to \"required\"", name),
				"key %q is not required; a key must always be present", name)
		}
		out = append(out, name)
	}
	return out
}

func articleKind(k ir.Kind) string {
	if k == ir.Array {
		return "an array"
	}
	return "an " + k.String()
}

// collectDefs indexes $defs so that $ref can find definitions in any
// order.
func (b *builder) collectDefs() {
	b.defs = map[string]*definition{}
	m := b.root.get("$defs")
	if m == nil {
		return
	}
	if m.value.kind != objectNode {
		b.errOn(m.value, m.value.pos, "\"$defs\" maps each definition name to its schema",
			"\"$defs\" must be an object, not %s", article(m.value.kind))
		return
	}
	for i := range m.value.members {
		dm := &m.value.members[i]
		if dm.key == "" {
			b.errOn(dm.value, dm.keyPos, "give the definition a name", "definition name is empty")
			continue
		}
		d := &definition{name: dm.key, m: dm}
		b.defs[dm.key] = d
		b.defOrder = append(b.defOrder, d)
	}
}

func (b *builder) buildDef(d *definition) {
	if d.state != 0 {
		return
	}
	d.state = 1
	b.building = append(b.building, d.name)
	t, info := b.schema(d.m.value, d.m.keyPos, []string{"$defs", d.name}, roleDef)
	b.building = b.building[:len(b.building)-1]
	d.typ, d.desc, d.state = t, info.desc, 2
}

// ref resolves "$ref": "#/$defs/Name" to the definition's type. Every
// reference gets its own ir.Type, but they share the definition's
// ir.Object or ir.EnumType, so emitters declare it once.
func (b *builder) ref(m *member, path []string) (*ir.Type, *definition) {
	s, ok := b.str(m, path)
	if !ok {
		return nil, nil
	}
	const local = "#/$defs/"
	name, found := strings.CutPrefix(s, local)
	if !found || name == "" || strings.Contains(name, "/") {
		b.errOn(m.value, m.value.pos, "copy the definition into this file's \"$defs\" and refer to it as \"#/$defs/Name\"",
			"%s$ref %q: only local $ref to \"#/$defs/...\" is supported", prefix(path), s)
		return nil, nil
	}
	if un, err := url.PathUnescape(name); err == nil {
		name = un
	}
	name = strings.NewReplacer("~1", "/", "~0", "~").Replace(name)
	d := b.defs[name]
	if d == nil {
		names := make([]string, len(b.defOrder))
		for i, d := range b.defOrder {
			names[i] = d.name
		}
		hint := "add it under \"$defs\""
		if sug := suggest(name, names); sug != "" {
			hint = fmt.Sprintf("did you mean %q?", "#/$defs/"+sug)
		} else if len(names) > 0 {
			hint = "the definitions are " + listing.QuotedAnd(names)
		}
		b.errOn(m.value, m.value.pos, hint, "%s$ref %q: there is no definition %q in \"$defs\"", prefix(path), s, name)
		return nil, nil
	}
	if d.state == 1 {
		i := slices.Index(b.building, name)
		cycle := append(slices.Clone(b.building[i:]), name)
		b.errOn(m.value, m.value.pos, "a record must be a finite tree; replace the inner reference by a simpler type, or store that part as a JSON string",
			"%s$ref %q is recursive: %s", prefix(path), s, listing.Join(cycle, " -> "))
		return nil, nil
	}
	b.buildDef(d)
	if d.typ == nil {
		return nil, d // the definition is broken and reported
	}
	t := *d.typ
	return &t, d
}
