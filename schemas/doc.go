// Package schemas holds the JSON Schemas of Aye-aye's own file formats, so
// that editors can complete and check them and other tools can read them:
//
//	ayeaye.schema.json    the project config, ayeaye.yaml (config.Config;
//	                      its environments section is env.Config)
//	x-ayeaye.schema.json  the x-ayeaye vocabulary of dataset schemas
//	                      (config.DatasetExtension, config.FieldExtension)
//	run-record.schema.json  the record of a run (provenance.Run), as run
//	                      stores keep it and `runs ID` prints it
//
// The files are generated from the Go types with
// github.com/invopop/jsonschema, so the types and their schemas cannot
// drift apart: descriptions come from the types' jsonschema_description
// tags, every object is closed (additionalProperties: false, matching the
// parser's strictness; a map such as an environment's vars checks its
// keys with propertyNames and its values with a schema instead), and each
// file's $id is its published address,
// BaseURL plus the file name. Point an editor at it from YAML with
//
//	# yaml-language-server: $schema=https://raw.githubusercontent.com/ayeaye-go/ayeaye/main/schemas/ayeaye.schema.json
//
// The committed files are embedded in FS for the CLI to print. After
// changing a type, regenerate them with
//
//	go test ./schemas -update
//
// TestSchemasAreFresh fails while a committed file differs from what
// Generate produces. Generate is deterministic: properties keep Go field
// order, other keys are sorted, and files end with a newline.
package schemas
