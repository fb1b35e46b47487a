// Package example is a complete Aye-aye project inside this repository:
// dataset schemas under schemas/, sample data under data/, the generated
// records and codecs in datasets/, and the pipeline in cmd/colours.
//
// Regenerate the datasets package after editing a schema:
//
//	go generate ./example
package example

//go:generate go run github.com/ayeaye-go/ayeaye/cmd/ayeaye-gen generate
