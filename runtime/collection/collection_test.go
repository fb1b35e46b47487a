package collection_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ayeaye-go/ayeaye/example/datasets"
	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/collection"
)

type rec = datasets.FavouriteColour

func ds(name string) *runtime.Dataset[rec] {
	return &runtime.Dataset[rec]{Name: name, EngineURL: "mem://" + name, Formats: datasets.FavouriteColoursDataset.Formats}
}

// probe tracks how many models run at once and can fail on purpose.
type probe struct {
	name    string
	fail    bool
	running *atomic.Int32
	peak    *atomic.Int32
}

// copyAll copies every input to out, tagging records with the model name.
func (p *probe) copyAll(out runtime.Output[rec], ins ...runtime.Input[rec]) error {
	if p.running != nil {
		n := p.running.Add(1)
		defer p.running.Add(-1)
		for {
			old := p.peak.Load()
			if n <= old || p.peak.CompareAndSwap(old, n) {
				break
			}
		}
	}
	if p.fail {
		return errors.New("broken on purpose")
	}
	for _, in := range ins {
		for r, err := range in.All() {
			if err != nil {
				return err
			}
			r.Name += ">" + p.name
			if err := out.Write(&r); err != nil {
				return err
			}
		}
	}
	return nil
}

type source struct {
	*probe
	Out runtime.Output[rec]
}

func (m *source) Build(ctx context.Context) error { return m.copyAll(m.Out) }

type pass struct {
	*probe
	In  runtime.Input[rec]
	Out runtime.Output[rec]
}

func (m *pass) Build(ctx context.Context) error { return m.copyAll(m.Out, m.In) }

type join struct {
	*probe
	In1, In2 runtime.Input[rec]
	Out      runtime.Output[rec]
}

func (m *join) Build(ctx context.Context) error { return m.copyAll(m.Out, m.In1, m.In2) }

func model(name string, out string, ins ...string) collection.Model {
	p := &probe{name: name}
	var m runtime.Model
	switch len(ins) {
	case 0:
		m = &source{probe: p, Out: ds(out).Output()}
	case 1:
		m = &pass{probe: p, In: ds(ins[0]).Input(), Out: ds(out).Output()}
	default:
		m = &join{probe: p, In1: ds(ins[0]).Input(), In2: ds(ins[1]).Input(), Out: ds(out).Output()}
	}
	return collection.Model{Name: name, Model: m}
}

// appender is a model that adds what it reads to out (Dataset.Append).
func appender(name string, out, in string) collection.Model {
	return collection.Model{Name: name, Model: &pass{probe: &probe{name: name}, In: ds(in).Input(), Out: ds(out).Append()}}
}

func probeOf(m collection.Model) *probe {
	switch x := m.Model.(type) {
	case *source:
		return x.probe
	case *pass:
		return x.probe
	case *join:
		return x.probe
	}
	return nil
}

// forkJoin: a reads src and writes x; b and c both read x; d joins them.
func forkJoin() []collection.Model {
	return []collection.Model{
		model("d", "out", "y", "z"),
		model("b", "y", "x"),
		model("a", "x", "src"),
		model("c", "z", "x"),
	}
}

func runner() *runtime.Runner {
	r := &runtime.Runner{Mem: runtime.NewMem()}
	runtime.SetMem(r.Mem, "src", []rec{{PersonID: 1, Name: "r"}})
	return r
}

