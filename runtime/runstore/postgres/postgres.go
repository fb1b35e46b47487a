// Package postgres links PostgreSQL run stores (postgres://…) into
// runtime/runstore: a program that imports it,
//
//	import _ "github.com/ayeaye-go/ayeaye/runtime/runstore/postgres"
//
// opens them with github.com/jackc/pgx.
package postgres

import (
	"github.com/ayeaye-go/ayeaye/runtime/runstore"
	"github.com/ayeaye-go/ayeaye/runtime/runstore/internal/pgdriver"
)

func init() { runstore.Register("postgres", pgdriver.Driver{}) }
