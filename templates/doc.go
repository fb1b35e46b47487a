// Package templates holds the text/template scaffolds that
// "ayeaye-gen init" and "ayeaye-gen model" write once and then leave to
// the user: unlike the generated datasets package, these files carry no
// "Code generated" header, are never overwritten, and are meant to be
// edited.
//
// FS embeds two directories:
//
//	init/   a new project: go.mod, ayeaye.yaml (commented defaults, the
//	        editor-schema line, a dev environment), the root package that
//	        embeds ayeaye.yaml and holds the go:generate line, two dataset
//	        schemas with sample data, cmd/NAME/main.go on runtime/cli, one
//	        model with its tests on fixtures, a README and a .gitignore
//	model/  one model (its inputs and outputs wired, a Build that says what
//	        to write) and its test, with a fixture for each input
//
// Every file ends in .tmpl, so Go tooling never takes a template for part
// of this package; package gen/scaffold maps each to the file it becomes,
// renders it and gofmt-formats Go output. The templates are golden-tested
// there, and a test creates a project from them and runs
// go generate, go test and the binary on it.
package templates
