package parquetcodec

import (
	"fmt"
	"slices"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
)

// Spec is what the readers and writers of one dataset know about its
// Parquet layout. Generated code makes one per dataset, at package
// initialisation, from the dataset's row type: a struct whose parquet tags
// spell the schema (column names, logical types, optional and list
// nodes). Reflection runs once, here; reading and writing rows does not
// use it.
type Spec struct {
	name        string
	fingerprint string
	schema      *parquet.Schema
	required    []string   // top-level columns a file must have
	nodes       []nodeSpec // every node below the root, depth first
	leaves      []leafSpec // the leaf columns, in column order
	top         []int      // node index of each top-level field
}

// nodeKind is the role of a schema node.
type nodeKind int

const (
	leafNode     nodeKind = iota + 1 // a column of values
	recordNode                       // a nested object: a group of fields
	listNode                         // the LIST-annotated group of an array
	repeatedNode                     // the repeated group inside a list
)

type nodeSpec struct {
	name     string
	path     string // dotted, for messages: "lines.list.element.sku"
	kind     nodeKind
	optional bool
	parent   int // -1 for top-level fields
	node     parquet.Node
	children []int
	leaf     int // leaf index for leafNode, else -1
}

// target is the Go type a leaf column is read into.
type target int

const (
	tBool target = iota + 1
	tInt8
	tInt16
	tInt32
	tInt64
	tFloat32
	tFloat64
	tString // also enums, which generated code parses from strings
	tTime
	tDate
	tDecimal
)

var targetNames = [...]string{
	tBool: "boolean", tInt8: "integer (int8)", tInt16: "integer (int16)", tInt32: "integer (int32)",
	tInt64: "integer", tFloat32: "number (float32)", tFloat64: "number", tString: "string",
	tTime: "date-time", tDate: "date", tDecimal: "decimal",
}

func (t target) String() string { return targetNames[t] }

type leafSpec struct {
	node   int
	top    int // index of the top-level field holding it
	target target
	field  string // the field's name in errors: "place.lat", "tags[]"
}

// NewSpec returns the Spec of a dataset whose Parquet row type is S.
// name is the dataset's name (it names the Parquet schema), fingerprint
// its schema fingerprint (written to the file's metadata), and required
// the top-level columns a file must have to be read: the schema's
// required properties.
//
// NewSpec panics when S is not a valid Parquet row type: generated code
// calls it with types the generator emitted, so a panic is a bug in
// ayeaye-gen, caught by its tests.
func NewSpec[S any](name, fingerprint string, required ...string) *Spec {
	root := parquet.SchemaOf(new(S))
	s := &Spec{
		name:        name,
		fingerprint: fingerprint,
		schema:      parquet.NewSchema(name, root),
		required:    required,
	}
	for _, f := range root.Fields() {
		s.top = append(s.top, s.add(f, -1, len(s.top), f.Name()))
	}
	for _, r := range required {
		if !slices.ContainsFunc(s.top, func(k int) bool { return s.nodes[k].name == r }) {
			panic(fmt.Sprintf("parquetcodec: required column %q is not a field of %T", r, *new(S)))
		}
	}
	return s
}

// add appends node f (named name, below parent) and its descendants, and
// returns its index. field is the name errors give its values.
func (s *Spec) add(f parquet.Node, parent, top int, field string) int {
	name := ""
	if nf, ok := f.(parquet.Field); ok {
		name = nf.Name()
	}
	k := len(s.nodes)
	path := name
	if parent >= 0 {
		path = s.nodes[parent].path + "." + name
	}
	ns := nodeSpec{name: name, path: path, optional: f.Optional(), parent: parent, node: f, leaf: -1}
	switch {
	case f.Leaf():
		ns.kind = leafNode
		ns.leaf = len(s.leaves)
		s.leaves = append(s.leaves, leafSpec{node: k, top: top, target: targetOf(f.Type()), field: field})
	case isList(f):
		ns.kind = listNode
	case f.Repeated():
		ns.kind = repeatedNode
	default:
		ns.kind = recordNode
	}
	s.nodes = append(s.nodes, ns)
	for _, c := range f.Fields() {
		cf := field
		switch {
		case ns.kind == listNode:
		case ns.kind == repeatedNode:
			cf += "[]"
		default:
			cf += "." + c.Name()
		}
		ci := s.add(c, k, top, cf)
		s.nodes[k].children = append(s.nodes[k].children, ci)
	}
	return k
}

func isList(n parquet.Node) bool {
	if n.Leaf() {
		return false
	}
	lt := n.Type().LogicalType()
	if lt != nil {
		if _, ok := lt.Value.(*format.ListType); ok {
			return true
		}
	}
	if ct := n.Type().ConvertedType(); ct != nil && *ct == 3 { // deprecated.List
		return true
	}
	return false
}

// targetOf is the Go type generated code reads a leaf of type t into; t
// comes from a row type the generator emitted.
func targetOf(t parquet.Type) target {
	lt := t.LogicalType()
	switch t.Kind() {
	case parquet.Boolean:
		return tBool
	case parquet.Int32:
		if lt != nil {
			switch v := lt.Value.(type) {
			case *format.DateType:
				return tDate
			case *format.DecimalType: // a DECIMAL of precision up to 9
				return tDecimal
			case *format.IntType:
				switch v.BitWidth {
				case 8:
					return tInt8
				case 16:
					return tInt16
				}
			}
		}
		return tInt32
	case parquet.Int64:
		if lt != nil {
			switch lt.Value.(type) {
			case *format.TimestampType:
				return tTime
			case *format.DecimalType: // a DECIMAL of precision up to 18
				return tDecimal
			}
		}
		return tInt64
	case parquet.Float:
		return tFloat32
	case parquet.Double:
		return tFloat64
	case parquet.ByteArray:
		return tString
	case parquet.FixedLenByteArray:
		return tDecimal
	}
	panic("parquetcodec: unsupported leaf type " + t.String())
}

// Schema returns the Parquet schema files of the dataset are written with.
func (s *Spec) Schema() *parquet.Schema { return s.schema }
