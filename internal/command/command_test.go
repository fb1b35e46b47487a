package command

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// tool is a program of two commands that records what greet parsed.
type tool struct {
	p      *Program
	out    bytes.Buffer
	errOut bytes.Buffer
	pos    []string
	loud   bool
}

func newTool() *tool {
	t := &tool{}
	t.p = &Program{Name: "tool", Intro: "tool greets.", ExitCodes: "0 ok, 1 failed, 2 usage error.",
		Example: func(flag string) string { return "greet " + flag + " NAME" }, Stdout: &t.out, Stderr: &t.errOut}
	greet := &Command{Name: "greet", Args: "[-loud] NAME...", Summary: "say hello", Help: "Greet says hello; PROGRAM greet ada."}
	greet.Run = func(args []string) int {
		fs := FlagSet(t.p.Name, greet)
		loud := fs.Bool("loud", false, "shout")
		pos, code, ok := t.p.ParseN(greet, fs, args, 1, 2)
		if !ok {
			return code
		}
		if !cmp.Equal(fs.Args(), pos) {
			return 99
		}
		t.pos, t.loud = pos, *loud
		return ExitOK
	}
	fail := &Command{Name: "fail", Summary: "fail", Run: func([]string) int { return ExitFailure }}
	t.p.Commands = []*Command{greet, fail}
	return t
}

func TestProgramMain(t *testing.T) {
	tests := []struct {
		args         []string
		code         int
		stdout       string // substring
		stderr       string // substring
		pos          []string
		loud         bool
		noOut, noErr bool
	}{
		{args: nil, code: ExitUsage, stderr: "Commands:\n\n\tgreet  say hello\n\tfail   fail\n\thelp   show help for tool or one command\n", noOut: true},
		{args: []string{"-h"}, code: ExitOK, stdout: "Exit codes: 0 ok, 1 failed, 2 usage error.\n", noErr: true},
		{args: []string{"--help"}, code: ExitOK, stdout: "tool greets.\n\nUsage:\n\n\ttool <command>", noErr: true},
		{args: []string{"-loud", "greet"}, code: ExitUsage, stderr: "tool: flag -loud before the command; flags go after it, as in: tool greet -loud NAME\n", noOut: true},
		{args: []string{"gret"}, code: ExitUsage, stderr: `tool: unknown command "gret"; did you mean "greet"?`, noOut: true},
		{args: []string{"zzzzzz"}, code: ExitUsage, stderr: "tool: unknown command \"zzzzzz\"\n\n", noOut: true},
		{args: []string{"fail"}, code: ExitFailure},
		{args: []string{"greet", "ada", "-loud"}, code: ExitOK, pos: []string{"ada"}, loud: true, noOut: true, noErr: true},
		{args: []string{"greet", "-loud", "ada", "bo"}, code: ExitOK, pos: []string{"ada", "bo"}, loud: true},
		{args: []string{"greet", "ada", "--", "-loud"}, code: ExitOK, pos: []string{"ada", "-loud"}},
		{args: []string{"greet", "--", "-x"}, code: ExitOK, pos: []string{"-x"}},
		{args: []string{"greet", "-lod", "ada"}, code: ExitUsage, stderr: "tool greet: flag provided but not defined: -lod; did you mean -loud?\nusage: tool greet [-loud] NAME...\nRun \"tool help greet\" for details.\n", noOut: true},
		{args: []string{"greet", "-q", "ada"}, code: ExitUsage, stderr: "tool greet: flag provided but not defined: -q\n"},
		{args: []string{"greet"}, code: ExitUsage, stderr: "tool greet: missing argument\nusage: tool greet"},
		{args: []string{"greet", "a", "b", "c"}, code: ExitUsage, stderr: `tool greet: unexpected argument "c"`},
		{args: []string{"greet", "-h"}, code: ExitOK, stdout: "Usage: tool greet [-loud] NAME...\n\nGreet says hello; tool greet ada.\n\nFlags:\n  -loud\n", noErr: true},
		{args: []string{"help", "greet"}, code: ExitOK, stdout: "Usage: tool greet [-loud] NAME...", noErr: true},
		{args: []string{"help"}, code: ExitOK, stdout: "\tgreet  say hello\n", noErr: true},
		{args: []string{"help", "gret"}, code: ExitUsage, stderr: `tool help: unknown command "gret"; did you mean "greet"?`},
		{args: []string{"help", "greet", "fail"}, code: ExitUsage, stderr: `tool help: unexpected argument "fail": help shows one command at a time`},
		{args: []string{"help", "-h"}, code: ExitOK, stdout: "Usage: tool help [command]\n\nHelp prints"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			tl := newTool()
			code := tl.p.Main(tt.args)
			out, errOut := tl.out.String(), tl.errOut.String()
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, out, errOut)
			}
			if !strings.Contains(out, tt.stdout) || !strings.Contains(errOut, tt.stderr) {
				t.Errorf("stdout:\n%s\nstderr:\n%s\nwant %q and %q in them", out, errOut, tt.stdout, tt.stderr)
			}
			if tt.noOut && out != "" || tt.noErr && errOut != "" {
				t.Errorf("unexpected output:\nstdout:\n%s\nstderr:\n%s", out, errOut)
			}
			if tt.pos != nil && (!cmp.Equal(tt.pos, tl.pos) || tl.loud != tt.loud) {
				t.Errorf("parsed %q loud %v, want %q loud %v", tl.pos, tl.loud, tt.pos, tt.loud)
			}
		})
	}
}

func TestDidYouMean(t *testing.T) {
	if got := DidYouMean("lsit", []string{"list", "run"}); got != `; did you mean "list"?` {
		t.Errorf("got %q", got)
	}
	if got := DidYouMean("frobnicate", []string{"list", "run"}); got != "" {
		t.Errorf("got %q", got)
	}
}
