package templates

import "embed"

// FS holds the scaffold templates: init/ for a new project, model/ for
// one model and its test. Every file is a text/template ending in .tmpl,
// so that Go tooling never mistakes a template for source of this
// package. It is read-only, like every embed.FS.
//
//go:embed init model
var FS embed.FS
