package cli

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/collection"
	"github.com/ayeaye-go/ayeaye/runtime/engine"
	"github.com/ayeaye-go/ayeaye/runtime/lock"
)

// redactedMark is what a redacted location shows in place of a secret
// (env.Redact, and engine URLs' passwords): such a location cannot be
// read back from the lock file.
const redactedMark = "xxxxx"

// applyLock prepares a locked run (lock.Apply): the models' inputs
// pointed at the locations ayeaye.lock pins, and checked before anything
// runs. When ok is false the command must return code.
func (a *app) applyLock(cmd *command, s *session, f *runFlags, models []collection.Model) (code int, ok bool) {
	path := a.path(lock.FileName)
	lf, err := lock.Read(path)
	if err != nil {
		fmt.Fprintf(a.stderr, "%s: -locked: %s\n", a.prog.Name, s.redact(err.Error()))
		return ExitFailure, false
	}
	locked := make([]lock.Locked, len(models))
	for i, m := range models {
		locked[i] = lock.Locked{Name: m.Name, Model: m.Model}
	}
	err = lock.Apply(a.ctx, lf, s.runner, locked, lock.ApplyOptions{
		Path: path, Program: a.prog.Name, Strict: f.strict, AllowDrift: f.allowDrift,
		Set:      func(dataset string) bool { _, set := f.env.sets.m[dataset]; return set },
		Unredact: func(loc string) (string, bool) { return unredact(s, loc) },
	})
	var setErr *lock.SetError
	switch {
	case errors.As(err, &setErr):
		return a.usageError(cmd, "%s", s.redact(err.Error())), false
	case err != nil:
		a.printLines(s.redact(err.Error()))
		return ExitFailure, false
	}
	return ExitOK, true
}

// printLines prints a message of several lines to stderr, each after the
// program's name but those that continue a list (indented).
func (a *app) printLines(msg string) {
	for _, line := range strings.Split(msg, "\n") {
		if strings.HasPrefix(line, "  ") {
			fmt.Fprintln(a.stderr, line)
		} else {
			fmt.Fprintf(a.stderr, "%s: %s\n", a.prog.Name, line)
		}
	}
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
			u, masked, err := runtime.DefaultRegistry().Engine().ParseText(full)
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
