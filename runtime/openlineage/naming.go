package openlineage

import (
	"errors"
	"fmt"
	"net"
	"path/filepath"
	"strings"

	"github.com/ayeaye-go/ayeaye/runtime/engine"
)

// memNamespace holds in-memory (mem://) datasets: they live in one
// process, so there is no host or bucket to name.
const memNamespace = "mem"

// DatasetName names a dataset the OpenLineage way, from its resolved
// engine URL (a run record's Location), as namespace and name:
//
//	local file, fileblob   file://<host>          the absolute path
//	s3, gs, memblob        s3://<bucket>          the key
//	azblob                 wasbs://<container>@<storage_account>.<domain>
//	                       (azblob://<container> without storage_account); the key
//	mem                    mem                    the dataset's name
//	postgres               postgres://<host:port> <database>.<schema>.<table>
//	mysql                  mysql://<host:port>    <database>.<table>
//	sqlite                 sqlite://<host><path>  the table (see tableName)
//	a server type          <type>://<host:port>   the rest of the location
//	  (user@host:port/…)                          (never the user or password)
//
// host is the machine that ran the run (Run.Host): a local path means
// nothing without it. Relative paths are made absolute against dir, or
// the working directory when dir is "". A wildcard location keeps its
// pattern: it names the set of files it matches.
//
// A type that is not built in (registered in the program's own Registry,
// Config.Registry, or in none that this package sees) is named by the
// shape of its location: as a server when it starts with user@ or
// host:port, else as a file.
func DatasetName(location, host, dir string) (namespace, name string, err error) {
	return datasetName(nil, location, host, dir)
}

// datasetName names location; reg is the program's Registry, or nil.
func datasetName(reg *engine.Registry, location, host, dir string) (namespace, name string, err error) {
	if reg == nil {
		reg = engine.NewRegistry()
	}
	u, err := reg.Parse(location)
	if err != nil {
		// The runner accepted this location with the program's registry,
		// which may know more than reg; a dataset's identity does not
		// depend on its options, so name what can be split.
		var ok bool
		if u, ok = splitRaw(location); !ok {
			return "", "", fmt.Errorf("location: %w", err)
		}
	}
	storage := ""
	for _, m := range u.Modifiers {
		s, known := reg.Lookup(m)
		if known && s.Kind == engine.KindStorage || !known && m != "gz" && m != "zst" {
			storage = m // an unknown modifier is taken for a storage one
			break
		}
	}
	switch {
	case storage == "" && engine.IsDatabase(u.Type):
		return tableName(u, host, dir)
	case storage == "" && u.Type == "mem":
		if u.Location == "" {
			return "", "", fmt.Errorf("location %q names no dataset", location)
		}
		return memNamespace, u.Location, nil
	case storage == "fileblob", storage == "" && (isBuiltinFormat(u.Type) || !isServer(u.Location)):
		p, err := absPath(u.Location, dir)
		if err != nil {
			return "", "", fmt.Errorf("location %q: %w", location, err)
		}
		return "file://" + orLocalhost(host), p, nil
	case storage == "":
		authority, path, _ := strings.Cut(u.Location, "/")
		authority = authority[strings.LastIndexByte(authority, '@')+1:] // never the user or password
		if path == "" {
			return "", "", fmt.Errorf("location %q names a server but no dataset on it; expected %s://host/database/table", location, u.Type)
		}
		return u.Type + "://" + authority, path, nil
	default:
		bucket, key, ok := strings.Cut(u.Location, "/")
		if !ok || bucket == "" || key == "" {
			return "", "", fmt.Errorf("location %q: a %s location is bucket/key", location, storage)
		}
		if storage == "azblob" && u.Options["storage_account"] != "" {
			domain := u.Options["domain"]
			if domain == "" {
				domain = "blob.core.windows.net"
			}
			return "wasbs://" + bucket + "@" + u.Options["storage_account"] + "." + domain, key, nil
		}
		return storage + "://" + bucket, key, nil
	}
}

// defaultPorts are the servers' ports when a location gives none: the
// naming conventions put the port in the namespace, so that a table is
// named the same whether or not its URL spells the default port.
var defaultPorts = map[string]string{"postgres": "5432", "mysql": "3306"}

