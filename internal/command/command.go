// Package command is the command framework of both binaries, ayeaye-gen
// and the user's program (runtime/cli): a table of subcommands, flag
// parsing, help text, did-you-mean and exit codes, so that -h, unknown
// commands and flags, and usage errors behave the same in both.
//
// A Program is the table and where output goes. Main dispatches the first
// argument to its command, whose Run parses its own flags with FlagSet
// and Parse:
//
//	p := &command.Program{Name: "tool", Intro: "tool does things.", Commands: []*command.Command{{
//		Name: "greet", Args: "[-loud] NAME", Summary: "say hello", Help: "Greet says hello to NAME.",
//		Run: func(args []string) int { … p.Parse(cmd, fs, args) … },
//	}}}
//	os.Exit(p.Main(os.Args[1:]))
//
// Parse allows flags after positional arguments ("run orders -env prod"),
// "--" ends the flags, -h prints the command's usage to stdout (exit 0),
// and a bad flag prints the error, a did-you-mean for a misspelt flag,
// and the synopsis to stderr (exit 2). help is added to every table: "help
// NAME" runs NAME with -h, so its flags are listed from the real flag set.
package command

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/ayeaye-go/ayeaye/internal/suggest"
)

// Exit codes, the same in both binaries.
const (
	ExitOK      = 0 // success
	ExitFailure = 1 // the work failed, or found problems
	ExitUsage   = 2 // the command line is wrong
)

// Command is one subcommand.
type Command struct {
	Name    string
	Args    string // synopsis after the name, e.g. "[-C dir] [-q]"
	Summary string // one line for the command list
	Help    string // paragraphs for "help NAME"; PROGRAM stands for the program's name
	Run     func(args []string) int
}

// Program is a binary's command table and where it writes.
type Program struct {
	Name  string // in usage and messages
	Intro string // the usage's first line: what the program does
	// ExitCodes explains the exit codes in the usage, after "Exit codes: ".
	ExitCodes string
	// Example is a command line that puts flag where it belongs, for the
	// message about a flag given before the command.
	Example func(flag string) string
	// Commands in the order the usage lists them; help is added after.
	Commands       []*Command
	Stdout, Stderr io.Writer
}

// Main runs the command line args (without the program name) and returns
// the exit code.
func (p *Program) Main(args []string) int {
	if len(args) == 0 {
		p.Usage(p.Stderr)
		return ExitUsage
	}
	name := args[0]
	switch name {
	case "-h", "-help", "--help":
		p.Usage(p.Stdout)
		return ExitOK
	}
	if strings.HasPrefix(name, "-") {
		example := ""
		if p.Example != nil {
			example = ", as in: " + p.Name + " " + p.Example(name)
		}
		fmt.Fprintf(p.Stderr, "%s: flag %s before the command; flags go after it%s\n\n", p.Name, name, example)
		p.Usage(p.Stderr)
		return ExitUsage
	}
	cmd := p.Lookup(name)
	if cmd == nil {
		fmt.Fprintf(p.Stderr, "%s: unknown command %q%s\n\n", p.Name, name, DidYouMean(name, p.names()))
		p.Usage(p.Stderr)
		return ExitUsage
	}
	return cmd.Run(args[1:])
}

// commands is the table with help at the end.
func (p *Program) commands() []*Command {
	help := &Command{
		Name:    "help",
		Args:    "[command]",
		Summary: "show help for " + p.Name + " or one command",
		Help:    "Help prints the list of commands, or the usage and flags of one command.",
	}
	help.Run = func(args []string) int { return p.help(help, args) }
	return append(p.Commands[:len(p.Commands):len(p.Commands)], help)
}

