package golang

import (
	"fmt"
	"strings"

	"github.com/ayeaye-go/ayeaye/gen/diag"
	"github.com/ayeaye-go/ayeaye/gen/ir"
	"github.com/ayeaye-go/ayeaye/gen/naming"
)

// names holds the Go identifiers chosen for one dataset.
type names struct {
	record  string                    // the record struct
	dataset string                    // the *runtime.Dataset variable
	objects map[*ir.Object]string     // every object type, the record included
	enums   map[*ir.EnumType]string   // enum types
	fields  map[*ir.Field]string      // struct field names
	values  map[*ir.EnumType][]string // enum constants, in value order
	// shared marks a dataset that shares another's record: the record's
	// names are that dataset's, and only the Dataset variable is its own.
	shared bool
	owner  string // shared: the Dataset variable of the record's own dataset
}

// pathWords turns an IR path into words for a type name: "[]" (an array
// element) becomes "item" and a $defs prefix is dropped.
func pathWords(path []string) []string {
	var out []string
	for i, p := range path {
		switch {
		case i == 0 && p == "$defs":
		case p == "[]":
			out = append(out, "item")
		default:
			out = append(out, p)
		}
	}
	return out
}

// chooseAll picks identifiers for every dataset and declares the
// package-level ones in one scope, which it returns for the format checks
// to declare theirs. A dataset that shares another's record (RecordOf)
// takes that dataset's names and declares only its Dataset variable, so
// datasets that declare their own records are named first.
func chooseAll(n *naming.Namer, datasets []*ir.Dataset) ([]*names, *naming.Scope, diag.List) {
	var diags diag.List
	pkg := naming.NewScope()
	all := make([]*names, len(datasets))
	byName := map[string]*names{}
	for i, d := range datasets {
		if d.RecordOf == "" {
			nm, ds := chooseNames(n, pkg, d)
			diags = append(diags, ds...)
			all[i], byName[d.Name] = nm, nm
		}
	}
	for i, d := range datasets {
		if d.RecordOf == "" {
			continue
		}
		owner := byName[d.RecordOf]
		if owner == nil {
			// gen/schema resolves RecordOf; a dataset without its owner is
			// a bug there, reported rather than emitted half-named.
			diags.Add(d.RecordOfPos, "this is a bug in ayeaye-gen; please report it with the schemas",
				"dataset %q shares the record of %q, which is not among the datasets to generate", d.Name, d.RecordOf)
			continue
		}
		nm := *owner
		nm.dataset, nm.owner = datasetVar(n, d), owner.dataset
		nm.shared = true
		if dg := pkg.Declare(nm.dataset, d.Name, d.Pos, "dataset"); dg != nil {
			diags = append(diags, *dg)
		}
		all[i] = &nm
	}
	return all, pkg, diags
}

// datasetVar is the name of a dataset's *runtime.Dataset variable: the
// dataset name in Go case and "Dataset", whatever the English of the
// name, so a user can write datasets.SiteDailyDataset, datasets.OrdersDataset
// or datasets.PeopleDataset without looking.
func datasetVar(n *naming.Namer, d *ir.Dataset) string {
	return n.Exported(d.Name) + "Dataset"
}

// recordName is the Go name of a dataset's record type: x-ayeaye.record_name
// as written, else the dataset name with its last word made singular.
func recordName(n *naming.Namer, d *ir.Dataset) string {
	if d.RecordName != "" {
		return d.RecordName
	}
	return n.RecordName(d.Name)
}

