// Package table keeps datasets in SQL tables: SQLite (embedded, pure
// Go, no cgo), PostgreSQL and MariaDB (or MySQL). It is what the runtime
// uses for engine URLs of type sqlite, postgres and mysql; models never
// call it directly.
//
// # Drivers, linked by import
//
// This package writes the SQL of every dialect but links no database
// driver: a program links the ones it uses, as database/sql programs do,
// by importing their packages for their side effect:
//
//	import (
//		_ "github.com/ayeaye-go/ayeaye/runtime/table/sqlite"   // modernc.org/sqlite, with the decimal collation
//		_ "github.com/ayeaye-go/ayeaye/runtime/table/postgres" // pgx: its binary scanning, COPY, its error codes
//		_ "github.com/ayeaye-go/ayeaye/runtime/table/mysql"    // go-sql-driver/mysql
//	)
//
// ayeaye-gen generate writes these imports into the datasets package for
// the dialects its schemas name, so a project need not. Each package
// calls Register from init with its Driver: what needs the Go driver
// (opening a pool from a Location, the fast read path, the bulk load,
// value types, error hints); the rest stays here. A URL whose dialect is
// not linked fails when its database is opened, with an error that names
// the import to add (it wraps ErrNotLinked; Linked asks in advance). So a
// program that reads CSV files carries no SQL driver, and one that uses
// SQLite carries neither pgx nor the MySQL driver.
//
// # Engine URLs
//
//	sqlite://data/warehouse.db;table=sales
//	postgres://etl:{db_password}@db.example.com:5432/warehouse?sslmode=require;table=public.sales
//	mysql://etl:{db_password}@db.example.com:3306/warehouse;table=sales;mode=upsert
//
// The location is the database: a file for SQLite (made, with its
// directory, by the first write; reading a missing file is an error, not
// an empty database), [user[:password]@]host[:port]/database[?params]
// for the servers, with the drivers' parameters (sslmode, tls, timeout,
// ...). Options: table (required; name or schema.name, used exactly as
// written, quoted), mode (replace, the default; append; upsert) and
// fingerprint (rows, the default; none).
//
// Credentials never belong in a URL in ayeaye.yaml or a schema: write a
// template, postgres://etl:{db_password}@db/warehouse, and make
// db_password a secret of the environment (runtime/env). The runtime
// fills it in, percent-encoded so that any character works, when it
// connects, and prints the URL redacted (etl:xxxxx@db) in logs, errors
// and run records. PostgreSQL's own
// PGPASSWORD and ~/.pgpass work too.
//
// # What ayeaye-gen emits
//
// With sql in the formats of ayeaye.yaml, every dataset gets a
// *Table[T] (OrdersTable for records of type Order) in its _sql.go file,
// set as the Table of its runtime.Dataset: the columns (one per
// top-level field, named by the property; arrays and objects become JSON
// columns), the key, a Scan function that reads a Row into a record and
// a Values function that lists a record's column values, both without
// reflection. `ayeaye-gen ddl DATASET` prints the CREATE TABLE statement
// of each dialect (generated files no longer repeat them), and
// `ayeaye-gen ddl -against URL DATASET` the ALTER TABLE statements that
// make an existing table match (Migrate).
//
// The type mapping (see SQLType) keeps every value exact: decimals are
// numeric in PostgreSQL, DECIMAL(65,30) in MariaDB (a value that needs
// more digits is refused, never rounded; trailing zeros are not kept, so
// 12.50 reads back as 12.5) and text in SQLite; date-times are instants,
// stored in UTC (timestamptz; DATETIME(6); RFC 3339 text with nine
// fraction digits, which sorts in time order) and read back in UTC, to
// the microsecond in the servers and the nanosecond in SQLite; enums are
// checked on write (Values), by a CHECK constraint in the table, and on
// read (Scan). SQLite tables are STRICT.
//
// # Checking before reading or writing
//
// Before the first row, the table's columns are read from the catalog
// (information_schema, pragma_table_info) and compared with the dataset
// (Check): a missing column, a type that cannot hold the field's values,
// a nullable column for a required field (reading) or a NOT NULL column
// for a nullable one (writing), a NOT NULL column the dataset does not
// fill, and for upserts a primary key other than the dataset's keys are
// reported together, each naming its column, with the ddl command to fix
// them. A table that does not exist is created by the first write.
// (PostgreSQL's catalog says every column of a view may be NULL, so a
// dataset read from a view needs nullable fields.)
//
// # Reading
//
// Read streams rows in constant memory: PostgreSQL rows are decoded by
// pgx, in binary, straight into the Row's cells (as fast as hand-written
// pgx scanning), the others scanned through database/sql. A Query adds a WHERE condition with ?
// placeholders and an ORDER BY; its arguments are always bound
// parameters, so a value can never change the statement (a condition may
// not even hold ';'). Stopping early cancels the query.
//
// Conditions and orders on decimal columns compare numbers, exactly, in
// every dialect, so a model selects the same rows from a SQLite fixture
// as from the servers: SQLite's decimal text is compared through a
// collation of this package that orders it as exact decimals of any
// length (12.5 > 9, -12.5 < -3; see decimal.go), and MariaDB receives
// value.Decimal arguments cast to DECIMAL(65,30) (an argument with more
// digits is an error naming it), which it would otherwise compare as
// floating-point numbers. Pass decimal arguments as value.Decimal: on
// SQLite a float64 argument is first written with 15 significant digits,
// and arithmetic on a decimal column (amount * 2) is floating point.
//
// # Writing
//
// Writer loads rows and publishes them when the run commits, atomically
// (see Writer for each dialect): replace loads a staging table and swaps
// it in, so readers see the old rows or the new ones and a failure leaves
// the old table; append adds rows in one transaction; upsert inserts or
// updates by key. PostgreSQL loads with COPY, about as fast as
// hand-written pgx CopyFrom; the others with batched multi-row INSERTs in
// transactions.
//
// # Fingerprints
//
// DB.Fingerprint is the table's content fingerprint for run records and
// locks: a checksum over all rows that does not depend on their order
// (see fingerprint.go for each dialect and its cost). ;fingerprint=none
// turns it off for tables too big to scan after each run.
//
// # Connections
//
// Open opens one pool per database; the runtime keeps one pool per
// database for a whole run (Conns) and closes it when the run ends.
// Package tabletest gives tests a SQLite file and the local servers,
// and links all three drivers.
package table
