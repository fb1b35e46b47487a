package compare

import (
	"encoding"
	"reflect"
	"strings"

	"github.com/ayeaye-go/ayeaye/runtime/value"
)

var (
	nullPkg           = reflect.TypeFor[value.Null[int]]().PkgPath()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
)

// isNull reports whether t is a value.Null[X].
func isNull(t reflect.Type) bool {
	return t.Kind() == reflect.Struct && t.PkgPath() == nullPkg && strings.HasPrefix(t.Name(), "Null[")
}
