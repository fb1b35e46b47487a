// Package sqlite links SQLite run stores (sqlite:PATH, and the default
// .ayeaye/runs.db) into runtime/runstore: a program that imports it, as
// runtime/cli does,
//
//	import _ "github.com/ayeaye-go/ayeaye/runtime/runstore/sqlite"
//
// opens them with modernc.org/sqlite, SQLite in pure Go (no cgo).
package sqlite

import (
	"github.com/ayeaye-go/ayeaye/runtime/runstore"
	"github.com/ayeaye-go/ayeaye/runtime/runstore/internal/sqlitedriver"
)

func init() { runstore.Register("sqlite", sqlitedriver.Driver{}) }
