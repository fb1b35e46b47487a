package cli

import (
	"errors"
	"flag"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/ayeaye-go/ayeaye/runtime/provenance"
	"github.com/ayeaye-go/ayeaye/runtime/runstore"
)

// Lineage across projects. An input read from another project's
// published output carries, in the run record, the producer's project,
// model and run (from the output's manifest). lineage -up shows that link
// and, when the producer's run store is reachable, follows it: the
// producer's run and what it read, and so on up through every project
// whose store is given.

// maxProducerDepth bounds how many projects lineage follows up a chain.
const maxProducerDepth = 16

// producerStores is -producer-store PROJECT=DSN, repeatable: the run
// store of each producing project, by the project name its manifests give
// (its Go module path).
type producerStores map[string]string

func (p *producerStores) String() string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(*p)) {
		parts = append(parts, k+"="+(*p)[k])
	}
	return strings.Join(parts, ",")
}

func (p *producerStores) Set(v string) error {
	project, dsn, ok := strings.Cut(v, "=")
	project, dsn = strings.TrimSpace(project), strings.TrimSpace(dsn)
	switch {
	case !ok || project == "" || dsn == "":
		return fmt.Errorf("%q is not PROJECT=DSN; write e.g. -producer-store example.com/sales=sqlite:../sales/.ayeaye/runs.db", v)
	case (*p)[project] != "":
		return fmt.Errorf("project %s is given twice; keep one store per project", project)
	}
	if *p == nil {
		*p = producerStores{}
	}
	(*p)[project] = dsn
	return nil
}

func (p *producerStores) register(fs *flag.FlagSet) {
	fs.Var(p, "producer-store", "`project=DSN` is the run store of another project whose published datasets are read, so -up follows them into it: sqlite:PATH or postgres://... (repeatable)")
}

// printProducers prints, for each input of a run that another project
// published, the run that published it: from that project's store when
// one is given, with its own inputs, recursively. indent is the margin of
// the lines.
func (a *app) printProducers(s *session, stores producerStores, inputs []provenance.Dataset, indent string) {
	a.producers(s, stores, inputs, indent, map[string]bool{}, 0)
}

func (a *app) producers(s *session, stores producerStores, inputs []provenance.Dataset, indent string, seen map[string]bool, depth int) {
	for _, in := range inputs {
		ref := in.Producer
		if ref == nil || ref.Project == a.project(a.code()) {
			continue // not published by another project: the lineage above covers it
		}
		project := ref.Project
		if project == "" {
			project = "an unnamed project"
		}
		fmt.Fprintf(a.stdout, "%s%s was published by run %s of %s (model %s)\n", indent, in.Name, ref.Run, project, ref.Model)
		switch {
		case seen[ref.Run]:
			fmt.Fprintf(a.stdout, "%s  (shown above)\n", indent)
			continue
		case depth >= maxProducerDepth:
			fmt.Fprintf(a.stdout, "%s  (not followed: more than %d projects up)\n", indent, maxProducerDepth)
			continue
		}
		seen[ref.Run] = true
		dsn, ok := stores[ref.Project]
		if !ok {
			fmt.Fprintf(a.stdout, "%s  to follow it, pass -producer-store %s=DSN, the producer's run store\n", indent, orQuoted(ref.Project))
			continue
		}
		run, err := a.producerRun(dsn, ref.Run)
		if err != nil {
			fmt.Fprintf(a.stdout, "%s  %s\n", indent, s.redact(err.Error()))
			continue
		}
		env := ""
		if run.Env != "" {
			env = ", environment " + run.Env
		}
		fmt.Fprintf(a.stdout, "%s  %s%s, %s\n", indent, run.Status, env, run.End.Local().Format(timeLayout))
		t := newTable(a.stdout)
		for _, up := range run.Inputs {
			t.row(indent+"    from "+up.Name, orNone(up.Fingerprint), s.redact(up.Location))
		}
		t.flush()
		a.producers(s, stores, run.Inputs, indent+"    ", seen, depth+1)
	}
}

// orQuoted names a project on a command line; an unnamed one is "".
func orQuoted(project string) string {
	if project == "" {
		return `""`
	}
	return project
}

// producerRun reads one run from a producer's store.
func (a *app) producerRun(dsn, id string) (*provenance.Run, error) {
	f := &storeFlag{dsn: dsn}
	st, err := a.openStore(f, false)
	if err != nil {
		return nil, fmt.Errorf("its run store cannot be read: %v", err)
	}
	if st == nil {
		return nil, fmt.Errorf("its run store %s does not exist", a.storeName(f))
	}
	defer a.closeStore(st)
	run, err := st.Get(a.ctx, id)
	if errors.Is(err, runstore.ErrNotFound) {
		return nil, fmt.Errorf("run %s is not in %s: is it the producer's store?", id, a.storeName(f))
	}
	if err != nil {
		return nil, err
	}
	return run, nil
}
