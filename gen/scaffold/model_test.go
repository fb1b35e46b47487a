package scaffold

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ayeaye-go/ayeaye/gen/diag"
)

// copyProject copies testdata/project into a new module
// example.com/shop in a temporary directory and returns its root.
func copyProject(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	err := filepath.WalkDir("testdata/project", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel("testdata/project", p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(root, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(root, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(root, "go.mod"), "module example.com/shop\n\ngo 1.26\n")
	return root
}

func writeFile(t *testing.T, p, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// modelCases are the golden cases; TestModelCompiles (e2e_test.go)
// compiles and runs them too.
var modelCases = []struct {
	name  string
	model Model
	typ   string // the model's Go type
}{
	// Every kind of field in the input's fixture: date-time, date,
	// decimal, enum, bool, number, list, nested object, and nullable ones
	// left out.
	{"one_in_one_out", Model{Name: "order_totals", Inputs: []string{"orders"}, Outputs: []string{"customer_totals"}}, "OrderTotals"},
	// Two inputs and two outputs; customer_status's variable is
	// CustomerStatusDataset, because its record is CustomerStatus.
	{"two_in_two_out", Model{Name: "customer_report", Inputs: []string{"customers", "orders"}, Outputs: []string{"customer_totals", "customer_status"}}, "CustomerReport"},
	// A dataset called build cannot be field Build, which is the
	// method; a model without inputs gets no fixture.
	{"no_inputs", Model{Name: "seed", Outputs: []string{"build"}}, "Seed"},
}

func TestModelGolden(t *testing.T) {
	for _, tc := range modelCases {
		t.Run(tc.name, func(t *testing.T) {
			root := copyProject(t)
			files, err := ModelFiles(root, tc.model)
			if err != nil {
				t.Fatal(err)
			}
			checkGoFiles(t, files)
			checkGolden(t, "model/"+tc.name, files)
		})
	}
}

func TestModelErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		model Model
		setup func(t *testing.T, root string)
		want  []string
	}{{
		name:  "unknown dataset",
		model: Model{Name: "x", Inputs: []string{"order"}, Outputs: []string{"totals"}},
		want: []string{
			`-in: no dataset "order" in the project's schemas`,
			`hint: did you mean "orders"? known datasets: build, customer_status, customer_totals, customers, orders`,
			`-out: no dataset "totals" in the project's schemas`,
		},
	}, {
		name:  "no outputs",
		model: Model{Name: "x", Inputs: []string{"orders"}},
		want:  []string{"model x writes no dataset", "hint: name what it writes with -out"},
	}, {
		name:  "input and output",
		model: Model{Name: "x", Inputs: []string{"orders"}, Outputs: []string{"orders"}},
		want:  []string{`dataset "orders" is both an input and an output`, "hint: a model cannot read what it writes"},
	}, {
		name:  "twice",
		model: Model{Name: "x", Inputs: []string{"orders", "orders"}, Outputs: []string{"build"}},
		want:  []string{`-in: dataset "orders" is listed twice`},
	}, {
		name:  "camel case name",
		model: Model{Name: "OrderTotals", Outputs: []string{"build"}},
		want:  []string{`model name "OrderTotals": use lower case letters, digits and _`, "hint: for example order_totals"},
	}, {
		name:  "name with a dash",
		model: Model{Name: "order-totals", Outputs: []string{"build"}},
		want:  []string{"hint: for example order_totals"},
	}, {
		name:  "empty name",
		model: Model{Outputs: []string{"build"}},
		want:  []string{`model name ""`, "hint: for example paint_orders"},
	}, {
		name:  "type already declared",
		model: Model{Name: "seed", Outputs: []string{"build"}},
		setup: func(t *testing.T, root string) {
			writeFile(t, filepath.Join(root, "models", "old.go"), "package models\n\ntype Seed struct{}\n")
		},
		want: []string{"models/old.go:3:6: Seed is already declared", "hint: choose another model name"},
	}, {
		name:  "constructor already declared",
		model: Model{Name: "seed", Outputs: []string{"build"}},
		setup: func(t *testing.T, root string) {
			writeFile(t, filepath.Join(root, "models", "old.go"), "package models\n\nfunc NewSeed() {}\n")
		},
		want: []string{"NewSeed is already declared"},
	}, {
		name:  "test already declared",
		model: Model{Name: "seed", Outputs: []string{"build"}},
		setup: func(t *testing.T, root string) {
			writeFile(t, filepath.Join(root, "models", "old_test.go"), "package models_test\n\nimport \"testing\"\n\nfunc TestSeed(t *testing.T) {}\n")
		},
		want: []string{"TestSeed is already declared"},
	}, {
		name:  "models do not parse",
		model: Model{Name: "seed", Outputs: []string{"build"}},
		setup: func(t *testing.T, root string) {
			writeFile(t, filepath.Join(root, "models", "old.go"), "package models\n\nfunc {\n")
		},
		want: []string{"reading the models package:", "old.go:3:6"},
	}, {
		name:  "not in a module",
		model: Model{Name: "seed", Outputs: []string{"build"}},
		setup: func(t *testing.T, root string) { os.Remove(filepath.Join(root, "go.mod")) },
		want:  []string{"is not in a Go module", `hint: run "go mod init MODULE"`},
	}, {
		name:  "go.mod without a module line",
		model: Model{Name: "seed", Outputs: []string{"build"}},
		setup: func(t *testing.T, root string) { writeFile(t, filepath.Join(root, "go.mod"), "go 1.26\n") },
		want:  []string{"go.mod has no module line"},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			root := copyProject(t)
			if tc.setup != nil {
				tc.setup(t, root)
			}
			_, err := ModelFiles(root, tc.model)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
		})
	}
}

func TestModelReportsProjectProblems(t *testing.T) {
	root := copyProject(t)
	writeFile(t, filepath.Join(root, "schemas", "bad.json"), `{"type": "object", "properties": {"x": {"type": "money"}}}`)
	_, err := ModelFiles(root, Model{Name: "seed", Outputs: []string{"build"}})
	var problems diag.List
	if !errors.As(err, &problems) {
		t.Fatalf("err = %v (%T), want a diag.List", err, err)
	}
	if !strings.Contains(problems[0].Pos.File, "bad.json") {
		t.Errorf("problem not in bad.json: %v", problems)
	}
}

// TestModelPackageAndImports scaffolds into an existing models package of
// another name, with the generated package under a path whose last
// element is not its name, so both imports need a name.
func TestModelPackageAndImports(t *testing.T) {
	root := copyProject(t)
	writeFile(t, filepath.Join(root, "ayeaye.yaml"), "version: 1\nformats: [json]\noutput:\n  dir: internal/gen-data\n  package: records\n")
	writeFile(t, filepath.Join(root, "models", "doc.go"), "// Package etl holds models.\npackage etl\n")
	files, err := ModelFiles(root, Model{Name: "seed", Inputs: []string{"customers"}, Outputs: []string{"build"}})
	if err != nil {
		t.Fatal(err)
	}
	checkGoFiles(t, files)
	for _, want := range []string{"package etl\n", `records "example.com/shop/internal/gen-data"`, "Build(ctx context.Context)", "runtime.Input[records.Customer]"} {
		if !strings.Contains(string(files[0].Content), want) {
			t.Errorf("%s lacks %q:\n%s", files[0].Path, want, files[0].Content)
		}
	}
	for _, want := range []string{"package etl_test\n", `etl "example.com/shop/models"`, "etl.NewSeed()", "modeltest.Fixture(h, records.CustomersDataset, []records.Customer{{"} {
		if !strings.Contains(string(files[1].Content), want) {
			t.Errorf("%s lacks %q:\n%s", files[1].Path, want, files[1].Content)
		}
	}
}

func TestModulePath(t *testing.T) {
	for in, want := range map[string]string{
		"module example.com/x\n":                "example.com/x",
		"// c\nmodule \"example.com/q\" // c\n": "example.com/q",
		"modules x\nmodule\ty\n":                "y",
		"go 1.26\n":                             "",
		"module\n":                              "",
	} {
		if got := modulePath([]byte(in)); got != want {
			t.Errorf("modulePath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestAndList(t *testing.T) {
	got := []string{andList(nil), andList([]string{"a"}), andList([]string{"a", "b"}), andList([]string{"a", "b", "c"})}
	if diff := cmp.Diff([]string{"nothing", "a", "a and b", "a, b and c"}, got); diff != "" {
		t.Error(diff)
	}
}

// FuzzModelName checks that any model name is either accepted as a file
// and Go name or refused with a hint, never a panic.
func FuzzModelName(f *testing.F) {
	for _, s := range []string{"summary", "PaintOrders", "paint-orders", "", "2x", "élan", "a__b", "_", "名前"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if modelName.MatchString(name) {
			return
		}
		hint := nameHint(name)
		s, ok := strings.CutPrefix(hint, "for example ")
		if !ok || !modelName.MatchString(s) {
			t.Errorf("nameHint(%q) = %q, not a valid example", name, hint)
		}
	})
}
