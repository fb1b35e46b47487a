package cli

import (
	"bytes"
	"context"
	"fmt"
	"slices"

	"github.com/ayeaye-go/ayeaye/runtime/collection"
	"github.com/ayeaye-go/ayeaye/runtime/provenance"
	"github.com/ayeaye-go/ayeaye/runtime/runstore"
	"github.com/ayeaye-go/ayeaye/runtime/storage"
)

func planCommand() *command {
	return &command{
		name:    "plan",
		args:    "[-env E] [-var name=value]... [-set dataset=engineURL]... [MODEL...]",
		summary: "show the order and parallel groups a run would use, without running",
		help: `Plan shows how run would run every model (or the named ones) in the
environment, without opening anything: the groups in dependency order (the
models of one group run at the same time, after every model of the groups
before), and where each model's inputs and outputs are.`,
		run: runPlan,
	}
}

func runPlan(a *app, cmd *command, args []string) int {
	flags := a.flagSet(cmd)
	var ef envFlags
	ef.register(flags)
	names, code, ok := a.parse(cmd, flags, args)
	if !ok {
		return code
	}
	s, coll, code, ok := a.collectionOf(cmd, &ef, names)
	if !ok {
		return code
	}
	if name := s.env.Name(); name != "" {
		fmt.Fprintf(a.stdout, "environment %s\n\n", name)
	}
	if len(coll.Groups()) == 0 {
		fmt.Fprintf(a.stdout, "%s has no models.\n", a.prog.Name)
		return ExitOK
	}
	fmt.Fprint(a.stdout, s.redact(coll.Plan()))
	return ExitOK
}

// collectionOf resolves the environment and links the named models (all
// of them when none is named) into a collection, opening nothing. When ok
// is false the command must return code.
func (a *app) collectionOf(cmd *command, ef *envFlags, names []string) (s *session, coll *collection.Collection, code int, ok bool) {
	models := a.prog.Models
	if len(names) > 0 {
		if models, code, ok = a.selectModels(cmd, names, false); !ok {
			return nil, nil, code, false
		}
	}
	if s, code, ok = a.open(cmd, ef); !ok {
		return nil, nil, code, false
	}
	insts := make([]collection.Model, len(models))
	for i, m := range models {
		inst, err := newModel(m)
		if err != nil {
			fmt.Fprintf(a.stderr, "%s: %v\n", a.prog.Name, err)
			return nil, nil, ExitFailure, false
		}
		insts[i] = collection.Model{Name: m.Name, Model: inst}
	}
	coll, err := collection.New(s.runner, insts)
	if err != nil {
		fmt.Fprintf(a.stderr, "%s: %s\n", a.prog.Name, s.redact(err.Error()))
		return nil, nil, ExitFailure, false
	}
	return s, coll, ExitOK, true
}

var graphFormats = []string{"dot", "mermaid", "json", "html"}

func graphCommand() *command {
	return &command{
		name:    "graph",
		args:    "[-env E] [-var name=value]... [-set dataset=engineURL]... [-format dot|mermaid|json|html] [-o FILE] [MODEL...]",
		summary: "draw the models and datasets as a graph",
		help: `Graph draws every model (or the named ones) and the datasets they read and
write, as resolved in the environment:

	dot      Graphviz (PROGRAM graph | dot -Tsvg > graph.svg)
	mermaid  a Mermaid flowchart, for Markdown that renders it
	json     models, datasets with their fields, and parallel groups
	html     one self-contained page: click a node to see its fields and
	         what is upstream and downstream; it shows each model's last
	         run from the run store, when there is one

The graph goes to stdout, or to FILE with -o.`,
		run: runGraph,
	}
}

func runGraph(a *app, cmd *command, args []string) int {
	flags := a.flagSet(cmd)
	var ef envFlags
	ef.register(flags)
	var sf storeFlag
	sf.register(flags)
	format := flags.String("format", "dot", "the drawing: dot, mermaid, json or html")
	out := flags.String("o", "", "write the graph to `FILE` instead of stdout")
	names, code, ok := a.parse(cmd, flags, args)
	if !ok {
		return code
	}
	if !slices.Contains(graphFormats, *format) {
		return a.usageError(cmd, "-format %s: unknown format%s; use dot, mermaid, json or html", *format, didYouMean(*format, graphFormats))
	}
	s, coll, code, ok := a.collectionOf(cmd, &ef, names)
	if !ok {
		return code
	}
	var b bytes.Buffer
	var err error
	switch *format {
	case "dot":
		err = coll.WriteDOT(&b)
	case "mermaid":
		err = coll.WriteMermaid(&b)
	case "json":
		err = coll.WriteJSON(&b)
	case "html":
		err = coll.WriteHTML(&b, a.lastRuns(s, &sf, coll))
	}
	if err != nil {
		fmt.Fprintf(a.stderr, "%s: graph: %s\n", a.prog.Name, s.redact(err.Error()))
		return ExitFailure
	}
	text := s.redact(b.String())
	if *out == "" {
		fmt.Fprint(a.stdout, text)
		return ExitOK
	}
	if err := storage.WriteFile(a.path(*out), []byte(text)); err != nil {
		fmt.Fprintf(a.stderr, "%s: graph: %s\n", a.prog.Name, s.redact(err.Error()))
		return ExitFailure
	}
	return ExitOK
}

// lastRuns finds each model's newest run in the store, for the HTML
// page. Without a store, or when it cannot be read, the page shows no
// runs; that is said on stderr, and is no reason to fail.
func (a *app) lastRuns(s *session, sf *storeFlag, coll *collection.Collection) map[string]collection.ModelStatus {
	if sf.none() {
		return nil
	}
	st, err := a.openStore(sf, false)
	if err == nil && st == nil {
		return nil
	}
	var out map[string]collection.ModelStatus
	if err == nil {
		defer a.closeStore(st)
		out, err = coll.LastRuns(a.ctx, history{st})
	}
	if err != nil {
		fmt.Fprintf(a.stderr, "%s: graph: the page shows no runs: %s\n", a.prog.Name, s.redact(err.Error()))
		return nil
	}
	return out
}

// history is the run store as collection planning reads it.
type history struct{ st runstore.Store }

func (h history) Runs(ctx context.Context, model, parent string, limit int) ([]*provenance.Run, error) {
	return h.st.List(ctx, runstore.Filter{Model: model, Parent: parent, Limit: limit})
}

func (h history) LastSuccess(ctx context.Context, model string) (*provenance.Run, error) {
	return h.st.LastSuccess(ctx, model)
}
