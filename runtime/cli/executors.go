package cli

import (
	"fmt"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ayeaye-go/ayeaye/runtime/cli/executor"
	"github.com/ayeaye-go/ayeaye/runtime/partition"
)

// Executor runs the partitions of partitioned models in other processes,
// selected by run's and worker's -executor; see package
// runtime/cli/executor, which documents the interface.
type Executor = executor.Executor

// RegisterExecutor adds e to the run and worker commands of every
// Program in this process, usually from the init function of the
// package that implements it, so that a program links an executor only
// by importing its package. runtime/natsexec registers the NATS executor
// this way (through executor.Register, the same function, so that it
// need not link this package):
//
//	import _ "github.com/ayeaye-go/ayeaye/runtime/natsexec"
func RegisterExecutor(e Executor) { executor.Register(e) }

// shippedExecutors are the executors of this module, for the error that
// names the import when one is asked for but not linked.
var shippedExecutors = []struct {
	name    string
	schemes []string
	pkg     string
}{
	{"nats", []string{"nats", "tls", "ws", "wss"}, "github.com/ayeaye-go/ayeaye/runtime/natsexec"},
}

// specScheme is the URL scheme of an -executor value (of its first
// server, for a list), or "" for a plain name.
func specScheme(spec string) string {
	first, _, _ := strings.Cut(spec, ",")
	scheme, _, ok := strings.Cut(first, "://")
	if !ok {
		return ""
	}
	return scheme
}

// findExecutor returns the registered executor that spec selects: by
// name, or by the scheme of its URL. It returns nil and no error when
// spec is neither a known name nor a URL (an unknown executor, which the
// caller reports with suggestions), and an error naming the import when
// spec asks for an executor of this module that the program does not
// link, or a URL of an unknown scheme.
func findExecutor(spec string) (Executor, error) {
	return findExecutorIn(executor.Registered(), spec)
}

// findExecutorIn is findExecutor among the executors registered.
func findExecutorIn(registered []Executor, spec string) (Executor, error) {
	scheme := specScheme(spec)
	selects := func(name string, schemes []string) bool {
		return (scheme == "" && spec == name) || (scheme != "" && slices.Contains(schemes, scheme))
	}
	for _, e := range registered {
		if selects(e.Name(), e.Schemes()) {
			return e, nil
		}
	}
	for _, s := range shippedExecutors {
		if selects(s.name, s.schemes) {
			return nil, fmt.Errorf("the %s executor is not linked into this program: add import _ %q to its main package", s.name, s.pkg)
		}
	}
	if scheme == "" {
		return nil, nil
	}
	var schemes []string
	for _, e := range registered {
		schemes = append(schemes, e.Schemes()...)
	}
	for _, s := range shippedExecutors {
		schemes = append(schemes, s.schemes...)
	}
	return nil, fmt.Errorf("unknown scheme %q; use %s", scheme, orList(schemes))
}

// orList writes "a://, b:// or c://", without repeats.
func orList(schemes []string) string {
	var uniq []string
	for _, s := range schemes {
		if !slices.Contains(uniq, s+"://") {
			uniq = append(uniq, s+"://")
		}
	}
	if len(uniq) == 1 {
		return uniq[0]
	}
	return strings.Join(uniq[:len(uniq)-1], ", ") + " or " + uniq[len(uniq)-1]
}

// executorNames are the -executor names, for usage messages.
func executorNames() []string {
	names := []string{"serial", "local"}
	for _, e := range executor.Registered() {
		names = append(names, e.Name())
	}
	for _, s := range shippedExecutors {
		if !slices.Contains(names, s.name) {
			names = append(names, s.name)
		}
	}
	return names
}

// checkExecutor validates run's -executor: "" when it is fine, else the
// usage message.
func checkExecutor(spec string) string {
	if spec == "serial" || spec == "local" {
		return ""
	}
	e, err := findExecutor(spec)
	switch {
	case err != nil:
		return fmt.Sprintf("-executor %s: %v", spec, err)
	case e == nil:
		names := executorNames()
		return fmt.Sprintf("-executor %s: unknown executor%s; use %s, or nats://host:4222", spec, didYouMean(spec, names),
			strings.Join(names, ", "))
	}
	if err := e.Check(spec); err != nil {
		return fmt.Sprintf("-executor %s: %v", spec, err)
	}
	return ""
}

// executorRun is what the run command tells an executor it opens.
func (a *app) executorRun(s *session, ef *envFlags, workers int, log *slog.Logger) executor.Run {
	return executor.Run{
		Env:    executor.Env{Name: s.env.Name(), Vars: ef.vars.m, Sets: ef.sets.m},
		Code:   a.code(),
		Logger: log, Stderr: a.stderr, Workers: workers, Getenv: a.getenv,
	}
}

// openExecutor opens the registered executor spec selects (checked by
// checkExecutor), keeping its state in .ayeaye/NAME.
func (a *app) openExecutor(spec string, r executor.Run) (partition.Executor, func(), error) {
	e, err := findExecutor(spec)
	if err == nil && e == nil {
		err = fmt.Errorf("unknown executor")
	}
	if err != nil {
		return nil, nil, err
	}
	if r.StateDir == "" {
		r.StateDir = a.path(filepath.Join(".ayeaye", e.Name()))
	}
	return e.Open(a.ctx, spec, r)
}
