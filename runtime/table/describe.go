package table

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Actual is a table as the database's catalog describes it.
type Actual struct {
	Exists  bool
	Columns []ActualColumn // in table order
	Keys    []string       // the primary key's columns, in key order
	KeyName string         // the primary key constraint's name (PostgreSQL), for migrations
}

// ActualColumn is one column of an existing table.
type ActualColumn struct {
	Name string
	// Type is the column's type as the catalog writes it: "integer",
	// "timestamp with time zone" (PostgreSQL), "decimal(65,30)"
	// (MariaDB's column_type), "INTEGER" (SQLite's declared type).
	Type     string
	Nullable bool
	// Default says the database fills the column when an insert leaves it
	// out: a default value, an identity or auto-increment column.
	Default bool
}

func (a *Actual) column(name string) (ActualColumn, bool) {
	for _, c := range a.Columns {
		if c.Name == name {
			return c, true
		}
	}
	return ActualColumn{}, false
}

// Describe reads the table's columns and primary key from the catalog.
// A missing table gives an Actual with Exists false.
func (db *DB) Describe(ctx context.Context, name Name) (*Actual, error) {
	var q, keyQ string
	args := []any{nil, name.Table}
	if name.Schema != "" {
		args[0] = name.Schema
	}
	switch db.d {
	case Postgres:
		q = `SELECT column_name, CASE WHEN data_type = 'USER-DEFINED' THEN udt_name ELSE data_type END, is_nullable = 'YES',
			column_default IS NOT NULL OR is_identity = 'YES' OR is_generated <> 'NEVER'
			FROM information_schema.columns
			WHERE table_schema = COALESCE($1::text, current_schema()) AND table_name = $2
			ORDER BY ordinal_position`
		keyQ = `SELECT kcu.column_name, tc.constraint_name
			FROM information_schema.table_constraints tc
			JOIN information_schema.key_column_usage kcu
			  ON kcu.constraint_schema = tc.constraint_schema AND kcu.constraint_name = tc.constraint_name AND kcu.table_name = tc.table_name
			WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = COALESCE($1::text, current_schema()) AND tc.table_name = $2
			ORDER BY kcu.ordinal_position`
	case MySQL:
		q = `SELECT COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE = 'YES',
			(COLUMN_DEFAULT IS NOT NULL AND COLUMN_DEFAULT <> 'NULL') OR EXTRA LIKE '%auto_increment%' OR EXTRA LIKE '%GENERATED%'
			FROM information_schema.COLUMNS
			WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ?
			ORDER BY ORDINAL_POSITION`
		keyQ = `SELECT COLUMN_NAME, CONSTRAINT_NAME FROM information_schema.KEY_COLUMN_USAGE
			WHERE CONSTRAINT_NAME = 'PRIMARY' AND TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ?
			ORDER BY ORDINAL_POSITION`
	case SQLite:
		if name.Schema == "" {
			args[0] = "main"
		}
		args[0], args[1] = args[1], args[0]
		q = `SELECT name, type, "notnull" = 0 AND pk = 0, dflt_value IS NOT NULL FROM pragma_table_info(?, ?) ORDER BY cid`
		keyQ = `SELECT name, '' FROM pragma_table_info(?, ?) WHERE pk > 0 ORDER BY pk`
	}
	a := &Actual{}
	rows, err := db.sql.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: reading the columns of table %s: %w", db.display, name, err)
	}
	for rows.Next() {
		var c ActualColumn
		if err := rows.Scan(&c.Name, &c.Type, &c.Nullable, &c.Default); err != nil {
			rows.Close()
			return nil, fmt.Errorf("%s: reading the columns of table %s: %w", db.display, name, err)
		}
		a.Columns = append(a.Columns, c)
	}
	if err := rows.Close(); err != nil {
		return nil, fmt.Errorf("%s: reading the columns of table %s: %w", db.display, name, err)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: reading the columns of table %s: %w", db.display, name, err)
	}
	a.Exists = len(a.Columns) > 0
	if !a.Exists {
		return a, nil
	}
	rows, err = db.sql.QueryContext(ctx, keyQ, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: reading the primary key of table %s: %w", db.display, name, err)
	}
	defer rows.Close()
	for rows.Next() {
		var col string
		var cname sql.NullString
		if err := rows.Scan(&col, &cname); err != nil {
			return nil, fmt.Errorf("%s: reading the primary key of table %s: %w", db.display, name, err)
		}
		a.Keys = append(a.Keys, col)
		a.KeyName = cname.String
	}
	return a, rows.Err()
}

// Problem is one way a table differs from its dataset's schema.
type Problem struct {
	Column  string // "" for the table as a whole (its primary key)
	Message string
}

// SchemaError says how a table differs from the dataset, one Problem per
// column, before anything is read or written.
type SchemaError struct {
	Where    string // "postgres table public.sales"
	Display  string // the redacted engine URL
	Dataset  string
	Problems []Problem
}

