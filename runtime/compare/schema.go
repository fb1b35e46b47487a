package compare

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"

	"github.com/ayeaye-go/ayeaye/runtime"
)

// This file is the only one that reads schemas: the rules come from the
// canonical JSON Schema a generated Dataset carries (ayeaye-gen has
// checked it), so declaring them needs no generated code.

// RulesOf reads the comparison rules of dataset from the schema model m
// was built with. A dataset m does not use, or one without a schema (a
// hand-written Dataset), compares exactly, in any order.
func RulesOf(m runtime.Model, dataset string) (Rules, error) {
	ports, err := runtime.Describe(m)
	if err != nil {
		return Rules{}, err
	}
	for _, p := range ports {
		if p.Dataset == dataset && p.Schema != "" {
			return ParseRules(p.Schema)
		}
	}
	return Rules{}, nil
}

// ParseRules reads the rules from a dataset's JSON Schema (canonical
// JSON, as runtime.Dataset.Schema holds it); an empty schema compares
// exactly, in any order. A malformed schema or tolerance is an error
// that says what is wrong and to run ayeaye-gen vet.
func ParseRules(schema string) (Rules, error) {
	var r Rules
	if strings.TrimSpace(schema) == "" {
		return r, nil
	}
	dec := json.NewDecoder(strings.NewReader(schema))
	dec.UseNumber() // tolerances as written: 1E-6 is read exactly as ayeaye-gen read it
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		return r, fmt.Errorf("the dataset's schema is not JSON: %w", err)
	}
	if x, ok := doc["x-ayeaye"].(map[string]any); ok {
		r.Ordered, _ = x["ordered"].(bool)
		keys, _ := x["keys"].([]any)
		for _, k := range keys {
			if s, ok := k.(string); ok {
				r.Keys = append(r.Keys, s)
			}
		}
	}
	defs, _ := doc["$defs"].(map[string]any)
	var err error
	r.tol, err = specOf(doc, defs, nil, 0)
	return r, err
}

// specOf builds the tolSpec of schema s; inherited is the tolerance of
// the array property s is the items of.
func specOf(s map[string]any, defs map[string]any, inherited *tolerance, depth int) (*tolSpec, error) {
	if depth > 64 {
		return nil, fmt.Errorf("the dataset's schema nests too deeply")
	}
	spec := &tolSpec{tol: inherited}
	if x, ok := s["x-ayeaye"].(map[string]any); ok && x["tolerance"] != nil {
		t, err := toleranceOf(x["tolerance"])
		if err != nil {
			return nil, err
		}
		spec.tol = t
	}
	if ref, ok := s["$ref"].(string); ok {
		def, _ := defs[strings.TrimPrefix(ref, "#/$defs/")].(map[string]any)
		if def == nil {
			return nil, fmt.Errorf("the dataset's schema refers to %q, which it does not define", ref)
		}
		inner, err := specOf(def, defs, spec.tol, depth+1)
		if err != nil || inner == nil {
			return nilIfEmpty(spec), err
		}
		return inner, nil
	}
	if props, ok := s["properties"].(map[string]any); ok {
		for name, p := range props {
			pm, ok := p.(map[string]any)
			if !ok {
				continue
			}
			f, err := specOf(pm, defs, nil, depth+1)
			if err != nil {
				return nil, fmt.Errorf("property %q: %w", name, err)
			}
			if f != nil {
				if spec.fields == nil {
					spec.fields = map[string]*tolSpec{}
				}
				spec.fields[name] = f
			}
		}
	}
	if items, ok := s["items"].(map[string]any); ok {
		var err error
		if spec.items, err = specOf(items, defs, spec.tol, depth+1); err != nil {
			return nil, err
		}
	}
	return nilIfEmpty(spec), nil
}

func nilIfEmpty(s *tolSpec) *tolSpec {
	if s.tol == nil && s.fields == nil && s.items == nil {
		return nil
	}
	return s
}

// toleranceOf reads x-ayeaye.tolerance: a number, or {absolute, relative}.
func toleranceOf(v any) (*tolerance, error) {
	num := func(v any, what string) (float64, error) {
		n, ok := v.(json.Number)
		if !ok {
			return 0, fmt.Errorf("x-ayeaye.%s must be a number", what)
		}
		f, err := n.Float64()
		if err != nil || f < 0 || math.IsInf(f, 0) {
			return 0, fmt.Errorf("x-ayeaye.%s is %s; it must be a finite number, not negative", what, n)
		}
		return f, nil
	}
	var t tolerance
	var err error
	switch v := v.(type) {
	case json.Number:
		t.abs, err = num(v, "tolerance")
	case map[string]any:
		if a, ok := v["absolute"]; ok && err == nil {
			t.abs, err = num(a, "tolerance.absolute")
		}
		if r, ok := v["relative"]; ok && err == nil {
			t.rel, err = num(r, "tolerance.relative")
			if err == nil && t.rel >= 1 {
				err = fmt.Errorf("x-ayeaye.tolerance.relative is %s; it must be below 1", r)
			}
		}
	default:
		err = fmt.Errorf("x-ayeaye.tolerance must be a number or an object")
	}
	if err != nil {
		return nil, fmt.Errorf("the dataset's schema: %w (run ayeaye-gen vet)", err)
	}
	return &t, nil
}
