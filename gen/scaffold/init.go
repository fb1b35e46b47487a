package scaffold

import (
	"fmt"
	"go/token"
	"os"
	"path"
	"path/filepath"
	goruntime "runtime"
	"strings"

	"github.com/ayeaye-go/ayeaye/gen"
	"github.com/ayeaye-go/ayeaye/schemas"
)

// Project describes a new project for Init.
type Project struct {
	// Name is the project's name: the binary's (cmd/<Name>) and the one
	// its messages use. NewProject takes it from the directory's name.
	Name string
	// Package is the name of the root package, which embeds ayeaye.yaml
	// for the binary. It is Name as a Go package name.
	Package string
	// Module is the module path written in go.mod.
	Module string
	// GoVersion is the go line of go.mod, such as "1.26".
	GoVersion string
	// Version is the version of Aye-aye go.mod requires, such as
	// "v0.4.0"; empty leaves the requirement out, for go mod tidy to add
	// (the case of a development build, which has no version to name).
	Version string
}

// fallbackGoVersion is the go line when the toolchain's version cannot be
// read (a development toolchain); it is the first Go that Aye-aye
// supports.
const fallbackGoVersion = "1.26"

// NewProject describes a project in dir: its name comes from dir's base
// name, made safe for a directory and a binary (lower case letters,
// digits, '-' and '_'), and its module path is module, or the name when
// module is empty. GoVersion is that of the toolchain running the code.
func NewProject(dir, module string) (Project, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return Project{}, err
	}
	base := filepath.Base(abs)
	name := sanitizeName(base)
	if name == "" {
		return Project{}, fmt.Errorf("cannot make a project name from the directory name %q\n\thint: name the directory with letters and digits, such as %q", base, "sales-etl")
	}
	if module == "" {
		module = name
	}
	if err := checkModulePath(module); err != nil {
		return Project{}, err
	}
	return Project{Name: name, Package: packageName(name), Module: module, GoVersion: goVersion(goruntime.Version())}, nil
}

// sanitizeName lower-cases s and keeps ASCII letters, digits, '-' and
// '_', turning each run of anything else into one '-'.
func sanitizeName(s string) string {
	var b strings.Builder
	sep := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			if sep && b.Len() > 0 {
				b.WriteByte('-')
			}
			sep = false
			b.WriteRune(r)
			continue
		}
		sep = true
	}
	return strings.Trim(b.String(), "-_")
}

// packageName turns a project name into a Go package name: letters and
// digits only, an "x" before a leading digit, and a "pkg" suffix when the
// name is a keyword, "main" (which would make the package a command) or
// a package main.go imports next to it.
func packageName(name string) string {
	p := strings.NewReplacer("-", "", "_", "").Replace(name)
	if p == "" {
		p = "project"
	}
	if p[0] >= '0' && p[0] <= '9' {
		p = "x" + p
	}
	switch {
	case token.IsKeyword(p), p == "main", p == "models", p == "runtime", p == "cli":
		p += "pkg"
	}
	return p
}

// goVersion turns runtime.Version ("go1.26.8") into a go.mod go line
// ("1.26.8"); anything else (a development toolchain) gives the fallback.
func goVersion(v string) string {
	v, ok := strings.CutPrefix(v, "go")
	if !ok || v == "" || strings.ContainsAny(v, " -+") {
		return fallbackGoVersion
	}
	for _, r := range v {
		if (r < '0' || r > '9') && r != '.' {
			return fallbackGoVersion // a pre-release such as 1.27rc1
		}
	}
	return v
}

// checkModulePath catches module paths go.mod would reject, with the
// rule broken; the go command has the last word.
func checkModulePath(m string) error {
	hint := "\n\thint: a module path is slash-separated elements of letters, digits and - . _ ~, such as example.com/sales-etl or github.com/you/sales-etl"
	if m == "" || strings.HasPrefix(m, "/") || strings.HasSuffix(m, "/") {
		return fmt.Errorf("module path %q cannot be empty or start or end with a slash%s", m, hint)
	}
	for _, elem := range strings.Split(m, "/") {
		switch {
		case elem == "":
			return fmt.Errorf("module path %q has an empty element (two slashes in a row)%s", m, hint)
		case elem == "." || elem == "..":
			return fmt.Errorf("module path %q has a %q element%s", m, elem, hint)
		case strings.HasPrefix(elem, "-"), strings.HasPrefix(elem, "."), strings.HasSuffix(elem, "."):
			return fmt.Errorf("module path %q: element %q cannot start with '-' or '.', or end with '.'%s", m, elem, hint)
		}
		for _, r := range elem {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-._~", r)) {
				return fmt.Errorf("module path %q holds %q, which module paths cannot%s", m, r, hint)
			}
		}
	}
	return nil
}

