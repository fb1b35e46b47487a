package cli_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/ayeaye-go/ayeaye/example/datasets"
	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/cli"
	"github.com/ayeaye-go/ayeaye/runtime/provenance"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

const configText = `version: 1
schemas: ["schemas/*.json"]
environments:
  default: test
  test:
    vars:
      data_root: @DIR@/data
      output_root: @DIR@/out
  secretive:
    vars:
      data_root: @DIR@/data
      output_root: @DIR@/out-{token}
    secrets:
      token: {env: CLI_TEST_TOKEN}
`

// secret is the value of the secretive environment's token; it must never
// be printed.
const secret = "s3cr3t-T0KEN"

// project is a real project in a temporary directory: the example's
// survey under data/, outputs under out/.
type project struct {
	dir  string
	prog cli.Program
	env  map[string]string // the process environment the program sees
	// failLeaders makes the leaders model fail.
	failLeaders bool
}

func newProject(t *testing.T) *project {
	t.Helper()
	dir := t.TempDir()
	survey, err := os.ReadFile("../../example/data/favourite_colours.csv")
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "data", "favourite_colours.csv"), string(survey))
	p := &project{dir: dir, env: map[string]string{"CLI_TEST_TOKEN": secret}}
	p.prog = cli.Program{
		Name:       "colours",
		Config:     []byte(strings.ReplaceAll(configText, "@DIR@", dir)),
		ConfigPath: filepath.Join(dir, "ayeaye.yaml"),
		Getenv:     func(k string) string { return p.env[k] },
		Models: []cli.Model{
			{Name: "popularity", Doc: "how many people chose each colour", New: func() runtime.Model {
				return &popularity{Answers: datasets.FavouriteColoursDataset.Input(), Popularity: datasets.ColourPopularityDataset.Output()}
			}},
			{Name: "orders", Doc: "paint to buy", New: func() runtime.Model {
				return &orders{Popularity: datasets.ColourPopularityDataset.Input(), Orders: datasets.PaintOrdersDataset.Output()}
			}},
			{Name: "broken_orders", New: func() runtime.Model {
				return &orders{Popularity: datasets.ColourPopularityDataset.Input(), Orders: brokenOrders.Output(), fail: true}
			}},
			{Name: "leaders", Doc: "colours at least two people chose", New: func() runtime.Model {
				return &leaders{Answers: datasets.FavouriteColoursDataset.Input(), Leaders: colourLeaders.Output(), fail: p.failLeaders}
			}},
			{Name: "shopping", Doc: "paint for the leading colours", New: func() runtime.Model {
				return &shopping{Popularity: datasets.ColourPopularityDataset.Input(), Leaders: colourLeaders.Input(), List: shoppingList.Output()}
			}},
		},
		Dir:  dir,
		Code: provenance.Code{Module: "example.com/colours", Revision: "r1"},
	}
	return p
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// run runs the program's command line and returns what it printed.
func (p *project) run(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return p.runContext(t, context.Background(), args...)
}

func (p *project) runContext(t *testing.T, ctx context.Context, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = cli.MainContext(ctx, p.prog, args, &out, &errOut)
	return out.String(), errOut.String(), code
}

