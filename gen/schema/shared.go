package schema

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"

	"github.com/ayeaye-go/ayeaye/gen/diag"
	"github.com/ayeaye-go/ayeaye/gen/ir"
	"github.com/ayeaye-go/ayeaye/internal/listing"
)

// A schema shares another dataset's record type with
//
//	{"x-ayeaye": {"name": "readings_csv", "record": "readings", "engine_url": "csv://…"}}
//
// rather than with a "$ref" to the other schema file: the record is named
// by its dataset, the unit lineage and ayeaye.yaml already speak of, so
// moving or renaming files changes nothing; a "$ref" means "also valid
// against" in JSON Schema and would pull the other file's x-ayeaye (its
// name and location) into this one. The sharing schema may repeat the
// properties, for editors and readers; then they must be the other's,
// word for word up to formatting.

// recordKeywords are the top-level keywords that define the record; a
// sharing schema takes them from the dataset it names.
var recordKeywords = []string{"type", "properties", "required", "additionalProperties", "$defs"}

// recordOf reads x-ayeaye.record.
func (b *builder) recordOf(ds *ir.Dataset, m *member) {
	s, ok := b.str(m, nil)
	if !ok {
		return
	}
	if !datasetNameRE.MatchString(s) {
		b.errOn(m.value, m.value.pos, "name the dataset whose records these are, e.g. \"readings\"",
			"x-ayeaye.record %q is not a dataset name: it must match [a-z][a-z0-9_]*", s)
		return
	}
	ds.RecordOf, ds.RecordOfPos = s, m.value.pos
	b.shared = m
}

// sharesBare reports whether the document shares another dataset's
// record without repeating its properties.
func sharesBare(root *node) bool {
	x := root.get("x-ayeaye")
	return x != nil && x.value.get("record") != nil && root.get("properties") == nil
}

// bareTop reads the top level of a schema that shares a record and lists
// no properties: only descriptions, annotations and x-ayeaye belong there.
func (b *builder) bareTop() schemaInfo {
	var info schemaInfo
	k := b.keywords(b.root, roleTop, nil)
	if k.title != nil {
		info.title, _ = b.str(k.title, nil)
	}
	if k.desc != nil {
		info.desc, _ = b.str(k.desc, nil)
	}
	if k.schemaURI != nil {
		b.checkSchemaURI(k.schemaURI)
	}
	info.x = k.x
	for _, m := range []*member{k.typ, k.format, k.enum, k.items, k.required, k.additional, k.ref, k.dflt, k.defs} {
		if m == nil || m.key == "type" && m.value.kind == stringNode && m.value.text == "object" {
			continue
		}
		b.errOn(m.value, m.keyPos, "remove it: the record, with its types, is the one of the dataset x-ayeaye.record names; or list the same \"properties\" here",
			"keyword %q does not belong in a schema that shares another dataset's record", m.key)
	}
	return info
}

// parsedFile is one schema as LoadAll keeps it until records are shared.
type parsedFile struct {
	ds      *ir.Dataset
	b       *builder
	namePos diag.Pos
	bad     bool
}

// shareRecords points each dataset that names another's record
// (x-ayeaye.record) at that record, reporting datasets that do not exist,
// chains, and property lists or keys that differ from the shared ones.
// It marks the datasets it cannot resolve bad.
func shareRecords(all []*parsedFile) diag.List {
	var diags diag.List
	byName := map[string]*parsedFile{}
	var names []string
	for _, p := range all {
		if _, dup := byName[p.ds.Name]; !dup {
			byName[p.ds.Name] = p
			names = append(names, p.ds.Name)
		}
	}
	for _, p := range all {
		ds := p.ds
		if ds.RecordOf == "" {
			continue
		}
		owner := byName[ds.RecordOf]
		switch {
		case owner == nil:
			hint := "the datasets are " + listing.QuotedAnd(names)
			if s := suggest(ds.RecordOf, names); s != "" {
				hint = fmt.Sprintf("did you mean %q?", s)
			}
			diags.Add(ds.RecordOfPos, hint, "x-ayeaye.record names dataset %q, which is not in the project", ds.RecordOf)
		case owner == p:
			diags.Add(ds.RecordOfPos, "remove x-ayeaye.record: a dataset's own record needs no reference", "x-ayeaye.record names the dataset itself")
		case owner.ds.RecordOf != "":
			diags.Add(ds.RecordOfPos, fmt.Sprintf("name %q, the dataset that declares the record, instead", owner.ds.RecordOf),
				"x-ayeaye.record names dataset %q, which shares the record of %q itself (%s)", owner.ds.Name, owner.ds.RecordOf, owner.ds.RecordOfPos)
		case owner.bad || owner.ds.Record == nil:
			// Its problems are reported; nothing to compare against.
		default:
			d := compareShared(p, owner)
			diags = append(diags, d...)
			if len(d) == 0 {
				adopt(p, owner)
				continue
			}
		}
		p.bad = true
	}
	return diags
}

