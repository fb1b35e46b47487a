package collection

import (
	"context"
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/provenance"
)

// History is the record of earlier runs that skip planning and LastRuns
// read. The program's run store provides it; collection does not import
// the store, so planning links no database driver.
type History interface {
	// Runs returns runs newest first: of model when it is not "", of the
	// invocation parent when it is not "", at most limit when limit > 0.
	Runs(ctx context.Context, model, parent string, limit int) ([]*provenance.Run, error)
	// LastSuccess is model's newest succeeded run, or nil.
	LastSuccess(ctx context.Context, model string) (*provenance.Run, error)
}

// SkipOptions say which models of a run may be skipped (the -resume and
// -skip-unchanged of the user's program), and how to record them.
type SkipOptions struct {
	History History
	// Resume skips a model that succeeded (or was skipped) in the last
	// invocation that ran any of these models, when its inputs and outputs
	// have not changed since.
	Resume bool
	// Unchanged skips a model whose code, schemas, inputs and outputs are
	// those of its last successful run.
	Unchanged bool
	// Parent is the invocation the skipped models' run records belong to.
	Parent string
	// Env and Vars are the environment's name and non-secret variables,
	// for the run records.
	Env  string
	Vars map[string]string
	// Redact (nil: none) is applied to errors quoted in reasons.
	Redact func(string) string
}

// Skips decides, before anything runs, which models need not run, records
// each as skipped through the runner's Recorders, and returns them, each
// with the reason to print. A model that runs is logged with the reason.
//
// Decisions are taken in dependency order, and a model is skipped only
// when no model it depends on runs: an upstream model that runs may
// rewrite its inputs (or, for an appender, replace what it adds to), and
// whether it will is not known until it has.
func (c *Collection) Skips(ctx context.Context, o SkipOptions) (map[string]string, error) {
	log := c.runner.Logger
	if o.Redact == nil {
		o.Redact = func(s string) string { return s }
	}
	if o.Unchanged {
		if why := unknownCode(c.runner.Code); why != "" {
			log.Warn("-skip-unchanged: every model runs: " + why)
			o.Unchanged = false
		}
	}
	var last map[string]*provenance.Run // -resume: each model's run in the last invocation
	if o.Resume {
		inv, runs, err := c.lastInvocation(ctx, o.History)
		if err != nil {
			return nil, err
		}
		if inv == "" {
			log.Info("-resume: no earlier invocation of these models is recorded; running them all")
		}
		last = runs
	}
	runs := map[string]bool{}
	skipped := map[string]string{}
	for _, group := range c.Groups() {
		for _, name := range group {
			n := c.byName[name]
			d, err := c.decide(ctx, &o, n, runs, last)
			if err != nil {
				return nil, err
			}
			if d.base == nil {
				runs[name] = true
				log.Info("model runs: "+d.why, "model", name)
				continue
			}
			skipped[name] = d.why
			c.recordSkip(ctx, &o, n, d)
		}
	}
	return skipped, nil
}

// decision is whether one model can be skipped: when it can, base is the
// run its state matches, inputs and outputs its datasets now; why is the
// reason either way.
type decision struct {
	why             string
	base            *provenance.Run
	inputs, outputs []provenance.Dataset
}

