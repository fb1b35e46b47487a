package cli

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/ayeaye-go/ayeaye/internal/suggest"
	"github.com/ayeaye-go/ayeaye/schemas"
)

// These tests need no working generator: they stop at usage, flags, the
// project directory check, version and schema.

var testSchemas = fstest.MapFS{
	"ayeaye.schema.json":   {Data: []byte(`{"title": "ayeaye.yaml project config"}` + "\n")},
	"x-ayeaye.schema.json": {Data: []byte(`{"description": "x-ayeaye keywords\nof dataset schemas"}` + "\n")},
	"README.md":            {Data: []byte("not a schema")},
}

// run runs the tool with a test app and returns the exit code and output.
func run(t *testing.T, a *app, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	if a == nil {
		a = &app{
			buildInfo: func() (*debug.BuildInfo, bool) { return nil, false },
			schemas:   testSchemas,
		}
	}
	a.stdout, a.stderr = &out, &errOut
	code = a.main(args)
	return code, out.String(), errOut.String()
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		args       []string
		wantCode   int
		wantStderr string // exact, when wantHas is empty
		wantHas    []string
	}{
		{args: nil, wantCode: ExitUsage, wantHas: []string{"Usage:", "generate ", "diff ", "vet ", "schema ", "version ", "help ", "Exit codes: 0 ok, 1 problems or drift found, 2 usage error."}},
		{args: []string{"frob"}, wantCode: ExitUsage, wantHas: []string{"ayeaye-gen: unknown command \"frob\"\n\n", "Commands:"}},
		{args: []string{"genrate"}, wantCode: ExitUsage, wantHas: []string{`unknown command "genrate"; did you mean "generate"?`}},
		{args: []string{"-C", "x", "generate"}, wantCode: ExitUsage, wantHas: []string{"ayeaye-gen: flag -C before the command; flags go after it"}},
		{
			args:       []string{"generate", "-x"},
			wantCode:   ExitUsage,
			wantStderr: "ayeaye-gen generate: flag provided but not defined: -x\nusage: ayeaye-gen generate [-C dir] [-q] [-v]\nRun \"ayeaye-gen help generate\" for details.\n",
		},
		{
			args:       []string{"generate", "extra"},
			wantCode:   ExitUsage,
			wantStderr: "ayeaye-gen generate: unexpected argument \"extra\"\nusage: ayeaye-gen generate [-C dir] [-q] [-v]\nRun \"ayeaye-gen help generate\" for details.\n",
		},
		{
			args:       []string{"diff", "-C"},
			wantCode:   ExitUsage,
			wantStderr: "ayeaye-gen diff: flag needs an argument: -C\nusage: ayeaye-gen diff [-C dir] [-q]\nRun \"ayeaye-gen help diff\" for details.\n",
		},
		{
			args:       []string{"vet", "a", "b"},
			wantCode:   ExitUsage,
			wantStderr: "ayeaye-gen vet: unexpected argument \"a\"\nusage: ayeaye-gen vet [-C dir]\nRun \"ayeaye-gen help vet\" for details.\n",
		},
		{
			args:       []string{"version", "x"},
			wantCode:   ExitUsage,
			wantStderr: "ayeaye-gen version: unexpected argument \"x\"\nusage: ayeaye-gen version\nRun \"ayeaye-gen help version\" for details.\n",
		},
		{
			args:       []string{"schema", "a", "b"},
			wantCode:   ExitUsage,
			wantStderr: "ayeaye-gen schema: unexpected argument \"b\"\nusage: ayeaye-gen schema [name]\nRun \"ayeaye-gen help schema\" for details.\n",
		},
		{
			args:       []string{"vet", "-q"},
			wantCode:   ExitUsage,
			wantStderr: "ayeaye-gen vet: flag provided but not defined: -q\nusage: ayeaye-gen vet [-C dir]\nRun \"ayeaye-gen help vet\" for details.\n",
		},
		{args: []string{"help", "nope"}, wantCode: ExitUsage, wantHas: []string{`ayeaye-gen help: unknown command "nope"`, "Commands:"}},
		{args: []string{"help", "a", "b"}, wantCode: ExitUsage, wantHas: []string{`ayeaye-gen help: unexpected argument "b"`}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, stdout, stderr := run(t, nil, tt.args...)
			if code != tt.wantCode {
				t.Errorf("exit code = %d, want %d", code, tt.wantCode)
			}
			if stdout != "" {
				t.Errorf("stdout = %q, want nothing: usage errors go to stderr", stdout)
			}
			if len(tt.wantHas) == 0 {
				if diff := cmp.Diff(tt.wantStderr, stderr); diff != "" {
					t.Errorf("stderr mismatch (-want +got):\n%s", diff)
				}
			}
			for _, s := range tt.wantHas {
				if !strings.Contains(stderr, s) {
					t.Errorf("stderr does not contain %q:\n%s", s, stderr)
				}
			}
		})
	}
}

