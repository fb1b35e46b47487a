package cli

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"

	"github.com/ayeaye-go/ayeaye/runtime"
)

func peekCommand() *command {
	return &command{
		name:    "peek",
		args:    "[-env E] [-var name=value]... [-set dataset=engineURL]... [-n 10] [-width 40] DATASET",
		summary: "show the first records of a dataset",
		help: `Peek prints the first records of a dataset, as it is stored now in the
environment, as a table whose columns are the record's fields. Null values
are empty, times are RFC 3339, lists and objects are compact JSON, and
tabs and newlines in text are shown as \t and \n.

DATASET is the name of a dataset some model reads or writes (list shows
them). A bad record stops the table with the error that says where it is.`,
		run: runPeek,
	}
}

func runPeek(a *app, cmd *command, args []string) int {
	fs := a.flagSet(cmd)
	var ef envFlags
	ef.register(fs)
	n := fs.Int("n", 10, "how many records to show")
	width := fs.Int("width", 40, "cut longer values to this many characters, ending them with …; 0 shows them whole")
	pos, code, ok := a.parse(cmd, fs, args)
	if !ok {
		return code
	}
	switch {
	case len(pos) == 0:
		return a.usageError(cmd, "name the dataset to peek at")
	case len(pos) > 1:
		return a.usageError(cmd, "peek shows one dataset at a time; got %s", strings.Join(pos, " "))
	case *n < 1:
		return a.usageError(cmd, "-n %d: show at least one record", *n)
	case *width < 0:
		return a.usageError(cmd, "-width %d: give a positive width, or 0 for whole values", *width)
	}
	name := pos[0]
	uses, err := a.datasets()
	if err != nil {
		fmt.Fprintf(a.stderr, "%s: %v\n", a.prog.Name, err)
		return ExitFailure
	}
	use, ok := uses[name]
	if !ok {
		names := slices.Sorted(maps.Keys(uses))
		return a.usageError(cmd, "no model uses a dataset named %q%s (datasets: %s)", name, didYouMean(name, names), joinNames(names))
	}
	s, code, ok := a.open(cmd, &ef)
	if !ok {
		return code
	}
	// Any model using the dataset will do: they all resolve it the same way.
	u := use[0]
	recs, err := s.runner.Peek(a.ctx, u.inst, name, *n)
	// A dataset that cannot be opened shows no table, only the error; one
	// with a bad record shows the records before it.
	if err == nil || len(recs) > 0 {
		printTable(a, columnsOf(recordType(u.inst, u.port.Field, recs)), recs, *width)
	}
	if err != nil {
		fmt.Fprintf(a.stderr, "%s: peek %s: %s\n", a.prog.Name, name, s.redact(err.Error()))
		return ExitFailure
	}
	return ExitOK
}

// printTable writes records as an aligned table under their column names.
func printTable(a *app, cols []column, recs []any, maxWidth int) {
	t := newTable(a.stdout)
	header := make([]string, len(cols))
	for i, c := range cols {
		header[i] = c.name
	}
	t.row(header...)
	for _, rec := range recs {
		t.row(row(rec, cols, maxWidth)...)
	}
	t.flush()
	if len(recs) == 0 {
		fmt.Fprintln(a.stdout, "(no records)")
	}
}

// recordType finds the record type of the model field holding a dataset
// handle, so that an empty dataset still shows its columns: the T of
// Input[T] or Output[T], read off its All method,
// func() iter.Seq2[T, error]. It falls back to the first record's type.
func recordType(m runtime.Model, field string, recs []any) reflect.Type {
	v := reflect.ValueOf(m)
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		v = v.Elem()
	}
	if v.Kind() == reflect.Struct {
		if f, ok := v.Type().FieldByName(field); ok {
			if all, ok := f.Type.MethodByName("All"); ok && all.Type.NumOut() == 1 {
				seq := all.Type.Out(0) // iter.Seq2[T, error]
				if seq.Kind() == reflect.Func && seq.NumIn() == 1 {
					if yield := seq.In(0); yield.Kind() == reflect.Func && yield.NumIn() == 2 {
						return yield.In(0)
					}
				}
			}
		}
	}
	if len(recs) > 0 && recs[0] != nil {
		return reflect.TypeOf(recs[0])
	}
	return reflect.TypeFor[struct{}]()
}
