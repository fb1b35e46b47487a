// Package scaffold writes the files a user owns: a new project
// ("ayeaye-gen init") and a new model with its test ("ayeaye-gen model"),
// rendered from the text/template files of package templates.
//
// Scaffolds are the opposite of generated code: they are written once,
// carry no "Code generated" header, and are never overwritten, because
// from then on they are the user's. Write refuses to write anything when
// any file it would write exists, and lists every such file
// (*ExistsError), so a second init, or a model name already used, cannot
// destroy work.
//
// # A new project
//
//	p, err := scaffold.NewProject("hello", "example.com/hello") // name from the directory
//	written, err := scaffold.Init("hello", p)
//
// Init writes the rendered templates (RenderInit) and the datasets
// package generated from their schemas (InitFiles), so the project
// compiles before go generate first runs. After go mod tidy,
//
//	go generate ./... && go test ./... && go run ./cmd/hello run -all
//
// passes in the new directory: a test of this package's users
// (gen/cli) runs exactly that.
//
// # A new model
//
//	files, err := scaffold.ModelFiles(root, scaffold.Model{Name: "summary", Inputs: []string{"people"}, Outputs: []string{"cities"}})
//	written, err := scaffold.Write(root, files)
//
// ModelFiles loads the project as generate does (every problem comes back
// as a diag.List) and asks the emitter (golang.Declarations) what the
// generated package calls each dataset, so the model's fields are typed
// and wired, datasets.PeopleDataset.Input(), with the same names the generated
// code has. The model's Build ranges over each input and returns an error
// saying what to write; its test gives each input a fixture record with
// every non-null field set to an example value, captures each output and
// expects records the user fills in. Unknown dataset names are errors
// listing the known ones, with a did-you-mean.
//
// Go output is formatted with go/format, so it is gofmt-clean however the
// template is laid out, and imports are spelled with the module path found
// in the project's go.mod.
package scaffold
