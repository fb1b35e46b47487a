package table

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"iter"
	"strconv"
	"strings"
	"time"

	"github.com/ayeaye-go/ayeaye/runtime/value"
)

// Query selects the rows a read returns.
type Query struct {
	// Where is a SQL boolean expression with ? placeholders, one per
	// argument in Args; "" reads every row. The arguments are always sent
	// as bound parameters, never spliced into the text, so a value can
	// never change the query: 'x'' OR 1=1' is compared as the string it
	// is. The expression cannot hold ';'. A decimal column compares as
	// the exact number it holds in every dialect (see decimal.go).
	Where string
	Args  []any
	// OrderBy names columns to sort by, each optionally followed by " DESC"
	// or " ASC". Without it rows come in the database's order.
	OrderBy []string
}

// Select is the SELECT statement of q on table name, in dialect d, with
// its arguments converted for the driver. It checks the placeholders
// against the arguments and the ORDER BY columns against the schema.
func Select(d Dialect, name Name, s *Schema, q Query) (string, []any, error) {
	var b strings.Builder
	b.WriteString("SELECT ")
	for i, c := range s.Columns {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(selectExpr(d, c))
	}
	b.WriteString(" FROM ")
	b.WriteString(QuoteName(d, name))
	args := q.Args
	if strings.TrimSpace(q.Where) != "" {
		cond, n, err := rebind(d, q.Where, decimalRewrite(d, s, q.Args))
		if err != nil {
			return "", nil, err
		}
		if n != len(q.Args) {
			return "", nil, fmt.Errorf("the condition %q has %d placeholders (?) but %d arguments were given", q.Where, n, len(q.Args))
		}
		b.WriteString(" WHERE (")
		b.WriteString(cond)
		if strings.Contains(cond, "--") {
			b.WriteByte('\n') // a -- comment at the end would swallow the ')'
		}
		b.WriteString(")")
		args = make([]any, len(q.Args))
		for i, a := range q.Args {
			if args[i], err = convertArg(d, a); err != nil {
				return "", nil, fmt.Errorf("argument %d of the condition %q: %w", i+1, q.Where, err)
			}
		}
	} else if len(q.Args) > 0 {
		return "", nil, fmt.Errorf("%d arguments were given without a condition", len(q.Args))
	}
	for i, o := range q.OrderBy {
		col, dir, _ := strings.Cut(strings.TrimSpace(o), " ")
		dir = strings.ToUpper(strings.TrimSpace(dir))
		if _, ok := s.Column(col); !ok {
			return "", nil, fmt.Errorf("cannot order by %q: dataset %q has no such column (columns: %s)", col, s.Dataset, strings.Join(s.names(), ", "))
		}
		if dir != "" && dir != "ASC" && dir != "DESC" {
			return "", nil, fmt.Errorf("cannot order by %q: write the column, optionally followed by ASC or DESC", o)
		}
		if i == 0 {
			b.WriteString(" ORDER BY ")
		} else {
			b.WriteString(", ")
		}
		c, _ := s.Column(col)
		if d == Postgres && selectExpr(d, c) != QuoteIdent(d, col) {
			// The column, not its text form in the select list, which
			// an unqualified name would mean.
			b.WriteString(QuoteName(d, name) + ".")
		}
		b.WriteString(QuoteIdent(d, col))
		if d == SQLite && c.Kind == Decimal {
			b.WriteString(" COLLATE " + decimalCollation) // numbers, not text: decimal.go
		}
		if dir != "" {
			b.WriteString(" " + dir)
		}
	}
	return b.String(), args, nil
}

// selectExpr is how a column is selected: PostgreSQL sends numeric,
// jsonb and enum types as text, which Row parses exactly.
func selectExpr(d Dialect, c Column) string {
	q := QuoteIdent(d, c.Name)
	if d == Postgres {
		switch c.Kind {
		case Decimal, JSON, Enum:
			return q + "::text"
		}
	}
	return q
}

// decimalRewrite makes a condition compare decimals as numbers, exactly,
// as PostgreSQL's numeric does: on SQLite, references to decimal columns
// take the decimal collation (decimal.go); on MariaDB, value.Decimal
// arguments are cast to DECIMAL, which MariaDB would otherwise compare
// with a DECIMAL column as floating-point numbers, as it does strings.
func decimalRewrite(d Dialect, s *Schema, args []any) rewrite {
	switch d {
	case SQLite:
		return rewrite{column: func(ref, name string) string {
			for _, c := range s.Columns {
				if c.Kind == Decimal && strings.EqualFold(c.Name, name) {
					return "(" + ref + " COLLATE " + decimalCollation + ")"
				}
			}
			return ref
		}}
	case MySQL:
		return rewrite{placeholder: func(n int, def string) string {
			if n <= len(args) {
				if _, ok := args[n-1].(value.Decimal); ok {
					return fmt.Sprintf("CAST(%s AS DECIMAL(%d,%d))", def, mysqlIntDigits+mysqlFracDigits, mysqlFracDigits)
				}
			}
			return def
		}}
	}
	return rewrite{}
}

