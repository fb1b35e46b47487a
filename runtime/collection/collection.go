package collection

import (
	"context"
	"errors"
	"fmt"
	goruntime "runtime"
	"slices"
	"strings"
	"sync"

	"github.com/ayeaye-go/ayeaye/internal/listing"
	"github.com/ayeaye-go/ayeaye/runtime"
)

// Model is one named model of a collection.
type Model struct {
	Name  string
	Model runtime.Model
}

// Collection is a set of models with the data dependencies between them.
type Collection struct {
	runner   *runtime.Runner
	models   []*node
	byName   map[string]*node
	datasets map[string]*Dataset // by location
}

// Dataset is a dataset as the graph sees it: a location, the models that
// write it and the models that read it.
type Dataset struct {
	Location string
	Name     string // the dataset name in the schema
	Writers  []string
	// Appenders are the writers that add to the dataset (Dataset.Append)
	// rather than replace it; they run after the one that replaces it.
	Appenders []string
	Readers   []string
	// Schema is the dataset's JSON Schema (canonical JSON), as the first
	// model naming the location declared it; empty when it has none.
	Schema string
	fields []FieldJSON
}

type node struct {
	name     string
	model    runtime.Model
	index    int
	inputs   []string // locations
	outputs  []string
	upstream []*node // models that write what this one reads
	down     []*node
}

// New resolves every model's datasets with runner and links the models.
func New(runner *runtime.Runner, models []Model) (*Collection, error) {
	c := &Collection{runner: runner, byName: map[string]*node{}, datasets: map[string]*Dataset{}}
	for i, m := range models {
		if _, dup := c.byName[m.Name]; dup {
			return nil, fmt.Errorf("two models are named %q", m.Name)
		}
		ds, err := runner.Describe(m.Model)
		if err != nil {
			return nil, fmt.Errorf("model %s: %w", m.Name, err)
		}
		n := &node{name: m.Name, model: m.Model, index: i}
		for _, d := range ds {
			set := c.datasets[d.Location]
			if set == nil {
				set = &Dataset{Location: d.Location, Name: d.Dataset, fields: []FieldJSON{}}
				c.datasets[d.Location] = set
			}
			if set.Schema == "" && d.Schema != "" {
				fields, err := portFields(d)
				if err != nil {
					return nil, fmt.Errorf("model %s: dataset %s (%s): %w\n\thint: the schema comes from the generated datasets package; run go generate again", m.Name, d.Dataset, d.Location, err)
				}
				set.Schema, set.fields = d.Schema, fields
			}
			if d.Direction == runtime.Write {
				n.outputs = appendNew(n.outputs, d.Location)
				set.Writers = appendNew(set.Writers, m.Name)
				if d.Appends {
					set.Appenders = appendNew(set.Appenders, m.Name)
				}
			} else {
				n.inputs = appendNew(n.inputs, d.Location)
				set.Readers = appendNew(set.Readers, m.Name)
			}
		}
		c.models = append(c.models, n)
		c.byName[m.Name] = n
	}
	var problems []string
	for _, loc := range c.sortedLocations() {
		d := c.datasets[loc]
		if replacers := len(d.Writers) - len(d.Appenders); replacers > 1 {
			var names []string
			for _, w := range d.Writers {
				if !slices.Contains(d.Appenders, w) {
					names = append(names, w)
				}
			}
			problems = append(problems, fmt.Sprintf("dataset %s (%s) is replaced by %d models: %s; give each its own output, combine them in one model, or let all but one add to it with %s.Append() instead of Output()",
				d.Name, loc, replacers, listing.Join(names, ", "), d.Name))
		}
	}
	if len(problems) > 0 {
		return nil, errors.New(strings.Join(problems, "\n"))
	}
	for _, n := range c.models {
		for _, in := range n.inputs {
			for _, w := range c.datasets[in].Writers {
				if w != n.name { // a model that reads what it writes does not depend on itself
					c.depend(c.byName[w], n)
				}
			}
		}
	}
	// Writers of one dataset take turns: the one that replaces it first,
	// then the appenders in the order the models were given, so that a run
	// ends with the same records every time.
	for _, loc := range c.sortedLocations() {
		d := c.datasets[loc]
		var prev *node
		for _, w := range d.Writers {
			if !slices.Contains(d.Appenders, w) {
				prev = c.byName[w]
			}
		}
		for _, w := range d.Appenders {
			if n := c.byName[w]; prev != nil && prev != n {
				c.depend(prev, n)
			}
			prev = c.byName[w]
		}
	}
	if cycle := c.findCycle(); cycle != "" {
		return nil, errors.New("the models depend on each other in a cycle: " + cycle + "\n\thint: one of these models must not read what a later one writes")
	}
	return c, nil
}

