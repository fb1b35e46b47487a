package schema

import (
	"fmt"
	"go/token"

	"github.com/ayeaye-go/ayeaye/gen/ir"
	"github.com/ayeaye-go/ayeaye/internal/listing"
)

// goIdent reads an x-ayeaye value that is a Go name used exactly as
// written (go_name, record_name): it must be an exported identifier, or
// the generated code would not compile or not be usable from models.
// label names the value in messages: the key, or "enum_go_names[v]".
func (b *builder) goIdent(m *member, label string, path []string) (string, bool) {
	s, ok := b.str(m, path)
	if !ok {
		return "", false
	}
	if !token.IsIdentifier(s) || !token.IsExported(s) {
		b.errOn(m.value, m.value.pos, fmt.Sprintf("write an exported Go identifier: a capital letter, then letters, digits or _, e.g. %q", "Order"),
			"%sx-ayeaye.%s %q is not an exported Go identifier", prefix(path), label, s)
		return "", false
	}
	return s, true
}

// enumGoNames applies x-ayeaye.enum_go_names: an object from enum values
// to the Go names of their constants.
func (b *builder) enumGoNames(f *ir.Field, m *member, path []string) {
	t := f.Type
	for t.Kind == ir.Array {
		t = t.Elem
	}
	if t.Kind != ir.Enum {
		b.errOn(m.value, m.keyPos, "remove it; only enum properties (or arrays of them) have constants",
			"%sx-ayeaye.enum_go_names applies only to enum properties, and this one is %s", prefix(path), t.Kind)
		return
	}
	if m.value.kind != objectNode {
		b.errOn(m.value, m.value.pos, `map each value to its constant's Go name, e.g. {"n/a": "OrderStatusNA"}`,
			"%sx-ayeaye.enum_go_names must be an object, not %s", prefix(path), article(m.value.kind))
		return
	}
	names := make([]string, len(t.Enum.Values))
	for i := range m.value.members {
		vm := &m.value.members[i]
		at := -1
		for j, v := range t.Enum.Values {
			if v == vm.key {
				at = j
			}
		}
		if at < 0 {
			b.errOn(vm.value, vm.keyPos, "the values are "+listing.Quoted(t.Enum.Values, ", "),
				"%sx-ayeaye.enum_go_names names %q, which is not a value of the enum", prefix(path), vm.key)
			continue
		}
		if s, ok := b.goIdent(vm, "enum_go_names["+vm.key+"]", path); ok {
			names[at] = s
		}
	}
	t.Enum.GoNames = names
}