// mustRun runs a command that must succeed.
func (p *project) mustRun(t *testing.T, args ...string) string {
	t.Helper()
	out, errOut, code := p.run(t, args...)
	if code != 0 {
		t.Fatalf("%s: exit %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, out, errOut)
	}
	return out
}

var durations = regexp.MustCompile(`ok in [0-9.]+[µnm]?s`)

// normalize makes output comparable: the temporary directory becomes
// $DIR and durations 0s.
func (p *project) normalize(s string) string {
	return durations.ReplaceAllString(strings.ReplaceAll(s, p.dir, "$DIR"), "ok in 0s")
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		writeFile(t, path, got)
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if d := gocmp.Diff(string(want), got); d != "" {
		t.Errorf("%s differs (-want +got):\n%s", path, d)
	}
}

// TestUsage checks help, usage errors and their exit codes: every usage
// error exits 2 and says what is wrong, most with a did-you-mean.
func TestUsage(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		code       int
		stdout     string // substring of stdout
		stderr     string // substring of stderr
		noStdout   bool
		noStderr   bool
		createsOut bool
	}{
		{name: "no args", args: nil, code: 2, stderr: "Commands:", noStdout: true},
		{name: "-h", args: []string{"-h"}, code: 0, stdout: "colours <command> [flags]", noStderr: true},
		{name: "--help", args: []string{"--help"}, code: 0, stdout: "Commands:", noStderr: true},
		{name: "help", args: []string{"help"}, code: 0, stdout: "peek", noStderr: true},
		{name: "help run", args: []string{"help", "run"}, code: 0, stdout: "Usage: colours run", noStderr: true},
		{name: "help names program in examples", args: []string{"help", "run"}, code: 0, stdout: "colours run -env prod paint_orders"},
		{name: "run -h", args: []string{"run", "-h"}, code: 0, stdout: "-skip-bad", noStderr: true},
		{name: "list -h", args: []string{"list", "-h"}, code: 0, stdout: "Usage: colours list", noStderr: true},
		{name: "peek -h", args: []string{"peek", "-h"}, code: 0, stdout: "-n int", noStderr: true},
		{name: "help lists every command", args: []string{"help"}, code: 0, stdout: "lineage  show what a dataset is made from", noStderr: true},
		{name: "run -h", args: []string{"run", "-h"}, code: 0, stdout: "-skip-unchanged", noStderr: true},
		{name: "plan -h", args: []string{"plan", "-h"}, code: 0, stdout: "Usage: colours plan", noStderr: true},
		{name: "graph -h", args: []string{"help", "graph"}, code: 0, stdout: "-format string", noStderr: true},
		{name: "lineage -h", args: []string{"lineage", "-h"}, code: 0, stdout: "-down", noStderr: true},
		{name: "runs -h", args: []string{"runs", "-h"}, code: 0, stdout: "-model model", noStderr: true},
		{name: "lock -h", args: []string{"lock", "-h"}, code: 0, stdout: "Usage: colours lock", noStderr: true},
		{name: "verify -h", args: []string{"verify", "-h"}, code: 0, stdout: "RUN_A RUN_B", noStderr: true},
		{name: "help unknown", args: []string{"help", "runn"}, code: 2, stderr: `unknown command "runn"; did you mean "run"?`},
		{name: "help two", args: []string{"help", "run", "list"}, code: 2, stderr: "one command at a time"},
		{name: "unknown command", args: []string{"lst"}, code: 2, stderr: `did you mean "list"?`, noStdout: true},
		{name: "flag before command", args: []string{"-env", "test", "run"}, code: 2, stderr: "flags go after it"},
		{name: "unknown flag", args: []string{"run", "-envv", "test", "popularity"}, code: 2, stderr: "did you mean -env?"},
		{name: "bad -n", args: []string{"peek", "-n", "x", "paint_orders"}, code: 2, stderr: `invalid value "x" for flag -n`},
		{name: "no models", args: []string{"run"}, code: 2, stderr: "name the models to run, or use -all (models: popularity, orders, broken_orders, leaders, shopping)"},
		{name: "models and -all", args: []string{"run", "-all", "orders"}, code: 2, stderr: "not both"},
		{name: "unknown model", args: []string{"run", "popularity", "ordrs"}, code: 2, stderr: `unknown model "ordrs"; did you mean "orders"? (models: popularity, orders, broken_orders, leaders, shopping)`},
		{name: "unknown env", args: []string{"run", "-env", "tests", "popularity"}, code: 2, stderr: `-env tests: no such environment; did you mean "test"? (defined: secretive, test)`},
		{name: "var without =", args: []string{"run", "-var", "data_root", "popularity"}, code: 2, stderr: `"data_root" is not variable=value`},
		{name: "var without name", args: []string{"run", "-var", "=x", "popularity"}, code: 2, stderr: "has no variable name"},
		{name: "unknown var", args: []string{"run", "-var", "data_rot=/x", "popularity"}, code: 2, stderr: `-var data_rot: no environment defines this variable; did you mean "data_root"?`},
		{name: "secret var", args: []string{"run", "-env", "secretive", "-var", "token=x", "popularity"}, code: 1, stderr: `"token" is a secret, so -var cannot set it`},
		{name: "set without =", args: []string{"run", "-set", "paint_orders", "orders"}, code: 2, stderr: `"paint_orders" is not dataset=value`},
		{name: "set unknown dataset", args: []string{"run", "-set", "paint_order=csv:///tmp/x.csv", "orders"}, code: 2, stderr: `no model uses a dataset named "paint_order"; did you mean "paint_orders"?`},
		{name: "set empty URL", args: []string{"run", "-set", "paint_orders=", "orders"}, code: 2, stderr: "the engine URL is empty"},
		{name: "set bad URL", args: []string{"run", "-set", "paint_orders=nosuchformat:///tmp/x", "orders"}, code: 2, stderr: "-set paint_orders:"},
		{name: "set unknown template", args: []string{"run", "-set", "paint_orders=csv://{nope}/x.csv", "orders"}, code: 2, stderr: "unknown name {nope}"},
		{name: "peek nothing", args: []string{"peek"}, code: 2, stderr: "name the dataset to peek at"},
		{name: "peek two", args: []string{"peek", "a", "b"}, code: 2, stderr: "one dataset at a time"},
		{name: "peek -n 0", args: []string{"peek", "-n", "0", "paint_orders"}, code: 2, stderr: "show at least one record"},
		{name: "peek unknown dataset", args: []string{"peek", "paint_ordres"}, code: 2, stderr: `did you mean "paint_orders"?`},
		{name: "list unknown model", args: []string{"list", "popularit"}, code: 2, stderr: `did you mean "popularity"?`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := newProject(t)
			out, errOut, code := p.run(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, out, errOut)
			}
			if !strings.Contains(out, tt.stdout) {
				t.Errorf("stdout does not contain %q:\n%s", tt.stdout, out)
			}
			if !strings.Contains(errOut, tt.stderr) {
				t.Errorf("stderr does not contain %q:\n%s", tt.stderr, errOut)
			}
			if tt.noStdout && out != "" {
				t.Errorf("stdout should be empty:\n%s", out)
			}
			if tt.noStderr && errOut != "" {
				t.Errorf("stderr should be empty:\n%s", errOut)
			}
			if _, err := os.Stat(filepath.Join(p.dir, "out")); err == nil {
				t.Error("a usage error wrote outputs")
			}
		})
	}
}

