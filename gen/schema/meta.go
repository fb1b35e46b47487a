package schema

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/ayeaye-go/ayeaye/gen/diag"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

const metaSchemaURL = "https://json-schema.org/draft/2020-12/schema"

// metaSchema compiles the draft 2020-12 meta-schema (embedded in the
// jsonschema module, so no network) once per process: it is a constant
// in all but name, immutable after compilation and safe for concurrent
// validation, and compiling it on every Parse would cost ~10ms.
var metaSchema = sync.OnceValues(func() (*jsonschema.Schema, error) {
	return jsonschema.NewCompiler().Compile(metaSchemaURL)
})

// metaProblem is one place where the document breaks the meta-schema.
type metaProblem struct {
	location []string // JSON pointer tokens into the document
	messages []string
}

// validateMeta checks the document against the JSON Schema 2020-12
// meta-schema. It is the safety net under the builder's own checks, which
// give better messages: a problem is reported only where the builder said
// nothing about the same value (see reported).
func validateMeta(root *node, reported func(ptr string) bool, diags *diag.List) {
	sch, err := metaSchema()
	if err != nil {
		// Cannot happen with the embedded meta-schema; say so rather than
		// pass a schema unchecked.
		diags.Add(root.pos, "this is a bug in ayeaye-gen; please report it", "cannot compile the JSON Schema meta-schema: %v", err)
		return
	}
	doc := toAny(root, func(s string) any { return json.Number(clampExponent(s)) })
	verr, ok := sch.Validate(doc).(*jsonschema.ValidationError)
	if !ok || verr == nil {
		return
	}
	printer := message.NewPrinter(language.English)
	var problems []*metaProblem
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) > 0 {
			for _, c := range e.Causes {
				walk(c)
			}
			return
		}
		msg := e.ErrorKind.LocalizedString(printer)
		if _, isSchema := e.ErrorKind.(*kind.Schema); isSchema {
			return
		}
		for _, p := range problems {
			if slices.Equal(p.location, e.InstanceLocation) {
				if !slices.Contains(p.messages, msg) {
					p.messages = append(p.messages, msg)
				}
				return
			}
		}
		problems = append(problems, &metaProblem{location: e.InstanceLocation, messages: []string{msg}})
	}
	walk(verr)
	for _, p := range problems {
		ptr := pointerOf(p.location)
		if reported(ptr) {
			continue
		}
		at := root.pos
		if n := lookup(root, p.location); n != nil {
			at = n.pos
		}
		where := "the document"
		if ptr != "" {
			where = fmt.Sprintf("%q", ptr)
		}
		diags.Add(at, "see https://json-schema.org/draft/2020-12/json-schema-validation for what each keyword accepts",
			"%s is not valid JSON Schema 2020-12: %s", where, strings.Join(p.messages, ", or "))
	}
}

// clampExponent caps the exponent of a number literal at ±300. The
// validator turns every number into an exact big.Rat, which for 1e999999999
// takes minutes; no meta-schema rule distinguishes such a number from
// 1e300, so validation gives the same verdict in microseconds.
func clampExponent(s string) string {
	i := strings.IndexAny(s, "eE")
	if i < 0 {
		return s
	}
	exp := s[i+1:]
	sign := ""
	if exp != "" && (exp[0] == '+' || exp[0] == '-') {
		sign, exp = exp[:1], exp[1:]
	}
	exp = strings.TrimLeft(exp, "0")
	if len(exp) < 3 || len(exp) == 3 && exp <= "300" {
		return s
	}
	return s[:i+1] + sign + "300"
}

// pointerOf joins JSON pointer tokens.
func pointerOf(tokens []string) string {
	var b strings.Builder
	for _, t := range tokens {
		b.WriteByte('/')
		b.WriteString(escapePointer(t))
	}
	return b.String()
}

// related reports whether two JSON pointers are the same value or one
// contains the other.
func related(a, b string) bool {
	return a == b || strings.HasPrefix(a, b+"/") || strings.HasPrefix(b, a+"/")
}
