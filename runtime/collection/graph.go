package collection

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/ayeaye-go/ayeaye/internal/listing"
)

// GraphJSON is the documented shape of `graph -format json`: models and
// datasets as nodes, reads and writes as edges. Its JSON Schema is
// schemas/graph.schema.json.
type GraphJSON struct {
	Models   []ModelJSON   `json:"models" jsonschema_description:"Every model, in the order the program lists them."`
	Datasets []DatasetJSON `json:"datasets" jsonschema_description:"Every dataset, by resolved location."`
	Groups   [][]string    `json:"groups" jsonschema_description:"Models in dependency order, in groups that can run in parallel."`
}

// ModelJSON is one model of the graph.
type ModelJSON struct {
	Name    string   `json:"name"`
	Inputs  []string `json:"inputs" jsonschema_description:"Locations of the datasets the model reads."`
	Outputs []string `json:"outputs" jsonschema_description:"Locations of the datasets the model writes."`
}

// DatasetJSON is one dataset of the graph.
type DatasetJSON struct {
	Location  string      `json:"location" jsonschema_description:"The resolved engine URL, secrets redacted: the dataset's identity."`
	Name      string      `json:"name" jsonschema_description:"The dataset name from its schema."`
	Writers   []string    `json:"writers"`
	Appenders []string    `json:"appenders" jsonschema_description:"The writers that add to the dataset rather than replace it; they run after the one that replaces it, in this order."`
	Readers   []string    `json:"readers"`
	Fields    []FieldJSON `json:"fields" jsonschema_description:"The record's fields from the dataset's schema, in name order; empty when it declares none."`
}

// Graph returns the graph in its JSON shape.
func (c *Collection) Graph() GraphJSON {
	// Empty lists, not null, so that readers of the JSON need no checks.
	g := GraphJSON{Models: []ModelJSON{}, Datasets: []DatasetJSON{}, Groups: c.Groups()}
	if g.Groups == nil {
		g.Groups = [][]string{}
	}
	for _, n := range c.models {
		g.Models = append(g.Models, ModelJSON{Name: n.name, Inputs: nonNil(n.inputs), Outputs: nonNil(n.outputs)})
	}
	for _, d := range c.Datasets() {
		g.Datasets = append(g.Datasets, DatasetJSON{Location: d.Location, Name: d.Name, Writers: nonNil(d.Writers), Appenders: nonNil(d.Appenders), Readers: nonNil(d.Readers), Fields: d.fields})
	}
	return g
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// WriteJSON writes the graph as indented JSON.
func (c *Collection) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(c.Graph())
}

// ids gives every model and dataset a short identifier for DOT and
// Mermaid, stable for the same graph.
func (c *Collection) ids() (models, datasets map[string]string) {
	models, datasets = map[string]string{}, map[string]string{}
	for i, n := range c.models {
		models[n.name] = fmt.Sprintf("m%d", i)
	}
	for i, d := range c.Datasets() {
		datasets[d.Location] = fmt.Sprintf("d%d", i)
	}
	return models, datasets
}

// WriteDOT writes the graph for Graphviz: models as boxes, datasets as
// cylinders, laid out left to right.
func (c *Collection) WriteDOT(w io.Writer) error {
	mids, dids := c.ids()
	var b strings.Builder
	b.WriteString("digraph ayeaye {\n  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n")
	for _, n := range c.models {
		fmt.Fprintf(&b, "  %s [label=%q, shape=box, style=rounded];\n", mids[n.name], n.name)
	}
	for _, d := range c.Datasets() {
		fmt.Fprintf(&b, "  %s [label=%q, shape=cylinder, tooltip=%q];\n", dids[d.Location], d.Name, d.Location)
	}
	for _, n := range c.models {
		for _, in := range n.inputs {
			fmt.Fprintf(&b, "  %s -> %s;\n", dids[in], mids[n.name])
		}
		for _, out := range n.outputs {
			if c.appends(n, out) {
				fmt.Fprintf(&b, "  %s -> %s [style=dashed, label=\"appends\"];\n", mids[n.name], dids[out])
			} else {
				fmt.Fprintf(&b, "  %s -> %s;\n", mids[n.name], dids[out])
			}
		}
	}
	b.WriteString("}\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteMermaid writes the graph as a Mermaid flowchart.
func (c *Collection) WriteMermaid(w io.Writer) error {
	mids, dids := c.ids()
	var b strings.Builder
	b.WriteString("flowchart LR\n")
	for _, n := range c.models {
		fmt.Fprintf(&b, "  %s[%s]\n", mids[n.name], mermaidText(n.name))
	}
	for _, d := range c.Datasets() {
		fmt.Fprintf(&b, "  %s[(%s)]\n", dids[d.Location], mermaidText(d.Name))
	}
	for _, n := range c.models {
		for _, in := range n.inputs {
			fmt.Fprintf(&b, "  %s --> %s\n", dids[in], mids[n.name])
		}
		for _, out := range n.outputs {
			if c.appends(n, out) {
				fmt.Fprintf(&b, "  %s -. appends .-> %s\n", mids[n.name], dids[out])
			} else {
				fmt.Fprintf(&b, "  %s --> %s\n", mids[n.name], dids[out])
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// appends reports whether n adds to the dataset at loc.
func (c *Collection) appends(n *node, loc string) bool {
	return slices.Contains(c.datasets[loc].Appenders, n.name)
}

// mermaidText quotes a label so punctuation in names cannot break the
// chart.
func mermaidText(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, "#quot;") + `"`
}

// Lineage answers "what feeds this dataset?" (up) or "what depends on
// it?" (down) from the declared graph, as lines of text from the nearest
// outward. dataset is a dataset name or a location.
func (c *Collection) Lineage(dataset string, up bool) ([]string, error) {
	var start []*Dataset
	for _, d := range c.Datasets() {
		if d.Name == dataset || d.Location == dataset {
			start = append(start, d)
		}
	}
	if len(start) == 0 {
		var names []string
		for _, d := range c.Datasets() {
			names = append(names, d.Name)
		}
		slices.Sort(names)
		return nil, fmt.Errorf("no dataset %q in the graph; the datasets are %s", dataset, listing.Join(slices.Compact(names), ", "))
	}
	var lines []string
	seen := map[string]bool{}
	var walk func(d *Dataset, depth int)
	walk = func(d *Dataset, depth int) {
		models := d.Readers
		if up {
			models = d.Writers
		}
		for _, m := range models {
			n := c.byName[m]
			next := n.outputs
			verb := "reads it, writes"
			if up {
				next = n.inputs
				verb = "writes it, reads"
			}
			line := fmt.Sprintf("%s%s (%s)", strings.Repeat("  ", depth), m, verb)
			var names []string
			for _, loc := range next {
				names = append(names, c.datasets[loc].Name)
			}
			lines = append(lines, line+" "+strings.Join(names, ", "))
			if seen[m] {
				continue
			}
			seen[m] = true
			for _, loc := range next {
				walk(c.datasets[loc], depth+1)
			}
		}
	}
	for _, d := range start {
		lines = append(lines, d.Name+"  "+d.Location)
		walk(d, 1)
	}
	return lines, nil
}
