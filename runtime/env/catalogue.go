package env

import (
	"errors"
	"maps"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/ayeaye-go/ayeaye/runtime/engine"

	"github.com/ayeaye-go/ayeaye/internal/yamlstrict"
)

// catalogueKey is the key of the catalogue section in ayeaye.yaml.
const catalogueKey = "catalogue"

// CatalogueNamePattern is a catalogue name, as a regular expression: the
// location of a ref:// engine URL, slash-separated names such as
// sales/orders.
const CatalogueNamePattern = engine.RefNamePattern

var catalogueNameRE = regexp.MustCompile(CatalogueNamePattern)

const catalogueExample = `e.g. "catalogue: {sales/orders: \"csv://{sales_root}/orders.csv\"}"`

// Catalogue maps the names of datasets other projects publish
// (team/dataset) to where they are published: engine URL templates, filled
// from the chosen environment like any engine URL, so one name finds the
// dataset in every environment. A model reads a catalogued dataset through
// ref://team/dataset.
type Catalogue map[string]string

// Names returns the catalogue's names, sorted.
func (c Catalogue) Names() []string {
	return slices.Sorted(maps.Keys(c))
}

// catalogue checks the catalogue section: names in the ref:// form, each
// with an engine URL template. A template without {name} references is
// parsed as an engine URL now; one with references is checked now for
// what no value of its names could change (engine.CheckTemplate) and
// parsed when a run fills it in.
func (p *parser) catalogue(n *yaml.Node) Catalogue {
	n = yamlstrict.Deref(n)
	if n.Kind != yaml.MappingNode {
		p.Errorf(n, "write the catalogue as a mapping of names to engine URLs, "+catalogueExample,
			"catalogue must be a mapping, not %s", yamlstrict.Describe(n))
		return nil
	}
	out := Catalogue{}
	p.Mapping(n, catalogueKey, nil, func(name string, k, v *yaml.Node) {
		if !catalogueNameRE.MatchString(name) {
			p.Errorf(k, "a catalogue name is team/dataset: slash-separated names of letters, digits, '_', '-' and '.', as written after ref://",
				"catalogue name %q is not valid", name)
			return
		}
		what := catalogueKey + "." + name
		if v.Kind != yaml.ScalarNode || v.Tag != "!!str" {
			p.Errorf(v, "give the engine URL the dataset is published at, "+catalogueExample, "%s must be an engine URL, not %s", what, yamlstrict.Describe(v))
			return
		}
		if strings.TrimSpace(v.Value) == "" {
			p.Errorf(v, "give the engine URL the dataset is published at, "+catalogueExample, "%s is empty", what)
			return
		}
		if err := checkTemplate(v.Value); err != nil {
			p.templateError(v, what, err)
			return
		}
		if strings.ContainsAny(v.Value, "{}") {
			// What no environment's values could change is checked now.
			var e *engine.Error
			if err := engine.CheckTemplate(v.Value); errors.As(err, &e) {
				p.templateError(v, what, e)
				return
			}
		} else {
			u, err := engine.Parse(v.Value)
			var e *engine.Error
			switch {
			case errors.As(err, &e):
				p.templateError(v, what, e)
				return
			case err != nil:
				p.Errorf(v, "", "%s: %v", what, err)
				return
			case u.Type == "ref":
				p.Errorf(v, "write where the dataset is published, e.g. csv://{sales_root}/orders.csv", "%s is itself a ref; a catalogue entry names a location", what)
				return
			}
		}
		out[name] = v.Value
	})
	return out
}

// Lookup returns the engine URL template the catalogue gives for name
// (team/dataset, as written after ref://), not yet expanded: pass it to
// Expand. ok is false when the catalogue has no such name.
func (e *Env) Lookup(name string) (template string, ok bool) {
	template, ok = e.state().cat[name]
	return template, ok
}

// CatalogueNames returns the names in the catalogue, sorted, for messages
// about a name that is not there.
func (e *Env) CatalogueNames() []string {
	return e.state().cat.Names()
}
