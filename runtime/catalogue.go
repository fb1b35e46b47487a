package runtime

import (
	"fmt"

	"github.com/ayeaye-go/ayeaye/internal/listing"
	"github.com/ayeaye-go/ayeaye/runtime/engine"
)

// Catalogue is what an Environment implements to resolve ref:// engine
// URLs: the engine URL template published under a name (team/dataset).
// *env.Env implements it from the catalogue section of ayeaye.yaml.
type Catalogue interface {
	Lookup(name string) (template string, ok bool)
}

// catalogueNames is implemented by an environment that can list its
// catalogue, for the message about a name it lacks.
type catalogueNames interface {
	CatalogueNames() []string
}

// resolveRef turns ref://team/dataset into the location the catalogue
// gives for the name in this run's environment. A catalogue entry cannot
// be a ref itself, so resolution never loops.
func (r *Runner) resolveRef(p Port, ref engine.URL) (engine.URL, error) {
	name := ref.Location
	cat, ok := r.Env.(Catalogue)
	if !ok {
		why := "the run has no environment"
		if r.Env != nil {
			why = "the run's environment has no catalogue"
		}
		return engine.URL{}, fmt.Errorf("dataset %q: %s names a published dataset in the catalogue, but %s\n\thint: run with the project's ayeaye.yaml (its catalogue section), or override the dataset's engine URL for this run",
			p.Dataset, ref, why)
	}
	tmpl, ok := cat.Lookup(name)
	if !ok {
		hint := fmt.Sprintf("add it under catalogue in ayeaye.yaml, e.g. %q: \"csv://{data_root}/orders.csv\"", name)
		if lister, ok := r.Env.(catalogueNames); ok {
			if names := lister.CatalogueNames(); len(names) > 0 {
				hint = "the catalogue has " + listing.Join(names, ", ") + "; or " + hint
			}
		}
		return engine.URL{}, fmt.Errorf("dataset %q: %s: %q is not in the catalogue\n\thint: %s", p.Dataset, ref, name, hint)
	}
	u, err := r.fill(tmpl)
	if err != nil {
		return engine.URL{}, fmt.Errorf("dataset %q: catalogue entry %s: %w", p.Dataset, name, err)
	}
	if u.Type == "ref" {
		return engine.URL{}, fmt.Errorf("dataset %q: catalogue entry %s is itself a ref (%s)\n\thint: a catalogue entry names where the dataset is published, e.g. csv://{sales_root}/orders.csv",
			p.Dataset, name, r.display(u))
	}
	return u, nil
}