// convertArg turns the runtime's value types into what the driver
// takes, stored as this package stores them (so a date-time argument
// compares with SQLite's text the way instants compare). A value the
// dialect cannot hold exactly (a decimal too long for MariaDB's DECIMAL,
// an invalid date) is an error rather than a comparison with something
// else. Without the dialect's driver linked the statement cannot run,
// so only this package's own conversions apply.
func convertArg(d Dialect, a any) (any, error) {
	var k Kind
	switch a.(type) {
	case value.Date:
		k = Date
	case value.Decimal:
		k = Decimal
	case time.Time:
		k = DateTime
	default:
		return a, nil
	}
	drv, _ := driverOf(d)
	if cv := converters(d, drv, []Column{{Kind: k}}, nil)[0]; cv != nil {
		return cv(a)
	}
	return a, nil
}

// Rebind checks a condition and rewrites its ? placeholders for dialect
// d ($1, $2, ... for PostgreSQL), returning how many it holds. Question
// marks inside string literals, quoted identifiers and comments are not
// placeholders. A ';' outside them is refused: a condition is one
// expression, never a second statement.
func Rebind(d Dialect, cond string) (string, int, error) {
	return rebind(d, cond, rewrite{})
}

// rewrite changes parts of a condition as rebind copies it.
type rewrite struct {
	// placeholder is the text of the n-th ? (from 1), given its default
	// (? or $n); nil keeps the default.
	placeholder func(n int, def string) string
	// column is the text of a column reference ref (a name, quoted or
	// not, maybe qualified: t.amount) to column name; nil keeps names.
	column func(ref, name string) string
}

