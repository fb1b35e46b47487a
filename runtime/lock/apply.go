package lock

import (
	"context"
	"fmt"
	"maps"
	"strings"

	"github.com/ayeaye-go/ayeaye/internal/listing"
	"github.com/ayeaye-go/ayeaye/runtime"
)

// Locked is one model of a locked run.
type Locked struct {
	Name  string
	Model runtime.Model
}

// ApplyOptions say how a locked run treats what it finds.
type ApplyOptions struct {
	// Path is where the lock file was read, for messages.
	Path string
	// Program is the program's name, for the commands hints suggest.
	Program string
	// Set reports whether the command line puts a dataset somewhere
	// (-set); a pinned input cannot be. nil: none is.
	Set func(dataset string) bool
	// Unredact gives back a location recorded with its secrets redacted,
	// or false when the environment lacks them; such an input resolves
	// as it does now, and its content is still checked. nil: locations
	// are used as recorded.
	Unredact func(location string) (string, bool)
	// Strict refuses to run code other than the locked code; otherwise
	// that is a warning.
	Strict bool
	// AllowDrift runs despite changed inputs, noting each in the run
	// records; otherwise they refuse the run.
	AllowDrift bool
}

// SetError is a -set for an input the lock pins: a mistake on the
// command line.
type SetError struct{ Dataset, Model, Location string }

func (e *SetError) Error() string {
	return fmt.Sprintf("-set %s: %s pins this input of %s at %s; leave out -set, or run without -locked", e.Dataset, FileName, e.Model, e.Location)
}

// Apply prepares a locked run of models with runner r: it points their
// inputs at the locations f pins (r.Overrides), hashes them, and refuses
// to run when one has changed (unless AllowDrift, which notes the drift
// in r.Notes) or, when Strict, when the code is not the locked code.
// Everything is checked before anything runs. An error's text may span
// lines: those starting with two spaces continue a list, the others are
// messages of their own.
func Apply(ctx context.Context, f *File, r *runtime.Runner, models []Locked, o ApplyOptions) error {
	if err := pin(f, r, models, &o); err != nil {
		return err
	}
	var drift, codeDrift, drifted []string
	for _, m := range models {
		lm := f.Models[m.Name]
		inputs, _, err := r.Fingerprints(ctx, m.Model)
		if err != nil {
			return fmt.Errorf("-locked: model %s: cannot fingerprint its inputs: %w", m.Name, err)
		}
		for i, d := range lm.Compare(inputs) {
			if i == 0 {
				drifted = append(drifted, m.Name)
			}
			drift = append(drift, m.Name+": "+d.String())
		}
		now := r.Code
		now.Schemas = runtime.SchemaFingerprints(m.Model)
		if cd := lm.CodeDrift(now); cd != "" {
			codeDrift = append(codeDrift, fmt.Sprintf("model %s is not the locked code: %s", m.Name, cd))
		}
	}
	if len(codeDrift) > 0 {
		if o.Strict {
			return fmt.Errorf("-locked -strict: %s\nrun the locked code, or lock this code: %s lock", strings.Join(codeDrift, "\n-locked -strict: "), o.Program)
		}
		for _, cd := range codeDrift {
			r.Logger.Warn("-locked: " + cd + " (-strict refuses to run it)")
		}
	}
	if len(drift) == 0 {
		return nil
	}
	if !o.AllowDrift {
		inputs := "1 input"
		if len(drift) != 1 {
			inputs = fmt.Sprintf("%d inputs", len(drift))
		}
		return fmt.Errorf("-locked: %s changed since %s was written:\n  %s\nnothing was run; run with -allow-drift to run anyway (the run records note it), or lock the new inputs: %s lock %s",
			inputs, o.Path, strings.Join(drift, "\n  "), o.Program, listing.Join(drifted, " "))
	}
	for _, d := range drift {
		r.Logger.Warn("-locked -allow-drift: running despite a changed input: " + d)
		r.Notes = append(r.Notes, "locked run allowed despite input drift (-allow-drift): "+d)
	}
	return nil
}

// pin points the models' inputs at the locations the lock pins.
func pin(f *File, r *runtime.Runner, models []Locked, o *ApplyOptions) error {
	overrides := maps.Clone(r.Overrides)
	if overrides == nil {
		overrides = map[string]string{}
	}
	pinnedBy := map[string]string{} // dataset → the model whose lock pinned it
	pinnedAt := map[string]string{} // dataset → where, as recorded (secrets redacted)
	for _, m := range models {
		lm, ok := f.Models[m.Name]
		if !ok {
			return fmt.Errorf("-locked: model %s is not in %s; lock it first: %s lock %s", m.Name, o.Path, o.Program, m.Name)
		}
		for _, in := range lm.Inputs {
			location := in.Location
			if o.Unredact != nil {
				if location, ok = o.Unredact(in.Location); !ok {
					continue // it resolves as it does now, and its content is still checked
				}
			}
			if o.Set != nil && o.Set(in.Name) {
				return &SetError{Dataset: in.Name, Model: m.Name, Location: in.Location}
			}
			if other, ok := pinnedBy[in.Name]; ok && overrides[in.Name] != location {
				return fmt.Errorf("-locked: %s pins dataset %s at two locations: %s (model %s) and %s (model %s); lock the models again together: %s lock",
					FileName, in.Name, pinnedAt[in.Name], other, in.Location, m.Name, o.Program)
			}
			overrides[in.Name] = location
			pinnedBy[in.Name], pinnedAt[in.Name] = m.Name, in.Location
		}
	}
	r.Overrides = overrides
	return nil
}

// ModelOf is the lock entry of model m as runner r resolves it now: the
// code, the environment (env, with its non-secret vars), each input's
// location and content fingerprint, and what each existing output holds.
// Every input must exist; an error says which does not.
func ModelOf(ctx context.Context, r *runtime.Runner, m runtime.Model, env string, vars map[string]string) (Model, error) {
	inputs, outputs, err := r.Fingerprints(ctx, m)
	if err != nil {
		return Model{}, err
	}
	lm := Model{Code: r.Code, Env: env, Vars: vars, Inputs: []Input{}}
	lm.Code.Schemas = runtime.SchemaFingerprints(m)
	for _, in := range inputs {
		if in.Fingerprint == "" && !unfingerprinted(in.Location) {
			return Model{}, &MissingError{Dataset: in.Name, Location: in.Location}
		}
		lm.Inputs = append(lm.Inputs, Input{Name: in.Name, Location: in.Location, Fingerprint: in.Fingerprint})
	}
	for _, out := range outputs {
		if out.Fingerprint != "" { // an output not written yet has nothing to reproduce
			lm.Outputs = append(lm.Outputs, Input{Name: out.Name, Location: out.Location, Fingerprint: out.Fingerprint})
		}
	}
	return lm, nil
}

// MissingError is an input that does not exist, so it cannot be locked.
type MissingError struct{ Dataset, Location string }

func (e *MissingError) Error() string {
	return fmt.Sprintf("input %s does not exist at %s", e.Dataset, e.Location)
}

// unfingerprinted reports whether a location never has a fingerprint, so
// an empty one does not mean the dataset is missing: mem datasets and
// tables read with ;fingerprint=none.
func unfingerprinted(loc string) bool {
	u, err := runtime.DefaultRegistry().Engine().Parse(loc)
	return err == nil && (u.Type == "mem" || u.Options["fingerprint"] == "none")
}
