// Package cli is the command line of ayeaye-gen: cmd/ayeaye-gen is only
//
//	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr))
//
// so the whole tool can be run and tested in-process, with its output in
// buffers. The user manual is the documentation of cmd/ayeaye-gen
// (go doc github.com/ayeaye-go/ayeaye/cmd/ayeaye-gen).
//
// # Commands
//
// Main dispatches on the first argument to one of the commands: generate
// (gen.Generate, then render.Write), diff (gen.Generate, then render.Diff),
// vet (gen.Vet), init and model (gen/scaffold: a new project, a new model
// and its test), infer (gen/infer: a dataset schema from sample files),
// import (another project's published schema into schemas/, from its
// manifest: runtime/manifest, read from a file, over http(s) or through
// runtime/storage) and schema-diff (runtime/contract's classification of
// two schemas or manifests, the check a consumer's run makes), ddl (a
// dataset's CREATE TABLE per dialect from runtime/table, or with
// -against the migration of an existing table, read from its catalog),
// schema (the embedded JSON Schemas of package schemas), version (from
// runtime/debug build info) and help. Problems are printed in
// the diag format, file:line:col: message and an indented hint, followed
// by a count.
//
// Exit codes are ExitOK (0), ExitProblems (1: problems in the project,
// drift found by diff, or a failed read or write) and ExitUsage (2: the
// command line is wrong). Usage asked for with -h, -help or help goes to
// stdout with status 0; after a usage error, the error and a short synopsis
// go to stderr with status 2.
//
// # Adding a command
//
// Commands are entries of one table, returned by commands(): a name, a
// synopsis of its arguments, a one-line summary for the command list, the
// help text for -h, and a run function. A run function makes its own
// flag.FlagSet with app.flagSet, adds its flags (projectFlag adds the
// shared -C), calls app.parse, which handles -h, flag errors and the number
// of positional arguments, and returns an exit code. Flags may come before
// or after the positional arguments; "--" ends them. The command list,
// "help NAME", "NAME -h" and "did you mean" suggestions all come from the
// table, so a new command (init, model, infer, import, schema-diff) is one
// more constructor in commands() and nothing else. The table is run by
// internal/command, which the user's program (runtime/cli) shares, so
// both binaries parse flags, print help, suggest and exit the same way.
//
// # Why it looks like this
//
// Everything a run touches (output streams, build info, the embedded
// schemas) is a field of one app value created by Main, never a package
// variable, so tests substitute them and runs never share state. Generated
// positions are relative to the -C directory as the user typed it, so
// messages point at files the way the user names them.
package cli
