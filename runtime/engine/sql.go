package engine

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// databaseTypes are the SQL database types. Their location is a
// connection string (a file path for sqlite, user@host:port/db for the
// servers), not stored bytes, so it is never a wildcard pattern and has
// no storage: a '?' in it starts the server's connection parameters.
var databaseTypes = []string{"sqlite", "postgres", "mysql"}

// IsDatabase reports whether typ is a SQL database type: sqlite,
// postgres or mysql.
func IsDatabase(typ string) bool { return slices.Contains(databaseTypes, typ) }

// sqlSpecs are the database types: the table, how writes change it, and
// whether runs fingerprint its content. Package runtime/table reads them.
func sqlSpecs() []Spec {
	opts := []Option{
		{Name: "table", Doc: "the table: name or schema.name, letters, digits, '_' and '$'", Parse: parseTableName},
		{Name: "mode", Doc: "how an output changes the table: replace (the default), append or upsert", Parse: oneOf("replace", "append", "upsert")},
		{Name: "fingerprint", Doc: "rows (the default: a checksum over every row) or none (no content fingerprint in run records)", Parse: oneOf("rows", "none")},
	}
	spec := func(name string) Spec { return Spec{Name: name, Kind: KindType, Options: opts, Check: checkDatabase} }
	return []Spec{spec("sqlite"), spec("postgres"), spec("mysql")}
}

func oneOf(values ...string) func(string) (string, error) {
	return func(v string) (string, error) {
		if slices.Contains(values, v) {
			return v, nil
		}
		return "", fmt.Errorf("must be one of %s", strings.Join(values, ", "))
	}
}

// parseTableName accepts name or schema.name. The parts are quoted when
// used, but a name that needs quoting is almost always a mistake (or an
// attempt to slip SQL into a URL), so the characters are limited.
func parseTableName(v string) (string, error) {
	parts := strings.Split(v, ".")
	if len(parts) > 2 {
		return "", errors.New("must be name or schema.name")
	}
	for _, p := range parts {
		if p == "" {
			return "", errors.New("has an empty part; write name or schema.name")
		}
		for i, c := range p {
			ok := c == '_' || c == '$' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || i > 0 && '0' <= c && c <= '9'
			if !ok {
				return "", fmt.Errorf("may hold only letters, digits, '_' and '$' (not %q), and a part must not start with a digit", c)
			}
		}
	}
	return v, nil
}

func checkDatabase(u URL) error {
	if len(u.Modifiers) > 0 {
		return fmt.Errorf("a %s table takes no modifiers; remove %q", u.Type, strings.Join(u.Modifiers, "+")+"+")
	}
	if u.Options["table"] == "" {
		return fmt.Errorf("say which table with ;table=name (or schema.name), e.g. %s://%s;table=sales", u.Type, redactLocation(u.Location))
	}
	switch u.Type {
	case "sqlite":
		if u.Location == ":memory:" || strings.HasPrefix(u.Location, "file:") {
			return fmt.Errorf("a sqlite location is the path of a database file, e.g. sqlite://data/warehouse.db;table=sales (in-memory databases are not shared between connections; use mem:// for fixtures)")
		}
	case "postgres", "mysql":
		host := u.Location
		if i := strings.IndexAny(host, "/?"); i >= 0 {
			host = host[:i]
		}
		if at := strings.LastIndexByte(host, '@'); at >= 0 {
			host = host[at+1:]
		}
		if host == "" || !strings.Contains(u.Location, "/") {
			return fmt.Errorf("a %s location is [user@]host[:port]/database, e.g. %s://etl@db.example.com/warehouse;table=sales", u.Type, u.Type)
		}
	}
	return nil
}
