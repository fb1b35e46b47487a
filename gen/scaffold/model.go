package scaffold

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/ayeaye-go/ayeaye/gen"
	"github.com/ayeaye-go/ayeaye/gen/config"
	"github.com/ayeaye-go/ayeaye/gen/golang"
	"github.com/ayeaye-go/ayeaye/gen/naming"
	"github.com/ayeaye-go/ayeaye/gen/schema"
	"github.com/ayeaye-go/ayeaye/internal/listing"
	"github.com/ayeaye-go/ayeaye/internal/suggest"
)

// ModelsDir is the directory, relative to the project root, that model
// scaffolds are written in.
const ModelsDir = "models"

// Model describes a model for ModelFiles.
type Model struct {
	// Name is the model's name, in lower case letters, digits and '_'
	// (paint_orders): its file is models/<Name>.go and its type the Go
	// form of the name (PaintOrders).
	Name    string
	Inputs  []string // names of the datasets it reads
	Outputs []string // names of the datasets it writes
}

// modelName is the form of a model name: it is also a file name and what
// a binary's `run NAME` calls the model.
var modelName = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// ModelFiles renders models/<name>.go and models/<name>_test.go for the
// project whose ayeaye.yaml is in root. The project must be sound (every
// problem "ayeaye-gen vet" would report is returned, as a diag.List) and
// must be inside a Go module, whose path the files import the generated
// package by. Dataset names are checked against the schemas; an unknown
// one is an error listing the known ones. When either file exists, or the
// models package already declares the type, its constructor or its test,
// ModelFiles refuses (an *ExistsError for files), so Write after it only
// fails if something changes in between.
func ModelFiles(root string, m Model) ([]File, error) {
	if !modelName.MatchString(m.Name) {
		return nil, fmt.Errorf("model name %q: use lower case letters, digits and _, starting with a letter\n\thint: %s", m.Name, nameHint(m.Name))
	}
	if problems := gen.Vet(root); len(problems) > 0 {
		return nil, problems
	}
	cfg, problems := config.Load(filepath.Join(root, gen.ConfigFile))
	if len(problems) > 0 {
		return nil, problems
	}
	namer, err := naming.New(cfg.Naming.Initialisms)
	if err != nil {
		return nil, err
	}
	files, err := cfg.SchemaFiles()
	if err != nil {
		return nil, err
	}
	ds, problems := schema.Load(cfg.Dir, files)
	if len(problems) > 0 {
		return nil, problems
	}
	decls, problems := golang.Declarations(ds, namer, cfg.Output.Package)
	if len(problems) > 0 {
		return nil, problems
	}
	byName := map[string]golang.Decl{}
	var known []string
	for _, d := range decls {
		byName[d.Dataset] = d
		known = append(known, d.Dataset)
	}
	if err := checkPorts(m, byName, known); err != nil {
		return nil, err
	}

	modDir, modPath, err := findModule(root)
	if err != nil {
		return nil, err
	}
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	modelsDir := filepath.Join(absRoot, ModelsDir)
	// The files themselves existing is the plainer refusal, before any
	// clash of names declared in them.
	targets := []File{{Path: path.Join(ModelsDir, m.Name+".go")}, {Path: path.Join(ModelsDir, m.Name+"_test.go")}}
	if err := checkAbsent(root, targets); err != nil {
		return nil, err
	}
	// Scanned as the user named root, so positions read as they would.
	pkg, declared, err := scanPackage(filepath.Join(root, ModelsDir))
	if err != nil {
		return nil, err
	}
	data := modelData{
		Package:        pkg,
		Name:           m.Name,
		Type:           namer.Exported(m.Name),
		File:           path.Join(ModelsDir, m.Name+".go"),
		DatasetsPkg:    cfg.Output.Package,
		DatasetsImport: importPath(modPath, modDir, filepath.Join(absRoot, filepath.FromSlash(cfg.Output.Dir))),
		ModelsImport:   importPath(modPath, modDir, modelsDir),
		AyeayeModule:   AyeayeModule,
		Does:           does(m),
	}
	data.DatasetsAlias = path.Base(data.DatasetsImport) != data.DatasetsPkg
	data.ModelsAlias = path.Base(data.ModelsImport) != data.Package
	for _, name := range []string{data.Type, "New" + data.Type, "Test" + data.Type} {
		if at, ok := declared[name]; ok {
			return nil, fmt.Errorf("%s: %s is already declared\n\thint: choose another model name, or remove the old model first", at, name)
		}
	}

	// Loop variables live in Build next to m, ctx, err and the imported
	// packages; a record named like one of them gets a longer name.
	taken := []string{"m", "ctx", "err", "errors", "context", "runtime", data.DatasetsPkg}
	fields := map[string]string{}
	imports := map[string]bool{}
	port := func(name string) (modelPort, error) {
		d := byName[name]
		field := namer.Exported(name)
		switch field {
		case data.Type, "Build", "PreBuild", "PostBuild":
			field += "Data" // a field cannot share a name with a method
		}
		if other, ok := fields[field]; ok {
			return modelPort{}, fmt.Errorf("datasets %q and %q both make the model field %s\n\thint: rename one in the model file after it is written, or scaffold the model with one of them", other, name, field)
		}
		fields[field] = name
		loop := namer.Unexported(d.Record)
		if slices.Contains(taken, loop) {
			loop += "Record"
		}
		p := modelPort{Field: field, Dataset: name, Var: d.Var, Record: d.Record, Loop: loop}
		var nullable []string
		for _, f := range d.Fields {
			if f.Nullable {
				nullable = append(nullable, f.Name)
				continue
			}
			p.Fixture = append(p.Fixture, fixtureField{Name: f.Name, Example: f.Example})
		}
		p.Nullable = strings.Join(nullable, ", ")
		return p, nil
	}
	for _, name := range m.Inputs {
		p, err := port(name)
		if err != nil {
			return nil, err
		}
		for _, f := range byName[name].Fields {
			if !f.Nullable {
				for _, imp := range f.Imports {
					imports[imp] = true
				}
			}
		}
		data.Inputs = append(data.Inputs, p)
	}
	for _, name := range m.Outputs {
		p, err := port(name)
		if err != nil {
			return nil, err
		}
		data.Outputs = append(data.Outputs, p)
	}
	for imp := range imports {
		if strings.Contains(imp, ".") {
			data.OtherImports = append(data.OtherImports, imp)
		} else {
			data.StdImports = append(data.StdImports, imp)
		}
	}
	slices.Sort(data.StdImports)
	slices.Sort(data.OtherImports)

	var out []File
	for _, f := range []struct{ tmpl, name string }{
		{"model/model.go.tmpl", m.Name + ".go"},
		{"model/model_test.go.tmpl", m.Name + "_test.go"},
	} {
		content, err := execute(f.tmpl, data)
		if err != nil {
			return nil, err
		}
		out = append(out, File{Path: path.Join(ModelsDir, f.name), Content: content})
	}
	return out, nil
}