func rebind(d Dialect, cond string, rw rewrite) (string, int, error) {
	var b strings.Builder
	n := 0
	for i := 0; i < len(cond); i++ {
		c := cond[i]
		if rw.column != nil {
			if end, name, ok := columnRef(d, cond, i); ok {
				b.WriteString(rw.column(cond[i:end], name))
				i = end - 1
				continue
			}
		}
		switch {
		case c == '\'' || c == '"' || c == '`':
			end := closeQuote(d, cond, i)
			if end < 0 {
				return "", 0, fmt.Errorf("the condition %q has an unterminated %c quote", cond, c)
			}
			b.WriteString(cond[i : end+1])
			i = end
		case c == '-' && i+1 < len(cond) && cond[i+1] == '-':
			end := strings.IndexByte(cond[i:], '\n')
			if end < 0 {
				end = len(cond) - i - 1
			}
			b.WriteString(cond[i : i+end+1])
			i += end
		case c == '/' && i+1 < len(cond) && cond[i+1] == '*':
			end := strings.Index(cond[i+2:], "*/")
			if end < 0 {
				return "", 0, fmt.Errorf("the condition %q has an unterminated /* comment", cond)
			}
			b.WriteString(cond[i : i+2+end+2])
			i += 2 + end + 1
		case c == ';':
			return "", 0, fmt.Errorf("the condition %q holds ';': it must be one expression, with values passed as ? arguments", cond)
		case c == '?':
			n++
			def := "?"
			if d == Postgres {
				def = "$" + strconv.Itoa(n)
			}
			if rw.placeholder != nil {
				def = rw.placeholder(n, def)
			}
			b.WriteString(def)
		case isDigit(c) || isIdentStart(c):
			// A number (1e5, 0x1F) or a word that is no column: copied
			// whole, so that the rest of it is not read as a name.
			end := i + 1
			for end < len(cond) && (isIdentPart(cond[end]) || isDigit(c) && cond[end] == '.') {
				end++
			}
			b.WriteString(cond[i:end])
			i = end - 1
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), n, nil
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isIdentStart(c byte) bool {
	return c == '_' || 'a' <= c|0x20 && c|0x20 <= 'z' || c >= 0x80
}

func isIdentPart(c byte) bool { return isIdentStart(c) || isDigit(c) || c == '$' }

// columnRef reads a reference to a column at cond[i]: a name, bare or
// quoted ("amount", `amount`), maybe qualified by others (t.amount). It
// returns where it ends and the column's name; ok is false for anything
// else, such as a function's name (round(…)) or a blob literal (x'00').
func columnRef(d Dialect, cond string, i int) (end int, name string, ok bool) {
	if i > 0 && (isIdentPart(cond[i-1]) || strings.IndexByte(".:@$", cond[i-1]) >= 0) {
		return 0, "", false // inside a word, or a named parameter
	}
	end, name, ok = identAt(d, cond, i)
	for ok && end+1 < len(cond) && cond[end] == '.' {
		e, n, more := identAt(d, cond, end+1)
		if !more {
			break
		}
		end, name = e, n
	}
	if !ok {
		return 0, "", false
	}
	next := strings.TrimLeft(cond[end:], " \t\r\n")
	if next != "" && (next[0] == '(' || next[0] == '\'' && isIdentStart(cond[end-1])) {
		return 0, "", false
	}
	return end, name, true
}

// identAt reads one name at cond[i]: bare, or in double quotes or
// backticks (a doubled quote inside is one quote).
func identAt(d Dialect, cond string, i int) (end int, name string, ok bool) {
	switch c := cond[i]; {
	case c == '"' || c == '`':
		e := closeQuote(d, cond, i)
		if e < 0 {
			return 0, "", false
		}
		q := string(c)
		return e + 1, strings.ReplaceAll(cond[i+1:e], q+q, q), true
	case isIdentStart(c):
		e := i + 1
		for e < len(cond) && isIdentPart(cond[e]) {
			e++
		}
		return e, cond[i:e], true
	}
	return 0, "", false
}

// closeQuote finds the quote closing the one at cond[start]; a doubled
// quote is an escaped one, and in MariaDB string literals so is a
// backslash-escaped character.
func closeQuote(d Dialect, cond string, start int) int {
	q := cond[start]
	for i := start + 1; i < len(cond); i++ {
		switch {
		case d == MySQL && q != '`' && cond[i] == '\\':
			i++
		case cond[i] == q:
			if i+1 < len(cond) && cond[i+1] == q {
				i++
				continue
			}
			return i
		}
	}
	return -1
}

// Read streams the rows of q as records, in constant memory: the drivers
// fetch rows as they are scanned. The table's columns are checked
// against the schema first, so a missing or mistyped column is one clear
// error before the first row.
func Read[T any](ctx context.Context, db *DB, loc Location, t *Table[T], q Query) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		fail := func(err error) { yield(zero, err) }
		a, err := db.Describe(ctx, loc.Table)
		if err != nil {
			fail(err)
			return
		}
		if err := Check(loc, &t.Schema, a, false); err != nil {
			fail(err)
			return
		}
		query, args, err := Select(db.d, loc.Table, &t.Schema, q)
		if err != nil {
			fail(fmt.Errorf("%s: %w", loc.where(), err))
			return
		}
		// Stopping early cancels the query, rather than letting the
		// driver drain the rest of a large result.
		qctx, cancel := context.WithCancel(ctx)
		defer cancel()
		row := newRow(db.d, db.drv, loc.where(), t.Schema.Columns)
		stopped := false
		var rec T // one record, scanned into for each row and yielded as a copy
		var scanErr error
		scan := func(rows Rows) error {
			for rows.Next() {
				row.n++
				if err := rows.Scan(row.dest...); err != nil {
					scanErr = fmt.Errorf("%s, row %d: %w", loc.where(), row.n, err)
					return scanErr
				}
				if err := t.Scan(row, &rec); err != nil {
					scanErr = err
					return err
				}
				if !yield(rec, nil) {
					stopped = true
					cancel()
					return nil
				}
			}
			return nil
		}
		err = db.drv.Query(qctx, db.sql, query, args, scan)
		if errors.Is(err, errors.ErrUnsupported) {
			err = readSQL(qctx, db, query, args, scan)
		}
		switch {
		case stopped:
		case (err != nil || scanErr != nil) && ctx.Err() != nil:
			fail(ctx.Err())
		case scanErr != nil:
			fail(scanErr)
		case err != nil && !errors.Is(err, context.Canceled) && !errors.Is(err, sql.ErrConnDone):
			fail(fmt.Errorf("%s: %w", loc.where(), err))
		}
	}
}

// readSQL reads through database/sql, for drivers without a faster way.
func readSQL(ctx context.Context, db *DB, query string, args []any, scan func(Rows) error) error {
	rows, err := db.sql.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	if err := scan(rows); err != nil {
		return err
	}
	if err := rows.Close(); err != nil {
		return err
	}
	return rows.Err()
}
