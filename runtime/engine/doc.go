// Package engine parses engine URLs: the one string that says where a
// dataset lives and how its bytes are encoded.
//
// # Grammar
//
//	[modifier+...]type://location[;option=value...]
//
// for example
//
//	csv://{data_root}/people.csv
//	gz+ndjson://out/events.ndjson.gz
//	s3+gz+csv://my-bucket/raw/orders-*.csv.gz;delimiter=pipe
//	json://report.json;indent=2
//	mem://people
//
// The type (last before "://") is the format or engine: csv, tsv, json,
// ndjson, parquet, file (raw bytes) or mem (records held in memory, for
// tests). A Parquet file compresses its own pages, so the parquet type
// refuses the compression modifiers.
// ref is not a format but a name in the project's catalogue
// (ref://team/dataset): the runtime looks the name up in the catalogue of
// ayeaye.yaml and uses the engine URL found there, so a consumer reads
// another project's published dataset without knowing where it is kept in
// each environment. A ref takes no modifiers and no options.
// sqlite, postgres and mysql are tables in SQL databases (package
// runtime/table): the location is a database file for sqlite and
// [user[:password]@]host[:port]/database[?param=value] for the servers
// (postgres://etl:{db_password}@db:5432/warehouse;table=public.sales),
// never a wildcard, and they take no modifiers.
// Modifiers say where and how the bytes are stored: at most one storage
// modifier (s3, gs, azblob, or the test stores memblob and fileblob), then
// at most one compression modifier (gz, zst). Format and storage are
// separate concerns, so every format works on every store.
//
// The location is a path (relative to the working directory, or absolute:
// csv:///srv/data/x.csv), a bucket/key for blob stores, or a name for mem.
// It is taken literally and ends at the first ';', so it cannot hold one.
//
// Options follow, each ";name=value". Values are percent-decoded, so a
// value can hold any byte: %3B is ';' and %25 is '%'. Each option belongs
// to the type or to a modifier:
//
//	csv       delimiter (one character, or comma, tab, pipe, semicolon, space), header (true/false),
//	          quote (one character, or dquote, squote)
//	tsv       header
//	json      indent (0-8)
//	parquet   compression (snappy, zstd, gzip, none), row_group_rows (1-1073741824)
//	sqlite, postgres, mysql
//	          table (name or schema.name; required), mode (replace, append, upsert),
//	          fingerprint (rows, none)
//	gz        level (1-9)
//	zst       level (1-22)
//	s3        region, endpoint, profile, use_path_style, anonymous
//	gs        anonymous
//	azblob    storage_account, domain
//
// ndjson, file, mem, ref, memblob and fileblob take none. Parse stores
// canonical values (delimiter=tab becomes "\t", header=1 becomes "true"),
// and String writes the canonical URL back with options sorted, so
// Parse(u.String()) returns u again. Redacted is String with passwords and
// secret-looking option values hidden, for logs and run records.
//
// # Errors
//
// Every Parse and Expand error is an *Error with the byte offset of the
// problem and a hint, for example
//
//	engine URL "csv://x.csv;delimeter=tab": at offset 12: unknown option "delimeter" for csv;
//	did you mean "delimiter"? valid options: delimiter, header, quote
//
// # Templates and wildcards
//
// Expand fills {name} templates from an environment's variables before
// parsing, so the same model code reads data/ in development and
// s3+csv://prod-bucket/ in production. A location with *, ? or [...] is a
// pattern; "**" spans directories. Glob expands local patterns into
// concrete URLs in sorted order; Match is the matcher, shared with
// storage.Glob, which lists blob stores.
//
// CheckTemplate checks a template before its names have values (ayeaye-gen
// vet checks each schema's default engine URL with it): the template
// syntax and everything of the URL that no value could change, so
// cssv://{data_root}/x.csv and ;delimeter=tab fail there and not in a run.
//
// # Secrets in templates
//
// Expand inserts values as they are. A template filled with secrets goes
// through ExpandText instead, whose Text remembers which parts came from
// a secret, and ParseText, which percent-encodes each secret where the
// grammar decodes it (the user info, path, query and fragment of a
// postgres or mysql location; an option value; the parts of a URL inside
// an option value, such as an s3 endpoint http://key:{secret}@host), so
// that a password holding '@', ':', '/', '?', '#', ';' or '%' means what
// the template said. ParseText also returns the masked twin, the same URL
// with each secret as "xxxxx", which is what a program prints: the secret
// is hidden by where it went, whatever its length or characters. A file
// path or bucket key is taken literally, so a secret there goes in as it
// is (and names a file); one that breaks the URL there (a ';') is an
// error naming the secret, not showing it.
//
// # Adding formats
//
// The package-level Parse uses a fixed built-in table, so there is no
// mutable global state. A program that adds types (avro, orc, ...)
// builds its own table once at start-up:
//
//	reg := engine.NewRegistry() // starts with the built-ins
//	err := reg.Register(engine.Spec{Name: "avro", Kind: engine.KindType, Options: ...})
//	u, err := reg.Parse("s3+avro://bucket/x.avro")
//
// and passes reg to whatever parses its URLs. URL.Compression and
// URL.Storage know the built-in modifiers; Registry.Lookup gives the kind
// of any registered one.
package engine
