package table

import (
	"fmt"
	"slices"
)

// Migrate returns the statements (without final semicolons) that make
// the table as it is (a) match the schema: CREATE TABLE when it does not
// exist, else ALTER TABLE statements for missing columns, wrong types,
// nullability and the primary key. Lines starting with "--" are comments
// for the reader: statements that may fail on existing rows, and columns
// of the table the dataset does not have (never dropped, as that loses
// data). SQLite cannot alter a column in place, so there a change other
// than a new nullable column rebuilds the table in a transaction. No
// statements means the table matches.
func Migrate(d Dialect, name Name, s *Schema, a *Actual) []string {
	if !a.Exists {
		return []string{CreateTable(d, name, s)}
	}
	tbl := QuoteName(d, name)
	var out []string
	rebuild := false // SQLite only
	for _, c := range s.Columns {
		key := s.isKey(c.Name)
		col := QuoteIdent(d, c.Name)
		ac, ok := a.column(c.Name)
		if !ok {
			required := !c.Nullable || key
			if d == SQLite && (required || key) {
				rebuild = true
				continue
			}
			if required {
				out = append(out, fmt.Sprintf("-- %s is required: adding it fails when the table has rows; then add it without NOT NULL, fill it, and set NOT NULL", col))
			}
			out = append(out, fmt.Sprintf("ALTER TABLE %s ADD COLUMN %s", tbl, columnDef(d, c, key)))
			continue
		}
		wrongType := typeProblem(d, c, ac.Type, true) != "" || typeProblem(d, c, ac.Type, false) != ""
		wantNull := c.Nullable && !key
		wrongNull := ac.Nullable != wantNull
		if !wrongType && !wrongNull {
			continue
		}
		switch d {
		case SQLite:
			rebuild = true
		case Postgres:
			if wrongType {
				typ := SQLType(d, c, key)
				out = append(out, fmt.Sprintf("ALTER TABLE %s ALTER COLUMN %s TYPE %s USING %s::%s", tbl, col, typ, col, typ))
				if chk := checkExpr(d, c); chk != "" {
					out = append(out, fmt.Sprintf("ALTER TABLE %s ADD CHECK (%s)", tbl, chk))
				}
			}
			if wrongNull {
				if wantNull {
					out = append(out, fmt.Sprintf("ALTER TABLE %s ALTER COLUMN %s DROP NOT NULL", tbl, col))
				} else {
					out = append(out, fmt.Sprintf("-- fails while %s holds NULLs: fill them first", col))
					out = append(out, fmt.Sprintf("ALTER TABLE %s ALTER COLUMN %s SET NOT NULL", tbl, col))
				}
			}
		case MySQL:
			if wrongNull && !wantNull {
				out = append(out, fmt.Sprintf("-- fails while %s holds NULLs: fill them first", col))
			}
			out = append(out, fmt.Sprintf("ALTER TABLE %s MODIFY COLUMN %s", tbl, columnDef(d, c, key)))
		}
	}
	for _, ac := range a.Columns {
		if _, ok := s.Column(ac.Name); ok {
			continue
		}
		col := QuoteIdent(d, ac.Name)
		out = append(out, fmt.Sprintf("-- column %s is not in dataset %q; drop it with: ALTER TABLE %s DROP COLUMN %s", col, s.Dataset, tbl, col))
		if ac.Nullable || ac.Default {
			continue
		}
		switch d {
		case SQLite:
			rebuild = true
		case Postgres:
			out = append(out, fmt.Sprintf("ALTER TABLE %s ALTER COLUMN %s DROP NOT NULL", tbl, col))
		case MySQL:
			out = append(out, fmt.Sprintf("ALTER TABLE %s MODIFY COLUMN %s %s NULL", tbl, col, ac.Type))
		}
	}
	if len(s.Keys) > 0 && !slices.Equal(s.Keys, a.Keys) {
		keys := quoteList(d, s.Keys)
		switch {
		case d == SQLite:
			rebuild = true
		case d == MySQL && len(a.Keys) > 0:
			out = append(out, fmt.Sprintf("ALTER TABLE %s DROP PRIMARY KEY, ADD PRIMARY KEY (%s)", tbl, keys))
		case d == Postgres && len(a.Keys) > 0:
			out = append(out, fmt.Sprintf("ALTER TABLE %s DROP CONSTRAINT %s, ADD PRIMARY KEY (%s)", tbl, QuoteIdent(d, a.KeyName), keys))
		default:
			out = append(out, fmt.Sprintf("ALTER TABLE %s ADD PRIMARY KEY (%s)", tbl, keys))
		}
	}
	if rebuild {
		return sqliteRebuild(name, s, a)
	}
	return out
}

// sqliteRebuild is the table rebuild SQLite needs for any change but a
// new nullable column (https://sqlite.org/lang_altertable.html#otheralter):
// a new table, the rows copied over, the old table dropped, the new one
// renamed, all in one transaction. Columns the dataset does not have are
// not copied, so they are listed first.
func sqliteRebuild(name Name, s *Schema, a *Actual) []string {
	var out []string
	for _, ac := range a.Columns {
		if _, ok := s.Column(ac.Name); !ok {
			out = append(out, fmt.Sprintf("-- column %s is not in dataset %q: the rebuild drops it; copy its data elsewhere first if you need it", QuoteIdent(SQLite, ac.Name), s.Dataset))
		}
	}
	tmp := Name{Schema: name.Schema, Table: name.Table + "__ayeaye_new"}
	var common []string
	for _, c := range s.Columns {
		if _, ok := a.column(c.Name); ok {
			common = append(common, c.Name)
		}
	}
	out = append(out,
		"-- SQLite cannot change a column's type, nullability or the primary key in place: the table is rebuilt",
		"BEGIN",
		CreateTable(SQLite, tmp, s),
	)
	if len(common) > 0 {
		cols := quoteList(SQLite, common)
		out = append(out, fmt.Sprintf("INSERT INTO %s (%s) SELECT %s FROM %s", QuoteName(SQLite, tmp), cols, cols, QuoteName(SQLite, name)))
	}
	out = append(out,
		"DROP TABLE "+QuoteName(SQLite, name),
		fmt.Sprintf("ALTER TABLE %s RENAME TO %s", QuoteName(SQLite, tmp), QuoteIdent(SQLite, name.Table)),
		"COMMIT",
	)
	return out
}
