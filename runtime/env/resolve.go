package env

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ayeaye-go/ayeaye/internal/listing"
	"github.com/ayeaye-go/ayeaye/internal/yamlstrict"
	"github.com/ayeaye-go/ayeaye/runtime/engine"
)

// Options say which environment to resolve and what to lay over the
// config's values. The zero value resolves the default environment from
// the process environment.
type Options struct {
	// Name chooses the environment (the -env flag). Empty means
	// AYEAYE_ENV, then the config's default.
	Name string
	// Overrides set variables (the -var name=value flags) over every other
	// source. Each must name a variable of some environment, or of
	// Defaults, so that a misspelt name is an error instead of a run
	// against the configured value.
	Overrides map[string]string
	// Defaults are variables the caller provides, used when nothing else
	// sets them.
	Defaults map[string]string
	// Getenv reads the process environment; nil means os.Getenv.
	Getenv func(string) string
	// ReadFile reads secret files; nil means os.ReadFile.
	ReadFile func(string) ([]byte, error)
}

// rawVar is a variable's unexpanded value and where it came from, for
// error messages.
type rawVar struct {
	value, source string
}

// Resolve picks the environment and computes its variables and secrets,
// once, at the start of a run.
//
// The environment is Options.Name, else $AYEAYE_ENV, else the config's
// default, else the only environment, else dev when there is one. A
// variable's value is, by precedence, Options.Overrides, then
// $AYEAYE_VAR_<NAME> (see VarEnvName), then the config, then
// Options.Defaults; whichever wins is a template that may refer to other
// variables and to secrets. Secrets are read last, from their environment
// variable or file. Every problem is reported at once; no error holds a
// secret's value.
//
// A nil Config has no environments: it resolves Defaults and Overrides
// into an Env whose Name is "".
func (c *Config) Resolve(opts Options) (*Env, error) {
	getenv, readFile := opts.Getenv, opts.ReadFile
	if getenv == nil {
		getenv = os.Getenv
	}
	if readFile == nil {
		readFile = os.ReadFile
	}
	if c == nil {
		c = &Config{}
	}
	name, err := c.choose(opts.Name, getenv)
	if err != nil {
		return nil, err
	}
	var environment Environment
	if name != "" {
		environment = c.Environments[name]
	}
	where := fmt.Sprintf("environment %q", name)
	if name == "" {
		where = "the run (no environments defined)"
	}

	var errs []error
	fail := func(hint, format string, args ...any) {
		msg := where + ": " + fmt.Sprintf(format, args...)
		if hint != "" {
			msg += "\n\thint: " + hint
		}
		errs = append(errs, errors.New(msg))
	}

	raw := c.rawVars(name, environment, opts, getenv, fail)

	secrets := map[string]string{}
	for _, s := range slices.Sorted(maps.Keys(environment.Secrets)) {
		v, hint, problem := c.readSecret(environment.Secrets[s], getenv, readFile)
		if problem != "" {
			fail(hint, "secret %q: %s", s, problem)
			continue
		}
		secrets[s] = v
	}

	vars := expandVars(raw, secrets, environment.Secrets, fail)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return newEnv(name, vars, secrets, c.Catalogue), nil
}

// choose picks the environment's name.
func (c *Config) choose(name string, getenv func(string) string) (string, error) {
	from := "chosen"
	if name == "" {
		name, from = getenv(EnvVar), "from "+EnvVar
	}
	if name == "" && c.Default != "" {
		name, from = c.Default, "the default in ayeaye.yaml"
	}
	known := c.Names()
	if name == "" {
		switch {
		case len(known) == 0:
			return "", nil
		case len(known) == 1:
			return known[0], nil
		case slices.Contains(known, "dev"):
			return "dev", nil
		}
		return "", fmt.Errorf("no environment chosen, and ayeaye.yaml defines %s with no default\n\thint: choose one with the -env flag or %s=<name>, or set environments.default in ayeaye.yaml",
			listing.Join(known, ", "), EnvVar)
	}
	if _, ok := c.Environments[name]; ok {
		return name, nil
	}
	if len(known) == 0 {
		return "", fmt.Errorf("environment %q (%s) is not defined: ayeaye.yaml has no environments\n\thint: add it under environments in ayeaye.yaml, or do not choose one", name, from)
	}
	return "", fmt.Errorf("environment %q (%s) is not defined\n\thint: %s", name, from, yamlstrict.DidYouMean(name, known, "defined environments"))
}

