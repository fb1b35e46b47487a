package runtime

import (
	"context"
	"fmt"
	"reflect"

	"github.com/ayeaye-go/ayeaye/runtime/schema"
)

// Model is an ETL step: a struct whose exported fields are typed dataset
// handles (Input[T], Output[T]) and whose Build reads the inputs and
// writes the outputs with ordinary Go.
type Model interface {
	Build(ctx context.Context) error
}

// PreBuilder is a model with a check that runs before Build, typically on
// its inputs. A failing check stops the run before anything is written.
type PreBuilder interface {
	PreBuild(ctx context.Context) error
}

// PostBuilder is a model with a check that runs after Build, typically
// on its outputs (Output.All reads them back).
type PostBuilder interface {
	PostBuild(ctx context.Context) error
}

// Port describes one dataset a model reads or writes, found from its
// fields without running it.
type Port struct {
	Field       string // the model's struct field
	Dataset     string
	Fingerprint string
	EngineURL   string // the default, unresolved
	Schema      string // the JSON Schema, canonical JSON
	Direction   Direction
	Appends     bool // an output that adds to the dataset rather than replacing it
	// Record is the schema as a value; nil when the dataset has none
	// (then read Schema, with schema.FromJSON).
	Record *schema.Record
	p      *port
}

// Describe lists the datasets a model reads and writes, in field order.
// Every Input and Output field must have been set from a dataset.
func Describe(m Model) ([]Port, error) {
	v := reflect.ValueOf(m)
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return nil, fmt.Errorf("runtime: model %T is nil", m)
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return nil, fmt.Errorf("runtime: model %T is not a struct; a model is a struct with Input and Output fields", m)
	}
	var ports []Port
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() || !f.Type.Implements(porterType) {
			continue
		}
		p := v.Field(i).Interface().(porter).port()
		if p == nil {
			return nil, fmt.Errorf("runtime: field %s of model %s has no dataset; set it, e.g. %s: datasets.X.%s()",
				f.Name, t.Name(), f.Name, map[bool]string{true: "Input", false: "Output"}[f.Type.Name() == "" || f.Type.Name()[0] == 'I'])
		}
		ports = append(ports, Port{Field: f.Name, Dataset: p.dataset, Fingerprint: p.fingerprint, EngineURL: p.engineURL, Schema: p.schema, Direction: p.dir, Appends: p.append, Record: p.record, p: p})
	}
	return ports, nil
}

// SchemaFingerprints maps the datasets a model uses to their schemas'
// fingerprints, as run records and ayeaye.lock keep them; nil when the
// model does not describe.
func SchemaFingerprints(m Model) map[string]string {
	ports, err := Describe(m)
	if err != nil {
		return nil
	}
	out := make(map[string]string, len(ports))
	for _, p := range ports {
		out[p.Dataset] = p.Fingerprint
	}
	return out
}