// modelData is what the model templates see.
type modelData struct {
	Package string // the models package's name
	Name    string // the model's name, e.g. paint_orders
	Type    string // its Go type, e.g. PaintOrders
	File    string // its file, for messages

	DatasetsPkg    string // the generated package's name
	DatasetsImport string
	DatasetsAlias  bool // the import needs an explicit name
	ModelsImport   string
	ModelsAlias    bool
	AyeayeModule   string

	Inputs, Outputs []modelPort
	// Does says what the model reads and writes, in prose: "reads people
	// and writes cities".
	Does string

	// StdImports and OtherImports are what the fixtures' example values
	// need besides the usual imports of the test.
	StdImports, OtherImports []string
}

// modelPort is one input or output field of a model.
type modelPort struct {
	Field   string // the model's struct field
	Dataset string
	Var     string // the generated *runtime.Dataset variable
	Record  string // its record type
	Loop    string // the variable Build ranges over records with
	Fixture []fixtureField
	// Nullable lists the record's nullable fields, which the fixture
	// leaves out (they are null then).
	Nullable string
}

type fixtureField struct{ Name, Example string }

// checkPorts checks that the model reads and writes something, and only
// datasets the schemas declare, each once.
func checkPorts(m Model, byName map[string]golang.Decl, known []string) error {
	if len(m.Outputs) == 0 {
		return fmt.Errorf("model %s writes no dataset\n\thint: name what it writes with -out DATASET[,DATASET...]; a model's outputs are how the runtime orders and records it", m.Name)
	}
	var errs []error
	seen := map[string]string{}
	check := func(names []string, flag string) {
		for _, n := range names {
			if _, ok := byName[n]; !ok {
				hint := "known datasets: " + listing.Join(known, ", ")
				if s := suggest.Closest(n, known); s != "" {
					hint = fmt.Sprintf("did you mean %q? %s", s, hint)
				}
				errs = append(errs, fmt.Errorf("%s: no dataset %q in the project's schemas\n\thint: %s", flag, n, hint))
				continue
			}
			if prev, ok := seen[n]; ok {
				if prev == flag {
					errs = append(errs, fmt.Errorf("%s: dataset %q is listed twice", flag, n))
				} else {
					errs = append(errs, fmt.Errorf("dataset %q is both an input and an output\n\thint: a model cannot read what it writes; write a new dataset, and give it a schema", n))
				}
				continue
			}
			seen[n] = flag
		}
	}
	check(m.Inputs, "-in")
	check(m.Outputs, "-out")
	return errors.Join(errs...)
}