// initData is what the init templates see.
type initData struct {
	Project
	AyeayeModule string
	SchemaURL    string // the JSON Schema of ayeaye.yaml, for editors
	// ImportAlias is set when the root package's name is not the last
	// element of its import path, so main.go names it explicitly.
	ImportAlias bool
}

// initManifest maps each init template to the file it becomes.
func initManifest(p Project) []struct{ tmpl, path string } {
	return []struct{ tmpl, path string }{
		{"init/go.mod.tmpl", "go.mod"},
		{"init/ayeaye.yaml.tmpl", gen.ConfigFile},
		{"init/project.go.tmpl", p.Package + ".go"},
		{"init/gitignore.tmpl", ".gitignore"},
		{"init/README.md.tmpl", "README.md"},
		{"init/schemas/people.json.tmpl", "schemas/people.json"},
		{"init/schemas/cities.json.tmpl", "schemas/cities.json"},
		{"init/data/people.csv.tmpl", "data/people.csv"},
		{"init/cmd/main.go.tmpl", "cmd/" + p.Name + "/main.go"},
		{"init/models/doc.go.tmpl", "models/doc.go"},
		{"init/models/cities.go.tmpl", "models/cities.go"},
		{"init/models/cities_test.go.tmpl", "models/cities_test.go"},
		{"init/models/testdata/people.csv.tmpl", "models/testdata/people.csv"},
	}
}

// RenderInit renders the init templates for p: every file of a new
// project except the generated code (see InitFiles).
func RenderInit(p Project) ([]File, error) {
	if p.Name == "" || p.Package == "" || p.Module == "" || p.GoVersion == "" {
		return nil, fmt.Errorf("scaffold: Project needs Name, Package, Module and GoVersion; use NewProject")
	}
	data := initData{
		Project:      p,
		AyeayeModule: AyeayeModule,
		SchemaURL:    schemas.BaseURL + "ayeaye.schema.json",
		ImportAlias:  path.Base(p.Module) != p.Package,
	}
	var files []File
	for _, m := range initManifest(p) {
		content, err := execute(m.tmpl, data)
		if err != nil {
			return nil, err
		}
		files = append(files, File{Path: m.path, Content: content})
	}
	return files, nil
}

// InitFiles returns every file of a new project: the rendered templates
// and the code "ayeaye-gen generate" makes from their schemas, so the
// project compiles, and go mod tidy finds its packages, before go
// generate has ever run.
func InitFiles(p Project) ([]File, error) {
	files, err := RenderInit(p)
	if err != nil {
		return nil, err
	}
	// Generation reads a project on disk: give it the config and schemas
	// in a scratch directory.
	tmp, err := os.MkdirTemp("", "ayeaye-init-*")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	for _, f := range files {
		if f.Path == gen.ConfigFile || strings.HasPrefix(f.Path, "schemas/") {
			if err := writeNew(filepath.Join(tmp, filepath.FromSlash(f.Path)), f.Content); err != nil {
				return nil, err
			}
		}
	}
	res, problems := gen.Generate(tmp)
	if len(problems) > 0 {
		return nil, fmt.Errorf("the init templates do not generate (a bug in ayeaye-gen; please report it):\n%v", problems)
	}
	for _, g := range res.Files {
		files = append(files, File{Path: g.Path, Content: g.Content})
	}
	return files, nil
}

// Init creates the project p in dir (made if missing), refusing with an
// *ExistsError, before writing anything, when any of its files exists.
// It returns the paths written.
func Init(dir string, p Project) ([]string, error) {
	if info, err := os.Stat(dir); err == nil && !info.IsDir() {
		return nil, fmt.Errorf("%s is a file, not a directory\n\thint: name a new or existing directory for the project", dir)
	}
	files, err := InitFiles(p)
	if err != nil {
		return nil, err
	}
	return Write(dir, files)
}
