// Package example is a complete Aye-aye project inside this repository:
// dataset schemas under schemas/, sample data under data/, the generated
// records and codecs in datasets/, the models in models/ and the
// program in cmd/colours. Run it from this directory:
//
//	go run ./cmd/colours run -all
//
// Regenerate the datasets package after editing a schema:
//
//	go generate ./...
package example

import _ "embed"

//go:generate go run github.com/ayeaye-go/ayeaye/cmd/ayeaye-gen generate

//go:embed ayeaye.yaml
var config []byte

// Config returns the project's ayeaye.yaml, embedded in the program so
// that the same binary runs anywhere with only the environment changed.
func Config() []byte { return append([]byte(nil), config...) }
