package schema

import (
	"strconv"
	"strings"
)

// Limits on what FromJSON reads, so that a hostile or broken document
// costs no more than a real one could. Generated schemas are far smaller.
const (
	// MaxDepth is how deeply types may nest: each object's fields and each
	// array's elements are one level below it.
	MaxDepth = 64
	// MaxFields is how many fields and array elements a record may have in
	// all, counting every use of a $ref (local references could otherwise
	// expand a small document exponentially).
	MaxFields = 10000
)

// Record describes one record of a dataset.
type Record struct {
	// Fields are the record's top-level fields, in the order the document
	// lists them (canonical JSON, and so every generated dataset, sorts
	// them by name).
	Fields []Field
	// Keys names the key fields (x-ayeaye.keys), in declared order; they
	// show which records changed when two versions are compared.
	Keys []string
	// Ordered means the order of the records is part of the data
	// (x-ayeaye.ordered): versions are compared position by position.
	Ordered bool
}

// Field is one property of a record or of a nested object.
type Field struct {
	// Name is the property name as the schema spells it: the JSON key.
	Name string
	// Description is the property's own, else that of the definition its
	// $ref names.
	Description string
	// Required means the property must be present ("required" of the
	// enclosing object).
	Required bool
	Type
}

// Kind is the JSON type of a value.
type Kind uint8

// The kinds, as JSON Schema names them; Any is a schema that does not say
// (true, {}, or a reference that is not followed).
const (
	Any Kind = iota
	String
	Integer
	Number
	Boolean
	Array
	Object
)

var kindNames = [...]string{Any: "any", String: "string", Integer: "integer", Number: "number", Boolean: "boolean", Array: "array", Object: "object"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "invalid"
}

// Type is the type of a field or of an array's elements.
type Type struct {
	Kind Kind
	// Also lists the further types of a union ("type": ["string",
	// "integer"]), which only foreign schemas use; ayeaye-gen refuses them.
	Also []Kind
	// Format refines the kind as the schema wrote it: "int32", "float",
	// "date-time", "date", "decimal", "email", …; "" when it gives none.
	Format string
	// Nullable means null is a valid value, distinct from absent.
	Nullable bool
	// Enum lists the allowed values in schema order, null excepted (it
	// makes the type Nullable). Strings are held as themselves; the
	// numbers and booleans some foreign schemas list, as JSON spells them.
	Enum []string
	// Elem is the type of an array's elements; nil when the schema does
	// not say (no "items", or "items": false).
	Elem *Type
	// Fields are an object's properties, in document order.
	Fields []Field
	// Tolerance is how far apart two numbers of this value may be and
	// still count as the same when outputs are compared: the schema's
	// x-ayeaye.tolerance here, else that of the $ref that names this type
	// or of the array whose elements these are. nil compares exactly.
	Tolerance *Tolerance
	// Ref is set when the type is named by a $ref that was not followed:
	// one that recurs, or one that cannot be resolved.
	Ref *Ref
}

// Tolerance bounds the difference of two numbers that count as equal:
// |a-b| <= max(Absolute, Relative*max(|a|,|b|)). Both are finite and not
// negative, and Relative is below 1.
type Tolerance struct {
	Absolute float64
	Relative float64
}

// Ref is a reference FromJSON did not follow.
type Ref struct {
	Ref string // as the schema wrote it, e.g. "#/$defs/node"
	// Recursive means the reference leads back to a type that encloses
	// this one: the fields are listed there, not again here.
	Recursive bool
	// Err says why the reference cannot be resolved (another document, or
	// nothing in this one); nil when Recursive.
	Err *Error
}

// Bits is the width of an Integer (8, 16, 32 or 64 by its format) or a
// Number (32 for "float", else 64); 0 for other kinds and for decimals.
func (t *Type) Bits() int {
	switch t.Kind {
	case Integer:
		switch t.Format {
		case "int8":
			return 8
		case "int16":
			return 16
		case "int32":
			return 32
		}
		return 64
	case Number:
		switch t.Format {
		case "float":
			return 32
		case "decimal":
			return 0
		}
		return 64
	}
	return 0
}

// Kinds returns Kind and Also in one list.
func (t *Type) Kinds() []Kind { return append([]Kind{t.Kind}, t.Also...) }

// Is reports whether k is the type's kind or one of its union's.
func (t *Type) Is(k Kind) bool {
	if t.Kind == k {
		return true
	}
	for _, a := range t.Also {
		if a == k {
			return true
		}
	}
	return false
}

// Unresolved returns the first reference of the record that cannot be
// resolved, in field order, or nil. Readers that need every type (the
// contract check) refuse such a schema; the graph shows the reference.
func (r *Record) Unresolved() *Error {
	if r == nil {
		return nil
	}
	return unresolvedIn(r.Fields)
}

func unresolvedIn(fields []Field) *Error {
	for i := range fields {
		if err := unresolvedType(&fields[i].Type); err != nil {
			return err
		}
	}
	return nil
}

func unresolvedType(t *Type) *Error {
	for ; t != nil; t = t.Elem {
		if t.Ref != nil && t.Ref.Err != nil {
			return t.Ref.Err
		}
		if err := unresolvedIn(t.Fields); err != nil {
			return err
		}
	}
	return nil
}

// Error is a problem with a schema document, with where it is.
type Error struct {
	// Pointer is the JSON Pointer of the schema object at fault ("" for
	// the whole document, "/properties/a" for property a).
	Pointer string
	// Line and Column locate it in the document (1-based, columns in
	// bytes); 0 when the problem is the document as a whole.
	Line, Column int
	Msg          string // what is wrong, and how to put it right
}

func (e *Error) Error() string {
	var where []string
	if e.Pointer != "" {
		where = append(where, e.Pointer)
	}
	if e.Line > 0 {
		where = append(where, "line "+strconv.Itoa(e.Line)+", column "+strconv.Itoa(e.Column))
	}
	if len(where) == 0 {
		return e.Msg
	}
	return e.Msg + " (at " + strings.Join(where, ", ") + ")"
}

// Values lists a generated enum's values as strings, for the Record
// ayeaye-gen writes: Enum: schema.Values(OrderStatusValues()).
func Values[T ~string](vals []T) []string {
	out := make([]string, len(vals))
	for i, v := range vals {
		out[i] = string(v)
	}
	return out
}
