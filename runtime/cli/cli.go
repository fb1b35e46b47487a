package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/ayeaye-go/ayeaye/internal/suggest"
	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/provenance"
)

// Exit codes.
const (
	ExitOK      = 0 // success
	ExitFailure = 1 // a model, a look-up or the environment failed
	ExitUsage   = 2 // the command line is wrong
)

// Program is the user's binary: its name, its project config and its
// models.
type Program struct {
	// Name is the binary's name in usage and messages; Run defaults it to
	// the base name of os.Args[0].
	Name string
	// Config is the project's ayeaye.yaml, usually embedded with
	// go:embed; only its environments are used here. Empty means no
	// environments: templates are filled from flags and environment
	// variables alone.
	Config []byte
	// ConfigPath names Config in error messages; default "ayeaye.yaml".
	ConfigPath string
	// Models are the models the binary can run, in the order `run -all`
	// runs them.
	Models []Model
	// Getenv reads the process environment (AYEAYE_ENV, AYEAYE_VAR_<NAME>
	// and secrets kept in environment variables); nil means os.Getenv.
	// Tests set it to run hermetically and in parallel.
	Getenv func(string) string
	// Dir is the project's directory: where ayeaye.lock is read and
	// written, and where the default run store (.ayeaye/runs.db) and
	// relative -store and -o paths are. "" means the working directory.
	Dir string
	// Code identifies the program's build in run records and ayeaye.lock;
	// the zero value means provenance.CodeVersion() (module, version and
	// VCS revision from the build information).
	Code provenance.Code
}

// Model is one runnable model of a Program.
type Model struct {
	Name string // what `run NAME` calls it
	// New returns a fresh, wired model (its Input and Output fields set).
	// It is called once per use, so runs never share a model's state.
	New func() runtime.Model
	Doc string // one line, shown by `list`
}