func (e *SchemaError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s does not match dataset %q:", e.Where, e.Dataset)
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		if p.Column != "" {
			fmt.Fprintf(&b, "column %q: ", p.Column)
		}
		b.WriteString(p.Message)
	}
	fmt.Fprintf(&b, "\n\thint: `ayeaye-gen ddl -against '%s' %s` prints the statements that make the table match", e.Display, e.Dataset)
	return b.String()
}

// Check compares a table with the dataset's schema for reading (write
// false) or writing in mode m, and returns a *SchemaError listing every
// difference that would make rows fail: a missing column, a type that
// cannot hold the field's values exactly, NULLs where the field allows
// none (reading) or NOT NULL where the field may be null (writing), a
// NOT NULL column the dataset does not fill (writing) and, for upserts,
// a primary key other than the dataset's keys. A missing table is a
// problem for reading only: writers create it.
func Check(loc Location, s *Schema, a *Actual, write bool) error {
	e := &SchemaError{Where: loc.where(), Display: loc.Display, Dataset: s.Dataset}
	if !a.Exists {
		if write {
			return nil
		}
		e.Problems = append(e.Problems, Problem{Message: "the table does not exist"})
		return e
	}
	d := loc.Dialect
	for _, c := range s.Columns {
		key := s.isKey(c.Name)
		ac, ok := a.column(c.Name)
		if !ok {
			e.Problems = append(e.Problems, Problem{c.Name, fmt.Sprintf("missing; the dataset's %s field needs %s", c.describe(), columnDef(d, c, key))})
			continue
		}
		if msg := typeProblem(d, c, ac.Type, write); msg != "" {
			e.Problems = append(e.Problems, Problem{c.Name, msg})
		}
		switch {
		case !write && ac.Nullable && !c.Nullable:
			e.Problems = append(e.Problems, Problem{c.Name, "allows NULL, but the dataset's field is required; make the column NOT NULL, or the field nullable"})
		case write && !ac.Nullable && c.Nullable && !key:
			e.Problems = append(e.Problems, Problem{c.Name, "is NOT NULL, but the dataset's field may be null; drop NOT NULL, or make the field required"})
		}
	}
	if write {
		for _, ac := range a.Columns {
			if _, ok := s.Column(ac.Name); !ok && !ac.Nullable && !ac.Default {
				e.Problems = append(e.Problems, Problem{ac.Name, "is NOT NULL without a default and not in the dataset, so inserts would fail; give it a default, drop NOT NULL, or add the field"})
			}
		}
		if loc.Mode == Upsert {
			switch {
			case len(s.Keys) == 0:
				e.Problems = append(e.Problems, Problem{Message: "mode upsert needs key fields: list them in the schema's x-ayeaye.keys"})
			case !sameSet(s.Keys, a.Keys):
				have := "none"
				if len(a.Keys) > 0 {
					have = "(" + strings.Join(a.Keys, ", ") + ")"
				}
				e.Problems = append(e.Problems, Problem{Message: fmt.Sprintf("mode upsert needs the primary key (%s), the dataset's keys; the table's is %s", strings.Join(s.Keys, ", "), have)})
			}
		}
	}
	if len(e.Problems) == 0 {
		return nil
	}
	return e
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

// typeProblem says why a column of type actual cannot hold c's values,
// or "". Integer columns narrower than the field are fine for reading
// (each value is range-checked), not for writing; a narrower float
// column loses precision either way.
func typeProblem(d Dialect, c Column, actual string, write bool) string {
	fam, bits := family(d, actual)
	want := SQLType(d, c, false)
	bad := func(why string) string {
		return fmt.Sprintf("is %s, but the dataset's %s field needs %s%s", actual, c.describe(), want, why)
	}
	ok := false
	switch c.Kind {
	case String:
		ok = fam == famText
	case Enum:
		ok = fam == famText || fam == famEnum
	case Int:
		if d == MySQL && fam == famBool { // TINYINT(1) is a TINYINT
			fam, bits = famInt, 8
		}
		ok = fam == famInt
		if ok && write && bits < c.Bits {
			return bad(": its values may not fit")
		}
	case Float:
		ok = fam == famFloat
		// SQLite has one REAL: a float32 field takes what it holds.
		if ok && d != SQLite && ((write && bits < c.Bits) || (!write && bits > c.Bits)) {
			return bad(": values would lose precision")
		}
	case Bool:
		ok = fam == famBool || (d != Postgres && fam == famInt)
	case DateTime:
		ok = fam == famTime
		if fam == famTimeNoZone {
			return bad(": a timestamp without time zone does not say which instant it is")
		}
	case Date:
		ok = fam == famDate || (d == SQLite && (fam == famText || fam == famNumeric || fam == famTime))
	case Decimal:
		ok = fam == famDecimal
		if d == SQLite && fam == famNumeric {
			return bad(": NUMERIC affinity stores 12.50 as the float 12.5, so decimals would not stay exact")
		}
	case JSON:
		ok = fam == famJSON || (d != Postgres && fam == famText)
	}
	if d == SQLite {
		// SQLite's types are affinities: TEXT holds dates, instants,
		// decimals and JSON as text, and a column declared DATETIME
		// (NUMERIC affinity) holds the text of an instant just as well.
		switch c.Kind {
		case DateTime, Date, Decimal, JSON, String, Enum:
			ok = ok || fam == famText || (c.Kind == DateTime && (fam == famTime || fam == famNumeric))
		case Int, Bool:
			ok = ok || fam == famNumeric
		case Float:
			ok = ok || fam == famNumeric
		}
	}
	if ok {
		return ""
	}
	return bad("")
}

type typeFamily int

const (
	famOther typeFamily = iota
	famText
	famEnum
	famInt
	famFloat
	famBool
	famTime
	famTimeNoZone
	famDate
	famDecimal
	famNumeric // SQLite NUMERIC affinity
	famJSON
)

// family classifies a catalog type name, with the width of integer and
// float types.
func family(d Dialect, t string) (typeFamily, int) {
	lt := strings.ToLower(strings.TrimSpace(t))
	base, _, _ := strings.Cut(lt, "(")
	base = strings.TrimSpace(base)
	switch d {
	case Postgres:
		switch base {
		case "text", "character varying", "character", "varchar", "char", "citext", "name":
			return famText, 0
		case "smallint":
			return famInt, 16
		case "integer":
			return famInt, 32
		case "bigint":
			return famInt, 64
		case "real":
			return famFloat, 32
		case "double precision":
			return famFloat, 64
		case "boolean":
			return famBool, 0
		case "timestamp with time zone":
			return famTime, 0
		case "timestamp without time zone":
			return famTimeNoZone, 0
		case "date":
			return famDate, 0
		case "numeric":
			return famDecimal, 0
		case "jsonb", "json":
			return famJSON, 0
		}
		if !strings.Contains(base, " ") {
			return famEnum, 0 // a user-defined type (udt_name): an enum, read as text
		}
	case MySQL:
		base = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(base, "unsigned"), " zerofill"))
		switch base {
		case "char", "varchar", "tinytext", "text", "mediumtext":
			return famText, 0
		case "longtext":
			return famText, 0 // also MariaDB's JSON
		case "enum":
			return famEnum, 0
		case "tinyint":
			if lt == "tinyint(1)" {
				return famBool, 0
			}
			return famInt, 8
		case "smallint":
			return famInt, 16
		case "mediumint":
			return famInt, 24
		case "int", "integer":
			return famInt, 32
		case "bigint":
			return famInt, 64
		case "float":
			return famFloat, 32
		case "double", "real", "double precision":
			return famFloat, 64
		case "bool", "boolean":
			return famBool, 0
		case "datetime", "timestamp":
			return famTime, 0
		case "date":
			return famDate, 0
		case "decimal", "numeric":
			return famDecimal, 0
		case "json":
			return famJSON, 0
		}
	case SQLite:
		// The affinity rules of https://sqlite.org/datatype3.html#determination_of_column_affinity.
		up := strings.ToUpper(t)
		switch {
		case strings.Contains(up, "INT"):
			return famInt, 64
		case strings.Contains(up, "CHAR"), strings.Contains(up, "CLOB"), strings.Contains(up, "TEXT"):
			return famText, 0
		case up == "" || strings.Contains(up, "BLOB"):
			return famOther, 0
		case strings.Contains(up, "REAL"), strings.Contains(up, "FLOA"), strings.Contains(up, "DOUB"):
			return famFloat, 64
		case strings.HasPrefix(up, "DATETIME"), strings.HasPrefix(up, "TIMESTAMP"):
			return famTime, 0
		}
		return famNumeric, 0
	}
	return famOther, 0
}

// mysqlDecimalSize reads (precision, scale) from a column type such as
// "decimal(10,2)"; ok is false for anything else.
func mysqlDecimalSize(t string) (prec, scale int, ok bool) {
	lt := strings.ToLower(t)
	open, close := strings.IndexByte(lt, '('), strings.IndexByte(lt, ')')
	if !strings.HasPrefix(lt, "decimal") || open < 0 || close < open {
		return 0, 0, false
	}
	p, s, _ := strings.Cut(lt[open+1:close], ",")
	prec, err1 := strconv.Atoi(strings.TrimSpace(p))
	scale, err2 := strconv.Atoi(strings.TrimSpace(s))
	if s == "" {
		scale, err2 = 0, nil
	}
	return prec, scale, err1 == nil && err2 == nil
}
