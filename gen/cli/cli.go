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
	"github.com/ayeaye-go/ayeaye/internal/suggest"
	"github.com/ayeaye-go/ayeaye/schemas"
)

// Exit codes.
const (
	ExitOK       = 0 // success; for diff and vet, nothing to report
	ExitProblems = 1 // problems found, drift found, or an operation failed
	ExitUsage    = 2 // the command line is wrong
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
	schemas        fs.FS // the JSON Schemas of our file formats, *.schema.json
}

// command is one subcommand. Adding a command is adding an entry to
// commands; help, usage and dispatch follow from the table.
type command struct {
	name    string
	args    string // synopsis after the name, e.g. "[-C dir] [-q]"
	summary string // one line for the command list
	help    string // paragraphs for "ayeaye-gen help NAME"
	run     func(a *app, cmd *command, args []string) int
}

// commands returns the command table in the order help lists it. It is a
// function rather than a variable so that it is never shared mutable state
// and the help command can refer to it.
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
		{
			name:    "help",
			args:    "[command]",
			summary: "show help for ayeaye-gen or one command",
			help:    "Help prints the list of commands, or the usage and flags of one command.",
			run:     runHelp,
		},
	}
}

func (c *command) synopsis() string {
	return strings.TrimSpace("ayeaye-gen " + c.name + " " + c.args)
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
		fmt.Fprintf(a.stderr, "ayeaye-gen: flag %s before the command; flags go after it, as in: ayeaye-gen generate -C dir\n\n", name)
		a.usage(a.stderr)
		return ExitUsage
	}
	cmd := lookup(name)
	if cmd == nil {
		fmt.Fprintf(a.stderr, "ayeaye-gen: unknown command %q%s\n\n", name, suggestCommand(name))
		a.usage(a.stderr)
		return ExitUsage
	}
	return cmd.run(a, cmd, args[1:])
}

// usage prints the command list.
func (a *app) usage(w io.Writer) {
	fmt.Fprint(w, "ayeaye-gen generates typed Go code for Aye-aye datasets from their schemas.\n\n")
	fmt.Fprint(w, "Usage:\n\n\tayeaye-gen <command> [flags] [arguments]\n\nCommands:\n\n")
	for _, c := range commands() {
		fmt.Fprintf(w, "\t%-10s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, "\nRun \"ayeaye-gen help <command>\" or \"ayeaye-gen <command> -h\" for details.\n")
	fmt.Fprint(w, "Exit codes: 0 ok, 1 problems or drift found, 2 usage error.\n")
}

// flagSet makes the command's flag set. It prints nothing: parse prints
// errors and usage itself, usage to stdout when asked for with -h and to
// stderr after an error.
func (a *app) flagSet(cmd *command) *flag.FlagSet {
	flags := flag.NewFlagSet("ayeaye-gen "+cmd.name, flag.ContinueOnError)
	flags.SetOutput(io.Discard)
	flags.Usage = func() {}
	return flags
}

// parse parses args and checks the number of positional arguments is in
// [minArgs, maxArgs] (maxArgs < 0: any). When it returns ok false, the
// command must return code.
func (a *app) parse(cmd *command, flags *flag.FlagSet, args []string, minArgs, maxArgs int) (code int, ok bool) {
	err := flags.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		a.commandUsage(a.stdout, cmd, flags)
		return ExitOK, false
	case err != nil:
		fmt.Fprintf(a.stderr, "ayeaye-gen %s: %v\n", cmd.name, err)
		a.shortUsage(cmd)
		return ExitUsage, false
	}
	n := flags.NArg()
	switch {
	case n < minArgs:
		fmt.Fprintf(a.stderr, "ayeaye-gen %s: missing argument\n", cmd.name)
	case maxArgs >= 0 && n > maxArgs:
		fmt.Fprintf(a.stderr, "ayeaye-gen %s: unexpected argument %q\n", cmd.name, flags.Arg(maxArgs))
	default:
		return ExitOK, true
	}
	a.shortUsage(cmd)
	return ExitUsage, false
}

// shortUsage follows a usage error: the synopsis and where to read more,
// so the error itself stays in view.
func (a *app) shortUsage(cmd *command) {
	fmt.Fprintf(a.stderr, "usage: %s\nRun \"ayeaye-gen help %s\" for details.\n", cmd.synopsis(), cmd.name)
}

// commandUsage prints one command's synopsis, help and flags.
func (a *app) commandUsage(w io.Writer, cmd *command, flags *flag.FlagSet) {
	fmt.Fprintf(w, "Usage: %s\n\n", cmd.synopsis())
	fmt.Fprintf(w, "%s\n", cmd.help)
	hasFlags := false
	flags.VisitAll(func(*flag.Flag) { hasFlags = true })
	if hasFlags {
		fmt.Fprint(w, "\nFlags:\n")
		flags.SetOutput(w)
		flags.PrintDefaults()
		flags.SetOutput(io.Discard)
	}
}

func runHelp(a *app, cmd *command, args []string) int {
	flags := a.flagSet(cmd)
	if code, ok := a.parse(cmd, flags, args, 0, 1); !ok {
		return code
	}
	if flags.NArg() == 0 {
		a.usage(a.stdout)
		return ExitOK
	}
	name := flags.Arg(0)
	target := lookup(name)
	if target == nil {
		fmt.Fprintf(a.stderr, "ayeaye-gen help: unknown command %q%s\n\n", name, suggestCommand(name))
		a.usage(a.stderr)
		return ExitUsage
	}
	// Running the command with -h prints its usage with its real flags,
	// without doing anything else.
	return target.run(a, target, []string{"-h"})
}

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

// suggestCommand returns ` (did you mean "x"?)` for the command closest to name,
// or "" when none is close.
func suggestCommand(name string) string {
	best, bestDist := "", 3 // more than two edits away is not a typo
	for _, c := range commands() {
		if d := suggest.Distance(name, c.name); d < bestDist {
			best, bestDist = c.name, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}