// Run runs the command line of the program and exits with its exit code.
// Ctrl-C (or SIGTERM) cancels the running model, which then fails
// without publishing its outputs.
func Run(p Program) {
	if p.Name == "" {
		p.Name = filepath.Base(os.Args[0])
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := MainContext(ctx, p, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Main runs the command line args (without the program name), writing
// results to stdout and messages to stderr, and returns the exit code:
// ExitOK, ExitFailure or ExitUsage.
func Main(p Program, args []string, stdout, stderr io.Writer) int {
	return MainContext(context.Background(), p, args, stdout, stderr)
}

// MainContext is Main with a context; cancelling it stops the running
// model.
func MainContext(ctx context.Context, p Program, args []string, stdout, stderr io.Writer) int {
	a := &app{ctx: ctx, prog: p, stdout: stdout, stderr: stderr}
	if a.prog.Name == "" {
		a.prog.Name = "ayeaye"
	}
	if a.prog.ConfigPath == "" {
		a.prog.ConfigPath = "ayeaye.yaml"
	}
	if err := checkProgram(a.prog); err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", a.prog.Name, err)
		return ExitFailure
	}
	return a.main(args)
}

// checkProgram catches mistakes in the Program literal itself, which are
// the developer's, before they surface as confusing command-line errors.
func checkProgram(p Program) error {
	seen := map[string]bool{}
	for i, m := range p.Models {
		switch {
		case m.Name == "":
			return fmt.Errorf("cli.Program: Models[%d] has no Name; give every model the name `run` will call it by", i)
		case strings.HasPrefix(m.Name, "-") || strings.ContainsAny(m.Name, " \t\n"):
			return fmt.Errorf("cli.Program: model name %q cannot be typed as an argument; use letters, digits and _", m.Name)
		case seen[m.Name]:
			return fmt.Errorf("cli.Program: two models are named %q; model names must be unique", m.Name)
		case m.New == nil:
			return fmt.Errorf("cli.Program: model %q has no New function; set New: func() runtime.Model { return ... }", m.Name)
		}
		seen[m.Name] = true
	}
	return nil
}

// app is one invocation: everything a command touches, so nothing is
// global and tests run many side by side.
type app struct {
	ctx            context.Context
	prog           Program
	stdout, stderr io.Writer
}

// command is one subcommand; help, usage and dispatch follow from the
// table in commands.
type command struct {
	name    string
	args    string // synopsis after the name
	summary string // one line for the command list
	help    string // paragraphs for "help NAME"
	run     func(a *app, cmd *command, args []string) int
}

// commands returns the command table in the order help lists it; a
// function, not a variable, so it is never shared mutable state.
func commands() []*command {
	return []*command{
		runCommand(),
		workerCommand(),
		planCommand(),
		graphCommand(),
		lineageCommand(),
		runsCommand(),
		lockCommand(),
		verifyCommand(),
		listCommand(),
		peekCommand(),
		{
			name:    "help",
			args:    "[command]",
			summary: "show help for the program or one command",
			help:    "Help prints the list of commands, or the usage and flags of one command.",
			run:     runHelp,
		},
	}
}

func lookup(name string) *command {
	for _, c := range commands() {
		if c.name == name {
			return c
		}
	}
	return nil
}

func (a *app) main(args []string) int {
	if len(args) == 0 {
		a.usage(a.stderr)
		return ExitUsage
	}
	name := args[0]
	switch name {
	case "-h", "-help", "--help":
		a.usage(a.stdout)
		return ExitOK
	}
	if strings.HasPrefix(name, "-") {
		fmt.Fprintf(a.stderr, "%s: flag %s before the command; flags go after it, as in: %s run %s MODEL\n\n", a.prog.Name, name, a.prog.Name, name)
		a.usage(a.stderr)
		return ExitUsage
	}
	cmd := lookup(name)
	if cmd == nil {
		fmt.Fprintf(a.stderr, "%s: unknown command %q%s\n\n", a.prog.Name, name, suggestCommand(name))
		a.usage(a.stderr)
		return ExitUsage
	}
	return cmd.run(a, cmd, args[1:])
}

func suggestCommand(name string) string {
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	return didYouMean(name, names)
}

// didYouMean is ", did you mean X?" when got is a likely typo of one of
// valid, else "".
func didYouMean(got string, valid []string) string {
	if s := suggest.Closest(got, valid); s != "" {
		return fmt.Sprintf("; did you mean %q?", s)
	}
	return ""
}

// usage prints the command list.
func (a *app) usage(w io.Writer) {
	n := a.prog.Name
	fmt.Fprintf(w, "%s runs Aye-aye ETL models.\n\nUsage:\n\n\t%s <command> [flags] [arguments]\n\nCommands:\n\n", n, n)
	for _, c := range commands() {
		fmt.Fprintf(w, "\t%-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "\nRun \"%s help <command>\" or \"%s <command> -h\" for details.\n", n, n)
	fmt.Fprint(w, "Exit codes: 0 ok, 1 a model or look-up failed, 2 usage error.\n")
}

func (a *app) synopsis(cmd *command) string {
	return strings.TrimSpace(a.prog.Name + " " + cmd.name + " " + cmd.args)
}

// flagSet makes a command's flag set. It prints nothing itself: parse
// prints usage to stdout when asked for with -h, and errors to stderr.
func (a *app) flagSet(cmd *command) *flag.FlagSet {
	fs := flag.NewFlagSet(a.prog.Name+" "+cmd.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parse parses args, allowing flags after positional arguments (as in
// "run paint_orders -env prod"), and returns the positional arguments.
// When ok is false the command must return code.
func (a *app) parse(cmd *command, fs *flag.FlagSet, args []string) (pos []string, code int, ok bool) {
	for {
		err := fs.Parse(args)
		switch {
		case errors.Is(err, flag.ErrHelp):
			a.commandUsage(a.stdout, cmd, fs)
			return nil, ExitOK, false
		case err != nil:
			fmt.Fprintf(a.stderr, "%s %s: %v%s\n", a.prog.Name, cmd.name, err, suggestFlag(err, fs))
			a.shortUsage(cmd)
			return nil, ExitUsage, false
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, ExitOK, true
		}
		// "--" ends the flags: everything after it is positional.
		if consumed := len(args) - len(rest); consumed > 0 && args[consumed-1] == "--" {
			return append(pos, rest...), ExitOK, true
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// suggestFlag turns flag's "flag provided but not defined: -enw" into a
// did-you-mean.
func suggestFlag(err error, fs *flag.FlagSet) string {
	const prefix = "flag provided but not defined: -"
	msg := err.Error()
	if !strings.HasPrefix(msg, prefix) {
		return ""
	}
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	if s := suggest.Closest(strings.TrimPrefix(msg[len(prefix):], "-"), names); s != "" {
		return fmt.Sprintf("; did you mean -%s?", s)
	}
	return ""
}

// usageError reports a wrong command line: the problem, then the
// synopsis, so the error stays in view.
func (a *app) usageError(cmd *command, format string, args ...any) int {
	fmt.Fprintf(a.stderr, "%s %s: %s\n", a.prog.Name, cmd.name, fmt.Sprintf(format, args...))
	a.shortUsage(cmd)
	return ExitUsage
}

func (a *app) shortUsage(cmd *command) {
	fmt.Fprintf(a.stderr, "usage: %s\nRun \"%s help %s\" for details.\n", a.synopsis(cmd), a.prog.Name, cmd.name)
}

// commandUsage prints one command's synopsis, help and flags.
func (a *app) commandUsage(w io.Writer, cmd *command, fs *flag.FlagSet) {
	fmt.Fprintf(w, "Usage: %s\n\n%s\n", a.synopsis(cmd), strings.ReplaceAll(cmd.help, "PROGRAM", a.prog.Name))
	hasFlags := false
	fs.VisitAll(func(*flag.Flag) { hasFlags = true })
	if hasFlags {
		fmt.Fprint(w, "\nFlags:\n")
		fs.SetOutput(w)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
}

func runHelp(a *app, cmd *command, args []string) int {
	fs := a.flagSet(cmd)
	pos, code, ok := a.parse(cmd, fs, args)
	if !ok {
		return code
	}
	switch len(pos) {
	case 0:
		a.usage(a.stdout)
		return ExitOK
	case 1:
	default:
		return a.usageError(cmd, "too many arguments: help shows one command at a time")
	}
	target := lookup(pos[0])
	if target == nil {
		fmt.Fprintf(a.stderr, "%s help: unknown command %q%s\n\n", a.prog.Name, pos[0], suggestCommand(pos[0]))
		a.usage(a.stderr)
		return ExitUsage
	}
	// The command itself prints its usage, with its real flags.
	return target.run(a, target, []string{"-h"})
}

// modelNames lists the program's model names in order.
func (a *app) modelNames() []string {
	names := make([]string, len(a.prog.Models))
	for i, m := range a.prog.Models {
		names[i] = m.Name
	}
	return names
}

func (a *app) findModel(name string) (Model, bool) {
	for _, m := range a.prog.Models {
		if m.Name == name {
			return m, true
		}
	}
	return Model{}, false
}

// newModel calls m.New, turning a panic into an error so a broken
// constructor fails the command instead of crashing it.
func newModel(m Model) (model runtime.Model, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("model %s: New panicked: %v", m.Name, p)
		}
	}()
	model = m.New()
	if model == nil {
		return nil, fmt.Errorf("model %s: New returned nil; it must return the wired model", m.Name)
	}
	return model, nil
}
