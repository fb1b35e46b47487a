package compare

import (
	"fmt"
	"strings"

	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/schema"
)

// This file is the only one that reads schemas: the rules come from the
// record model a generated Dataset carries (runtime/schema), or from its
// canonical JSON Schema for a foreign one, so declaring them needs no
// generated code.

// RulesOf reads the comparison rules of dataset from the schema model m
// was built with. A dataset m does not use, or one without a schema (a
// hand-written Dataset), compares exactly, in any order.
func RulesOf(m runtime.Model, dataset string) (Rules, error) {
	ports, err := runtime.Describe(m)
	if err != nil {
		return Rules{}, err
	}
	for _, p := range ports {
		switch {
		case p.Dataset != dataset:
		case p.Record != nil:
			return RulesFor(p.Record), nil
		case p.Schema != "":
			return ParseRules(p.Schema)
		}
	}
	return Rules{}, nil
}

// ParseRules reads the rules from a dataset's JSON Schema (canonical
// JSON, as runtime.Dataset.Schema holds it); an empty schema compares
// exactly, in any order. A malformed schema or tolerance is an error
// that says what is wrong and to run ayeaye-gen vet.
func ParseRules(s string) (Rules, error) {
	if strings.TrimSpace(s) == "" {
		return Rules{}, nil
	}
	rec, err := schema.FromJSON([]byte(s))
	if err == nil {
		if e := rec.Unresolved(); e != nil {
			err = e // a tolerance could sit behind it
		}
	}
	if err != nil {
		return Rules{}, fmt.Errorf("the dataset's schema: %w (run ayeaye-gen vet)", err)
	}
	return RulesFor(rec), nil
}

// RulesFor is the rules of a record: its keys, whether its order counts,
// and where tolerances sit (schema.Type.Tolerance, inherited as the
// schema declares).
func RulesFor(rec *schema.Record) Rules {
	return Rules{Ordered: rec.Ordered, Keys: rec.Keys, tol: specOfFields(rec.Fields, nil)}
}

func specOfFields(fields []schema.Field, tol *tolerance) *tolSpec {
	spec := &tolSpec{tol: tol}
	for i := range fields {
		if f := specOf(&fields[i].Type); f != nil {
			if spec.fields == nil {
				spec.fields = map[string]*tolSpec{}
			}
			spec.fields[fields[i].Name] = f
		}
	}
	return nilIfEmpty(spec)
}

func specOf(t *schema.Type) *tolSpec {
	var tol *tolerance
	if t.Tolerance != nil {
		tol = &tolerance{abs: t.Tolerance.Absolute, rel: t.Tolerance.Relative}
	}
	spec := specOfFields(t.Fields, tol)
	if spec == nil {
		spec = &tolSpec{tol: tol}
	}
	if t.Elem != nil {
		spec.items = specOf(t.Elem)
	}
	return nilIfEmpty(spec)
}

func nilIfEmpty(s *tolSpec) *tolSpec {
	if s.tol == nil && s.fields == nil && s.items == nil {
		return nil
	}
	return s
}
