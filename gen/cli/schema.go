package cli

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"strings"
)

const schemaSuffix = ".schema.json"

func schemaCommand() *command {
	return &command{
		name:    "schema",
		args:    "[name]",
		summary: "print a JSON Schema of an Aye-aye file format",
		help: `Schema prints the JSON Schema (draft 2020-12) of one of Aye-aye's own file
formats, built into ayeaye-gen, for editors and validators. Name is the file
name with or without ".schema.json": "ayeaye" is the ayeaye.yaml project
config, "x-ayeaye" the x-ayeaye extension keywords of dataset schemas.
Without a name it lists the schemas.

Exit status: 0 on success, 2 for an unknown name.`,
		run: runSchema,
	}
}

func runSchema(a *app, cmd *command, args []string) int {
	flags := a.flagSet(cmd)
	if code, ok := a.parse(cmd, flags, args, 0, 1); !ok {
		return code
	}
	names, err := schemaNames(a.schemas)
	if err != nil {
		fmt.Fprintf(a.stderr, "ayeaye-gen schema: reading the built-in schemas: %v\n", err)
		return ExitProblems
	}
	if flags.NArg() == 0 {
		for _, n := range names {
			fmt.Fprintf(a.stdout, "%-12s %s\n", n, schemaTitle(a.schemas, n))
		}
		return ExitOK
	}
	name := strings.TrimSuffix(flags.Arg(0), schemaSuffix)
	for _, n := range names {
		if n != name {
			continue
		}
		data, err := fs.ReadFile(a.schemas, n+schemaSuffix)
		if err != nil {
			fmt.Fprintf(a.stderr, "ayeaye-gen schema: %v\n", err)
			return ExitProblems
		}
		a.stdout.Write(data)
		return ExitOK
	}
	fmt.Fprintf(a.stderr, "ayeaye-gen schema: no schema named %q\n\thint: the schemas are: %s\n", flags.Arg(0), strings.Join(names, ", "))
	return ExitUsage
}

// schemaNames lists the schemas in fsys without the suffix, sorted (the
// order fs.Glob returns).
func schemaNames(fsys fs.FS) ([]string, error) {
	if fsys == nil {
		return nil, fmt.Errorf("none are built in")
	}
	files, err := fs.Glob(fsys, "*"+schemaSuffix)
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("none are built in")
	}
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = strings.TrimSuffix(f, schemaSuffix)
	}
	return names, nil
}

// schemaTitle is the schema's title (or the first line of its
// description) for the list; "" when it has neither.
func schemaTitle(fsys fs.FS, name string) string {
	data, err := fs.ReadFile(fsys, name+schemaSuffix)
	if err != nil {
		return ""
	}
	var s struct {
		Title       string `json:"title"`
		Description string `json:"description"`
	}
	if json.Unmarshal(data, &s) != nil {
		return ""
	}
	if s.Title != "" {
		return s.Title
	}
	first, _, _ := strings.Cut(s.Description, "\n")
	return first
}
