package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/ayeaye-go/ayeaye/gen/infer"
)

func inferCommand() *command {
	return &command{
		name:    "infer",
		args:    "[-name N] [-rows N] [-enums N] [-decimal] [-o file [-f]] file...",
		summary: "print a dataset schema inferred from sample files",
		help: `Infer reads sample data and prints a dataset schema (JSON Schema 2020-12)
describing it, to start a new dataset from its real columns. The files are
CSV (.csv), TSV (.tsv), a JSON array of objects (.json) or one JSON object
per line (.ndjson, .jsonl), each optionally gzipped (.gz). Several files
describe one dataset: their columns are merged, and a column missing from
one of them is optional. Files are streamed, in constant memory.

Each column gets the narrowest type all its values fit: integer, number,
boolean, date (YYYY-MM-DD), date-time (RFC 3339), else string. Empty values
(JSON null) make it nullable. JSON objects and arrays become nested objects
and arrays. Headers become snake_case property names; when a name differs
from its header, the header is kept as x-ayeaye.column.

Columns whose type was a judgement call (leading zeros, some values that do
not fit, decimals) are explained on stderr, one line each:

	orders.csv: column "zip": chose string: 2 values have leading zeros ...

Flags go before the files. Review the schema, then save it under schemas/
(or pass -o) and run ayeaye-gen generate.

Exit status: 0 on success, 1 when a file cannot be read or inferred from,
2 for a usage error.`,
		run: runInfer,
	}
}

func runInfer(a *app, cmd *command, args []string) int {
	flags := a.flagSet(cmd)
	var o infer.Options
	flags.StringVar(&o.Name, "name", "", "the dataset `name`, x-ayeaye.name (default: the first file's name)")
	flags.IntVar(&o.Rows, "rows", 0, "read only the first `n` rows of each file (0: all)")
	flags.IntVar(&o.Enums, "enums", 0, "make a string column with at most `n` distinct values an enum (0: no enums)")
	flags.BoolVar(&o.Decimal, "decimal", false, "make numbers that all have the same fraction digits (12.50) exact decimals")
	out := flags.String("o", "", "write the schema to `file` instead of standard output")
	force := flags.Bool("f", false, "let -o overwrite an existing file")
	if code, ok := a.parse(cmd, flags, args, 1, -1); !ok {
		return code
	}
	files := flags.Args()
	if msg := checkInferFlags(o, *out, *force, files); msg != "" {
		fmt.Fprintf(a.stderr, "ayeaye-gen infer: %s\n", msg)
		a.shortUsage(cmd)
		return ExitUsage
	}
	if *out != "" && !*force {
		if _, err := os.Lstat(*out); err == nil {
			fmt.Fprintf(a.stderr, "ayeaye-gen infer: %s already exists\n\thint: pass -f to overwrite it, or choose another -o\n", *out)
			return ExitProblems
		}
	}
	res, err := infer.Files(files, o)
	if err != nil {
		fmt.Fprintf(a.stderr, "ayeaye-gen infer: %v\n", err)
		return ExitProblems
	}
	for _, n := range res.Notes {
		fmt.Fprintln(a.stderr, n)
	}
	if *out == "" {
		a.stdout.Write(res.Schema)
		return ExitOK
	}
	if err := writeNew(*out, res.Schema, *force); err != nil {
		fmt.Fprintf(a.stderr, "ayeaye-gen infer: %v\n", err)
		return ExitProblems
	}
	fmt.Fprintf(a.stderr, "ayeaye-gen infer: wrote %s (dataset %q)\n", *out, res.Name)
	return ExitOK
}

// checkInferFlags returns what is wrong with the command line, or "".
func checkInferFlags(o infer.Options, out string, force bool, files []string) string {
	switch {
	case o.Rows < 0:
		return fmt.Sprintf("-rows %d: give a positive number of rows, or 0 to read all", o.Rows)
	case o.Enums < 0:
		return fmt.Sprintf("-enums %d: give the most distinct values an enum may have, or 0 for none", o.Enums)
	case o.Name != "" && !infer.ValidName(o.Name):
		return fmt.Sprintf("-name %q: a dataset name is a lower-case letter followed by lower-case letters, digits and '_', such as %q", o.Name, infer.DatasetName(o.Name))
	case force && out == "":
		return "-f needs -o: it allows overwriting the -o file"
	}
	if out != "" {
		for _, f := range files {
			if sameFile(f, out) {
				return fmt.Sprintf("-o %s is also a sample file; write the schema elsewhere", out)
			}
		}
	}
	return ""
}

// sameFile reports whether a and b name one existing file.
func sameFile(a, b string) bool {
	ia, err := os.Stat(a)
	if err != nil {
		return false
	}
	ib, err := os.Stat(b)
	return err == nil && os.SameFile(ia, ib)
}

// writeNew writes data to path through a temporary file in the same
// directory, so the file appears whole or not at all. Without overwrite,
// linking the temporary file into place fails if path exists, so a file
// that appeared meanwhile is never replaced.
func writeNew(path string, data []byte, overwrite bool) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("cannot write %s: %v\n\thint: -o must be in an existing, writable directory", path, unwrap(err))
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	if overwrite {
		return os.Rename(tmp.Name(), path)
	}
	err = os.Link(tmp.Name(), path)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, fs.ErrExist):
		return fmt.Errorf("%s already exists\n\thint: pass -f to overwrite it, or choose another -o", path)
	}
	// A file system without hard links: check, then rename.
	if _, serr := os.Lstat(path); serr == nil {
		return fmt.Errorf("%s already exists\n\thint: pass -f to overwrite it, or choose another -o", path)
	}
	return os.Rename(tmp.Name(), path)
}
