package cli

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ayeaye-go/ayeaye/gen"
	"github.com/ayeaye-go/ayeaye/gen/golang"
	"github.com/ayeaye-go/ayeaye/gen/ir"
	"github.com/ayeaye-go/ayeaye/internal/listing"
	"github.com/ayeaye-go/ayeaye/internal/suggest"
	"github.com/ayeaye-go/ayeaye/runtime/engine"
	"github.com/ayeaye-go/ayeaye/runtime/env"
	"github.com/ayeaye-go/ayeaye/runtime/table"
	// ddl -against connects to a table of any dialect, so ayeaye-gen
	// links all three drivers.
	_ "github.com/ayeaye-go/ayeaye/runtime/table/mysql"
	_ "github.com/ayeaye-go/ayeaye/runtime/table/postgres"
	_ "github.com/ayeaye-go/ayeaye/runtime/table/sqlite"
)

func ddlCommand() *command {
	return &command{
		name:    "ddl",
		args:    "[-C dir] [-dialect D] [-table NAME] [-against URL [-env NAME]] DATASET",
		summary: "print a dataset's CREATE TABLE, or the migration an existing table needs",
		help: `Ddl prints the SQL that makes a table for DATASET (its name in x-ayeaye.name):
the CREATE TABLE statement of each dialect (sqlite, postgres, mysql), or of
the one -dialect names, with the type mapping of runtime/table: NOT NULL
for required fields and the x-ayeaye keys as the primary key. The table is
named after the dataset unless -table names it (name or schema.name).

With -against URL, an engine URL of an existing database table such as
postgres://etl@db:5432/warehouse;table=public.sales, it connects, reads the
table's columns from the catalog and prints the statements that would make
the table match the dataset: CREATE TABLE when it is missing, else ALTER
TABLE for missing columns, wrong types, nullability and the primary key.
Lines starting with -- explain statements that may fail on existing rows
and columns the dataset does not have, which are never dropped. {name}
templates in the URL are filled from the project's environment chosen with
-env (else AYEAYE_ENV, else the default), secrets included, as runs fill
them; passwords are never printed. Review the statements before running
them.

Exit status: 0 when the table matches (or without -against), also when
only notes (-- lines, such as a column the dataset does not have) are
printed; 1 when the table needs statements or something failed; 2 for
usage errors.`,
		run: runDDL,
	}
}

func runDDL(a *app, cmd *command, args []string) int {
	flags := a.flagSet(cmd)
	dir := projectFlag(flags)
	dialect := flags.String("dialect", "", "print only this `dialect`: sqlite, postgres or mysql")
	tableName := flags.String("table", "", "the table's `name` (or schema.name); default: the dataset's name")
	against := flags.String("against", "", "compare with the table at this engine `URL` and print the migration")
	envName := flags.String("env", "", "the `environment` whose variables fill templates in -against")
	positional, code, ok := a.parseInterspersed(cmd, flags, args, 1, 1)
	if !ok {
		return code
	}
	root, ok := a.projectRoot(*dir)
	if !ok {
		return ExitProblems
	}
	cfg, datasets, problems := gen.Datasets(root)
	if len(problems) > 0 {
		a.printProblems(problems, "")
		return ExitProblems
	}
	name := positional[0]
	i := slices.IndexFunc(datasets, func(d *ir.Dataset) bool { return d.Name == name })
	if i < 0 {
		names := make([]string, len(datasets))
		for i, d := range datasets {
			names[i] = d.Name
		}
		mean := ""
		if c := suggest.Closest(name, names); c != "" {
			mean = fmt.Sprintf(" (did you mean %q?)", c)
		}
		fmt.Fprintf(a.stderr, "ayeaye-gen ddl: no dataset %q%s\n\thint: the datasets are: %s\n", name, mean, listing.Join(names, ", "))
		return ExitProblems
	}
	schema := golang.TableSchema(datasets[i])
	if *against != "" {
		if *dialect != "" || *tableName != "" {
			fmt.Fprintf(a.stderr, "ayeaye-gen ddl: -against takes the dialect and the table from its URL; leave out -dialect and -table\n")
			return ExitUsage
		}
		return a.migrate(cfg.Environments, *envName, *against, &schema)
	}
	dialects := table.Dialects()
	if *dialect != "" {
		d, err := table.ParseDialect(*dialect)
		if err != nil {
			fmt.Fprintf(a.stderr, "ayeaye-gen ddl: %v\n", err)
			return ExitUsage
		}
		dialects = []table.Dialect{d}
	}
	tn := table.Name{Table: name}
	if *tableName != "" {
		var err error
		if tn, err = table.ParseName(*tableName); err != nil {
			fmt.Fprintf(a.stderr, "ayeaye-gen ddl: -table %v\n", err)
			return ExitUsage
		}
	}
	for i, d := range dialects {
		if len(dialects) > 1 {
			if i > 0 {
				fmt.Fprintln(a.stdout)
			}
			fmt.Fprintf(a.stdout, "-- %s\n", d.Title())
		}
		fmt.Fprintf(a.stdout, "%s;\n", table.CreateTable(d, tn, &schema))
	}
	return ExitOK
}

// migrate prints what makes the table at rawURL match s.
func (a *app) migrate(envs env.Config, envName, rawURL string, s *table.Schema) int {
	e, err := envs.Resolve(env.Options{Name: envName})
	if err != nil {
		fmt.Fprintf(a.stderr, "ayeaye-gen ddl: %v\n", err)
		return ExitProblems
	}
	fail := func(err error) int {
		fmt.Fprintf(a.stderr, "ayeaye-gen ddl: %s\n", e.Redact(err.Error()))
		return ExitProblems
	}
	// Secrets are encoded for their place in the URL, and the URL is
	// printed from its masked twin.
	filled, err := e.ExpandText(rawURL)
	if err != nil {
		return fail(err)
	}
	u, masked, err := engine.ParseText(filled)
	if err != nil {
		return fail(err)
	}
	if !engine.IsDatabase(u.Type) {
		return fail(fmt.Errorf("-against needs the URL of a database table (sqlite, postgres or mysql), not %s", u.Type))
	}
	loc, err := table.ParseURL(u)
	if err != nil {
		return fail(err)
	}
	loc.Display = masked.Redacted()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	db, err := table.Open(ctx, loc, false)
	if err != nil {
		return fail(err)
	}
	defer db.Close()
	actual, err := db.Describe(ctx, loc.Table)
	if err != nil {
		return fail(err)
	}
	stmts := table.Migrate(loc.Dialect, loc.Table, s, actual)
	// Comments alone (a column the dataset does not have, which is never
	// dropped) are notes: the table works as it is, so it matches.
	needed := slices.ContainsFunc(stmts, func(st string) bool { return !isComment(st) })
	if needed {
		fmt.Fprintf(a.stdout, "-- make %s match dataset %q\n", e.Redact(loc.Display), s.Dataset)
	} else {
		fmt.Fprintf(a.stdout, "-- %s matches dataset %q\n", e.Redact(loc.Display), s.Dataset)
	}
	for _, st := range stmts {
		if isComment(st) {
			fmt.Fprintln(a.stdout, st)
		} else {
			fmt.Fprintf(a.stdout, "%s;\n", st)
		}
	}
	if needed {
		return ExitProblems
	}
	return ExitOK
}

// isComment tells Migrate's notes for the reader from its statements.
func isComment(stmt string) bool { return strings.HasPrefix(stmt, "--") }
