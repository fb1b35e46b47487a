package partition

import (
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
)

// CheckTypes reports whether partition descriptions of type P and results
// of type R can travel as JSON without losing anything: no channels,
// functions, complex numbers or interfaces (JSON cannot say which type to
// rebuild), and no unexported struct fields (JSON drops them), unless a
// type marshals itself. Run calls it; call it in a model's test too.
func CheckTypes[P, R any]() error {
	var problems []string
	for _, t := range []reflect.Type{reflect.TypeFor[P](), reflect.TypeFor[R]()} {
		checkType(t, t.String(), map[reflect.Type]bool{}, &problems)
	}
	if len(problems) > 0 {
		return fmt.Errorf("partitions and their results must survive JSON (a distributed executor sends them between machines):\n  %s\n\thint: use exported fields of plain types, or implement json.Marshaler and json.Unmarshaler",
			strings.Join(problems, "\n  "))
	}
	return nil
}

var (
	marshalerType     = reflect.TypeFor[json.Marshaler]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
)

func checkType(t reflect.Type, path string, seen map[reflect.Type]bool, problems *[]string) {
	if seen[t] {
		return
	}
	seen[t] = true
	if t.Implements(marshalerType) || reflect.PointerTo(t).Implements(marshalerType) ||
		t.Implements(textMarshalerType) || reflect.PointerTo(t).Implements(textMarshalerType) {
		return
	}
	switch t.Kind() {
	case reflect.Chan, reflect.Func, reflect.Complex64, reflect.Complex128, reflect.UnsafePointer:
		*problems = append(*problems, fmt.Sprintf("%s is a %s, which JSON cannot hold", path, t.Kind()))
	case reflect.Interface:
		*problems = append(*problems, fmt.Sprintf("%s is an interface (%s): JSON cannot tell which type to rebuild", path, t))
	case reflect.Pointer, reflect.Slice, reflect.Array:
		checkType(t.Elem(), path+"[]", seen, problems)
	case reflect.Map:
		switch t.Key().Kind() {
		case reflect.String, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
			reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		default:
			if !t.Key().Implements(textMarshalerType) {
				*problems = append(*problems, fmt.Sprintf("%s has map keys of type %s, which JSON cannot hold", path, t.Key()))
			}
		}
		checkType(t.Elem(), path+"[key]", seen, problems)
	case reflect.Struct:
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				*problems = append(*problems, fmt.Sprintf("%s.%s is unexported, so JSON would drop it", path, f.Name))
				continue
			}
			if f.Tag.Get("json") == "-" {
				continue
			}
			checkType(f.Type, path+"."+f.Name, seen, problems)
		}
	}
}