// tableName names a table of a SQL database (u's ;table= option) by
// OpenLineage's naming conventions:
//
//	postgres  postgres://<host>:<port>  <database>.<schema>.<table>
//	          (schema public when the table is not schema.name)
//	mysql     mysql://<host>:<port>     <database>.<table>
//	          (schema.name names a table of database schema)
//	sqlite    sqlite://<host><path>     the table as written
//
// The conventions have no entry for SQLite, whose "server" is a file: its
// namespace is the database file (absolute, on the run's host, as local
// files are named), so that every table of the file is its own dataset.
// The user, password and connection parameters are never in a name.
func tableName(u engine.URL, host, dir string) (namespace, name string, err error) {
	tbl := u.Options["table"]
	if tbl == "" {
		return "", "", fmt.Errorf("%s location %q names no table; add ;table=name", u.Type, u.Redacted())
	}
	if u.Type == "sqlite" {
		p, err := absPath(u.Location, dir)
		if err != nil {
			return "", "", fmt.Errorf("sqlite location %q: %w", u.Redacted(), err)
		}
		return "sqlite://" + orLocalhost(host) + p, tbl, nil
	}
	conn, _, _ := strings.Cut(u.Location, "?")
	conn = conn[strings.LastIndexByte(conn, '@')+1:] // never the user or password
	server, database, _ := strings.Cut(conn, "/")
	if server == "" || database == "" {
		return "", "", fmt.Errorf("%s location %q names no database; write %s://[user@]host[:port]/database;table=name", u.Type, u.Redacted(), u.Type)
	}
	if _, _, err := net.SplitHostPort(server); err != nil {
		server = net.JoinHostPort(strings.Trim(server, "[]"), defaultPorts[u.Type])
	}
	schema, table, qualified := strings.Cut(tbl, ".")
	switch {
	case u.Type == "mysql" && qualified: // a MySQL schema is a database
		name = schema + "." + table
	case u.Type == "mysql":
		name = database + "." + tbl
	case qualified:
		name = database + "." + schema + "." + table
	default:
		name = database + ".public." + tbl
	}
	return u.Type + "://" + strings.ToLower(server), name, nil
}

// orLocalhost is host, or localhost when the run's host is unknown.
func orLocalhost(host string) string {
	if host == "" {
		return "localhost"
	}
	return host
}

// splitRaw splits an engine URL without validating it.
func splitRaw(location string) (u engine.URL, ok bool) {
	scheme, rest, found := strings.Cut(location, "://")
	if !found || scheme == "" {
		return u, false
	}
	names := strings.Split(scheme, "+")
	for _, n := range names {
		if !isName(n) {
			return u, false
		}
	}
	u.Modifiers, u.Type = names[:len(names)-1], names[len(names)-1]
	loc, opts, _ := strings.Cut(rest, ";")
	u.Location, u.Options = loc, map[string]string{}
	for o := range strings.SplitSeq(opts, ";") {
		if k, v, ok := strings.Cut(o, "="); ok {
			u.Options[k] = v
		}
	}
	return u, true
}

// isName reports whether s can name a type or modifier: lower case
// letters, digits and '_', starting with a letter (engine.Registry's rule).
func isName(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// isBuiltinFormat reports whether typ is one of the built-in types stored
// as bytes in files or blobs.
func isBuiltinFormat(typ string) bool {
	switch typ {
	case "csv", "tsv", "json", "ndjson", "file":
		return true
	}
	return false
}

// isServer reports whether a location starts with an authority that is
// not a path: user@host or host:port.
func isServer(loc string) bool {
	first, _, _ := strings.Cut(loc, "/")
	return first != "" && strings.ContainsAny(first, "@:") && !isDrive(first)
}

// isDrive reports whether s is a Windows drive, "C:".
func isDrive(s string) bool {
	return len(s) == 2 && s[1] == ':' && ('a' <= s[0]|0x20 && s[0]|0x20 <= 'z')
}

// absPath makes a local path absolute, with forward slashes, as
// OpenLineage names files.
func absPath(p, dir string) (string, error) {
	if p == "" {
		return "", errors.New("the file path is empty")
	}
	if !filepath.IsAbs(p) && dir != "" {
		p = filepath.Join(dir, p)
	}
	if !filepath.IsAbs(p) {
		abs, err := filepath.Abs(p)
		if err != nil {
			return "", fmt.Errorf("cannot make %q absolute: %w", p, err)
		}
		p = abs
	}
	p = filepath.ToSlash(filepath.Clean(p))
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // a Windows drive path: /C:/data/x.csv
	}
	return p, nil
}

// dataSourceURI is the namespace as a URI, or "" for namespaces that are
// not one (mem).
func dataSourceURI(namespace string) string {
	if strings.Contains(namespace, "://") {
		return namespace
	}
	return ""
}