// nameHint suggests a valid model name for a bad one: snake_case from
// camelCase and anything else.
func nameHint(name string) string {
	var b strings.Builder
	prevLower := false
	for _, r := range name {
		switch {
		case r < unicode.MaxASCII && unicode.IsUpper(r):
			if prevLower {
				b.WriteByte('_')
			}
			b.WriteRune(unicode.ToLower(r))
			prevLower = false
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			prevLower = true
		default:
			if b.Len() > 0 && !strings.HasSuffix(b.String(), "_") {
				b.WriteByte('_')
			}
			prevLower = false
		}
	}
	s := strings.Trim(b.String(), "_")
	if s == "" || !modelName.MatchString(s) {
		return "for example paint_orders"
	}
	return fmt.Sprintf("for example %s", s)
}

// does says what m reads and writes, in prose.
func does(m Model) string {
	if len(m.Inputs) == 0 {
		return "writes " + andList(m.Outputs)
	}
	return "reads " + andList(m.Inputs) + " and writes " + andList(m.Outputs)
}

// andList writes names as prose: "a", "a and b", "a, b and c".
func andList(names []string) string {
	if len(names) == 0 {
		return "nothing"
	}
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// findModule finds the go.mod governing dir and returns its directory
// and module path.
func findModule(dir string) (modDir, modPath string, err error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", "", err
	}
	for d := abs; ; d = filepath.Dir(d) {
		data, err := os.ReadFile(filepath.Join(d, "go.mod"))
		if err == nil {
			mp := modulePath(data)
			if mp == "" {
				return "", "", fmt.Errorf("%s has no module line\n\thint: start it with \"module example.com/yourproject\"", filepath.Join(d, "go.mod"))
			}
			return d, mp, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", "", err
		}
		if filepath.Dir(d) == d {
			return "", "", fmt.Errorf("%s is not in a Go module, so the model cannot import the generated package\n\thint: run \"go mod init MODULE\" in the project root, or create the project with \"ayeaye-gen init\"", abs)
		}
	}
}

// modulePath returns the path on go.mod's module line, or "".
func modulePath(gomod []byte) string {
	for _, line := range strings.Split(string(gomod), "\n") {
		if i := strings.Index(line, "//"); i >= 0 {
			line = line[:i]
		}
		rest, ok := strings.CutPrefix(strings.TrimSpace(line), "module")
		if !ok || rest == "" || (rest[0] != ' ' && rest[0] != '\t' && rest[0] != '"') {
			continue
		}
		fields := strings.Fields(rest)
		if len(fields) == 0 {
			continue
		}
		return strings.Trim(fields[0], "\"`")
	}
	return ""
}

// importPath is the import path of directory dir in module modPath
// rooted at modDir.
func importPath(modPath, modDir, dir string) string {
	rel, err := filepath.Rel(modDir, dir)
	if err != nil || rel == "." {
		return modPath
	}
	return modPath + "/" + filepath.ToSlash(rel)
}

// scanPackage reads the Go files in dir, if any, for the package's name
// (default "models") and its top-level names, each with where it is
// declared. Test files count only for their Test functions, which the
// test scaffold could collide with.
func scanPackage(dir string) (pkg string, declared map[string]string, err error) {
	declared = map[string]string{}
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return ModelsDir, declared, nil
	}
	if err != nil {
		return "", nil, err
	}
	fset := token.NewFileSet()
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") {
			continue
		}
		p := filepath.Join(dir, name)
		f, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
		if err != nil {
			return "", nil, fmt.Errorf("reading the models package: %w\n\thint: fix the file so that the package parses, then scaffold the model", err)
		}
		test := strings.HasSuffix(name, "_test.go")
		if !test && pkg == "" {
			pkg = f.Name.Name
		}
		for _, d := range f.Decls {
			for _, id := range declNames(d) {
				if test && !strings.HasPrefix(id.Name, "Test") {
					continue
				}
				if _, ok := declared[id.Name]; !ok {
					declared[id.Name] = fset.Position(id.Pos()).String()
				}
			}
		}
	}
	if pkg == "" {
		pkg = ModelsDir
	}
	return pkg, declared, nil
}

// declNames lists the package-level names a declaration introduces.
func declNames(d ast.Decl) []*ast.Ident {
	var out []*ast.Ident
	switch d := d.(type) {
	case *ast.FuncDecl:
		if d.Recv == nil {
			out = append(out, d.Name)
		}
	case *ast.GenDecl:
		for _, s := range d.Specs {
			switch s := s.(type) {
			case *ast.TypeSpec:
				out = append(out, s.Name)
			case *ast.ValueSpec:
				out = append(out, s.Names...)
			}
		}
	}
	return out
}