// rawVars applies the precedence rules to every variable's unexpanded
// value.
func (c *Config) rawVars(name string, environment Environment, opts Options, getenv func(string) string, fail func(hint, format string, args ...any)) map[string]rawVar {
	known := map[string]bool{}
	for _, e := range c.Environments {
		for v := range e.Vars {
			known[v] = true
		}
	}
	for v := range opts.Defaults {
		known[v] = true
	}
	names := map[string]bool{}
	for v := range environment.Vars {
		names[v] = true
	}
	for v := range opts.Defaults {
		if !validName(v) {
			fail(nameHint, "default variable name %q is not valid", v)
			continue
		}
		if _, secret := environment.Secrets[v]; !secret {
			names[v] = true // a secret of this environment wins over a default
		}
	}
	for _, v := range slices.Sorted(maps.Keys(opts.Overrides)) {
		_, secret := environment.Secrets[v]
		switch {
		case !validName(v):
			fail(nameHint, "variable name %q (from -var) is not valid", v)
		case secret:
			fail(fmt.Sprintf("set the secret through its source (%s), not on the command line, where it would be visible to other users and kept in shell history",
				describeSecret(environment.Secrets[v])), "%q is a secret, so -var cannot set it", v)
		case !known[v]:
			hint := "add it under vars of an environment in ayeaye.yaml"
			list := slices.DeleteFunc(slices.Sorted(maps.Keys(known)), func(n string) bool {
				_, secret := environment.Secrets[n]
				return secret
			})
			if len(list) > 0 {
				hint = yamlstrict.DidYouMean(v, list, "known variables") + "; or " + hint
			}
			fail(hint, "variable %q (from -var) is not defined anywhere", v)
		default:
			names[v] = true
		}
	}
	inConfig := fmt.Sprintf("from ayeaye.yaml, environments.%s.vars", name)
	raw := map[string]rawVar{}
	for v := range names {
		if o, ok := opts.Overrides[v]; ok {
			raw[v] = rawVar{o, "from -var"}
		} else if e := getenv(VarEnvName(v)); e != "" {
			raw[v] = rawVar{e, "from " + VarEnvName(v)}
		} else if cv, ok := environment.Vars[v]; ok {
			raw[v] = rawVar{cv, inConfig}
		} else {
			raw[v] = rawVar{opts.Defaults[v], "from the defaults"}
		}
	}
	return raw
}

// readSecret returns a secret's value, or what is wrong and how to fix
// it; neither ever holds the value.
func (c *Config) readSecret(s Secret, getenv func(string) string, readFile func(string) ([]byte, error)) (value, hint, problem string) {
	if s.Env != "" {
		v := getenv(s.Env)
		if v == "" {
			return "", fmt.Sprintf("set %s in the environment of the run", s.Env),
				fmt.Sprintf("environment variable %s is not set or is empty", s.Env)
		}
		return v, "", ""
	}
	path := s.File
	if !filepath.IsAbs(path) && c.Dir != "" {
		path = filepath.Join(c.Dir, filepath.FromSlash(path))
	}
	data, err := readFile(path)
	if err != nil {
		return "", "check that the file exists and that the run may read it",
			fmt.Sprintf("cannot read file %s: %v", path, describeFileErr(err))
	}
	v := strings.TrimRight(string(data), "\r\n")
	if v == "" {
		return "", "write the secret into the file", fmt.Sprintf("file %s is empty", path)
	}
	return v, "", ""
}

func describeFileErr(err error) error {
	// The *fs.PathError's path is already in the message.
	if u := errors.Unwrap(err); u != nil {
		return u
	}
	return err
}

func describeSecret(s Secret) string {
	if s.Env != "" {
		return "environment variable " + s.Env
	}
	return "file " + s.File
}

// expandVars fills the templates of the variables, each once, in an order
// that resolves references first.
func expandVars(raw map[string]rawVar, secrets map[string]string, declared map[string]Secret, fail func(hint, format string, args ...any)) map[string]engine.Text {
	out := map[string]engine.Text{}
	failed := map[string]bool{}
	names := append(slices.Collect(maps.Keys(raw)), slices.Collect(maps.Keys(declared))...)
	slices.Sort(names)
	reported := map[string]bool{}
	deps := func(n string) ([]string, bool) {
		rv, isVar := raw[n]
		return refs(rv.value), isVar
	}
	var resolve func(v string) bool
	resolve = func(v string) bool {
		if _, ok := out[v]; ok {
			return true
		}
		if failed[v] {
			return false
		}
		// With no cycle reachable from v, the recursion below ends.
		if cycle := findCycle(v, deps); cycle != nil {
			if !reported[cycle[0]] {
				for _, n := range cycle {
					reported[n] = true
				}
				fail("give one of them a value without {name} references",
					"variable %q (%s) refers to itself: %s", cycle[0], raw[cycle[0]].source, strings.Join(append(cycle, cycle[0]), " -> "))
			}
			failed[v] = true
			return false
		}
		r := raw[v]
		values := map[string]engine.Text{}
		ok := true
		for _, ref := range refs(r.value) {
			if s, isSecret := secrets[ref]; isSecret {
				values[ref] = engine.Text{{S: s, Secret: true, Name: ref}}
				continue
			}
			if _, isSecret := declared[ref]; isSecret {
				ok = false // it could not be read, which is reported already
				continue
			}
			if _, isVar := raw[ref]; !isVar {
				fail(unknownRefHint(ref, names), "variable %q (%s) refers to {%s}, which is not defined", v, r.source, ref)
				ok = false
				continue
			}
			if !resolve(ref) {
				ok = false
				continue
			}
			values[ref] = out[ref]
		}
		if !ok {
			failed[v] = true
			return false
		}
		s, err := engine.ExpandText(r.value, values)
		if err != nil {
			var e *engine.Error
			msg, hint := err.Error(), ""
			if errors.As(err, &e) {
				msg, hint = fmt.Sprintf("%s at offset %d of %q", e.Msg, e.Offset, r.value), e.Hint
			}
			fail(hint, "variable %q (%s): %s", v, r.source, msg)
			failed[v] = true
			return false
		}
		out[v] = s
		return true
	}
	for _, v := range slices.Sorted(maps.Keys(raw)) {
		resolve(v)
	}
	return out
}

func unknownRefHint(ref string, known []string) string {
	hint := "define it under vars of this environment in ayeaye.yaml, or with -var " + ref + "=value"
	if len(known) == 0 {
		return hint
	}
	return yamlstrict.DidYouMean(ref, known, "defined names") + "; or " + hint
}
