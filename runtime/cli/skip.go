package cli

import (
	"context"
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/collection"
	"github.com/ayeaye-go/ayeaye/runtime/provenance"
	"github.com/ayeaye-go/ayeaye/runtime/runstore"
)

// skipper decides, before anything runs, which models of a run need not
// run (-skip-unchanged, -resume), and records them as skipped.
//
// Decisions are taken in dependency order, and a model is skipped only
// when no model upstream of it runs: an upstream model that runs may
// rewrite its inputs, and whether it will is not known until it has.
type skipper struct {
	a         *app
	s         *session
	store     runstore.Store
	coll      *collection.Collection
	insts     []collection.Model
	parent    string // this invocation
	resume    bool
	unchanged bool
}

// plan returns the models to skip, each with the reason to print.
func (k *skipper) plan(ctx context.Context) (map[string]string, error) {
	r := k.s.runner
	log := r.Logger
	unchanged := k.unchanged
	if unchanged {
		if why := unknownCode(r.Code); why != "" {
			log.Warn("-skip-unchanged: every model runs: " + why)
			unchanged = false
		}
	}
	var last map[string]*provenance.Run // -resume: each model's run in the last invocation
	if k.resume {
		inv, runs, err := k.lastInvocation(ctx)
		if err != nil {
			return nil, err
		}
		if inv == "" {
			log.Info("-resume: no earlier invocation of these models is recorded; running them all")
		}
		last = runs
	}
	inst := map[string]runtime.Model{}
	for _, m := range k.insts {
		inst[m.Name] = m.Model
	}
	ups := upstream(k.coll.Graph())
	runs := map[string]bool{}
	skipped := map[string]string{}
	for _, group := range k.coll.Groups() {
		for _, name := range group {
			why, base, inputs, outputs, err := k.decide(ctx, name, inst[name], ups[name], runs, last, unchanged)
			if err != nil {
				return nil, err
			}
			if base == nil {
				runs[name] = true
				log.Info("model runs: "+why, "model", name)
				continue
			}
			skipped[name] = why
			k.record(ctx, name, inst[name], base, inputs, outputs, why)
		}
	}
	return skipped, nil
}

// decide says whether one model can be skipped: when it can, base is the
// run its state matches and why the reason; otherwise why says what
// makes it run. Cheap checks come first, so that a model that must run
// is not fingerprinted.
func (k *skipper) decide(ctx context.Context, name string, m runtime.Model, ups []string, runs map[string]bool, last map[string]*provenance.Run, unchanged bool) (why string, base *provenance.Run, inputs, outputs []provenance.Dataset, err error) {
	for _, u := range ups {
		if runs[u] {
			return fmt.Sprintf("%s upstream of it runs", u), nil, nil, nil, nil
		}
	}
	var resumeFrom, lastOK *provenance.Run
	switch prev := last[name]; {
	case prev != nil && (prev.Status == provenance.Succeeded || prev.Status == provenance.Skipped):
		resumeFrom = prev
	case prev != nil:
		why = fmt.Sprintf("it %s in the last invocation", prev.Status)
	case k.resume:
		why = "the last invocation did not run it"
	}
	if unchanged {
		if lastOK, err = k.store.LastSuccess(ctx, name); err != nil {
			return "", nil, nil, nil, err
		}
		switch {
		case lastOK == nil:
			why = first(why, "no successful run of it is recorded")
		case codeDiffers(lastOK.Code, k.s.runner.Code, schemasOfModel(m)) != "":
			why = first(why, codeDiffers(lastOK.Code, k.s.runner.Code, schemasOfModel(m))+" since run "+lastOK.ID)
			lastOK = nil
		}
	}
	if resumeFrom == nil && lastOK == nil {
		return why, nil, nil, nil, nil
	}
	inputs, outputs, err = k.s.runner.Fingerprints(ctx, m)
	if err != nil {
		return "its datasets cannot be fingerprinted: " + k.s.redact(err.Error()), nil, nil, nil, nil
	}
	if resumeFrom != nil {
		d := first(differs("input", resumeFrom.Inputs, inputs), differs("output", resumeFrom.Outputs, outputs))
		if d == "" {
			return fmt.Sprintf("succeeded in the last invocation (run %s) and its inputs have not changed", resumeFrom.ID), resumeFrom, inputs, outputs, nil
		}
		why = first(why, d+" since the last invocation")
	}
	if lastOK != nil {
		d := first(differs("input", lastOK.Inputs, inputs), differs("output", lastOK.Outputs, outputs))
		if d == "" {
			return fmt.Sprintf("unchanged since run %s (code, inputs and outputs)", lastOK.ID), lastOK, inputs, outputs, nil
		}
		why = first(why, d+" since run "+lastOK.ID)
	}
	return why, nil, nil, nil, nil
}

// lastInvocation finds the newest invocation that ran one of the models,
// and each model's run in it.
func (k *skipper) lastInvocation(ctx context.Context) (string, map[string]*provenance.Run, error) {
	names := map[string]bool{}
	for _, m := range k.insts {
		names[m.Name] = true
	}
	recent, err := k.store.List(ctx, runstore.Filter{Limit: 1000})
	if err != nil {
		return "", nil, err
	}
	inv := ""
	for _, r := range recent {
		if r.Parent != "" && r.Partition == "" && names[r.Model] {
			inv = r.Parent
			break
		}
	}
	if inv == "" {
		return "", nil, nil
	}
	runs, err := k.store.List(ctx, runstore.Filter{Parent: inv})
	if err != nil {
		return "", nil, err
	}
	out := map[string]*provenance.Run{}
	for _, r := range runs { // newest first
		if r.Partition == "" && out[r.Model] == nil {
			out[r.Model] = r
		}
	}
	return inv, out, nil
}

