package gen

import (
	"maps"
	"slices"
	"strings"

	"github.com/ayeaye-go/ayeaye/gen/ir"
)

// Import paths of the packages that register drivers by blank import.
const (
	blobPkg     = "github.com/ayeaye-go/ayeaye/runtime/storage/blob"
	sqlitePkg   = "github.com/ayeaye-go/ayeaye/runtime/table/sqlite"
	runsPkg     = "github.com/ayeaye-go/ayeaye/runtime/runstore/sqlite"
	postgresPkg = "github.com/ayeaye-go/ayeaye/runtime/table/postgres"
	mysqlPkg    = "github.com/ayeaye-go/ayeaye/runtime/table/mysql"
)

// driverImports maps an engine URL's type or modifier to the packages a
// program must link for it. Types and modifiers not listed (csv, gz, ...)
// are built in.
//
// A project with SQLite tables links SQLite anyway, so it also links the
// SQLite run store, which is then its default (runstore.DefaultDSN): its
// runs are recorded where a project's runs were before drivers became
// opt-in, .ayeaye/runs.db. A project without keeps one JSON file per run.
var driverImports = map[string][]string{
	"sqlite":   {sqlitePkg, runsPkg},
	"postgres": {postgresPkg},
	"mysql":    {mysqlPkg},
	"s3":       {blobPkg, "gocloud.dev/blob/s3blob"},
	"gs":       {blobPkg, "gocloud.dev/blob/gcsblob"},
	"azblob":   {blobPkg, "gocloud.dev/blob/azureblob"},
	"memblob":  {blobPkg},
	"fileblob": {blobPkg},
}

// DriversFile is the generated file of the driver imports, in the output
// package; it is written only when some URL needs a driver.
const DriversFile = "ayeaye_drivers.go"

// drivers lists the packages the project's engine URLs need: the
// schemas' engine_url, the catalogue's templates, and environment
// variables whose values are engine URLs (s3+csv://{bucket}/raw).
// Sorted by import path, each with its users sorted.
func (p *project) drivers() []ir.Driver {
	users := map[string]map[string]bool{}
	need := func(url, user string) {
		for _, tok := range schemeTokens(url) {
			for _, imp := range driverImports[tok] {
				if users[imp] == nil {
					users[imp] = map[string]bool{}
				}
				users[imp][user] = true
			}
		}
	}
	for _, d := range p.datasets {
		need(d.EngineURL, d.Name)
	}
	for name, tmpl := range p.cfg.Catalogue {
		need(tmpl, "catalogue "+name)
	}
	for name, e := range p.cfg.Environments.Environments {
		for _, v := range e.Vars {
			need(v, "environment "+name)
		}
	}
	var out []ir.Driver
	for _, imp := range slices.Sorted(maps.Keys(users)) {
		out = append(out, ir.Driver{Import: imp, Users: slices.Sorted(maps.Keys(users[imp]))})
	}
	return out
}

// schemeTokens splits the scheme of an engine URL (or template) into its
// modifiers and type: "s3+gz+csv://..." gives s3, gz, csv. A scheme that
// is itself a template ({store}+csv://) names nothing for certain, so it
// gives nothing; so does text that is not a URL.
func schemeTokens(url string) []string {
	scheme, _, ok := strings.Cut(url, "://")
	if !ok || scheme == "" || strings.ContainsAny(scheme, "{}/ ") {
		return nil
	}
	return strings.Split(scheme, "+")
}