// depend makes down run after up.
func (c *Collection) depend(up, down *node) {
	down.upstream = appendNode(down.upstream, up)
	up.down = appendNode(up.down, down)
}

func appendNew(s []string, v string) []string {
	if slices.Contains(s, v) {
		return s
	}
	return append(s, v)
}

func appendNode(s []*node, v *node) []*node {
	if slices.Contains(s, v) {
		return s
	}
	return append(s, v)
}

func (c *Collection) sortedLocations() []string {
	locs := make([]string, 0, len(c.datasets))
	for l := range c.datasets {
		locs = append(locs, l)
	}
	slices.Sort(locs)
	return locs
}

// findCycle returns a cycle as "a --(dataset)--> b --(dataset)--> a", or "".
func (c *Collection) findCycle() string {
	const (
		unseen = iota
		active
		done
	)
	state := make(map[*node]int, len(c.models))
	var stack []*node
	var found []*node
	var visit func(n *node) bool
	visit = func(n *node) bool {
		state[n] = active
		stack = append(stack, n)
		for _, d := range n.down {
			switch state[d] {
			case active:
				i := slices.Index(stack, d)
				found = append(slices.Clone(stack[i:]), d)
				return true
			case unseen:
				if visit(d) {
					return true
				}
			}
		}
		stack = stack[:len(stack)-1]
		state[n] = done
		return false
	}
	for _, n := range c.models {
		if state[n] == unseen && visit(n) {
			break
		}
	}
	if found == nil {
		return ""
	}
	var b strings.Builder
	for i, n := range found {
		if i > 0 {
			fmt.Fprintf(&b, " --(%s)--> ", c.link(found[i-1], n))
		}
		b.WriteString(n.name)
	}
	return b.String()
}

// link names the datasets through which from feeds to: those to reads,
// else those both write (to appends after from).
func (c *Collection) link(from, to *node) string {
	var names []string
	for _, o := range from.outputs {
		if slices.Contains(to.inputs, o) {
			names = append(names, c.datasets[o].Name)
		}
	}
	if len(names) == 0 {
		for _, o := range from.outputs {
			if slices.Contains(to.outputs, o) {
				names = append(names, c.datasets[o].Name+" (appended after)")
			}
		}
	}
	return strings.Join(names, ", ")
}

// Groups returns the models in dependency order, in groups that can run
// in parallel: every model's upstream models are in earlier groups.
// Within a group, models keep the order they were given in.
func (c *Collection) Groups() [][]string {
	level := make(map[*node]int, len(c.models))
	var depth func(n *node) int
	depth = func(n *node) int {
		if l, ok := level[n]; ok {
			return l
		}
		l := 0
		for _, u := range n.upstream {
			l = max(l, depth(u)+1)
		}
		level[n] = l
		return l
	}
	var groups [][]string
	for _, n := range c.models {
		l := depth(n)
		for len(groups) <= l {
			groups = append(groups, nil)
		}
		groups[l] = append(groups[l], n.name)
	}
	return groups
}

// Datasets returns the datasets of the graph, sorted by location.
func (c *Collection) Datasets() []*Dataset {
	out := make([]*Dataset, 0, len(c.datasets))
	for _, l := range c.sortedLocations() {
		out = append(out, c.datasets[l])
	}
	return out
}

