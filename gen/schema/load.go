package schema

import (
	"cmp"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ayeaye-go/ayeaye/gen/diag"
	"github.com/ayeaye-go/ayeaye/gen/ir"
)

// Load reads the schema files (paths relative to root, any order) and
// returns datasets sorted by Name. Every problem in every file is
// reported; the datasets are nil when there is any. Duplicate dataset
// names across files are one diagnostic naming both positions.
func Load(root string, files []string) ([]*ir.Dataset, diag.List) {
	datasets, _, diags := LoadAll(root, files)
	if len(diags) > 0 {
		return nil, diags
	}
	return datasets, nil
}

// LoadAll is Load for callers that check further what could be read, so
// that one pass reports every problem: it returns, with every problem, the
// datasets of the files that have none (sorted by Name), and the names of
// the datasets that failed (x-ayeaye.name when it could be read, else the
// file name without extension), so that checks of what refers to them
// (config overrides) can tell "no such dataset" from "its schema has
// problems".
func LoadAll(root string, files []string) (ok []*ir.Dataset, failed []string, diags diag.List) {
	var all []*parsedFile
	for _, f := range files {
		rel := filepath.ToSlash(f)
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
		if err != nil {
			diags.Add(diag.Pos{File: rel}, "check the schema list in the project config",
				"cannot read schema file: %v", unwrapPathError(err))
			failed = append(failed, defaultName(rel))
			continue
		}
		ds, b, d := parse(rel, data)
		diags = append(diags, d...)
		switch {
		case ds != nil:
			all = append(all, &parsedFile{ds: ds, b: b, namePos: b.namePos, bad: len(d) > 0})
		case len(d) > 0:
			failed = append(failed, defaultName(rel))
		}
	}
	// Name clashes are reported against the file that sorts first, so the
	// message does not depend on the order files were listed in.
	slices.SortStableFunc(all, func(a, b *parsedFile) int {
		return cmp.Or(cmp.Compare(a.ds.Name, b.ds.Name), cmp.Compare(a.ds.Source, b.ds.Source))
	})
	first := 0
	for i := 1; i < len(all); i++ {
		if all[i].ds.Name != all[first].ds.Name {
			first = i
			continue
		}
		diags.Add(all[i].namePos, "give one of them another x-ayeaye.name",
			"dataset name %q is also used by %s", all[i].ds.Name, all[first].namePos)
		all[i].bad = true
	}
	diags = append(diags, shareRecords(all)...) // shared.go
	for _, p := range all {
		if p.bad {
			failed = append(failed, p.ds.Name)
		} else {
			ok = append(ok, p.ds)
		}
	}
	diags.Sort()
	return ok, failed, diags
}

// unwrapPathError drops the path from an *os.PathError: the diagnostic
// already names the file.
func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	return err
}

// Parse builds one dataset from a file's bytes. path is used for
// positions and ir.Dataset.Source (slash form); its extension (.json,
// .yaml, .yml) picks the syntax. The dataset is nil when there are
// diagnostics.
//
// A schema that shares another dataset's record (x-ayeaye.record) without
// repeating its properties cannot be read on its own: it is an error here,
// and only LoadAll, which sees the other schema, resolves it.
func Parse(path string, data []byte) (*ir.Dataset, diag.List) {
	ds, _, diags := parse(filepath.ToSlash(path), data)
	if len(diags) == 0 && ds.Record == nil && ds.RecordOf != "" {
		diags.Add(ds.RecordOfPos, "read it within its project (ayeaye-gen vet), or use the schema its dataset publishes in its manifests, where the record is written out",
			"the schema shares the record of dataset %q (x-ayeaye.record), which is in another file", ds.RecordOf)
	}
	if len(diags) > 0 {
		return nil, diags
	}
	return ds, nil
}

// parse is Parse that also returns what it could build despite problems
// (nil after a syntax error), and its builder, which knows where the
// dataset's name is written and holds the document for sharing records.
func parse(file string, data []byte) (*ir.Dataset, *builder, diag.List) {
	var diags diag.List
	var root *node
	switch ext := strings.ToLower(path.Ext(file)); ext {
	case ".json":
		root = parseJSON(file, data, &diags)
	case ".yaml", ".yml":
		root = parseYAML(file, data, &diags)
	default:
		diags.Add(diag.Pos{File: file}, "name schema files *.json, *.yaml or *.yml",
			"cannot tell the syntax of schema file from its extension %q", ext)
		return nil, nil, diags
	}
	if root == nil {
		diags.Sort()
		return nil, nil, diags
	}
	setPointers(root, "")
	b := &builder{file: file, root: root}
	ds := b.dataset()
	validateMeta(root, b.wasReported, &b.diags)
	diags = append(diags, b.diags...)
	diags.Sort()
	return ds, b, diags
}
