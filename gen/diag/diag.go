// Package diag names the positioned diagnostics of the generator: the
// types live in internal/diag, which the run time shares (runtime/env
// reports the same Diagnostic), and are aliased here so that gen's API
// (gen.Generate's diag.List, ir's diag.Pos) keeps its import path.
package diag

import "github.com/ayeaye-go/ayeaye/internal/diag"

type (
	// Pos is a position in a source file: diag.Pos.
	Pos = diag.Pos
	// Diagnostic is one problem, where and how to fix it: diag.Diagnostic.
	Diagnostic = diag.Diagnostic
	// List collects diagnostics: diag.List.
	List = diag.List
)