// TestBadProgram checks that mistakes in the Program literal are reported
// rather than panicking.
func TestBadProgram(t *testing.T) {
	newModel := func() runtime.Model { return &orders{} }
	tests := []struct {
		name   string
		models []cli.Model
		want   string
	}{
		{"no name", []cli.Model{{New: newModel}}, "Models[0] has no Name"},
		{"duplicate", []cli.Model{{Name: "a", New: newModel}, {Name: "a", New: newModel}}, `two models are named "a"`},
		{"no New", []cli.Model{{Name: "a"}}, `model "a" has no New function`},
		{"flag-like name", []cli.Model{{Name: "-a", New: newModel}}, "cannot be typed as an argument"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := cli.Main(cli.Program{Name: "x", Models: tt.models}, []string{"list"}, &out, &errOut)
			if code != 1 || !strings.Contains(errOut.String(), tt.want) {
				t.Errorf("exit %d, stderr %q; want 1 and %q", code, errOut.String(), tt.want)
			}
		})
	}
}

// TestBrokenConstructor checks that a New that panics or returns nil
// fails the command with the model named.
func TestBrokenConstructor(t *testing.T) {
	for _, tt := range []struct {
		name string
		New  func() runtime.Model
		want string
	}{
		{"panics", func() runtime.Model { panic("no paint") }, "model bad failed: New panicked: no paint"},
		{"nil", func() runtime.Model { return nil }, "model bad failed: New returned nil"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			prog := cli.Program{Name: "x", Models: []cli.Model{{Name: "bad", New: tt.New}}}
			code := cli.Main(prog, []string{"run", "bad"}, &out, &errOut)
			if code != 1 || !strings.Contains(errOut.String(), tt.want) {
				t.Errorf("exit %d, stderr %q; want 1 and %q", code, errOut.String(), tt.want)
			}
		})
	}
}

// TestConfigProblems checks that a broken environments section is
// reported with its position, and a program without a config still runs
// commands that need no environment.
func TestConfigProblems(t *testing.T) {
	p := newProject(t)
	p.prog.Config = []byte("environments:\n  test:\n    varz: {}\n")
	_, errOut, code := p.run(t, "list")
	if code != 1 || !strings.Contains(errOut, "ayeaye.yaml:3:5") || !strings.Contains(errOut, `"varz"`) {
		t.Errorf("exit %d, stderr:\n%s\nwant 1 and the position of varz", code, errOut)
	}

	p.prog.Config = nil
	_, errOut, code = p.run(t, "list")
	if code != 1 || !strings.Contains(errOut, "{data_root}") {
		t.Errorf("without a config: exit %d, stderr:\n%s\nwant 1 and the missing {data_root}", code, errOut)
	}
}
