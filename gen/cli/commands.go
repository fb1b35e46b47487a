package cli

import (
	"fmt"
	"io"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/ayeaye-go/ayeaye/gen"
	"github.com/ayeaye-go/ayeaye/gen/diag"
	"github.com/ayeaye-go/ayeaye/gen/render"
)

// modulePath is this module; version looks for it in the build info.
const modulePath = "github.com/ayeaye-go/ayeaye"

func generateCommand() *command {
	return &command{
		name:    "generate",
		args:    "[-C dir] [-q] [-v]",
		summary: "write the Go code for every dataset schema",
		help: `Generate reads ayeaye.yaml and the dataset schemas it names and writes the
generated Go code to the output directory (output.dir, default "datasets").

Files whose content is already right are left untouched. Generated files in
the output directory that no schema produces any more (their first line is
"` + gen.HeaderLine + `") are removed.
Files without that first line are never overwritten or removed.

When generated names change (a new naming rule, an x-ayeaye.record_name or
go_name), generate prints each old and new name once, as it overwrites the
files that declared them, so code that uses them can be updated.

The engine types and storage that the schemas' engine URLs name (and
ayeaye.yaml's catalogue and environment variables, where they hold engine
URLs) decide which drivers the program links: ` + gen.DriversFile + ` in the
output directory blank-imports exactly those, each with a comment naming
the datasets that need it (sqlite, postgres and mysql: runtime/table/...;
s3, gs, azblob: runtime/storage/blob and the gocloud driver; memblob and
fileblob: runtime/storage/blob). No driver needed, no file. -v lists them.
A URL given only at run time (-set) that needs a driver the program lacks
fails with an error naming the import to add.

Every problem in the config and the schemas is reported, with file:line:col
and a hint, and then nothing is written.

Exit status: 0 on success, 1 when there are problems.`,
		run: runGenerate,
	}
}

func runGenerate(a *app, cmd *command, args []string) int {
	flags := a.flagSet(cmd)
	dir := projectFlag(flags)
	quiet := flags.Bool("q", false, "print nothing on success")
	verbose := flags.Bool("v", false, "list every file written or removed")
	if code, ok := a.parse(cmd, flags, args, 0, 0); !ok {
		return code
	}
	root, ok := a.projectRoot(*dir)
	if !ok {
		return ExitProblems
	}
	res, ok := a.generate(root, "nothing was written")
	if !ok {
		return ExitProblems
	}
	renames := render.Renames(res) // before Write replaces the old names
	rep, err := render.Write(res)
	if *verbose {
		for _, d := range res.Drivers {
			fmt.Fprintf(a.stdout, "links %s for %s\n", d.Import, strings.Join(d.Users, ", "))
		}
		// Listed even after an error: these files did change.
		for _, p := range rep.Written {
			fmt.Fprintf(a.stdout, "wrote %s\n", display(root, p))
		}
		for _, p := range rep.Removed {
			fmt.Fprintf(a.stdout, "removed %s\n", display(root, p))
		}
	}
	if err != nil {
		fmt.Fprintf(a.stderr, "ayeaye-gen: %v\n", err)
		return ExitProblems
	}
	if !*quiet {
		fmt.Fprintf(a.stdout, "ayeaye-gen: %s written, %d unchanged, %d stale removed\n",
			plural(len(rep.Written), "file"), len(rep.Unchanged), len(rep.Removed))
	}
	printRenames(a.stdout, renames)
	return ExitOK
}

// printRenames tells the user, the one time generate replaces them, the
// generated names their code must now use. It prints even with -q: code
// that uses an old name stops compiling, and this says how to fix it.
func printRenames(w io.Writer, renames []render.Rename) {
	if len(renames) == 0 {
		return
	}
	fmt.Fprintf(w, "ayeaye-gen: %s renamed; update the code that uses them (e.g. with gofmt -r 'old -> new' or gopls rename):\n", plural(len(renames), "generated name"))
	for _, r := range renames {
		fmt.Fprintf(w, "\t%s.%s -> %s.%s\n", r.Package, r.Old, r.Package, r.New)
	}
}

func diffCommand() *command {
	return &command{
		name:    "diff",
		args:    "[-C dir] [-q]",
		summary: "show what generate would change; fail if anything",
		help: `Diff generates in memory and prints, as a unified diff, what "ayeaye-gen
generate" would change on disk: changed files, files it would create and
stale generated files it would remove. Paths are relative to the project
root ("a/datasets/people.go"), so the output applies there with patch -p1.
Nothing is written.

Run it in CI to check that the committed generated code is up to date.

Exit status: 0 when the generated code is up to date, 1 when it differs or
there are problems.`,
		run: runDiff,
	}
}

