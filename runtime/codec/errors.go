package codec

import (
	"fmt"
	"strings"
)

// Error is a record that could not be read or written. It says where
// (file, line, column), which field, what text was found and what type was
// expected, so a user can open the file at the spot and fix the value.
type Error struct {
	File   string // the data file, or "" when reading from an unnamed stream
	Line   int    // 1-based; 0 when unknown
	Column int    // 1-based byte column; 0 when unknown
	// Row is the 1-based record number in a file without lines (Parquet);
	// 0 when unknown or when Line says where.
	Row int64
	// Group is 1 + the index (from 0) of the Parquet row group holding
	// Row; 0 when unknown.
	Group    int
	Field    string // the schema field, or "" for record-level problems
	Text     string // the offending text, possibly shortened
	Expected string // what the schema expects, e.g. "integer (int32)"
	Err      error  // the underlying cause, if any
	Hint     string // how to fix it, if there is something to say
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.File != "" || e.Line > 0 || e.Row > 0 {
		if e.File != "" {
			b.WriteString(e.File)
		} else {
			b.WriteString("<input>")
		}
		if e.Line > 0 {
			fmt.Fprintf(&b, ":%d", e.Line)
			if e.Column > 0 {
				fmt.Fprintf(&b, ":%d", e.Column)
			}
		}
		b.WriteString(": ")
		if e.Line == 0 && e.Row > 0 {
			fmt.Fprintf(&b, "row %d", e.Row)
			if e.Group > 0 {
				fmt.Fprintf(&b, " (row group %d)", e.Group-1)
			}
			b.WriteString(": ")
		}
	}
	if e.Field != "" {
		fmt.Fprintf(&b, "field %q: ", e.Field)
	}
	switch {
	case e.Expected != "":
		fmt.Fprintf(&b, "cannot read %s as %s", quoteText(e.Text), e.Expected)
		if e.Err != nil {
			fmt.Fprintf(&b, ": %v", e.Err)
		}
	case e.Err != nil:
		b.WriteString(e.Err.Error())
	}
	if e.Hint != "" {
		b.WriteString("\n\thint: ")
		b.WriteString(e.Hint)
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// quoteText quotes a value for an error message, shortening long ones so a
// runaway quoted field does not flood the terminal.
func quoteText(s string) string {
	const max = 80
	if len(s) > max {
		return fmt.Sprintf("%q… (%d bytes)", s[:max], len(s))
	}
	if s == "" {
		return "an empty value"
	}
	return fmt.Sprintf("%q", s)
}
