package golang

import (
	"github.com/ayeaye-go/ayeaye/gen/diag"
	"github.com/ayeaye-go/ayeaye/gen/ir"
	"github.com/ayeaye-go/ayeaye/gen/naming"
)

// Decl names what Emit declares for one dataset, for code outside the
// generated package that refers to it: the model scaffolds of
// "ayeaye-gen model" wire datasets.PeopleDataset.Input() and write fixtures of
// datasets.Person records with these names, so the scaffolds and the
// generated code cannot disagree.
type Decl struct {
	Dataset string      // the dataset's name, e.g. "people"
	Var     string      // its *runtime.Dataset variable, e.g. "PeopleDataset"
	Record  string      // its record struct, e.g. "Person"
	Fields  []FieldDecl // the record's top-level fields, in schema order
}

// FieldDecl is one field of a record struct.
type FieldDecl struct {
	Property string // the property name, as the schema spells it
	Name     string // the Go struct field, e.g. "PersonID"
	Required bool
	// Nullable fields hold null when left out of a composite literal.
	Nullable bool
	// Example is a Go expression for a valid, non-null value of the
	// field's type, as written in a package that imports the generated one
	// under the qualifier given to Declarations: "", 0, false,
	// value.Date{Year: 2026, Month: 1, Day: 1}, datasets.OrderStatusOpen
	// (an enum's first value), datasets.OrderCustomer{} (a nested object),
	// nil (a list). Integers and floats are untyped constants, so the
	// expression fits any width an override may give the field.
	Example string
	// Imports are the import paths Example needs besides the generated
	// package ("time", the runtime's value package), sorted.
	Imports []string
}

// Declarations returns the names Emit gives each dataset, in the order
// of datasets, for generated code in a package imported as qualifier
// (usually the output package name, "datasets"). Naming collisions are
// reported as Emit reports them.
func Declarations(datasets []*ir.Dataset, namer *naming.Namer, qualifier string) ([]Decl, diag.List) {
	all, _, diags := chooseAll(namer, datasets)
	if len(diags) > 0 {
		diags.Sort()
		return nil, diags
	}
	out := make([]Decl, len(datasets))
	for i, d := range datasets {
		nm := all[i]
		decl := Decl{Dataset: d.Name, Var: nm.dataset, Record: nm.record}
		for _, f := range d.Record.Fields {
			ex, imports := example(f.Type, nm, qualifier)
			decl.Fields = append(decl.Fields, FieldDecl{
				Property: f.Name,
				Name:     nm.fields[f],
				Required: f.Required,
				Nullable: f.Type.Nullable,
				Example:  ex,
				Imports:  imports,
			})
		}
		out[i] = decl
	}
	return out, nil
}

// example is a Go expression for a valid value of t (ignoring
// nullability) and the imports it needs.
func example(t *ir.Type, nm *names, qualifier string) (string, []string) {
	qual := func(id string) string {
		if qualifier == "" {
			return id
		}
		return qualifier + "." + id
	}
	switch t.Kind {
	case ir.String:
		return `""`, nil
	case ir.Int, ir.Float:
		return "0", nil
	case ir.Bool:
		return "false", nil
	case ir.DateTime:
		return "time.Date(2026, time.January, 1, 0, 0, 0, 0, time.UTC)", []string{"time"}
	case ir.Date:
		// The zero Date is not a valid day; a fixture should hold one.
		return "value.Date{Year: 2026, Month: 1, Day: 1}", []string{valuePkg}
	case ir.Decimal:
		return "value.DecimalFromInt(0)", []string{valuePkg}
	case ir.Enum:
		// The zero enum value "" is valid only when the schema lists it,
		// while the first listed value always is.
		if consts := nm.values[t.Enum]; len(consts) > 0 {
			return qual(consts[0]), nil
		}
		return `""`, nil
	case ir.Array:
		return "nil", nil
	case ir.Record:
		return qual(nm.objects[t.Object]) + "{}", nil
	}
	return "", nil
}
