package cli

import (
	"context"
	"fmt"
	"os"

	"github.com/ayeaye-go/ayeaye/gen/schema"
	"github.com/ayeaye-go/ayeaye/runtime/contract"
	"github.com/ayeaye-go/ayeaye/runtime/manifest"
)

func schemaDiffCommand() *command {
	return &command{
		name:    "schema-diff",
		args:    "OLD NEW",
		summary: "classify the field changes between two dataset schemas",
		help: `Schema-diff compares two versions of a dataset schema and prints one line per
changed field, saying whether a consumer generated from OLD can still read
data published with NEW:

	BREAKING   amount: type string (decimal) → number
	compatible note: new optional field (string); the consumer ignores it

Breaking: a field removed or retyped, or one that became nullable or
optional. Compatible: a new field, a widened or narrowed number, an enum
with values added or removed, a field that became required. It is the
check a consumer's run makes before reading a published dataset, so a
producer can run it before publishing a schema change.

OLD and NEW are dataset schema files (JSON or YAML, checked as generate
checks them, with file:line:col for every problem), or published manifests
(<output>` + manifest.Suffix + `, a local path, an http(s) URL or an engine
URL), whose schema is compared.

Exit status: 0 when no change is breaking (also when nothing changed), 1
when any change is breaking, 2 for a usage error or when OLD or NEW cannot
be read.`,
		run: runSchemaDiff,
	}
}

func runSchemaDiff(a *app, cmd *command, args []string) int {
	flags := a.flagSet(cmd)
	if code, ok := a.parse(cmd, flags, args, 2, 2); !ok {
		return code
	}
	f := newFetcher()
	defer f.store.Close()
	return a.schemaDiff(context.Background(), f, flags.Arg(0), flags.Arg(1))
}

func (a *app) schemaDiff(ctx context.Context, f *fetcher, oldArg, newArg string) int {
	old, ok := a.readSchema(ctx, f, oldArg)
	if !ok {
		return ExitUsage
	}
	cur, ok := a.readSchema(ctx, f, newArg)
	if !ok {
		return ExitUsage
	}
	changes, err := contract.Compare(old, cur)
	if err != nil {
		fmt.Fprintf(a.stderr, "ayeaye-gen schema-diff: %v\n", err)
		return ExitUsage
	}
	if len(changes) == 0 {
		return ExitOK
	}
	a.printChanges(changes)
	breaking := 0
	for _, c := range changes {
		if c.Breaking {
			breaking++
		}
	}
	fmt.Fprintf(a.stderr, "ayeaye-gen schema-diff: %s, %d breaking\n", plural(len(changes), "change"), breaking)
	if breaking > 0 {
		return ExitProblems
	}
	return ExitOK
}

// printChanges prints one line per changed field.
func (a *app) printChanges(changes []contract.Change) {
	for _, c := range changes {
		fmt.Fprintln(a.stdout, c.String())
	}
}

// readSchema reads one side of a comparison and returns its schema as
// JSON, printing why when it cannot.
func (a *app) readSchema(ctx context.Context, f *fetcher, arg string) ([]byte, bool) {
	if isManifest(arg) || isURL(arg) {
		p, err := f.fetch(ctx, arg)
		if err != nil {
			fmt.Fprintf(a.stderr, "ayeaye-gen schema-diff: %v\n", err)
			return nil, false
		}
		return p.m.Schema, true
	}
	data, err := os.ReadFile(arg)
	if err != nil {
		fmt.Fprintf(a.stderr, "ayeaye-gen schema-diff: cannot read schema %s: %v\n\thint: give two dataset schema files, or published manifests (<output>%s)\n", arg, unwrap(err), manifest.Suffix)
		return nil, false
	}
	ds, problems := schema.Parse(arg, data)
	if len(problems) > 0 {
		a.printProblems(problems, "nothing was compared")
		return nil, false
	}
	return ds.Canonical, true
}