// Lookup finds a command by name, help included.
func (p *Program) Lookup(name string) *Command {
	for _, c := range p.commands() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func (p *Program) names() []string {
	var names []string
	for _, c := range p.commands() {
		names = append(names, c.Name)
	}
	return names
}

// Usage prints the command list.
func (p *Program) Usage(w io.Writer) {
	fmt.Fprintf(w, "%s\n\nUsage:\n\n\t%s <command> [flags] [arguments]\n\nCommands:\n\n", p.Intro, p.Name)
	width := 0
	for _, c := range p.commands() {
		width = max(width, len(c.Name))
	}
	for _, c := range p.commands() {
		fmt.Fprintf(w, "\t%-*s  %s\n", width, c.Name, c.Summary)
	}
	fmt.Fprintf(w, "\nRun \"%s help <command>\" or \"%s <command> -h\" for details.\n", p.Name, p.Name)
	if p.ExitCodes != "" {
		fmt.Fprintf(w, "Exit codes: %s\n", p.ExitCodes)
	}
}

func (p *Program) help(cmd *Command, args []string) int {
	fs := FlagSet(p.Name, cmd)
	pos, code, ok := p.Parse(cmd, fs, args)
	switch {
	case !ok:
		return code
	case len(pos) == 0:
		p.Usage(p.Stdout)
		return ExitOK
	case len(pos) > 1:
		return p.UsageError(cmd, "unexpected argument %q: help shows one command at a time", pos[1])
	}
	target := p.Lookup(pos[0])
	if target == nil {
		fmt.Fprintf(p.Stderr, "%s help: unknown command %q%s\n\n", p.Name, pos[0], DidYouMean(pos[0], p.names()))
		p.Usage(p.Stderr)
		return ExitUsage
	}
	// The command itself prints its usage, with its real flags, and does
	// nothing else.
	return target.Run([]string{"-h"})
}

// Synopsis is the command's one-line usage.
func (p *Program) Synopsis(cmd *Command) string {
	return strings.TrimSpace(p.Name + " " + cmd.Name + " " + cmd.Args)
}

// FlagSet makes a command's flag set. It prints nothing itself: Parse
// prints usage to stdout when asked for with -h, and errors to stderr.
func FlagSet(program string, cmd *Command) *flag.FlagSet {
	fs := flag.NewFlagSet(program+" "+cmd.Name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// Parse parses args, allowing flags after positional arguments (as in
// "run paint_orders -env prod"; "--" ends the flags), and returns the
// positional arguments, which fs.Args() then holds too. When ok is false
// the command must return code.
func (p *Program) Parse(cmd *Command, fs *flag.FlagSet, args []string) (pos []string, code int, ok bool) {
	for {
		err := fs.Parse(args)
		switch {
		case errors.Is(err, flag.ErrHelp):
			p.CommandUsage(p.Stdout, cmd, fs)
			return nil, ExitOK, false
		case err != nil:
			fmt.Fprintf(p.Stderr, "%s %s: %v%s\n", p.Name, cmd.Name, err, suggestFlag(err, fs))
			p.ShortUsage(cmd)
			return nil, ExitUsage, false
		}
		rest := fs.Args()
		if consumed := len(args) - len(rest); len(rest) > 0 && consumed > 0 && args[consumed-1] == "--" {
			pos = append(pos, rest...) // everything after "--" is positional
			rest = nil
		}
		if len(rest) == 0 {
			_ = fs.Parse(append([]string{"--"}, pos...)) // fs.Args() is pos; no flag is set again
			return pos, ExitOK, true
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// ParseN is Parse that also checks the number of positional arguments
// is in [minArgs, maxArgs] (maxArgs < 0: any).
func (p *Program) ParseN(cmd *Command, fs *flag.FlagSet, args []string, minArgs, maxArgs int) (pos []string, code int, ok bool) {
	pos, code, ok = p.Parse(cmd, fs, args)
	switch {
	case !ok:
		return nil, code, false
	case len(pos) < minArgs:
		return nil, p.UsageError(cmd, "missing argument"), false
	case maxArgs >= 0 && len(pos) > maxArgs:
		return nil, p.UsageError(cmd, "unexpected argument %q", pos[maxArgs]), false
	}
	return pos, ExitOK, true
}

// suggestFlag turns flag's "flag provided but not defined: -enw" into a
// did-you-mean. A one-letter flag is one edit from every other one-letter
// flag, so it gets none: -q is no typo of -C.
func suggestFlag(err error, fs *flag.FlagSet) string {
	const prefix = "flag provided but not defined: -"
	msg := err.Error()
	if !strings.HasPrefix(msg, prefix) {
		return ""
	}
	name := strings.TrimPrefix(msg[len(prefix):], "-")
	if utf8.RuneCountInString(name) < 2 {
		return ""
	}
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	if s := suggest.Closest(name, names); s != "" {
		return fmt.Sprintf("; did you mean -%s?", s)
	}
	return ""
}

// DidYouMean is `; did you mean "X"?` when got is a likely typo of one of
// valid, else "".
func DidYouMean(got string, valid []string) string {
	if s := suggest.Closest(got, valid); s != "" {
		return fmt.Sprintf("; did you mean %q?", s)
	}
	return ""
}

// UsageError reports a wrong command line: the problem, then the
// synopsis, so the error stays in view. It returns ExitUsage.
func (p *Program) UsageError(cmd *Command, format string, args ...any) int {
	fmt.Fprintf(p.Stderr, "%s %s: %s\n", p.Name, cmd.Name, fmt.Sprintf(format, args...))
	p.ShortUsage(cmd)
	return ExitUsage
}

// ShortUsage follows a usage error: the synopsis and where to read more.
func (p *Program) ShortUsage(cmd *Command) {
	fmt.Fprintf(p.Stderr, "usage: %s\nRun \"%s help %s\" for details.\n", p.Synopsis(cmd), p.Name, cmd.Name)
}

// CommandUsage prints one command's synopsis, help and flags.
func (p *Program) CommandUsage(w io.Writer, cmd *Command, fs *flag.FlagSet) {
	fmt.Fprintf(w, "Usage: %s\n\n%s\n", p.Synopsis(cmd), strings.ReplaceAll(cmd.Help, "PROGRAM", p.Name))
	hasFlags := false
	fs.VisitAll(func(*flag.Flag) { hasFlags = true })
	if hasFlags {
		fmt.Fprint(w, "\nFlags:\n")
		fs.SetOutput(w)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
}