// Plan describes, without running anything, the order, the parallel
// groups and each model's resolved inputs and outputs.
func (c *Collection) Plan() string {
	var b strings.Builder
	for i, g := range c.Groups() {
		fmt.Fprintf(&b, "group %d (in parallel): %s\n", i+1, strings.Join(g, ", "))
		for _, name := range g {
			n := c.byName[name]
			fmt.Fprintf(&b, "  %s\n", name)
			for _, in := range n.inputs {
				fmt.Fprintf(&b, "    reads  %s  %s\n", c.datasets[in].Name, in)
			}
			for _, out := range n.outputs {
				verb := "writes"
				if c.appends(n, out) {
					verb = "appends"
				}
				fmt.Fprintf(&b, "    %s %s  %s\n", verb, c.datasets[out].Name, out)
			}
		}
	}
	return b.String()
}

// Options control a collection run.
type Options struct {
	// Only runs these models (in dependency order); empty runs all.
	Only []string
	// Parallel bounds how many models run at once; 0 means one per CPU.
	Parallel int
	// KeepGoing lets independent models finish when one fails.
	KeepGoing bool
}

// Result is what happened to one model of a run.
type Result struct {
	Model   string
	Report  *runtime.Report
	Err     error
	Skipped bool // not run because a model upstream failed
}

// Run runs the models in dependency order, each as soon as its upstream
// models have succeeded. It returns a result per model run or skipped, in
// the order they were given, and an error naming every failed model.
func (c *Collection) Run(ctx context.Context, o Options) ([]Result, error) {
	selected := c.models
	if len(o.Only) > 0 {
		selected = nil
		for _, name := range o.Only {
			n, ok := c.byName[name]
			if !ok {
				return nil, fmt.Errorf("no model named %q; the models are %s", name, listing.Join(c.names(), ", "))
			}
			selected = appendNode(selected, n)
		}
		slices.SortFunc(selected, func(a, b *node) int { return a.index - b.index })
	}
	parallel := o.Parallel
	if parallel <= 0 {
		parallel = goruntime.NumCPU()
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	in := make(map[*node]bool, len(selected))
	for _, n := range selected {
		in[n] = true
	}
	waiting := map[*node]int{} // selected upstream models not yet finished
	for _, n := range selected {
		for _, u := range n.upstream {
			if in[u] {
				waiting[n]++
			}
		}
	}
	results := make(map[*node]*Result, len(selected))
	var mu sync.Mutex
	var wg sync.WaitGroup
	sem := make(chan struct{}, parallel)
	failed := false

	var start func(n *node)
	finish := func(n *node, res *Result) {
		mu.Lock()
		results[n] = res
		var ready []*node
		if res.Err != nil || res.Skipped {
			failed = true
			if !o.KeepGoing {
				cancel()
			}
			// Everything downstream is skipped.
			var skip func(d *node)
			skip = func(d *node) {
				for _, x := range d.down {
					if in[x] && results[x] == nil {
						results[x] = &Result{Model: x.name, Skipped: true}
						skip(x)
					}
				}
			}
			skip(n)
		} else {
			for _, d := range n.down {
				if !in[d] || results[d] != nil {
					continue
				}
				waiting[d]--
				if waiting[d] == 0 {
					ready = append(ready, d)
				}
			}
		}
		mu.Unlock()
		for _, d := range ready {
			start(d)
		}
	}
	start = func(n *node) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				finish(n, &Result{Model: n.name, Skipped: true})
				return
			}
			rep, err := c.runner.Run(ctx, n.name, n.model)
			<-sem
			finish(n, &Result{Model: n.name, Report: rep, Err: err})
		}()
	}
	var roots []*node // found before any starts: finish changes waiting
	for _, n := range selected {
		if waiting[n] == 0 {
			roots = append(roots, n)
		}
	}
	for _, n := range roots {
		start(n)
	}
	wg.Wait()

	out := make([]Result, 0, len(selected))
	var errs []error
	for _, n := range selected {
		res := results[n]
		if res == nil { // cancelled before its turn
			res = &Result{Model: n.name, Skipped: true}
		}
		out = append(out, *res)
		if res.Err != nil {
			errs = append(errs, res.Err)
		}
	}
	if failed && len(errs) == 0 {
		errs = append(errs, errors.New("the run was cancelled"))
	}
	return out, errors.Join(errs...)
}

func (c *Collection) names() []string {
	names := make([]string, len(c.models))
	for i, n := range c.models {
		names[i] = n.name
	}
	return names
}