func TestTopLevelHelp(t *testing.T) {
	var want string
	for _, args := range [][]string{{"-h"}, {"-help"}, {"--help"}, {"help"}} {
		code, stdout, stderr := run(t, nil, args...)
		if code != ExitOK || stderr != "" {
			t.Errorf("%v: exit %d, stderr %q; want 0 and nothing", args, code, stderr)
		}
		if want == "" {
			want = stdout
		} else if diff := cmp.Diff(want, stdout); diff != "" {
			t.Errorf("%v prints a different usage (-first +this):\n%s", args, diff)
		}
	}
	for _, c := range commands() {
		if !strings.Contains(want, "\t"+c.name+" ") || !strings.Contains(want, c.summary) {
			t.Errorf("usage does not list %s with its summary:\n%s", c.name, want)
		}
	}
}

// TestCommandHelp: -h of every command prints its usage on stdout and
// exits 0, and does nothing else; "help NAME" prints the same.
func TestCommandHelp(t *testing.T) {
	for _, c := range commands() {
		t.Run(c.name, func(t *testing.T) {
			code, stdout, stderr := run(t, nil, c.name, "-h")
			if code != ExitOK || stderr != "" {
				t.Errorf("exit %d, stderr %q; want 0 and nothing", code, stderr)
			}
			if !strings.HasPrefix(stdout, "Usage: "+c.synopsis()+"\n\n"+c.help+"\n") {
				t.Errorf("-h output does not start with the synopsis and help:\n%s", stdout)
			}
			for _, flag := range []string{"-C", "-q", "-v"} {
				if strings.Contains(c.args, "["+flag) && !strings.Contains(stdout, "  "+flag) {
					t.Errorf("-h output does not describe %s:\n%s", flag, stdout)
				}
			}
			code, viaHelp, stderr := run(t, nil, "help", c.name)
			if code != ExitOK || stderr != "" {
				t.Errorf("help %s: exit %d, stderr %q", c.name, code, stderr)
			}
			if diff := cmp.Diff(stdout, viaHelp); diff != "" {
				t.Errorf("help %s differs from %s -h (-h +help):\n%s", c.name, c.name, diff)
			}
		})
	}
}

