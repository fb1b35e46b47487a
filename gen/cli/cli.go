package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/ayeaye-go/ayeaye/gen"
	cmdline "github.com/ayeaye-go/ayeaye/internal/command"
	"github.com/ayeaye-go/ayeaye/schemas"
)

// Exit codes, the same as the user's program's (internal/command).
const (
	ExitOK       = cmdline.ExitOK      // success; for diff and vet, nothing to report
	ExitProblems = cmdline.ExitFailure // problems found, drift found, or an operation failed
	ExitUsage    = cmdline.ExitUsage   // the command line is wrong
)

// Main runs ayeaye-gen with args (without the program name), writing
// output to stdout and messages to stderr, and returns the exit code.
func Main(args []string, stdout, stderr io.Writer) int {
	a := &app{
		stdout:    stdout,
		stderr:    stderr,
		buildInfo: debug.ReadBuildInfo,
		schemas:   schemas.FS,
	}
	return a.main(args)
}

// app is one run of the tool: everything a command touches outside its
// arguments, so tests can substitute it and nothing is global.
type app struct {
	stdout, stderr io.Writer
	buildInfo      func() (*debug.BuildInfo, bool)
	schemas        fs.FS            // the JSON Schemas of our file formats, *.schema.json
	cl             *cmdline.Program // see commandLine
}

// command is one subcommand. Adding a command is adding an entry to
// commands; help, usage and dispatch follow from the table, through
// internal/command.
type command struct {
	name    string
	args    string // synopsis after the name, e.g. "[-C dir] [-q]"
	summary string // one line for the command list
	help    string // paragraphs for "ayeaye-gen help NAME"
	run     func(a *app, cmd *command, args []string) int
}

// commands returns the command table in the order help lists it (help
// itself comes last, from internal/command). It is a function rather than
// a variable so that it is never shared mutable state.
func commands() []*command {
	return []*command{
		generateCommand(),
		diffCommand(),
		vetCommand(),
		initCommand(),
		modelCommand(),
		inferCommand(),
		importCommand(),
		schemaDiffCommand(),
		ddlCommand(),
		schemaCommand(),
		versionCommand(),
	}
}

func (c *command) synopsis() string {
	return strings.TrimSpace("ayeaye-gen " + c.name + " " + c.args)
}

// commandLine is the command table for internal/command, made on first
// use.
func (a *app) commandLine() *cmdline.Program {
	if a.cl != nil {
		return a.cl
	}
	cl := &cmdline.Program{
		Name:      "ayeaye-gen",
		Intro:     "ayeaye-gen generates typed Go code for Aye-aye datasets from their schemas.",
		ExitCodes: "0 ok, 1 problems or drift found, 2 usage error.",
		Example:   func(string) string { return "generate -C dir" },
		Stdout:    a.stdout,
		Stderr:    a.stderr,
	}
	for _, c := range commands() {
		spec := spec(c)
		spec.Run = func(args []string) int { return c.run(a, c, args) }
		cl.Commands = append(cl.Commands, spec)
	}
	a.cl = cl
	return cl
}

// spec is cmd as internal/command describes it.
func spec(cmd *command) *cmdline.Command {
	return &cmdline.Command{Name: cmd.name, Args: cmd.args, Summary: cmd.summary, Help: cmd.help}
}

func (a *app) main(args []string) int { return a.commandLine().Main(args) }

// usage prints the command list.
func (a *app) usage(w io.Writer) { a.commandLine().Usage(w) }

// flagSet makes the command's flag set; it prints nothing itself.
func (a *app) flagSet(cmd *command) *flag.FlagSet { return cmdline.FlagSet("ayeaye-gen", spec(cmd)) }

// parse parses args, flags before or after the positional arguments, and
// checks the number of positional arguments (then in flags.Args()) is in
// [minArgs, maxArgs] (maxArgs < 0: any). When it returns ok false, the
// command must return code.
func (a *app) parse(cmd *command, flags *flag.FlagSet, args []string, minArgs, maxArgs int) (code int, ok bool) {
	_, code, ok = a.commandLine().ParseN(spec(cmd), flags, args, minArgs, maxArgs)
	return code, ok
}

// shortUsage follows a usage error: the synopsis and where to read more,
// so the error itself stays in view.
func (a *app) shortUsage(cmd *command) { a.commandLine().ShortUsage(spec(cmd)) }

// projectFlag adds -C, the project directory, to flags.
func projectFlag(flags *flag.FlagSet) *string {
	return flags.String("C", ".", "run in `dir`, the project root (the directory of "+gen.ConfigFile+")")
}

// projectRoot checks that dir is a project root and returns it cleaned
// but as given: gen reports positions relative to it, so a relative dir
// keeps messages relative to where the user is. On failure it prints why
// and a hint, and ok is false.
func (a *app) projectRoot(dir string) (string, bool) {
	dir = filepath.Clean(dir)
	info, err := os.Stat(dir)
	switch {
	case err != nil:
		fmt.Fprintf(a.stderr, "ayeaye-gen: project directory %s: %v\n\thint: pass -C with an existing directory\n", dir, unwrap(err))
		return "", false
	case !info.IsDir():
		fmt.Fprintf(a.stderr, "ayeaye-gen: project directory %s is not a directory\n\thint: pass -C with the directory that holds %s\n", dir, gen.ConfigFile)
		return "", false
	}
	cfg := filepath.Join(dir, gen.ConfigFile)
	info, err = os.Stat(cfg)
	if err == nil && info.Mode().IsRegular() {
		return dir, true
	}
	fmt.Fprintf(a.stderr, "ayeaye-gen: no %s in %s\n", gen.ConfigFile, displayDir(dir))
	if parent := findUp(dir); parent != "" {
		fmt.Fprintf(a.stderr, "\thint: the project root seems to be %s; run there or pass -C %s\n", parent, parent)
	} else {
		fmt.Fprintf(a.stderr, "\thint: run ayeaye-gen in the project root (the directory of %s) or pass -C with it; a new project needs an %s starting with \"version: 1\"\n", gen.ConfigFile, gen.ConfigFile)
	}
	return "", false
}

// displayDir names dir for messages: "." is unhelpful, so it becomes the
// absolute path.
func displayDir(dir string) string {
	if dir == "." {
		if abs, err := filepath.Abs(dir); err == nil {
			return abs
		}
	}
	return dir
}

// findUp returns the nearest parent of dir holding a config file, or "".
// It is absolute when dir is, else relative to the working directory, so
// the hint reads like what the user typed.
func findUp(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for d := filepath.Dir(abs); ; d = filepath.Dir(d) {
		if info, err := os.Stat(filepath.Join(d, gen.ConfigFile)); err == nil && info.Mode().IsRegular() {
			if filepath.IsAbs(dir) {
				return d
			}
			if wd, err := os.Getwd(); err == nil {
				if rel, err := filepath.Rel(wd, d); err == nil {
					return rel
				}
			}
			return d
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}

// unwrap drops the path from an *fs.PathError; messages name it already.
func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
