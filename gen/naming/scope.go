package naming

import (
	"fmt"

	"github.com/ayeaye-go/ayeaye/gen/diag"
)

// Scope is one Go namespace (the fields of a struct, the declarations of a
// package, the constants of an enum) and finds collisions in it: two
// different source names that map to the same identifier. The zero value is
// ready to use; a Scope is not safe for concurrent use.
type Scope struct {
	idents map[string]declaration
}

type declaration struct {
	source string
	pos    diag.Pos
	what   string
	// reserved is set for identifiers the generator itself uses; it says
	// what for, e.g. "the generated method Valid".
	reserved string
}

// NewScope returns an empty Scope.
func NewScope() *Scope { return &Scope{idents: map[string]declaration{}} }

// Reserve marks ident as used by generated code (a method, a helper type),
// so that a later Declare of it is reported as a collision. why completes
// "which is reserved for ...", e.g. "the generated method Valid".
func (s *Scope) Reserve(ident, why string) {
	if s.idents == nil {
		s.idents = map[string]declaration{}
	}
	if _, ok := s.idents[ident]; !ok {
		s.idents[ident] = declaration{reserved: why}
	}
}

// Declare records that source (a property, enum value or dataset name,
// described by what: "property", "enum value", ...) at pos becomes ident.
// When ident is already taken by a different source name, or reserved, it
// returns the diagnostic to report at pos and keeps the first declaration.
// Declaring the same source name twice is not a naming collision (duplicate
// names are the schema reader's to report), so it returns nil.
func (s *Scope) Declare(ident, source string, pos diag.Pos, what string) *diag.Diagnostic {
	if s.idents == nil {
		s.idents = map[string]declaration{}
	}
	prev, ok := s.idents[ident]
	if !ok {
		s.idents[ident] = declaration{source: source, pos: pos, what: what}
		return nil
	}
	if prev.reserved != "" {
		return &diag.Diagnostic{
			Pos:     pos,
			Message: fmt.Sprintf("%s %q becomes Go name %q, which is reserved for %s", what, source, ident, prev.reserved),
			Hint:    renameHint(what),
		}
	}
	if prev.source == source {
		return nil
	}
	return &diag.Diagnostic{
		Pos: pos,
		Message: fmt.Sprintf("%s %q becomes Go name %q, which %s %q (%s) already uses",
			what, source, ident, prev.what, prev.source, prev.pos),
		Hint: renameHint(what),
	}
}

// Lookup returns the source name and position that declared ident.
func (s *Scope) Lookup(ident string) (source string, pos diag.Pos, ok bool) {
	d, ok := s.idents[ident]
	if !ok || d.reserved != "" {
		return "", diag.Pos{}, false
	}
	return d.source, d.pos, true
}

func renameHint(what string) string {
	if what == "property" {
		return "rename one of them, or set x-ayeaye.column on one to keep the data header and give it a distinct property name"
	}
	return "rename one of them so that their Go names differ"
}
