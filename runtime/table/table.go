package table

import (
	"fmt"
	"slices"
	"strings"
)

// Dialect is a SQL database: the type of its engine URLs.
type Dialect string

// The dialects. MySQL is spoken by MariaDB and MySQL servers alike.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
	MySQL    Dialect = "mysql"
)

// Dialects returns every dialect, in the order documentation lists them.
func Dialects() []Dialect { return []Dialect{SQLite, Postgres, MySQL} }

// Title is the dialect's name in prose: SQLite, PostgreSQL, MariaDB/MySQL.
func (d Dialect) Title() string {
	switch d {
	case SQLite:
		return "SQLite"
	case Postgres:
		return "PostgreSQL"
	case MySQL:
		return "MariaDB/MySQL"
	}
	return string(d)
}

// ParseDialect returns the dialect named s.
func ParseDialect(s string) (Dialect, error) {
	for _, d := range Dialects() {
		if string(d) == s {
			return d, nil
		}
	}
	return "", fmt.Errorf("unknown SQL dialect %q; use sqlite, postgres or mysql", s)
}

// Kind is the shape of a column's values, as the dataset schema gives it.
type Kind uint8

// The kinds. JSON is an array or object field, stored as JSON text.
const (
	String Kind = iota + 1
	Int
	Float
	Bool
	DateTime
	Date
	Decimal
	Enum
	JSON
)

var kindNames = [...]string{String: "string", Int: "integer", Float: "number", Bool: "boolean",
	DateTime: "date-time", Date: "date", Decimal: "decimal", Enum: "enum", JSON: "JSON"}

func (k Kind) String() string {
	if k > 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Column is one column of a dataset's table: one top-level field of its
// record.
type Column struct {
	Name     string // the field's property name, used as is (quoted) in SQL
	Kind     Kind
	Bits     int      // Int: 8, 16, 32 or 64; Float: 32 or 64
	Nullable bool     // the field may be null; otherwise the column is NOT NULL
	Enum     []string // Enum: the allowed values, in schema order
}

// describe says what a column holds, for messages: "integer (32 bits)".
func (c Column) describe() string {
	switch c.Kind {
	case Int, Float:
		return fmt.Sprintf("%s (%d bits)", c.Kind, c.Bits)
	}
	return c.Kind.String()
}

// Schema is the dialect-neutral description of a dataset's table:
// everything needed for DDL, schema checks, migrations and fingerprints.
type Schema struct {
	Dataset string   // the dataset's name, for messages
	Columns []Column // in schema order
	Keys    []string // the primary key's column names, in declared order; may be empty
}

// Column returns the column named name.
func (s *Schema) Column(name string) (Column, bool) {
	for _, c := range s.Columns {
		if c.Name == name {
			return c, true
		}
	}
	return Column{}, false
}

// names lists the column names.
func (s *Schema) names() []string {
	out := make([]string, len(s.Columns))
	for i, c := range s.Columns {
		out[i] = c.Name
	}
	return out
}

func (s *Schema) isKey(name string) bool { return slices.Contains(s.Keys, name) }

// Table is what ayeaye-gen emits for a dataset generated with the sql
// format: its Schema, and the two functions that move records in and out
// of rows without reflection.
type Table[T any] struct {
	Schema
	// Scan reads the current row into rec. Columns come in Schema order.
	Scan func(r *Row, rec *T) error
	// Values appends the column values of rec to dst, in Schema order:
	// nil for null, else string, int64, float64, bool, time.Time,
	// value.Date or value.Decimal; JSON columns as a string of JSON text.
	// It refuses an enum value the schema does not allow.
	Values func(rec *T, dst []any) ([]any, error)
}

// Mode is how a write changes a table.
type Mode string

// The write modes.
const (
	// Replace loads a staging table and swaps it in when the run commits:
	// readers see the old rows or the new ones, never a mix, and a failed
	// run leaves the old table as it was.
	Replace Mode = "replace"
	// Append adds the rows in one transaction, committed with the run.
	Append Mode = "append"
	// Upsert inserts rows and updates the rows whose key is already
	// there, in one transaction committed with the run.
	Upsert Mode = "upsert"
)

// Modes returns the write modes, the default first.
func Modes() []Mode { return []Mode{Replace, Append, Upsert} }

// Name is a table's name as an engine URL gives it: name, or
// schema.name (a PostgreSQL schema, a MariaDB database, an attached
// SQLite database).
type Name struct {
	Schema string // "" for the connection's default
	Table  string
}

func (n Name) String() string {
	if n.Schema == "" {
		return n.Table
	}
	return n.Schema + "." + n.Table
}

// ParseName checks a table name: one or two dot-separated parts, each
// letters, digits, '_' or '$', not starting with a digit. Names are used
// exactly as written (quoted), so case matters.
func ParseName(s string) (Name, error) {
	parts := strings.Split(s, ".")
	if len(parts) > 2 {
		return Name{}, fmt.Errorf("%q has %d parts; write name or schema.name", s, len(parts))
	}
	for _, p := range parts {
		if err := checkIdent(p); err != nil {
			return Name{}, fmt.Errorf("%q: %v", s, err)
		}
	}
	if len(parts) == 2 {
		return Name{Schema: parts[0], Table: parts[1]}, nil
	}
	return Name{Table: parts[0]}, nil
}

// maxIdent is the longest identifier every dialect keeps whole:
// PostgreSQL truncates names beyond 63 bytes.
const maxIdent = 63

func checkIdent(p string) error {
	if p == "" {
		return fmt.Errorf("a name part is empty")
	}
	if len(p) > maxIdent {
		return fmt.Errorf("%q is longer than %d bytes", p, maxIdent)
	}
	for i, c := range p {
		switch {
		case c == '_' || c == '$' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
		case '0' <= c && c <= '9' && i > 0:
		default:
			return fmt.Errorf("%q may hold only letters, digits, '_' and '$', and must not start with a digit", p)
		}
	}
	return nil
}

// CheckColumnName reports whether name can be a column in every dialect:
// at most 63 bytes, no NUL byte, not ending in a space (MariaDB refuses
// that). Any other character is fine, as names are always quoted.
func CheckColumnName(name string) error {
	switch {
	case name == "":
		return fmt.Errorf("a column name cannot be empty")
	case len(name) > maxIdent:
		return fmt.Errorf("column name %q is %d bytes long; PostgreSQL keeps %d", name, len(name), maxIdent)
	case strings.ContainsRune(name, 0):
		return fmt.Errorf("column name %q holds a NUL byte", name)
	case strings.HasSuffix(name, " "):
		return fmt.Errorf("column name %q ends in a space, which MariaDB refuses", name)
	}
	return nil
}