// compareShared reports where a sharing schema's own properties, required
// list or keys differ from those of the record it shares.
func compareShared(p, owner *parsedFile) diag.List {
	var diags diag.List
	at := owner.ds.Source
	if props := p.b.root.get("properties"); props != nil {
		diags = append(diags, compareMembers(props, owner.b.root.get("properties"), owner.ds.Name)...)
		for _, key := range []string{"required", "additionalProperties", "$defs"} {
			mine, theirs := p.b.root.get(key), owner.b.root.get(key)
			if !sameValue(mine, theirs) {
				pos := props.keyPos
				if mine != nil {
					pos = mine.keyPos
				}
				diags.Add(pos, fmt.Sprintf("write %q as %s does, or leave the properties out to take them from it", key, at),
					"%q differs from that of dataset %q, whose record this schema shares", key, owner.ds.Name)
			}
		}
	}
	if x := p.b.root.get("x-ayeaye"); x != nil {
		if m := x.value.get("record_name"); m != nil {
			diags.Add(m.keyPos, fmt.Sprintf("remove it, and set record_name in %s if the record needs another name", at),
				"x-ayeaye.record_name names the record type, which is dataset %q's", owner.ds.Name)
		}
		for _, key := range []string{"keys", "ordered"} {
			if mine := x.value.get(key); mine != nil && !sameValue(mine, owner.b.root.get("x-ayeaye").value.get(key)) {
				diags.Add(mine.keyPos, fmt.Sprintf("remove it to take dataset %q's, or change it there (%s)", owner.ds.Name, at),
					"x-ayeaye.%s differs from that of dataset %q: keys and order belong to the shared record", key, owner.ds.Name)
			}
		}
	}
	return diags
}

// compareMembers reports the properties of mine that are not those of
// theirs: missing, extra, different or in another order.
func compareMembers(mine, theirs *member, owner string) diag.List {
	var diags diag.List
	var want []member
	if theirs != nil && theirs.value.kind == objectNode {
		want = theirs.value.members
	}
	for i, m := range mine.value.members {
		j := slices.IndexFunc(want, func(w member) bool { return w.key == m.key })
		switch {
		case j < 0:
			diags.Add(m.keyPos, "remove it, or add it to the dataset that declares the record",
				"property %q is not in the record of dataset %q, which this schema shares", m.key, owner)
		case !bytes.Equal(canonical(nil, m.value), canonical(nil, want[j].value)):
			diags.Add(m.keyPos, fmt.Sprintf("write it as %s does, or leave the properties out to take them from it", want[j].keyPos),
				"property %q differs from the one of dataset %q (%s), whose record this schema shares", m.key, owner, want[j].keyPos)
		case j != i && len(mine.value.members) == len(want):
			diags.Add(m.keyPos, fmt.Sprintf("list the properties in the order of %s: columns are written in that order", want[j].keyPos.File),
				"property %q is number %d here but number %d in dataset %q, whose record this schema shares", m.key, i+1, j+1, owner)
		}
	}
	for _, w := range want {
		if mine.value.get(w.key) == nil {
			diags.Add(mine.keyPos, fmt.Sprintf("add it as %s has it, or leave the properties out to take them all", w.keyPos),
				"property %q of dataset %q, whose record this schema shares, is missing", w.key, owner)
		}
	}
	return diags
}

func sameValue(a, b *member) bool {
	if a == nil || b == nil {
		return a == b
	}
	return bytes.Equal(canonical(nil, a.value), canonical(nil, b.value))
}

// adopt gives p the record of owner, and as its canonical document its own
// with the record written out in full (and without x-ayeaye.record), so
// that its fingerprint changes when the shared record does and the schema
// it publishes stands on its own.
func adopt(p, owner *parsedFile) {
	ds, od := p.ds, owner.ds
	ds.Record, ds.Keys, ds.Ordered = od.Record, od.Keys, od.Ordered
	if ds.Description == "" {
		ds.Description = od.Description
	}
	merged := &node{kind: objectNode}
	for _, m := range p.b.root.members {
		if !slices.Contains(recordKeywords, m.key) && m.key != "x-ayeaye" {
			merged.members = append(merged.members, m)
		}
	}
	for _, m := range owner.b.root.members {
		if slices.Contains(recordKeywords, m.key) || m.key == "description" && p.b.root.get("description") == nil {
			merged.members = append(merged.members, m)
		}
	}
	x := &node{kind: objectNode}
	for _, m := range p.b.root.get("x-ayeaye").value.members {
		if m.key != "record" && m.key != "keys" && m.key != "ordered" {
			x.members = append(x.members, m)
		}
	}
	if ox := owner.b.root.get("x-ayeaye"); ox != nil {
		for _, key := range []string{"keys", "ordered"} {
			if m := ox.value.get(key); m != nil {
				x.members = append(x.members, *m)
			}
		}
	}
	merged.members = append(merged.members, member{key: "x-ayeaye", value: x})
	ds.Canonical = canonical(nil, merged)
	sum := sha256.Sum256(ds.Canonical)
	ds.Fingerprint = "sha256:" + hex.EncodeToString(sum[:])
}
