// Package env resolves environments: the named sets of variables and
// secrets that turn engine URL templates such as csv://{data_root}/people.csv
// into real locations, so the same model code reads data/ on a laptop and
// s3+csv://prod-bucket/raw in production.
//
// # The environments section
//
// Environments live in the project's ayeaye.yaml, next to the generator's
// settings:
//
//	environments:
//	  default: dev                  # optional
//	  dev:
//	    vars:
//	      data_root: data
//	      output_root: output
//	  prod:
//	    vars:
//	      bucket: sales-prod
//	      data_root: /mnt/{bucket}/raw  # a value may refer to variables and secrets
//	      dsn: postgres://etl:{db_password}@db.internal/sales
//	    secrets:
//	      db_password: {env: SALES_DB_PASSWORD}   # read from an environment variable
//	      api_token: {file: /run/secrets/token}   # or from a file
//
// An environment's name starts with a letter and has letters, digits, '_',
// '-' and '.'; "default" is not a name but says which environment to use
// when none is chosen. A variable or secret name is what goes between the
// braces of a {name} template: letters, digits, '_', '-' and '.'. Values
// are strings (numbers and booleans are taken as written); "{{" and "}}"
// are literal braces. A secret names exactly one source: env, a process
// environment variable that must be set and not empty, or file, read whole
// with trailing newlines trimmed (a relative path is relative to the
// directory of ayeaye.yaml). A secret's value is never written in the file.
//
// Load and Parse read only this section and the catalogue (below); the
// rest of ayeaye.yaml belongs to ayeaye-gen, which checks both with this
// package too, so both agree. The check is strict: unknown keys are
// errors naming the valid ones, a name is either a variable or a secret,
// two variables that the same AYEAYE_VAR_ override would set (data-root
// and data_root) are an error, and so is a variable that refers to itself
// through others. Every
// problem is reported at once as Problems, each with file:line:col and a
// hint:
//
//	ayeaye.yaml:12:5: unknown key "secret" in environments.prod
//		hint: did you mean "secrets"? valid keys are vars, secrets
//
// yaml.Unmarshal and json.Unmarshal into a Config run the same checks.
//
// # Resolving
//
// At the start of a run, Config.Resolve picks the environment and computes
// its values once; the *Env it returns is immutable and safe for
// concurrent use. The environment is, first found:
//
//  1. Options.Name (the -env flag)
//  2. $AYEAYE_ENV
//  3. environments.default
//  4. the only environment, or else dev if there is one
//
// A variable's value is, first found:
//
//  1. Options.Overrides (the -var name=value flags)
//  2. $AYEAYE_VAR_<NAME>: the name upper-cased, '-' and '.' as '_' (VarEnvName)
//  3. the environment's vars in ayeaye.yaml
//  4. Options.Defaults, given by the program
//
// An empty process environment variable counts as unset. Whichever value
// wins is a template and is expanded, so an override may refer to other
// variables too. An override must name a variable defined in some
// environment or in the defaults: a misspelt -var is an error, not a run
// against the configured value. A config without environments (or a nil
// *Config) still resolves, from the defaults and overrides, to an Env
// named "".
//
// # The catalogue
//
// Datasets that other projects publish are named in a catalogue, a
// top-level section of ayeaye.yaml beside environments:
//
//	catalogue:
//	  sales/orders: "csv://{sales_root}/orders.csv"
//	  sales/customers: s3+ndjson://sales-published/customers.ndjson
//
// A name is team/dataset (slash-separated names of letters, digits, '_',
// '-' and '.'); a model reads the dataset through the engine URL
// ref://sales/orders, usually the engine_url that ayeaye-gen import wrote
// into the imported schema. The value is an engine URL template, filled
// from the chosen environment like any other, so one name finds the
// published dataset wherever each environment keeps it: give each
// environment its own sales_root. A template without {name} references is
// checked as an engine URL when the file is parsed; one with references,
// when a run fills it in. An entry cannot itself be a ref.
//
// Resolve copies the catalogue into the Env; Env.Lookup returns a name's
// template, unexpanded, and the runtime expands and opens it. A name not
// in the catalogue is an error that lists the names it has
// (Env.CatalogueNames).
//
// # Secrets
//
// Secrets are read last, from their environment variable or file. A
// missing one is an error naming the secret and where it was looked for,
// never its value; every problem of a Resolve is reported at once. -var
// cannot set a secret (command lines are visible to other users and kept
// in shell history), and AYEAYE_VAR_ does not apply to them.
//
// Secrets are hidden by where they were filled in, not found again by
// their value. Env.ExpandText fills a template into an engine.Text that
// knows which of its parts came from a secret; engine.ParseText then
// percent-encodes each secret for its place in the URL (the user info,
// path and query of a database server's location, an option value, the
// user info of a URL inside an option such as an s3 endpoint), so that a
// password holding '@', ';', '/', '?', '#' or '%' means what it says, and
// gives a masked twin of the URL, each secret replaced by "xxxxx": the
// twin is what the runtime prints, records and emits, so a secret of any
// length and any characters appears nowhere. A secret in a file path or a
// bucket key is taken literally (nothing decodes those) and names a file,
// so keep secrets out of paths. Env.Vars, used for run records, locks and
// listings, holds no secret: the secrets are not in it, and a variable
// built from one (a DSN) has "xxxxx" where the secret went and every other
// character as written, even text that happens to equal a secret.
//
// Env.Redact and Env.RedactError are the last resort, for free text that
// may quote a secret, such as a driver's error message: they replace every
// secret of at least MinRedactLen (8) bytes, as it is and in its URL- and
// JSON-escaped forms, by "xxxxx", longest first. Shorter secrets are not
// searched for, because they would be found in ordinary words ("secret"
// in "non-secret"); they are hidden by position only. Values recorded as
// data (Vars) never go through Redact. Env.Expand fills a template with
// the secrets as they are, for code of your own that needs the plain
// string. Printing an Env with any fmt verb shows the secrets' names
// only.
package env
