package cli

import (
	"flag"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/env"
)

// envFlags are the flags every command that resolves datasets shares.
type envFlags struct {
	env  string
	vars assignments
	sets assignments
}

func (f *envFlags) register(fs *flag.FlagSet) {
	f.vars.what, f.sets.what = "variable", "dataset"
	fs.StringVar(&f.env, "env", "", "the `environment` to use (default: $"+env.EnvVar+", else the config's default)")
	fs.Var(&f.vars, "var", "`name=value` sets a variable of the environment, over $"+env.VarPrefix+"<NAME> and the config (repeatable)")
	fs.Var(&f.sets, "set", "`dataset=engineURL` puts the dataset at engineURL for this run; {name} templates are filled from the environment (repeatable)")
}

// session is what a command works with once the command line is checked:
// the resolved environment and a runner configured from it.
type session struct {
	env    *env.Env
	runner *runtime.Runner
}

// redact hides the environment's secrets in s.
func (s *session) redact(str string) string {
	if s == nil || s.env == nil {
		return str
	}
	return s.env.Redact(str)
}

// open parses the config, resolves the environment and checks the -set
// overrides. Mistakes on the command line (an unknown environment,
// variable or dataset) exit with ExitUsage; a config or environment that
// cannot be resolved exits with ExitFailure. When ok is false the command
// must return code.
func (a *app) open(cmd *command, f *envFlags) (s *session, code int, ok bool) {
	cfg, err := env.Parse(a.prog.ConfigPath, a.prog.Config)
	if err != nil {
		fmt.Fprintf(a.stderr, "%s: %v\n", a.prog.Name, err)
		return nil, ExitFailure, false
	}
	if f.env != "" {
		if names := cfg.Names(); !slices.Contains(names, f.env) {
			if len(names) == 0 {
				return nil, a.usageError(cmd, "-env %s: %s defines no environments; leave out -env, or add environments to it", f.env, a.prog.ConfigPath), false
			}
			return nil, a.usageError(cmd, "-env %s: no such environment%s (defined: %s)", f.env, didYouMean(f.env, names), joinNames(names)), false
		}
	}
	if code, ok := a.checkVars(cmd, cfg, f.vars.m); !ok {
		return nil, code, false
	}
	e, err := cfg.Resolve(env.Options{Name: f.env, Overrides: f.vars.m, Getenv: a.prog.Getenv})
	if err != nil {
		fmt.Fprintf(a.stderr, "%s: %v\n", a.prog.Name, err)
		return nil, ExitFailure, false
	}
	s = &session{env: e}
	if code, ok := a.checkSets(cmd, s, f.sets.m); !ok {
		return nil, code, false
	}
	s.runner = &runtime.Runner{Env: e, Overrides: f.sets.m}
	return s, ExitOK, true
}

// checkVars refuses -var names that no environment defines, as a usage
// error with a did-you-mean. (env.Resolve refuses them too; checking here
// gives the right exit code.)
func (a *app) checkVars(cmd *command, cfg *env.Config, vars map[string]string) (int, bool) {
	known := map[string]bool{}
	for _, e := range cfg.Environments {
		for v := range e.Vars {
			known[v] = true
		}
		for v := range e.Secrets {
			known[v] = true // env.Resolve explains why a secret cannot be set
		}
	}
	names := slices.Sorted(maps.Keys(known))
	for _, v := range slices.Sorted(maps.Keys(vars)) {
		if known[v] {
			continue
		}
		if len(names) == 0 {
			return a.usageError(cmd, "-var %s: %s defines no variables; add it under vars of an environment", v, a.prog.ConfigPath), false
		}
		return a.usageError(cmd, "-var %s: no environment defines this variable%s (defined: %s)", v, didYouMean(v, names), joinNames(names)), false
	}
	return ExitOK, true
}

// checkSets refuses -set overrides for datasets no model uses and engine
// URLs that do not parse once their templates are filled.
func (a *app) checkSets(cmd *command, s *session, sets map[string]string) (int, bool) {
	if len(sets) == 0 {
		return ExitOK, true
	}
	uses, err := a.datasets()
	if err != nil {
		fmt.Fprintf(a.stderr, "%s: %s\n", a.prog.Name, s.redact(err.Error()))
		return ExitFailure, false
	}
	names := slices.Sorted(maps.Keys(uses))
	for _, d := range slices.Sorted(maps.Keys(sets)) {
		if _, ok := uses[d]; !ok {
			return a.usageError(cmd, "-set %s: no model uses a dataset named %q%s (datasets: %s)", d, d, didYouMean(d, names), joinNames(names)), false
		}
		u := sets[d]
		if u == "" {
			return a.usageError(cmd, "-set %s=: the engine URL is empty; write e.g. -set %s=csv:///tmp/%s.csv", d, d, d), false
		}
		t, err := s.env.ExpandText(u)
		if err == nil {
			_, _, err = runtime.DefaultRegistry().Engine().ParseText(t)
		}
		if err != nil {
			return a.usageError(cmd, "-set %s: %s", d, s.redact(err.Error())), false
		}
	}
	return ExitOK, true
}

// datasetUse is one model using a dataset.
type datasetUse struct {
	model Model
	inst  runtime.Model
	port  runtime.Port
}

// datasets finds every dataset the program's models read or write, by
// name, each with the models using it in program order.
func (a *app) datasets() (map[string][]datasetUse, error) {
	uses := map[string][]datasetUse{}
	for _, m := range a.prog.Models {
		inst, err := newModel(m)
		if err != nil {
			return nil, err
		}
		ports, err := runtime.Describe(inst)
		if err != nil {
			return nil, fmt.Errorf("model %s: %w", m.Name, err)
		}
		for _, p := range ports {
			uses[p.Dataset] = append(uses[p.Dataset], datasetUse{model: m, inst: inst, port: p})
		}
	}
	return uses, nil
}

// joinNames lists names for a message.
func joinNames(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}