func runDiff(a *app, cmd *command, args []string) int {
	flags := a.flagSet(cmd)
	dir := projectFlag(flags)
	quiet := flags.Bool("q", false, "print no diff; report only through the exit status and one line on stderr")
	if code, ok := a.parse(cmd, flags, args, 0, 0); !ok {
		return code
	}
	root, ok := a.projectRoot(*dir)
	if !ok {
		return ExitProblems
	}
	res, ok := a.generate(root, "")
	if !ok {
		return ExitProblems
	}
	d, err := render.Diff(res)
	if err != nil {
		fmt.Fprintf(a.stderr, "ayeaye-gen: %v\n", err)
		return ExitProblems
	}
	if d == "" {
		return ExitOK
	}
	if !*quiet {
		fmt.Fprint(a.stdout, d)
	}
	fmt.Fprintf(a.stderr, "ayeaye-gen: the generated code is out of date\n\thint: run \"ayeaye-gen generate%s\" (or go generate) and commit the result\n", dirFlag(root))
	return ExitProblems
}

func vetCommand() *command {
	return &command{
		name:    "vet",
		args:    "[-C dir]",
		summary: "check ayeaye.yaml and the schemas without writing",
		help: `Vet reads ayeaye.yaml and the dataset schemas and reports every problem,
with file:line:col and a hint, as generate would, without writing anything.
It prints nothing when there are none. Engine URLs are checked too; which
drivers they make generate link is shown by "ayeaye-gen generate -v".

Exit status: 0 when there are no problems, 1 when there are.`,
		run: runVet,
	}
}

func runVet(a *app, cmd *command, args []string) int {
	flags := a.flagSet(cmd)
	dir := projectFlag(flags)
	if code, ok := a.parse(cmd, flags, args, 0, 0); !ok {
		return code
	}
	root, ok := a.projectRoot(*dir)
	if !ok {
		return ExitProblems
	}
	if problems := gen.Vet(root); len(problems) > 0 {
		a.printProblems(problems, "")
		return ExitProblems
	}
	return ExitOK
}

func versionCommand() *command {
	return &command{
		name:    "version",
		args:    "",
		summary: "print the version of ayeaye-gen",
		help: `Version prints the version of the ayeaye-gen module this binary was built
from, as recorded by the Go toolchain: the module version when it was
installed or run as a tool of another module, "(devel)" when built from a
checkout of ayeaye itself.`,
		run: runVersion,
	}
}

func runVersion(a *app, cmd *command, args []string) int {
	flags := a.flagSet(cmd)
	if code, ok := a.parse(cmd, flags, args, 0, 0); !ok {
		return code
	}
	fmt.Fprintf(a.stdout, "ayeaye-gen %s\n", moduleVersion(a.buildInfo()))
	return ExitOK
}

// moduleVersion finds this module's version in the build info. When
// ayeaye-gen runs as "go tool ayeaye-gen" in a user's module, the main
// module is the user's and ours is a dependency, so both are searched.
func moduleVersion(bi *debug.BuildInfo, ok bool) string {
	const devel = "(devel)"
	if !ok || bi == nil {
		return devel
	}
	mods := append([]*debug.Module{&bi.Main}, bi.Deps...)
	for _, m := range mods {
		if m == nil || m.Path != modulePath {
			continue
		}
		if m.Replace != nil {
			m = m.Replace // a replaced module runs the replacement's code
		}
		if m.Version == "" {
			return devel
		}
		return m.Version
	}
	return devel
}

// generate runs gen.Generate, printing problems; after says what it means
// for the command (e.g. "nothing was written").
func (a *app) generate(root, after string) (*gen.Result, bool) {
	res, problems := gen.Generate(root)
	if len(problems) > 0 {
		a.printProblems(problems, after)
		return nil, false
	}
	if res == nil {
		fmt.Fprintf(a.stderr, "ayeaye-gen: internal error: generation returned neither files nor problems\n\thint: please report this with your ayeaye.yaml\n")
		return nil, false
	}
	return res, true
}

// printProblems prints the problems in file order and a count.
func (a *app) printProblems(problems diag.List, after string) {
	problems.Sort()
	fmt.Fprintln(a.stderr, problems.Error())
	msg := plural(len(problems), "problem") + " found"
	if after != "" {
		msg += "; " + after
	}
	fmt.Fprintf(a.stderr, "ayeaye-gen: %s\n", msg)
}

// display shows a root-relative slash path relative to the working
// directory, the way the user named the root.
func display(root, p string) string {
	return filepath.Join(root, filepath.FromSlash(p))
}

// dirFlag repeats -C in suggested commands when it was given.
func dirFlag(root string) string {
	if root == "." {
		return ""
	}
	return " -C " + root
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