func TestVersion(t *testing.T) {
	tests := []struct {
		name string
		bi   *debug.BuildInfo
		ok   bool
		want string
	}{
		{"no build info", nil, false, "ayeaye-gen (devel)\n"},
		{"built in this module", &debug.BuildInfo{Main: debug.Module{Path: modulePath, Version: "(devel)"}}, true, "ayeaye-gen (devel)\n"},
		{"installed at a version", &debug.BuildInfo{Main: debug.Module{Path: modulePath, Version: "v1.2.3"}}, true, "ayeaye-gen v1.2.3\n"},
		{
			"go tool in a user's module",
			&debug.BuildInfo{
				Main: debug.Module{Path: "example.com/shop", Version: "(devel)"},
				Deps: []*debug.Module{{Path: "golang.org/x/tools", Version: "v0.52.0"}, {Path: modulePath, Version: "v0.4.0"}},
			},
			true, "ayeaye-gen v0.4.0\n",
		},
		{
			"replaced by a local checkout",
			&debug.BuildInfo{
				Main: debug.Module{Path: "example.com/shop"},
				Deps: []*debug.Module{{Path: modulePath, Version: "v0.4.0", Replace: &debug.Module{Path: "../ayeaye"}}},
			},
			true, "ayeaye-gen (devel)\n",
		},
		{
			"replaced by a fork",
			&debug.BuildInfo{
				Main: debug.Module{Path: "example.com/shop"},
				Deps: []*debug.Module{{Path: modulePath, Version: "v0.4.0", Replace: &debug.Module{Path: "example.com/fork", Version: "v0.4.1"}}},
			},
			true, "ayeaye-gen v0.4.1\n",
		},
		{"module not in the build", &debug.BuildInfo{Main: debug.Module{Path: "example.com/other", Version: "v9.9.9"}}, true, "ayeaye-gen (devel)\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &app{buildInfo: func() (*debug.BuildInfo, bool) { return tt.bi, tt.ok }}
			code, stdout, stderr := run(t, a, "version")
			if code != ExitOK || stderr != "" {
				t.Errorf("exit %d, stderr %q", code, stderr)
			}
			if diff := cmp.Diff(tt.want, stdout); diff != "" {
				t.Errorf("version mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestMainVersion runs the real entry point with the real build info.
func TestMainVersion(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := Main([]string{"version"}, &out, &errOut); code != ExitOK || errOut.Len() > 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut.String())
	}
	if !strings.HasPrefix(out.String(), "ayeaye-gen ") || !strings.HasSuffix(out.String(), "\n") {
		t.Errorf("version prints %q", out.String())
	}
}

func TestProjectDirectory(t *testing.T) {
	tmp := t.TempDir()
	project := filepath.Join(tmp, "project")
	sub := filepath.Join(project, "internal", "pkg")
	empty := filepath.Join(tmp, "empty")
	for _, d := range []string{sub, empty} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(project, "ayeaye.yaml"), []byte("version: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(project, "ayeaye.yaml")

	tests := []struct {
		dir  string
		want string
	}{
		{empty, "ayeaye-gen: no ayeaye.yaml in " + empty + "\n\thint: run ayeaye-gen in the project root (the directory of ayeaye.yaml) or pass -C with it; a new project needs an ayeaye.yaml starting with \"version: 1\"\n"},
		{sub, "ayeaye-gen: no ayeaye.yaml in " + sub + "\n\thint: the project root seems to be " + project + "; run there or pass -C " + project + "\n"},
		{filepath.Join(tmp, "missing"), "ayeaye-gen: project directory " + filepath.Join(tmp, "missing") + ": no such file or directory\n\thint: pass -C with an existing directory\n"},
		{file, "ayeaye-gen: project directory " + file + " is not a directory\n\thint: pass -C with the directory that holds ayeaye.yaml\n"},
	}
	for _, tt := range tests {
		for _, cmd := range []string{"generate", "diff", "vet"} {
			t.Run(cmd+" "+filepath.Base(tt.dir), func(t *testing.T) {
				code, stdout, stderr := run(t, nil, cmd, "-C", tt.dir)
				if code != ExitProblems || stdout != "" {
					t.Errorf("exit %d, stdout %q; want 1 and nothing", code, stdout)
				}
				if diff := cmp.Diff(tt.want, stderr); diff != "" {
					t.Errorf("stderr mismatch (-want +got):\n%s", diff)
				}
			})
		}
	}
}

func TestSchema(t *testing.T) {
	tests := []struct {
		name       string
		fsys       fstest.MapFS
		args       []string
		wantCode   int
		wantStdout string
		wantStderr string
	}{
		{
			name:       "list",
			fsys:       testSchemas,
			wantStdout: "ayeaye       ayeaye.yaml project config\nx-ayeaye     x-ayeaye keywords\n",
		},
		{
			name:       "by short name",
			fsys:       testSchemas,
			args:       []string{"ayeaye"},
			wantStdout: `{"title": "ayeaye.yaml project config"}` + "\n",
		},
		{
			name:       "by file name",
			fsys:       testSchemas,
			args:       []string{"x-ayeaye.schema.json"},
			wantStdout: `{"description": "x-ayeaye keywords\nof dataset schemas"}` + "\n",
		},
		{
			name:       "unknown",
			fsys:       testSchemas,
			args:       []string{"README"},
			wantCode:   ExitUsage,
			wantStderr: "ayeaye-gen schema: no schema named \"README\"\n\thint: the schemas are: ayeaye, x-ayeaye\n",
		},
		{
			name:       "none built in",
			fsys:       fstest.MapFS{},
			wantCode:   ExitProblems,
			wantStderr: "ayeaye-gen schema: reading the built-in schemas: none are built in\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &app{schemas: tt.fsys}
			code, stdout, stderr := run(t, a, append([]string{"schema"}, tt.args...)...)
			if code != tt.wantCode {
				t.Errorf("exit code = %d, want %d", code, tt.wantCode)
			}
			if diff := cmp.Diff(tt.wantStdout, stdout); diff != "" {
				t.Errorf("stdout mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantStderr, stderr); diff != "" {
				t.Errorf("stderr mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"diff", "diff", 0},
		{"", "vet", 3},
		{"genrate", "generate", 1},
		{"veet", "vet", 1},
		{"kitten", "sitting", 3},
	}
	for _, tt := range tests {
		if got := suggest.Distance(tt.a, tt.b); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

// TestMainSchema prints the schemas really built in.
func TestMainSchema(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := Main([]string{"schema"}, &out, &errOut); code != ExitOK || errOut.Len() > 0 {
		t.Fatalf("schema: exit %d, stderr %q", code, errOut.String())
	}
	for _, name := range []string{"ayeaye", "x-ayeaye"} {
		if !strings.Contains(out.String(), name+" ") {
			t.Errorf("schema list lacks %s:\n%s", name, out.String())
		}
	}
	want, err := fs.ReadFile(schemas.FS, "ayeaye.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if code := Main([]string{"schema", "ayeaye"}, &out, &errOut); code != ExitOK || errOut.Len() > 0 {
		t.Fatalf("schema ayeaye: exit %d, stderr %q", code, errOut.String())
	}
	if diff := cmp.Diff(string(want), out.String()); diff != "" {
		t.Errorf("schema ayeaye mismatch (-want +got):\n%s", diff)
	}
}
