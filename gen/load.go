package gen

import (
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ayeaye-go/ayeaye/gen/config"
	"github.com/ayeaye-go/ayeaye/gen/diag"
	"github.com/ayeaye-go/ayeaye/gen/golang"
	"github.com/ayeaye-go/ayeaye/gen/ir"
	"github.com/ayeaye-go/ayeaye/gen/naming"
	"github.com/ayeaye-go/ayeaye/gen/schema"
)

// project is a loaded config with its schemas, ready to emit.
type project struct {
	root     string
	cfg      *config.Config
	namer    *naming.Namer
	datasets []*ir.Dataset
}

// ConfigFile is the name of the project config file.
const ConfigFile = "ayeaye.yaml"

// load reads the config and the schemas and checks everything that can be
// checked before emitting, reporting every problem of every stage in one
// list: a config with problems still gives its readable settings (defaults
// for the rest) to the schema checks, and schemas with problems are left
// out of the later checks while the others go on to them.
func load(root string) (*project, diag.List) {
	cfg, unread, diags := config.LoadAll(filepath.Join(root, ConfigFile))
	if unread {
		for i := range diags {
			diags[i].Hint = strings.TrimPrefix(diags[i].Hint+"; ", "; ") +
				"meanwhile the schemas were checked with the default settings"
		}
	}
	cfgPos := diag.Pos{File: cfg.File}
	namer, err := naming.New(cfg.Naming.Initialisms)
	if err != nil {
		diags.Add(cfgPos, "initialisms are letters and digits, like SKU or EAN", "naming.initialisms: %v", err)
		namer, _ = naming.New(nil)
	}
	p := &project{root: root, cfg: cfg, namer: namer}
	files, err := cfg.SchemaFiles()
	if err != nil {
		// Default globs that match nothing say nothing about a config
		// that could not be read.
		if !unread {
			diags = append(diags, err.(diag.List)...)
		}
		return p, diags
	}
	datasets, failed, schemaDiags := schema.LoadAll(cfg.Dir, files)
	// Schema positions are relative to the project; show them relative to
	// where the user ran the command, like the config's.
	for i := range schemaDiags {
		if schemaDiags[i].Pos.File != "" && !filepath.IsAbs(schemaDiags[i].Pos.File) {
			schemaDiags[i].Pos.File = filepath.ToSlash(filepath.Join(cfg.Dir, schemaDiags[i].Pos.File))
		}
	}
	diags = append(diags, schemaDiags...)
	diags = append(diags, applyOverrides(cfg.Overrides, datasets, failed)...)
	p.datasets = datasets
	return p, diags
}

func (p *project) emit() (*Result, diag.List) {
	files, diags := golang.Emit(p.datasets, golang.Options{
		Package:  p.cfg.Output.Package,
		Formats:  p.cfg.Formats,
		Nullable: p.cfg.Nullable,
		Namer:    p.namer,
	})
	for i := range diags {
		if f := diags[i].Pos.File; f != "" && !filepath.IsAbs(f) && !strings.HasPrefix(f, filepath.ToSlash(p.cfg.Dir)+"/") {
			diags[i].Pos.File = filepath.ToSlash(filepath.Join(p.cfg.Dir, f))
		}
	}
	if len(diags) > 0 {
		return nil, diags
	}
	abs, err := filepath.Abs(p.cfg.Dir)
	if err != nil {
		var l diag.List
		l.Add(diag.Pos{File: p.cfg.File}, "", "cannot resolve the project directory: %v", err)
		return nil, l
	}
	drivers := p.drivers()
	df, ok, err := golang.EmitDrivers(DriversFile, p.cfg.Output.Package, drivers)
	if err != nil {
		var l diag.List
		l.Add(diag.Pos{File: p.cfg.File}, "this is a bug in ayeaye-gen; please report it with the config", "generating %s: %v", DriversFile, err)
		return nil, l
	}
	if ok {
		if i := slices.IndexFunc(files, func(f golang.File) bool { return f.Name == df.Name }); i >= 0 {
			var l diag.List
			l.Add(diag.Pos{File: files[i].Source}, "rename the dataset (x-ayeaye.name): ayeaye-gen writes the driver imports to "+DriversFile,
				"the dataset's generated file %s is the name of the driver imports' file", df.Name)
			return nil, l
		}
		files = append(files, df)
		slices.SortFunc(files, func(a, b golang.File) int { return strings.Compare(a.Name, b.Name) })
	}
	out := path.Clean(filepath.ToSlash(p.cfg.Output.Dir))
	res := &Result{Root: abs, OutputDir: out, Drivers: drivers}
	for _, f := range files {
		res.Files = append(res.Files, File{Path: path.Join(out, f.Name), Source: f.Source, Content: f.Content})
	}
	return res, nil
}

// applyOverrides sets the widths the config asks for on the fields it
// names, reporting fields that do not exist or cannot take the type.
// Overrides of datasets whose schemas failed are not checked: their
// problems are already reported.
func applyOverrides(overrides []config.Override, datasets []*ir.Dataset, failed []string) diag.List {
	var diags diag.List
	byName := map[string]*ir.Dataset{}
	for _, d := range datasets {
		byName[d.Name] = d
	}
	for _, o := range overrides {
		dataset, _, _ := strings.Cut(o.Field, ".")
		if _, ok := byName[dataset]; !ok && slices.Contains(failed, dataset) {
			continue
		}
		if d := byName[dataset]; d != nil && d.RecordOf != "" {
			// The Go type is the shared one: a width set here would change
			// the other dataset's records too.
			diags.Add(o.Pos, fmt.Sprintf("override %s%s instead: the record type is that dataset's", d.RecordOf, strings.TrimPrefix(o.Field, dataset)),
				"override %q: dataset %q shares the record of dataset %q (x-ayeaye.record)", o.Field, dataset, d.RecordOf)
			continue
		}
		t, err := findField(byName, o.Field)
		if err != nil {
			diags.Add(o.Pos, "write the field as <dataset>.<property>[.<nested property>…]", "override %q: %v", o.Field, err)
			continue
		}
		for t.Kind == ir.Array {
			t = t.Elem
		}
		kind, bits := ir.Int, 0
		if _, err := fmt.Sscanf(o.Type, "int%d", &bits); err != nil {
			kind = ir.Float
			fmt.Sscanf(o.Type, "float%d", &bits)
		}
		if t.Kind != kind {
			diags.Add(o.Pos, "integer fields take int8…int64 and number fields float32 or float64",
				"override %q: type %s does not fit a field of type %s", o.Field, o.Type, t.Kind)
			continue
		}
		t.Bits = bits
	}
	return diags
}

func findField(datasets map[string]*ir.Dataset, ref string) (*ir.Type, error) {
	parts := strings.Split(ref, ".")
	d, ok := datasets[parts[0]]
	if !ok || len(parts) < 2 {
		return nil, fmt.Errorf("no dataset %q", parts[0])
	}
	obj := d.Record
	for i, name := range parts[1:] {
		var found *ir.Field
		for _, f := range obj.Fields {
			if f.Name == name {
				found = f
			}
		}
		if found == nil {
			return nil, fmt.Errorf("dataset %q has no property %q", d.Name, strings.Join(parts[1:i+2], "."))
		}
		t := found.Type
		for t.Kind == ir.Array {
			t = t.Elem
		}
		if i == len(parts)-2 {
			return found.Type, nil
		}
		if t.Kind != ir.Record {
			return nil, fmt.Errorf("property %q is not an object", strings.Join(parts[1:i+2], "."))
		}
		obj = t.Object
	}
	return nil, fmt.Errorf("no field")
}
