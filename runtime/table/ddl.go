package table

import (
	"encoding/hex"
	"fmt"
	"strings"
	"unicode/utf8"
)

// The type mapping. Each kind has one column type per dialect, chosen so
// that every value of the Go field survives the round trip exactly:
//
//	kind        SQLite (STRICT)        PostgreSQL          MariaDB / MySQL
//	string      TEXT                   text                LONGTEXT (VARCHAR(255) in a key)
//	enum        TEXT + CHECK IN        text + CHECK IN     VARCHAR(n) + CHECK IN, n the longest value
//	int8        INTEGER                smallint            TINYINT
//	int16       INTEGER                smallint            SMALLINT
//	int32       INTEGER                integer             INT
//	int64       INTEGER                bigint              BIGINT
//	float32     REAL                   real                FLOAT
//	float64     REAL                   double precision    DOUBLE
//	boolean     INTEGER + CHECK 0/1    boolean             BOOLEAN (TINYINT(1))
//	date-time   TEXT (RFC 3339, UTC)   timestamptz         DATETIME(6), holding UTC
//	date        TEXT (YYYY-MM-DD)      date                DATE
//	decimal     TEXT                   numeric             DECIMAL(65,30)
//	array/object TEXT (JSON)           jsonb               JSON
//
// Required fields are NOT NULL; the x-ayeaye key fields are the primary
// key. MariaDB tables use utf8mb4 with the binary collation, so strings
// compare and key exactly as in Go.

// SQLType is the column type of c in dialect d, without NOT NULL or
// CHECK; key says whether c is part of the primary key.
func SQLType(d Dialect, c Column, key bool) string {
	switch d {
	case SQLite:
		switch c.Kind {
		case Int, Bool:
			return "INTEGER"
		case Float:
			return "REAL"
		}
		return "TEXT"
	case Postgres:
		switch c.Kind {
		case String, Enum:
			return "text"
		case Int:
			switch c.Bits {
			case 8, 16:
				return "smallint"
			case 32:
				return "integer"
			}
			return "bigint"
		case Float:
			if c.Bits == 32 {
				return "real"
			}
			return "double precision"
		case Bool:
			return "boolean"
		case DateTime:
			return "timestamptz"
		case Date:
			return "date"
		case Decimal:
			return "numeric"
		case JSON:
			return "jsonb"
		}
	case MySQL:
		switch c.Kind {
		case String:
			if key {
				return "VARCHAR(255)"
			}
			return "LONGTEXT"
		case Enum:
			n := 1
			for _, v := range c.Enum {
				n = max(n, utf8.RuneCountInString(v))
			}
			return fmt.Sprintf("VARCHAR(%d)", n)
		case Int:
			switch c.Bits {
			case 8:
				return "TINYINT"
			case 16:
				return "SMALLINT"
			case 32:
				return "INT"
			}
			return "BIGINT"
		case Float:
			if c.Bits == 32 {
				return "FLOAT"
			}
			return "DOUBLE"
		case Bool:
			return "BOOLEAN"
		case DateTime:
			return "DATETIME(6)"
		case Date:
			return "DATE"
		case Decimal:
			return "DECIMAL(65,30)"
		case JSON:
			return "JSON"
		}
	}
	return ""
}

// columnDef is one column of CREATE TABLE or ADD COLUMN: name, type, NOT
// NULL and the CHECK that keeps enums and SQLite booleans in their set.
func columnDef(d Dialect, c Column, key bool) string {
	var b strings.Builder
	b.WriteString(QuoteIdent(d, c.Name))
	b.WriteByte(' ')
	b.WriteString(SQLType(d, c, key))
	if !c.Nullable || key {
		b.WriteString(" NOT NULL")
	}
	if chk := checkExpr(d, c); chk != "" {
		b.WriteString(" CHECK (")
		b.WriteString(chk)
		b.WriteByte(')')
	}
	return b.String()
}

func checkExpr(d Dialect, c Column) string {
	switch {
	case c.Kind == Enum && len(c.Enum) > 0:
		vals := make([]string, len(c.Enum))
		for i, v := range c.Enum {
			vals[i] = QuoteString(d, v)
		}
		return QuoteIdent(d, c.Name) + " IN (" + strings.Join(vals, ", ") + ")"
	case c.Kind == Bool && d == SQLite:
		return QuoteIdent(d, c.Name) + " IN (0, 1)"
	}
	return ""
}

// CreateTable is the CREATE TABLE statement (without a final semicolon)
// of s in dialect d, named name.
func CreateTable(d Dialect, name Name, s *Schema) string {
	var b strings.Builder
	b.WriteString("CREATE TABLE ")
	b.WriteString(QuoteName(d, name))
	b.WriteString(" (\n")
	for i, c := range s.Columns {
		if i > 0 {
			b.WriteString(",\n")
		}
		b.WriteString("  ")
		b.WriteString(columnDef(d, c, s.isKey(c.Name)))
	}
	if len(s.Keys) > 0 {
		b.WriteString(",\n  PRIMARY KEY (")
		b.WriteString(quoteList(d, s.Keys))
		b.WriteByte(')')
	}
	b.WriteString("\n)")
	switch d {
	case SQLite:
		b.WriteString(" STRICT")
	case MySQL:
		b.WriteString(" ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin")
	}
	return b.String()
}

// QuoteIdent quotes one identifier: "x" (doubling ") in SQLite and
// PostgreSQL, `x` (doubling `) in MariaDB.
func QuoteIdent(d Dialect, s string) string {
	if d == MySQL {
		return "`" + strings.ReplaceAll(s, "`", "``") + "`"
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// QuoteName quotes a possibly schema-qualified table name.
func QuoteName(d Dialect, n Name) string {
	if n.Schema == "" {
		return QuoteIdent(d, n.Table)
	}
	return QuoteIdent(d, n.Schema) + "." + QuoteIdent(d, n.Table)
}

func quoteList(d Dialect, names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = QuoteIdent(d, n)
	}
	return strings.Join(q, ", ")
}

// QuoteString is s as a string literal of dialect d. Literals appear only
// in DDL (enum CHECKs); data always travels as bound parameters. In
// MariaDB a backslash is an escape character unless the server runs with
// NO_BACKSLASH_ESCAPES, so a value holding one is written as a hex
// literal, which means the same in either mode.
func QuoteString(d Dialect, s string) string {
	if d == MySQL && strings.ContainsRune(s, '\\') {
		return "_utf8mb4 X'" + hex.EncodeToString([]byte(s)) + "'"
	}
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}