// chooseNames picks identifiers for a dataset that declares its own record
// and declares the package-level ones in pkg, reporting collisions with
// positions.
func chooseNames(n *naming.Namer, pkg *naming.Scope, d *ir.Dataset) (*names, diag.List) {
	var diags diag.List
	declare := func(s *naming.Scope, ident, source string, pos diag.Pos, what string) {
		if dg := s.Declare(ident, source, pos, what); dg != nil {
			diags = append(diags, *dg)
		}
	}
	nm := &names{
		record:  recordName(n, d),
		dataset: datasetVar(n, d),
		objects: map[*ir.Object]string{},
		enums:   map[*ir.EnumType]string{},
		fields:  map[*ir.Field]string{},
		values:  map[*ir.EnumType][]string{},
	}
	declare(pkg, nm.record, d.Name, d.Pos, "dataset")
	declare(pkg, nm.dataset, d.Name, d.Pos, "dataset")
	for _, suffix := range []string{"Codec"} {
		declare(pkg, nm.record+suffix, d.Name, d.Pos, "dataset")
	}
	for _, o := range d.Objects() {
		if _, done := nm.objects[o]; done {
			continue
		}
		if o == d.Record {
			nm.objects[o] = nm.record
		} else {
			name := n.Join(append([]string{nm.record}, pathWords(o.Path)...)...)
			nm.objects[o] = name
			declare(pkg, name, d.Name+"."+strings.Join(o.Path, "."), fieldPos(o, d), "object")
		}
		scope := naming.NewScope()
		for _, f := range o.Fields {
			id := f.GoName
			if id == "" {
				id = n.Exported(f.Name)
			}
			nm.fields[f] = id
			declare(scope, id, f.Name, f.Pos, "property")
		}
	}
	for _, e := range d.Enums() {
		if _, done := nm.enums[e]; done {
			continue
		}
		name := n.EnumName(nm.record, pathWords(e.Path)...)
		nm.enums[e] = name
		pos := enumPos(e, d)
		declare(pkg, name, d.Name+"."+strings.Join(e.Path, "."), pos, "enum")
		nm.values[e] = enumConsts(n, name, e)
		for i, c := range nm.values[e] {
			declare(pkg, c, e.Values[i], pos, "enum value")
		}
	}
	return nm, diags
}

// enumConsts names an enum's constants: x-ayeaye.enum_go_names as written,
// else the enum type's name and the value in Go case.
func enumConsts(n *naming.Namer, name string, e *ir.EnumType) []string {
	consts := make([]string, len(e.Values))
	for i, v := range e.Values {
		switch {
		case i < len(e.GoNames) && e.GoNames[i] != "":
			consts[i] = e.GoNames[i]
		case v == "":
			consts[i] = name + "Empty"
		default:
			consts[i] = n.Join(name, v)
		}
	}
	return consts
}

// fileNames are the files a dataset's code goes to, in the order
// generator.files writes them: a dataset that shares a record has only
// its Dataset variable, in <name>.go.
func (g *generator) fileNames() []string {
	base := strings.ReplaceAll(g.d.Name, "-", "_")
	if g.n.shared {
		return []string{base + ".go"}
	}
	out := []string{base + ".go"}
	for _, p := range []struct {
		suffix string
		when   bool
	}{
		{"_csv.go", g.delimited()}, {"_json.go", g.jsonNeeded()},
		{"_parquet.go", g.has("parquet")}, {"_sql.go", g.has("sql")},
	} {
		if p.when {
			out = append(out, base+p.suffix)
		}
	}
	return out
}

// checkFileNames reports two datasets whose generated files have the same
// name (dataset x's x_csv.go is dataset x_csv's x_csv.go), at both
// schemas, before anything is written.
func checkFileNames(gens []*generator) diag.List {
	var diags diag.List
	owner := map[string]*generator{}
	for _, g := range gens {
		for _, f := range g.fileNames() {
			other := owner[f]
			if other == nil {
				owner[f] = g
				continue
			}
			// Datasets come sorted by name, so the message does not depend
			// on the order of the schema files.
			first, second := other, g
			diags.Add(second.d.Pos, fmt.Sprintf("rename one of the datasets (x-ayeaye.name), e.g. %q: a dataset's files are <name>.go, <name>_csv.go, <name>_json.go, <name>_parquet.go and <name>_sql.go", second.d.Name+"_data"),
				"dataset %q would generate file %s, which dataset %q (%s) generates too", second.d.Name, f, first.d.Name, first.d.Pos)
		}
	}
	return diags
}

// enumPos finds where an enum is declared: the first field whose type
// (or element type) is the enum.
func enumPos(e *ir.EnumType, d *ir.Dataset) diag.Pos {
	for _, o := range d.Objects() {
		for _, f := range o.Fields {
			t := f.Type
			for t.Kind == ir.Array {
				t = t.Elem
			}
			if t.Kind == ir.Enum && t.Enum == e {
				return f.Pos
			}
		}
	}
	return d.Pos
}

// fieldPos finds where a nested object is declared: the first field of
// the dataset whose type holds it.
func fieldPos(o *ir.Object, d *ir.Dataset) diag.Pos {
	for _, parent := range d.Objects() {
		for _, f := range parent.Fields {
			t := f.Type
			for t.Kind == ir.Array {
				t = t.Elem
			}
			if t.Kind == ir.Record && t.Object == o {
				return f.Pos
			}
		}
	}
	return d.Pos
}
