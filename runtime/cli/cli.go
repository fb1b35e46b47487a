package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	cmdline "github.com/ayeaye-go/ayeaye/internal/command"
	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/provenance"
)

// Exit codes, the same as ayeaye-gen's (internal/command).
const (
	ExitOK      = cmdline.ExitOK      // success
	ExitFailure = cmdline.ExitFailure // a model, a look-up or the environment failed
	ExitUsage   = cmdline.ExitUsage   // the command line is wrong
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
	cl             *cmdline.Program // see commandLine
}

// command is one subcommand; help, usage and dispatch follow from the
// table in commands, through internal/command.
type command struct {
	name    string
	args    string // synopsis after the name
	summary string // one line for the command list
	help    string // paragraphs for "help NAME"
	run     func(a *app, cmd *command, args []string) int
}

// commands returns the command table in the order help lists it (help
// itself comes last, from internal/command); a function, not a variable,
// so it is never shared mutable state.
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
	}
}

// commandLine is the program's command table for internal/command, made
// on first use.
func (a *app) commandLine() *cmdline.Program {
	if a.cl != nil {
		return a.cl
	}
	cl := &cmdline.Program{
		Name:      a.prog.Name,
		Intro:     a.prog.Name + " runs Aye-aye ETL models.",
		ExitCodes: "0 ok, 1 a model or look-up failed, 2 usage error.",
		Example:   func(flag string) string { return "run " + flag + " MODEL" },
		Stdout:    a.stdout,
		Stderr:    a.stderr,
	}
	for _, c := range commands() {
		spec := a.spec(c)
		spec.Run = func(args []string) int { return c.run(a, c, args) }
		cl.Commands = append(cl.Commands, spec)
	}
	a.cl = cl
	return cl
}

func (a *app) main(args []string) int { return a.commandLine().Main(args) }

// spec is cmd as internal/command describes it.
func (a *app) spec(cmd *command) *cmdline.Command {
	return &cmdline.Command{Name: cmd.name, Args: cmd.args, Summary: cmd.summary, Help: cmd.help}
}

// didYouMean is ", did you mean X?" when got is a likely typo of one of
// valid, else "".
func didYouMean(got string, valid []string) string { return cmdline.DidYouMean(got, valid) }

// flagSet makes a command's flag set; it prints nothing itself.
func (a *app) flagSet(cmd *command) *flag.FlagSet { return cmdline.FlagSet(a.prog.Name, a.spec(cmd)) }

// parse parses args, allowing flags after positional arguments (as in
// "run paint_orders -env prod"), and returns the positional arguments.
// When ok is false the command must return code.
func (a *app) parse(cmd *command, fs *flag.FlagSet, args []string) (pos []string, code int, ok bool) {
	return a.commandLine().Parse(a.spec(cmd), fs, args)
}

// usageError reports a wrong command line: the problem, then the
// synopsis, so the error stays in view.
func (a *app) usageError(cmd *command, format string, args ...any) int {
	return a.commandLine().UsageError(a.spec(cmd), format, args...)
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
