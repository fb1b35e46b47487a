package render

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ayeaye-go/ayeaye/gen"
)

// Rename is an exported identifier of the generated package that a new
// generation declares under another name. Fields are written
// Type.Field, with the new type's name in New.
type Rename struct {
	Package  string // the generated package's name, e.g. "datasets"
	Old, New string
}

// Renames compares the identifiers declared in the generated files on
// disk with those res would write in their place, so generate can say
// once, when it overwrites them, what user code must now call things.
// Within one file, declarations of one kind (types, functions, variables,
// constants, the fields of one struct) that disappear are paired in order
// with those that appear, when as many appear as disappear; a name that is
// still declared anywhere in the new package is not renamed. Files that
// cannot be read or parsed are skipped: this is advice, never a reason to
// fail.
func Renames(res *gen.Result) []Rename {
	if res == nil {
		return nil
	}
	var olds, news []*decls
	all := map[string]bool{}
	for _, f := range res.Files {
		nd := declsOf(f.Content)
		if nd == nil {
			continue
		}
		for _, g := range nd.groups {
			for _, id := range g {
				all[id] = true
			}
		}
		old, err := os.ReadFile(filepath.Join(res.Root, filepath.FromSlash(f.Path)))
		if err != nil || !hasHeader(old) {
			continue
		}
		if od := declsOf(old); od != nil {
			olds, news = append(olds, od), append(news, nd)
		}
	}
	var out []Rename
	seen := map[string]bool{}
	for i, od := range olds {
		nd := news[i]
		types := pair(od.groups["type"], nd.groups["type"], all)
		for _, kind := range od.order {
			newKind, known := kind, all
			t, isField := strings.CutPrefix(kind, "field ")
			nt := t
			if isField {
				if renamed, ok := types[t]; ok {
					nt = renamed
				}
				// Fields live in their struct: a top-level name is no move.
				newKind, known = "field "+nt, nil
			}
			for old, nw := range pair(od.groups[kind], nd.groups[newKind], known) {
				r := Rename{Package: nd.pkg, Old: old, New: nw}
				if isField {
					r.Old, r.New = t+"."+old, nt+"."+nw
				}
				if !seen[r.Old] {
					seen[r.Old] = true
					out = append(out, r)
				}
			}
		}
	}
	slices.SortFunc(out, func(a, b Rename) int { return strings.Compare(a.Old, b.Old) })
	return out
}

// decls are a file's exported declarations by kind, in file order.
type decls struct {
	pkg    string
	groups map[string][]string
	order  []string // kinds in first-seen order, so output is stable
}

func (d *decls) add(kind, id string) {
	if !token.IsExported(id) {
		return
	}
	if _, ok := d.groups[kind]; !ok {
		d.order = append(d.order, kind)
	}
	d.groups[kind] = append(d.groups[kind], id)
}

func declsOf(src []byte) *decls {
	f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.SkipObjectResolution)
	if err != nil {
		return nil
	}
	d := &decls{pkg: f.Name.Name, groups: map[string][]string{}}
	for _, decl := range f.Decls {
		switch decl := decl.(type) {
		case *ast.FuncDecl:
			if decl.Recv == nil {
				d.add("func", decl.Name.Name)
			}
		case *ast.GenDecl:
			for _, spec := range decl.Specs {
				switch spec := spec.(type) {
				case *ast.TypeSpec:
					d.add("type", spec.Name.Name)
					if st, ok := spec.Type.(*ast.StructType); ok && token.IsExported(spec.Name.Name) {
						for _, fl := range st.Fields.List {
							for _, n := range fl.Names {
								d.add("field "+spec.Name.Name, n.Name)
							}
						}
					}
				case *ast.ValueSpec:
					kind := "var"
					if decl.Tok == token.CONST {
						kind = "const"
					}
					for _, n := range spec.Names {
						d.add(kind, n.Name)
					}
				}
			}
		}
	}
	return d
}

// pair matches the names of old missing from new with the names of new
// missing from old, in order, when there are as many of each. Names still
// declared in the new package (all) are moves, not renames.
func pair(old, new []string, all map[string]bool) map[string]string {
	var gone, came []string
	for _, o := range old {
		if !slices.Contains(new, o) && !all[o] {
			gone = append(gone, o)
		}
	}
	for _, n := range new {
		if !slices.Contains(old, n) {
			came = append(came, n)
		}
	}
	out := map[string]string{}
	if len(gone) != len(came) {
		return out
	}
	for i := range gone {
		out[gone[i]] = came[i]
	}
	return out
}
