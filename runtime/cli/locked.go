package cli

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/ayeaye-go/ayeaye/internal/listing"
	"github.com/ayeaye-go/ayeaye/runtime/collection"
	"github.com/ayeaye-go/ayeaye/runtime/engine"
	"github.com/ayeaye-go/ayeaye/runtime/lock"
)

// redactedMark is what a redacted location shows in place of a secret
// (env.Redact, and engine URLs' passwords): such a location cannot be
// read back from the lock file.
const redactedMark = "xxxxx"

// applyLock prepares a locked run: it points the models' inputs at the
// locations ayeaye.lock pins, hashes them, and refuses to run when one has
// changed (unless -allow-drift, which notes the drift in the run records)
// or, with -strict, when the code is not the locked code. Everything is
// checked before anything runs. When ok is false the command must return
// code.
func (a *app) applyLock(cmd *command, s *session, f *runFlags, models []collection.Model) (code int, ok bool) {
	path := a.path(lock.FileName)
	lf, err := lock.Read(path)
	if err != nil {
		fmt.Fprintf(a.stderr, "%s: -locked: %s\n", a.prog.Name, s.redact(err.Error()))
		return ExitFailure, false
	}
	r := s.runner
	overrides := maps.Clone(r.Overrides)
	if overrides == nil {
		overrides = map[string]string{}
	}
	pinnedBy := map[string]string{} // dataset → the model whose lock pinned it
	for _, m := range models {
		lm, ok := lf.Models[m.Name]
		if !ok {
			fmt.Fprintf(a.stderr, "%s: -locked: model %s is not in %s; lock it first: %s lock %s\n", a.prog.Name, m.Name, path, a.prog.Name, m.Name)
			return ExitFailure, false
		}
		for _, in := range lm.Inputs {
			location, ok := unredact(s, in.Location)
			if !ok {
				continue // it holds a secret the environment does not have: it resolves as it does now, and its content is still checked
			}
			if _, set := f.env.sets.m[in.Name]; set {
				return a.usageError(cmd, "-set %s: %s pins this input of %s at %s; leave out -set, or run without -locked", in.Name, lock.FileName, m.Name, s.redact(in.Location)), false
			}
			if other, ok := pinnedBy[in.Name]; ok && overrides[in.Name] != location {
				fmt.Fprintf(a.stderr, "%s: -locked: %s pins dataset %s at two locations: %s (model %s) and %s (model %s); lock the models again together: %s lock\n",
					a.prog.Name, lock.FileName, in.Name, s.redact(overrides[in.Name]), other, s.redact(in.Location), m.Name, a.prog.Name)
				return ExitFailure, false
			}
			overrides[in.Name] = location
			pinnedBy[in.Name] = m.Name
		}
	}
	r.Overrides = overrides

	var drift, codeDrift, drifted []string
	for _, m := range models {
		lm := lf.Models[m.Name]
		inputs, _, err := r.Fingerprints(a.ctx, m.Model)
		if err != nil {
			fmt.Fprintf(a.stderr, "%s: -locked: model %s: cannot fingerprint its inputs: %s\n", a.prog.Name, m.Name, s.redact(err.Error()))
			return ExitFailure, false
		}
		for i, d := range lm.Compare(inputs) {
			if i == 0 {
				drifted = append(drifted, m.Name)
			}
			drift = append(drift, m.Name+": "+d.String())
		}
		now := r.Code
		now.Schemas = collection.SchemaFingerprints(m.Model)
		if cd := lm.CodeDrift(now); cd != "" {
			codeDrift = append(codeDrift, fmt.Sprintf("model %s is not the locked code: %s", m.Name, cd))
		}
	}
	if len(codeDrift) > 0 {
		if f.strict {
			for _, cd := range codeDrift {
				fmt.Fprintf(a.stderr, "%s: -locked -strict: %s\n", a.prog.Name, s.redact(cd))
			}
			fmt.Fprintf(a.stderr, "%s: run the locked code, or lock this code: %s lock\n", a.prog.Name, a.prog.Name)
			return ExitFailure, false
		}
		for _, cd := range codeDrift {
			r.Logger.Warn("-locked: " + cd + " (-strict refuses to run it)")
		}
	}
	if len(drift) == 0 {
		return ExitOK, true
	}
	if !f.allowDrift {
		fmt.Fprintf(a.stderr, "%s: -locked: %s changed since %s was written:\n", a.prog.Name, plural(int64(len(drift)), "input"), path)
		for _, d := range drift {
			fmt.Fprintf(a.stderr, "  %s\n", s.redact(d))
		}
		fmt.Fprintf(a.stderr, "%s: nothing was run; run with -allow-drift to run anyway (the run records note it), or lock the new inputs: %s lock %s\n",
			a.prog.Name, a.prog.Name, listing.Join(drifted, " "))
		return ExitFailure, false
	}
	for _, d := range drift {
		r.Logger.Warn("-locked -allow-drift: running despite a changed input: " + d)
		r.Notes = append(r.Notes, "locked run allowed despite input drift (-allow-drift): "+d)
	}
	return ExitOK, true
}

// unredact finds the location whose printed form is loc, filling each
// "xxxxx" with one of the environment's secrets (or leaving it, as the
// text may hold xxxxx itself), so that a location recorded without its
// secrets can be read again. Each candidate is filled as a run fills a
// template (engine.ParseText, which encodes a secret for its place in the
// URL) and must print as loc again. ok is false when no combination gives
// loc back. A location without redactions is itself.
func unredact(s *session, loc string) (string, bool) {
	if !strings.Contains(loc, redactedMark) {
		return loc, true
	}
	var values []engine.Text
	for _, name := range s.env.Secrets() {
		if t, err := s.env.ExpandText("{" + name + "}"); err == nil && t.String() != "" {
			values = append(values, t)
		}
	}
	parts := strings.Split(loc, redactedMark)
	if len(values) == 0 || len(parts) > 5 { // a handful of secrets at most: each hole multiplies the tries
		return "", false
	}
	values = append(values, engine.Plain(redactedMark))
	var try func(i int, prefix engine.Text) (string, bool)
	try = func(i int, prefix engine.Text) (string, bool) {
		if i == len(parts)-1 {
			full := append(slices.Clone(prefix), engine.Plain(parts[i])...)
			u, masked, err := engine.ParseText(full)
			if err != nil || masked.Redacted() != loc {
				return "", false
			}
			return u.String(), true
		}
		for _, v := range values {
			next := append(append(slices.Clone(prefix), engine.Plain(parts[i])...), v...)
			if full, ok := try(i+1, next); ok {
				return full, true
			}
		}
		return "", false
	}
	return try(0, nil)
}