// decide takes the decision for one model. Cheap checks come first, so
// that a model that must run is not fingerprinted.
func (c *Collection) decide(ctx context.Context, o *SkipOptions, n *node, runs map[string]bool, last map[string]*provenance.Run) (decision, error) {
	for _, u := range n.upstream {
		if runs[u.name] {
			return decision{why: fmt.Sprintf("%s upstream of it runs", u.name)}, nil
		}
	}
	var why string
	var resumeFrom, lastOK *provenance.Run
	switch prev := last[n.name]; {
	case prev != nil && (prev.Status == provenance.Succeeded || prev.Status == provenance.Skipped):
		resumeFrom = prev
	case prev != nil:
		why = fmt.Sprintf("it %s in the last invocation", prev.Status)
	case o.Resume:
		why = "the last invocation did not run it"
	}
	if o.Unchanged {
		var err error
		if lastOK, err = o.History.LastSuccess(ctx, n.name); err != nil {
			return decision{}, err
		}
		if lastOK == nil {
			why = first(why, "no successful run of it is recorded")
		} else if cd := codeDiffers(lastOK.Code, c.runner.Code, runtime.SchemaFingerprints(n.model)); cd != "" {
			why = first(why, cd+" since run "+lastOK.ID)
			lastOK = nil
		}
	}
	if resumeFrom == nil && lastOK == nil {
		return decision{why: why}, nil
	}
	inputs, outputs, err := c.runner.Fingerprints(ctx, n.model)
	if err != nil {
		return decision{why: "its datasets cannot be fingerprinted: " + o.Redact(err.Error())}, nil
	}
	skip := func(why string, base *provenance.Run) (decision, error) {
		return decision{why: why, base: base, inputs: inputs, outputs: outputs}, nil
	}
	if resumeFrom != nil {
		d := first(differs("input", resumeFrom.Inputs, inputs), differs("output", resumeFrom.Outputs, outputs))
		if d == "" {
			return skip(fmt.Sprintf("succeeded in the last invocation (run %s) and its inputs have not changed", resumeFrom.ID), resumeFrom)
		}
		why = first(why, d+" since the last invocation")
	}
	if lastOK != nil {
		d := first(differs("input", lastOK.Inputs, inputs), differs("output", lastOK.Outputs, outputs))
		if d == "" {
			return skip(fmt.Sprintf("unchanged since run %s (code, inputs and outputs)", lastOK.ID), lastOK)
		}
		why = first(why, d+" since run "+lastOK.ID)
	}
	return decision{why: why}, nil
}

// lastInvocation finds the newest invocation that ran one of the models,
// and each model's run in it.
func (c *Collection) lastInvocation(ctx context.Context, h History) (string, map[string]*provenance.Run, error) {
	recent, err := h.Runs(ctx, "", "", 1000)
	if err != nil {
		return "", nil, err
	}
	inv := ""
	for _, r := range recent {
		if r.Parent != "" && r.Partition == "" && c.byName[r.Model] != nil {
			inv = r.Parent
			break
		}
	}
	if inv == "" {
		return "", nil, nil
	}
	runs, err := h.Runs(ctx, "", inv, 0)
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

// recordSkip writes the run record of a skipped model: its datasets as
// they are now, which are as they were in the base run.
func (c *Collection) recordSkip(ctx context.Context, o *SkipOptions, n *node, d decision) {
	r := c.runner
	code := r.Code
	code.Schemas = runtime.SchemaFingerprints(n.model)
	now := time.Now()
	rec := &provenance.Run{
		ID: provenance.NewRunID(), Parent: o.Parent, Project: r.Project, Model: n.name, Code: code,
		Env: o.Env, Vars: o.Vars,
		Inputs: withRecords(d.inputs, d.base.Inputs), Outputs: withRecords(d.outputs, d.base.Outputs),
		Host: provenance.Hostname(), PID: os.Getpid(), Start: now, End: now, Status: provenance.Skipped,
		Notes: append(slices.Clone(r.Notes), "skipped: "+d.why),
	}
	for _, rc := range r.Recorders {
		if err := rc.Record(context.WithoutCancel(ctx), rec); err != nil {
			r.Logger.Warn("recording the run failed", "model", n.name, "run", rec.ID, "error", err)
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

// LastRuns finds each model's newest run (not counting runs of its
// partitions) in h, as WriteHTML shows them. Models without a run are
// left out.
func (c *Collection) LastRuns(ctx context.Context, h History) (map[string]ModelStatus, error) {
	out := map[string]ModelStatus{}
	for _, n := range c.models {
		r, err := newestRun(ctx, h, n.name)
		if err != nil {
			return nil, err
		}
		if r == nil {
			continue
		}
		ms := ModelStatus{Status: string(r.Status), Finished: r.End, Records: map[string]int64{}}
		for _, d := range append(slices.Clone(r.Inputs), r.Outputs...) {
			ms.Records[d.Location] = d.Records
		}
		out[n.name] = ms
	}
	return out, nil
}

// newestRun is a model's newest run, not counting runs of its partitions.
func newestRun(ctx context.Context, h History, model string) (*provenance.Run, error) {
	for limit := 16; ; limit *= 4 {
		runs, err := h.Runs(ctx, model, "", limit)
		if err != nil {
			return nil, err
		}
		for _, r := range runs {
			if r.Partition == "" {
				return r, nil
			}
		}
		if len(runs) < limit {
			return nil, nil
		}
	}
}
