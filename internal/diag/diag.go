// Package diag holds positioned diagnostics: the one shape every problem
// found in a config file or a dataset schema is reported in, by the
// generator (gen/config, gen/schema; gen/diag names the same types) and by
// the run time reading ayeaye.yaml (runtime/env).
//
// A diagnostic prints as
//
//	schemas/orders.json:12:7: field "amount": type "money" is not supported
//		hint: use "number", or "string" with format "decimal" for exact amounts
//
// and a List sorts by file, then line, then column, so problems come out in
// the order of the file no matter which check found them.
package diag

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Pos is a position in a source file. Line and Col are 1-based; Col counts
// bytes. A zero Line means "the file as a whole".
type Pos struct {
	File string
	Line int
	Col  int
}

// String is file:line:col, leaving out what is unknown: "file" for the
// file as a whole, "line:col" when there is no file name.
func (p Pos) String() string {
	s := p.File
	if p.Line > 0 {
		if s != "" {
			s += ":"
		}
		s += strconv.Itoa(p.Line)
		if p.Col > 0 {
			s += ":" + strconv.Itoa(p.Col)
		}
	}
	return s
}

// Diagnostic is one problem: what is wrong, where, and how to fix it.
type Diagnostic struct {
	Pos     Pos
	Message string
	Hint    string // optional; says how to fix it
}

func (d Diagnostic) String() string {
	var b strings.Builder
	if pos := d.Pos.String(); pos != "" {
		b.WriteString(pos)
		b.WriteString(": ")
	}
	b.WriteString(d.Message)
	if d.Hint != "" {
		b.WriteString("\n\thint: ")
		b.WriteString(d.Hint)
	}
	return b.String()
}

// List collects diagnostics. The zero value is ready to use.
type List []Diagnostic

// Add appends a diagnostic.
func (l *List) Add(pos Pos, hint, format string, args ...any) {
	*l = append(*l, Diagnostic{Pos: pos, Message: fmt.Sprintf(format, args...), Hint: hint})
}

// Sort orders the list by file, line and column; diagnostics at the same
// position keep the order they were added in.
func (l List) Sort() {
	slices.SortStableFunc(l, func(a, b Diagnostic) int {
		return cmp.Or(
			cmp.Compare(a.Pos.File, b.Pos.File),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col),
		)
	})
}

// Err returns the list as an error, or nil when it is empty.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// Error prints every diagnostic, one (plus its hint) per line.
func (l List) Error() string {
	var b strings.Builder
	for i, d := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.String())
	}
	return b.String()
}
