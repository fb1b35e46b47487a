package cli

import (
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/ayeaye-go/ayeaye/gen/diag"
	"github.com/ayeaye-go/ayeaye/gen/scaffold"
)

func initCommand() *command {
	return &command{
		name:    "init",
		args:    "[-module path] dir",
		summary: "create a new project that runs",
		help: `Init creates a new Aye-aye project in dir (made if missing): go.mod, a
commented ayeaye.yaml, two dataset schemas with sample data, the
go:generate file, the generated datasets package, one model with its tests
on fixtures, cmd/NAME/main.go that runs it, and a README. NAME, the
project's name, is dir's base name in lower case letters, digits, - and _.

Then, in dir:

	go mod tidy
	go generate ./... && go test ./... && go run ./cmd/NAME run -all

The files are yours: edit them freely. Init never overwrites a file: when
any of them exists, it lists them all and writes nothing.

Exit status: 0 on success, 1 when a file exists or cannot be written.`,
		run: runInit,
	}
}

func runInit(a *app, cmd *command, args []string) int {
	flags := a.flagSet(cmd)
	module := flags.String("module", "", "the module `path` in go.mod (default: the project's name)")
	args, code, ok := a.parseInterspersed(cmd, flags, args, 1, 1)
	if !ok {
		return code
	}
	dir := filepath.Clean(args[0])
	p, err := scaffold.NewProject(dir, *module)
	if err != nil {
		fmt.Fprintf(a.stderr, "ayeaye-gen init: %v\n", err)
		return ExitUsage
	}
	if v := moduleVersion(a.buildInfo()); v != "(devel)" {
		p.Version = v
	}
	written, err := scaffold.Init(dir, p)
	if err != nil {
		a.scaffoldError(cmd, err, written)
		return ExitProblems
	}
	fmt.Fprintf(a.stdout, "ayeaye-gen: created project %s (module %s) in %s: %s\n", p.Name, p.Module, dir, plural(len(written), "file"))
	cd := ""
	if dir != "." {
		cd = "\tcd " + dir + "\n"
	}
	fmt.Fprintf(a.stdout, "Next:\n\n%s\tgo mod tidy\n\tgo generate ./... && go test ./... && go run ./cmd/%s run -all\n\nREADME.md says what is where and what to do next.\n", cd, p.Name)
	return ExitOK
}

func modelCommand() *command {
	return &command{
		name:    "model",
		args:    "[-C dir] name -in dataset[,dataset...] -out dataset[,dataset...]",
		summary: "start a new model and its test",
		help: `Model writes models/NAME.go and models/NAME_test.go in the project: a model
whose fields read the -in datasets and write the -out datasets, typed and
wired to the generated package, with a Build that reads each input and
returns an error saying it is not written yet, and a test with a fixture
record for each input and an expectation for each output. NAME is lower
case letters, digits and _ (paint_orders makes type PaintOrders).

Fill in Build and the test, then add the model to your binary's
cli.Program (cmd/NAME/main.go in a project made by init).

The project must generate cleanly (every problem is reported as generate
would) and be in a Go module. Model never overwrites a file; a dataset that
no schema declares is an error listing the ones that exist.

Exit status: 0 on success, 1 when there are problems, 2 for usage errors.`,
		run: runModel,
	}
}

func runModel(a *app, cmd *command, args []string) int {
	flags := a.flagSet(cmd)
	dir := projectFlag(flags)
	var in, out datasetList
	flags.Var(&in, "in", "the `datasets` the model reads, comma-separated (repeatable)")
	flags.Var(&out, "out", "the `datasets` the model writes, comma-separated (repeatable)")
	args, code, ok := a.parseInterspersed(cmd, flags, args, 1, 1)
	if !ok {
		return code
	}
	if len(out) == 0 {
		fmt.Fprintf(a.stderr, "ayeaye-gen model: -out is missing: name the datasets the model writes\n")
		a.shortUsage(cmd)
		return ExitUsage
	}
	root, ok := a.projectRoot(*dir)
	if !ok {
		return ExitProblems
	}
	m := scaffold.Model{Name: args[0], Inputs: in, Outputs: out}
	files, err := scaffold.ModelFiles(root, m)
	if err != nil {
		a.scaffoldError(cmd, err, nil)
		return ExitProblems
	}
	written, err := scaffold.Write(root, files)
	if err != nil {
		a.scaffoldError(cmd, err, written)
		return ExitProblems
	}
	for _, p := range written {
		fmt.Fprintf(a.stdout, "wrote %s\n", p)
	}
	fmt.Fprintf(a.stdout, `Next: write Build, and the fixtures and expected records of the test (go test ./%s fails until then).
Then add the model to your cli.Program's Models:

	{Name: %q, New: func() runtime.Model { return models.New%s() }, Doc: "..."},
`, scaffold.ModelsDir, m.Name, typeName(files[0]))
	return ExitOK
}

// typeName finds the model's type in its rendered file, so the hint
// names exactly what was written.
func typeName(f scaffold.File) string {
	_, rest, _ := strings.Cut(string(f.Content), "\nfunc New")
	name, _, _ := strings.Cut(rest, "(")
	return name
}

// datasetList is a flag taking comma-separated dataset names, repeatable.
type datasetList []string

func (l *datasetList) String() string { return strings.Join(*l, ",") }

func (l *datasetList) Set(s string) error {
	for _, name := range strings.Split(s, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			return fmt.Errorf("empty dataset name in %q; separate names with single commas", s)
		}
		*l = append(*l, name)
	}
	return nil
}

// parseInterspersed parses flags before and after the positional
// arguments, so "model summary -in a -out b" reads like the synopsis.
func (a *app) parseInterspersed(cmd *command, fs *flag.FlagSet, args []string, minArgs, maxArgs int) (positional []string, code int, ok bool) {
	return a.commandLine().ParseN(spec(cmd), fs, args, minArgs, maxArgs)
}

// scaffoldError prints why a scaffold failed: problems in the project in
// the diag format with a count, anything else as one message, and the
// files written before a failure, which are left for the user to look at.
func (a *app) scaffoldError(cmd *command, err error, written []string) {
	var problems diag.List
	var exists *scaffold.ExistsError
	switch {
	case errors.As(err, &problems):
		a.printProblems(problems, "nothing was written")
	case errors.As(err, &exists):
		fmt.Fprintf(a.stderr, "ayeaye-gen %s: %v\n\thint: %s\n", cmd.name, err, existsHint(cmd.name))
	default:
		fmt.Fprintf(a.stderr, "ayeaye-gen %s: %v\n", cmd.name, err)
	}
	if len(written) > 0 {
		fmt.Fprintf(a.stderr, "these files were written before the failure:\n\t%s\n", strings.Join(written, "\n\t"))
	}
}

func existsHint(cmd string) string {
	if cmd == "init" {
		return "init a new or empty directory, or move these files away first"
	}
	return "choose another model name, or move the old files away first"
}