func TestForkJoin(t *testing.T) {
	r := runner()
	c, err := collection.New(r, forkJoin())
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([][]string{{"a"}, {"b", "c"}, {"d"}}, c.Groups()); d != "" {
		t.Errorf("groups (-want +got):\n%s", d)
	}
	res, err := c.Run(context.Background(), collection.Options{Parallel: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 4 {
		t.Fatalf("results: %+v", res)
	}
	out, err := runtime.GetMem[rec](r.Mem, "out")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, o := range out {
		names = append(names, o.Name)
	}
	if d := cmp.Diff([]string{"r>a>b>d", "r>a>c>d"}, names); d != "" {
		t.Errorf("joined output (-want +got):\n%s", d)
	}
	plan := c.Plan()
	for _, want := range []string{"group 1 (in parallel): a\n", "group 2 (in parallel): b, c\n", "    reads  x  mem://x\n", "    writes out  mem://out\n"} {
		if !strings.Contains(plan, want) {
			t.Errorf("plan lacks %q:\n%s", want, plan)
		}
	}
}

func TestRefusals(t *testing.T) {
	tests := []struct {
		name   string
		models []collection.Model
		want   string
	}{
		{"cycle", []collection.Model{model("a", "x", "y"), model("b", "y", "x")},
			"cycle: a --(x)--> b --(y)--> a"},
		{"two writers", []collection.Model{model("a", "x", "src"), model("b", "x", "src")},
			"dataset x (mem://x) is replaced by 2 models: a, b; give each its own output, combine them in one model, or let all but one add to it with x.Append() instead of Output()"},
		{"two writers and an appender", []collection.Model{model("a", "x", "src"), appender("c", "x", "src"), model("b", "x", "src")},
			"dataset x (mem://x) is replaced by 2 models: a, b;"},
		{"same name", []collection.Model{model("a", "x"), model("a", "y")}, `two models are named "a"`},
	}
	for _, tt := range tests {
		_, err := collection.New(runner(), tt.models)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error = %v, want %q", tt.name, err, tt.want)
		}
	}
	// A model that reads what it writes is not a cycle.
	if _, err := collection.New(runner(), []collection.Model{model("a", "x", "x")}); err != nil {
		t.Errorf("self-update refused: %v", err)
	}
}

// TestAppenders: a dataset replaced by one model and added to by others
// is written by each in turn, replacer first and appenders in the order
// given, before anything reads it; a second run gives the same records.
func TestAppenders(t *testing.T) {
	models := []collection.Model{
		model("report", "out", "log"),
		appender("late", "log", "src"),
		model("first", "log", "src"),
		appender("later", "log", "src"),
	}
	r := runner()
	c, err := collection.New(r, models)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([][]string{{"first"}, {"late"}, {"later"}, {"report"}}, c.Groups()); d != "" {
		t.Errorf("groups (-want +got):\n%s", d)
	}
	for _, want := range []string{"    appends log  mem://log\n", "    writes log  mem://log\n"} {
		if plan := c.Plan(); !strings.Contains(plan, want) {
			t.Errorf("plan lacks %q:\n%s", want, plan)
		}
	}
	for run := range 2 {
		if _, err := c.Run(context.Background(), collection.Options{Parallel: 4}); err != nil {
			t.Fatal(err)
		}
		out, err := runtime.GetMem[rec](r.Mem, "out")
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, o := range out {
			names = append(names, o.Name)
		}
		if d := cmp.Diff([]string{"r>first>report", "r>late>report", "r>later>report"}, names); d != "" {
			t.Errorf("run %d: report (-want +got):\n%s", run+1, d)
		}
	}
	g := c.Graph()
	for _, d := range g.Datasets {
		if d.Name == "log" {
			if diff := cmp.Diff([]string{"late", "later"}, d.Appenders); diff != "" {
				t.Errorf("graph appenders (-want +got):\n%s", diff)
			}
		}
	}
	var dot, mermaid bytes.Buffer
	if err := c.WriteDOT(&dot); err != nil {
		t.Fatal(err)
	}
	if err := c.WriteMermaid(&mermaid); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(dot.String(), `[style=dashed, label="appends"]`) || !strings.Contains(mermaid.String(), "-. appends .->") {
		t.Errorf("drawings do not mark appends:\n%s\n%s", dot.String(), mermaid.String())
	}
}

func TestKeepGoing(t *testing.T) {
	models := forkJoin()
	probeOf(models[1]).fail = true // b
	for _, keep := range []bool{true, false} {
		r := runner()
		c, err := collection.New(r, models)
		if err != nil {
			t.Fatal(err)
		}
		res, err := c.Run(context.Background(), collection.Options{Parallel: 1, KeepGoing: keep})
		if err == nil || !strings.Contains(err.Error(), "broken on purpose") {
			t.Fatalf("keep=%v: error = %v", keep, err)
		}
		status := map[string]string{}
		for _, x := range res {
			switch {
			case x.Skipped:
				status[x.Model] = "skipped"
			case x.Err != nil:
				status[x.Model] = "failed"
			default:
				status[x.Model] = "ok"
			}
		}
		if status["d"] != "skipped" || status["b"] != "failed" || status["a"] != "ok" {
			t.Errorf("keep=%v: %v", keep, status)
		}
		if keep && status["c"] != "ok" {
			t.Errorf("keep-going did not let the independent branch finish: %v", status)
		}
	}
}

func TestOnlyAndParallelBound(t *testing.T) {
	var running, peak atomic.Int32
	var models []collection.Model
	for i := range 6 {
		m := model(fmt.Sprint("m", i), fmt.Sprint("o", i), "src")
		probeOf(m).running, probeOf(m).peak = &running, &peak
		models = append(models, m)
	}
	r := runner()
	c, err := collection.New(r, models)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Run(context.Background(), collection.Options{Parallel: 2}); err != nil {
		t.Fatal(err)
	}
	if p := peak.Load(); p > 2 {
		t.Errorf("%d models ran at once with Parallel 2", p)
	}
	res, err := c.Run(context.Background(), collection.Options{Only: []string{"m3", "m1"}})
	if err != nil || len(res) != 2 || res[0].Model != "m1" {
		t.Errorf("only: %+v %v", res, err)
	}
	if _, err := c.Run(context.Background(), collection.Options{Only: []string{"nope"}}); err == nil || !strings.Contains(err.Error(), `no model named "nope"`) {
		t.Errorf("unknown model: %v", err)
	}
}

func TestDrawings(t *testing.T) {
	c, err := collection.New(runner(), []collection.Model{model("a", "x", "src"), model("b", "y", "x")})
	if err != nil {
		t.Fatal(err)
	}
	var dot, mer, js bytes.Buffer
	if err := c.WriteDOT(&dot); err != nil {
		t.Fatal(err)
	}
	wantDOT := `digraph ayeaye {
  rankdir=LR;
  node [fontname="Helvetica"];
  m0 [label="a", shape=box, style=rounded];
  m1 [label="b", shape=box, style=rounded];
  d0 [label="src", shape=cylinder, tooltip="mem://src"];
  d1 [label="x", shape=cylinder, tooltip="mem://x"];
  d2 [label="y", shape=cylinder, tooltip="mem://y"];
  d0 -> m0;
  m0 -> d1;
  d1 -> m1;
  m1 -> d2;
}
`
	if d := cmp.Diff(wantDOT, dot.String()); d != "" {
		t.Errorf("DOT (-want +got):\n%s", d)
	}
	_ = c.WriteMermaid(&mer)
	if !strings.Contains(mer.String(), "flowchart LR\n") || !strings.Contains(mer.String(), `d1[("x")]`) || !strings.Contains(mer.String(), "m0 --> d1") {
		t.Errorf("Mermaid:\n%s", mer.String())
	}
	_ = c.WriteJSON(&js)
	for _, want := range []string{`"groups": [`, `"location": "mem://x"`, `"writers": [`} {
		if !strings.Contains(js.String(), want) {
			t.Errorf("JSON lacks %s:\n%s", want, js.String())
		}
	}
	up, err := c.Lineage("y", true)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"y  mem://y", "  b (writes it, reads) x", "    a (writes it, reads) src"}, up); d != "" {
		t.Errorf("lineage up (-want +got):\n%s", d)
	}
	down, _ := c.Lineage("src", false)
	if !slices.Contains(down, "    b (reads it, writes) y") {
		t.Errorf("lineage down: %q", down)
	}
	if _, err := c.Lineage("nope", true); err == nil {
		t.Error("unknown dataset accepted")
	}
}

// TestLongListsCapped: an error listing the models of a large collection
// names a few and counts the rest.
func TestLongListsCapped(t *testing.T) {
	var models []collection.Model
	for i := range 500 {
		models = append(models, model(fmt.Sprintf("m%03d", i), fmt.Sprintf("out%03d", i)))
	}
	c, err := collection.New(runner(), models)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Run(context.Background(), collection.Options{Only: []string{"nope"}})
	if err == nil || !strings.Contains(err.Error(), "and 490 more") || len(err.Error()) > 300 {
		t.Errorf("err = %v", err)
	}
}
