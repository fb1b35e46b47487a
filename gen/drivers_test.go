package gen

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ayeaye-go/ayeaye/gen/ir"
)

// writeProject writes a project of one ayeaye.yaml and schemas (name to
// engine URL) into a temporary directory.
func writeProject(t *testing.T, config string, urls map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	must(t, os.MkdirAll(filepath.Join(dir, "schemas"), 0o755))
	must(t, os.WriteFile(filepath.Join(dir, ConfigFile), []byte(config), 0o644))
	for name, u := range urls {
		doc := `{"type": "object", "x-ayeaye": {"name": "` + name + `", "engine_url": "` + u + `"}, "properties": {"id": {"type": "integer"}}}`
		must(t, os.WriteFile(filepath.Join(dir, "schemas", name+".json"), []byte(doc), 0o644))
	}
	return dir
}

// TestDrivers: every engine type and storage that needs a driver maps to
// its imports, from schemas, the catalogue and environment variables;
// built-in types and templated schemes need none.
func TestDrivers(t *testing.T) {
	const config = `version: 1
formats: [csv, sql]
environments:
  prod:
    vars:
      bucket: s3+csv://lake/raw
      root: /srv/data
catalogue:
  ops/stations: "azblob+csv://container/{root}/stations.csv"
  ops/sites: "{root}/sites.csv"
`
	dir := writeProject(t, config, map[string]string{
		"orders":   "s3+gz+csv://bucket/orders.csv.gz;region=eu-west-1",
		"shipped":  "gs+ndjson://bucket/shipped.ndjson",
		"local":    "sqlite://{root}/app.db;table=local",
		"pg":       "postgres://etl@db/warehouse;table=public.pg",
		"my":       "mysql://etl@db/shop;table=my",
		"scratch":  "memblob+csv://b/scratch.csv",
		"plain":    "gz+csv://{root}/plain.csv.gz",
		"fromblob": "fileblob+csv:///srv/x.csv",
	})
	res, diags := Generate(dir)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	want := []ir.Driver{
		{Import: runsPkg, Users: []string{"local"}},
		{Import: blobPkg, Users: []string{"catalogue ops/stations", "environment prod", "fromblob", "orders", "scratch", "shipped"}},
		{Import: mysqlPkg, Users: []string{"my"}},
		{Import: postgresPkg, Users: []string{"pg"}},
		{Import: sqlitePkg, Users: []string{"local"}},
		{Import: "gocloud.dev/blob/azureblob", Users: []string{"catalogue ops/stations"}},
		{Import: "gocloud.dev/blob/gcsblob", Users: []string{"shipped"}},
		{Import: "gocloud.dev/blob/s3blob", Users: []string{"environment prod", "orders"}},
	}
	if d := cmp.Diff(want, res.Drivers); d != "" {
		t.Errorf("drivers (-want +got):\n%s", d)
	}
	var file string
	for _, f := range res.Files {
		if f.Path == "datasets/"+DriversFile {
			file = string(f.Content)
		}
	}
	for _, line := range []string{
		`_ "gocloud.dev/blob/s3blob" // environment prod, orders`,
		`_ "github.com/ayeaye-go/ayeaye/runtime/table/sqlite" // local`,
	} {
		if !strings.Contains(strings.Join(strings.Fields(file), " "), line) {
			t.Errorf("%s lacks %q:\n%s", DriversFile, line, file)
		}
	}
	// Generating again gives the same bytes.
	again, _ := Generate(dir)
	if d := cmp.Diff(res.Files, again.Files); d != "" {
		t.Errorf("a second generation differs:\n%s", d)
	}
}

// TestNoDrivers: a project of built-in types only gets no drivers file.
func TestNoDrivers(t *testing.T) {
	res, diags := Generate(writeProject(t, "version: 1\n", map[string]string{"a": "csv://a.csv", "b": "ndjson://b.ndjson"}))
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	for _, f := range res.Files {
		if strings.HasSuffix(f.Path, DriversFile) {
			t.Errorf("%s generated for built-in types only:\n%s", f.Path, f.Content)
		}
	}
	if len(res.Drivers) != 0 {
		t.Errorf("drivers = %v", res.Drivers)
	}
}

// TestDriversFileCollision: a dataset whose file would be the drivers
// file is reported, not overwritten.
func TestDriversFileCollision(t *testing.T) {
	_, diags := Generate(writeProject(t, "version: 1\n", map[string]string{"ayeaye_drivers": "memblob+csv://b/x.csv"}))
	if len(diags) != 1 || !strings.Contains(diags.Error(), "rename the dataset") {
		t.Errorf("diagnostics = %v, want one saying to rename the dataset", diags)
	}
}

func TestSchemeTokens(t *testing.T) {
	for in, want := range map[string]string{
		"s3+gz+csv://b/k": "s3 gz csv", "sqlite://x.db": "sqlite", "{store}+csv://x": "", "/srv/data": "", "data_root": "",
		"http://example.com": "http",
	} {
		if got := strings.Join(schemeTokens(in), " "); got != want {
			t.Errorf("schemeTokens(%q) = %q, want %q", in, got, want)
		}
	}
}
