package value

import (
	"encoding/json"
	"fmt"
)

// Null is a value that may be absent: JSON null, or an empty unquoted
// field in CSV. Generated records use Null[T] for nullable fields rather
// than *T because reading a row then fills the struct in place instead of
// allocating a pointer per field per row.
//
// The zero value is absent. V holds the zero T whenever Valid is false.
type Null[T any] struct {
	V     T
	Valid bool
}

// Some returns a present value.
func Some[T any](v T) Null[T] { return Null[T]{V: v, Valid: true} }

// FromPtr returns the value p points to, or an absent value for nil. It
// converts from the pointer style of other libraries.
func FromPtr[T any](p *T) Null[T] {
	if p == nil {
		return Null[T]{}
	}
	return Some(*p)
}

// Get returns the value and whether it is present, like a map lookup.
func (n Null[T]) Get() (T, bool) { return n.V, n.Valid }

// Or returns the value if present, else def.
func (n Null[T]) Or(def T) T {
	if n.Valid {
		return n.V
	}
	return def
}

// Ptr returns a pointer to a copy of the value, or nil when absent.
func (n Null[T]) Ptr() *T {
	if !n.Valid {
		return nil
	}
	v := n.V
	return &v
}

// Set stores v and marks it present.
func (n *Null[T]) Set(v T) { *n = Some(v) }

// Clear marks n absent and zeroes the value, so stale data cannot leak
// out of a reused record.
func (n *Null[T]) Clear() { *n = Null[T]{} }

// IsZero reports whether n is absent. It makes `json:",omitzero"` omit
// absent values.
func (n Null[T]) IsZero() bool { return !n.Valid }

// String returns "null" when absent, else the value formatted with %v. It
// is for logs and test failures.
func (n Null[T]) String() string {
	if !n.Valid {
		return "null"
	}
	return fmt.Sprint(n.V)
}

// MarshalJSON writes null when n is absent, else the value as
// json.Marshal writes it.
func (n Null[T]) MarshalJSON() ([]byte, error) {
	if !n.Valid {
		return []byte("null"), nil
	}
	return json.Marshal(n.V)
}

// UnmarshalJSON makes n absent for JSON null and otherwise decodes the
// value with json.Unmarshal and marks it present. On error n is left
// unchanged.
func (n *Null[T]) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		n.Clear()
		return nil
	}
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	n.Set(v)
	return nil
}