// record writes the run record of a skipped model: its datasets as they
// are now, which are as they were in base.
func (k *skipper) record(ctx context.Context, name string, m runtime.Model, base *provenance.Run, inputs, outputs []provenance.Dataset, why string) {
	r := k.s.runner
	code := r.Code
	code.Schemas = schemasOfModel(m)
	now := time.Now()
	rec := &provenance.Run{
		ID: newRunID(), Parent: k.parent, Project: r.Project, Model: name, Code: code,
		Env: k.s.env.Name(), Vars: k.s.env.Vars(),
		Inputs: withRecords(inputs, base.Inputs), Outputs: withRecords(outputs, base.Outputs),
		Host: provenance.Hostname(), PID: os.Getpid(), Start: now, End: now, Status: provenance.Skipped,
		Notes: append(slices.Clone(r.Notes), "skipped: "+why),
	}
	for _, rc := range r.Recorders {
		if err := rc.Record(context.WithoutCancel(ctx), rec); err != nil {
			r.Logger.Warn("recording the run failed", "model", name, "run", rec.ID, "error", err)
		}
	}
}

// withRecords copies record counts from the run whose content ds match.
func withRecords(ds, from []provenance.Dataset) []provenance.Dataset {
	out := make([]provenance.Dataset, len(ds))
	for i, d := range ds {
		for _, f := range from {
			if f.Name == d.Name && f.Location == d.Location {
				d.Records = f.Records
			}
		}
		out[i] = d
	}
	return out
}

// differs says how the datasets now differ from those a run recorded, or
// "" when each is at the same location with the same content.
func differs(kind string, then, now []provenance.Dataset) string {
	recorded := map[string]provenance.Dataset{}
	for _, d := range then {
		recorded[d.Name+"\x00"+d.Location] = d
	}
	for _, d := range now {
		t, ok := recorded[d.Name+"\x00"+d.Location]
		switch {
		case !ok:
			return fmt.Sprintf("%s %s is at %s now", kind, d.Name, d.Location)
		case d.Fingerprint == "":
			return fmt.Sprintf("%s %s has no content fingerprint now (it does not exist, or is in memory)", kind, d.Name)
		case t.Fingerprint != d.Fingerprint:
			return fmt.Sprintf("%s %s has changed", kind, d.Name)
		}
	}
	if len(then) != len(now) {
		return fmt.Sprintf("its %ss are not the ones recorded", kind)
	}
	return ""
}

// first returns the first of reasons that is not empty.
func first(reasons ...string) string {
	for _, r := range reasons {
		if r != "" {
			return r
		}
	}
	return ""
}

// codeDiffers says how the code now differs from a run's, or "".
func codeDiffers(then, now provenance.Code, schemas map[string]string) string {
	switch {
	case then.Module != now.Module || then.Version != now.Version || then.Revision != now.Revision:
		return fmt.Sprintf("its code has changed (revision %q, then %q)", now.Revision, then.Revision)
	case then.Dirty:
		return "its last run was built from a modified working tree"
	}
	for _, name := range provenance.SortedKeys(schemas) {
		if then.Schemas[name] != schemas[name] {
			return fmt.Sprintf("the schema of %s has changed", name)
		}
	}
	return ""
}

// unknownCode says why the program's code cannot be compared with the
// code of earlier runs, or "".
func unknownCode(c provenance.Code) string {
	switch {
	case c.Dirty:
		return "the program was built from a modified working tree, so its code cannot be told apart from the code of earlier runs; commit and build again"
	case c.Revision == "" && (c.Version == "" || c.Version == "(devel)"):
		return "the program's build records no version or VCS revision (go run and -buildvcs=false record none); build it with go build in a git checkout"
	}
	return ""
}

// schemasOfModel maps the datasets a model uses to their schemas'
// fingerprints, as run records and ayeaye.lock keep them.
func schemasOfModel(m runtime.Model) map[string]string {
	ports, err := runtime.Describe(m)
	if err != nil {
		return nil
	}
	out := make(map[string]string, len(ports))
	for _, p := range ports {
		out[p.Dataset] = p.Fingerprint
	}
	return out
}

// upstream maps each model to the models that write what it reads.
func upstream(g collection.GraphJSON) map[string][]string {
	writers := map[string][]string{}
	for _, d := range g.Datasets {
		writers[d.Location] = d.Writers
	}
	out := map[string][]string{}
	for _, m := range g.Models {
		for _, in := range m.Inputs {
			for _, w := range writers[in] {
				if w != m.Name && !slices.Contains(out[m.Name], w) {
					out[m.Name] = append(out[m.Name], w)
				}
			}
		}
	}
	return out
}

// newRunID is a UUIDv7, as the runner gives runs: unique, and sorting by
// it sorts by time.
func newRunID() string {
	id, err := uuid.NewV7()
	if err != nil {
		return uuid.NewString()
	}
	return id.String()
}
