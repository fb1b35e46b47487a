package env

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func mustParse(t *testing.T, src string) *Config {
	t.Helper()
	c, err := Parse("proj/ayeaye.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// fakeEnv is a process environment and file system for Resolve.
func fakeEnv(vars map[string]string, files map[string]string) (func(string) string, func(string) ([]byte, error)) {
	return func(k string) string { return vars[k] },
		func(p string) ([]byte, error) {
			if s, ok := files[filepath.ToSlash(p)]; ok {
				return []byte(s), nil
			}
			return nil, &fs.PathError{Op: "open", Path: p, Err: fs.ErrNotExist}
		}
}

func TestChooseEnvironment(t *testing.T) {
	three := "environments:\n  dev: {}\n  test: {}\n  prod: {}\n"
	tests := []struct {
		name, src, opt, envVar string
		want, err              string
	}{
		{"option", three, "prod", "test", "prod", ""},
		{"AYEAYE_ENV", three, "", "test", "test", ""},
		{"default", "environments:\n  default: prod\n  dev: {}\n  prod: {}\n", "", "", "prod", ""},
		{"AYEAYE_ENV over default", "environments:\n  default: prod\n  dev: {}\n  prod: {}\n", "", "dev", "dev", ""},
		{"only one", "environments:\n  staging: {}\n", "", "", "staging", ""},
		{"dev", three, "", "", "dev", ""},
		{"no environments", "version: 1\n", "", "", "", ""},
		{"ambiguous", "environments:\n  prod: {}\n  test: {}\n", "", "", "",
			"no environment chosen, and ayeaye.yaml defines prod, test with no default\n\thint: choose one with the -env flag or AYEAYE_ENV=<name>, or set environments.default in ayeaye.yaml"},
		{"unknown option", three, "prd", "", "",
			"environment \"prd\" (chosen) is not defined\n\thint: did you mean \"prod\"? defined environments are dev, prod, test"},
		{"unknown AYEAYE_ENV", three, "", "staging", "",
			"environment \"staging\" (from AYEAYE_ENV) is not defined\n\thint: defined environments are dev, prod, test"},
		{"chosen without environments", "version: 1\n", "dev", "", "",
			"environment \"dev\" (chosen) is not defined: ayeaye.yaml has no environments\n\thint: add it under environments in ayeaye.yaml, or do not choose one"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			getenv, _ := fakeEnv(map[string]string{"AYEAYE_ENV": tt.envVar}, nil)
			e, err := mustParse(t, tt.src).Resolve(Options{Name: tt.opt, Getenv: getenv})
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("Resolve error = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if e.Name() != tt.want {
				t.Errorf("Name() = %q, want %q", e.Name(), tt.want)
			}
		})
	}
}

func TestNilConfig(t *testing.T) {
	var c *Config
	e, err := c.Resolve(Options{Defaults: map[string]string{"root": "data"}, Overrides: map[string]string{"root": "/tmp/x"}})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]string{"root": "/tmp/x"}, e.Vars()); diff != "" || e.Name() != "" {
		t.Errorf("Vars (-want +got):\n%s; name %q", diff, e.Name())
	}
	if c.Names() != nil {
		t.Error("nil config has names")
	}
}

func TestPrecedence(t *testing.T) {
	c := mustParse(t, `environments:
  dev:
    vars:
      a: config-a
      b: config-b
      c: config-c
      out: "{a}/{b}/{c}/{d}"
  prod:
    vars:
      only_prod: x
`)
	tests := []struct {
		name      string
		overrides map[string]string
		process   map[string]string
		want      map[string]string
	}{
		{"config and defaults", nil, nil, map[string]string{
			"a": "config-a", "b": "config-b", "c": "config-c", "d": "default-d", "out": "config-a/config-b/config-c/default-d"}},
		{"environment variables", nil, map[string]string{"AYEAYE_VAR_B": "env-b", "AYEAYE_VAR_D": "env-d", "AYEAYE_VAR_C": ""},
			map[string]string{"a": "config-a", "b": "env-b", "c": "config-c", "d": "env-d", "out": "config-a/env-b/config-c/env-d"}},
		{"overrides win", map[string]string{"a": "flag-a", "b": "{{literal}}", "only_prod": "p"}, map[string]string{"AYEAYE_VAR_A": "env-a"},
			map[string]string{"a": "flag-a", "b": "{literal}", "c": "config-c", "d": "default-d", "only_prod": "p", "out": "flag-a/{literal}/config-c/default-d"}},
		{"overrides are templates", map[string]string{"out": "{a}-x"}, nil,
			map[string]string{"a": "config-a", "b": "config-b", "c": "config-c", "d": "default-d", "out": "config-a-x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			getenv, _ := fakeEnv(tt.process, nil)
			e, err := c.Resolve(Options{Name: "dev", Overrides: tt.overrides, Defaults: map[string]string{"d": "default-d", "a": "default-a"}, Getenv: getenv})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, e.Vars()); diff != "" {
				t.Errorf("Vars (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSecrets(t *testing.T) {
	c := mustParse(t, `environments:
  prod:
    vars:
      dsn: "postgres://etl:{db_password}@db/sales"
    secrets:
      db_password: {env: SALES_DB_PASSWORD}
      token: {file: secrets/token}
      abs: {file: /run/secrets/abs}
`)
	getenv, readFile := fakeEnv(map[string]string{"SALES_DB_PASSWORD": "pa;ss"},
		map[string]string{"proj/secrets/token": "tok-123\r\n\n", "/run/secrets/abs": "abs-secret"})
	e, err := c.Resolve(Options{Getenv: getenv, ReadFile: readFile, Defaults: map[string]string{"token": "not used"}})
	if err != nil {
		t.Fatal(err)
	}
	got, err := e.Expand("{dsn}?token={token}&x={abs}")
	if err != nil || got != "postgres://etl:pa;ss@db/sales?token=tok-123&x=abs-secret" {
		t.Errorf("Expand = %q, %v", got, err)
	}
	if diff := cmp.Diff(map[string]string{"dsn": "postgres://etl:xxxxx@db/sales"}, e.Vars()); diff != "" {
		t.Errorf("Vars (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"abs", "db_password", "token"}, e.Secrets()); diff != "" {
		t.Errorf("Secrets (-want +got):\n%s", diff)
	}
}

func TestResolveErrors(t *testing.T) {
	c := mustParse(t, `environments:
  prod:
    vars:
      root: "/data/{bucket}"
      uses_missing: "{password}"
      uses_broken: "{root}/{token}"
      loop_a: x
      loop_b: "{loop_a}"
      late: "{sub}"
    secrets:
      password: {env: DB_PASSWORD}
      token: {file: token.txt}
      empty: {file: /empty}
  dev:
    vars:
      dev_only: x
`)
	getenv, readFile := fakeEnv(map[string]string{"AYEAYE_VAR_LATE": "{bad"}, map[string]string{"/empty": "\n"})
	_, err := c.Resolve(Options{
		Name:      "prod",
		Overrides: map[string]string{"loop_a": "{loop_b}", "password": "p", "rot": "x", "dev_only": "fine", "bad name": "x"},
		Defaults:  map[string]string{"password": "ignored", "sub": "y"},
		Getenv:    getenv, ReadFile: readFile,
	})
	want := []string{
		`environment "prod": variable name "bad name" (from -var) is not valid` +
			"\n\thint: a name is letters, digits, '_', '-' and '.', as it is written in {name} templates",
		`environment "prod": "password" is a secret, so -var cannot set it` +
			"\n\thint: set the secret through its source (environment variable DB_PASSWORD), not on the command line, where it would be visible to other users and kept in shell history",
		`environment "prod": variable "rot" (from -var) is not defined anywhere` +
			"\n\thint: did you mean \"root\"? known variables are dev_only, late, loop_a, loop_b, root, sub, uses_broken, uses_missing; or add it under vars of an environment in ayeaye.yaml",
		`environment "prod": secret "empty": file /empty is empty` + "\n\thint: write the secret into the file",
		`environment "prod": secret "password": environment variable DB_PASSWORD is not set or is empty` +
			"\n\thint: set DB_PASSWORD in the environment of the run",
		`environment "prod": secret "token": cannot read file ` + filepath.Join("proj", "token.txt") + `: file does not exist` +
			"\n\thint: check that the file exists and that the run may read it",
		`environment "prod": variable "late" (from AYEAYE_VAR_LATE): unclosed '{' at offset 0 of "{bad"` +
			"\n\thint: close it with '}', or write {{ for a literal '{'",
		`environment "prod": variable "loop_a" (from -var) refers to itself: loop_a -> loop_b -> loop_a` +
			"\n\thint: give one of them a value without {name} references",
		`environment "prod": variable "root" (from ayeaye.yaml, environments.prod.vars) refers to {bucket}, which is not defined` +
			"\n\thint: defined names are dev_only, empty, late, loop_a, loop_b, password, root, sub, token, uses_broken, uses_missing; or define it under vars of this environment in ayeaye.yaml, or with -var bucket=value",
	}
	var joined interface{ Unwrap() []error }
	if !errors.As(err, &joined) {
		t.Fatalf("Resolve error = %v, want every problem", err)
	}
	var got []string
	for _, e := range joined.Unwrap() {
		got = append(got, e.Error())
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Resolve errors (-want +got):\n%s", diff)
	}
}

func TestOverrideRefersToOtherEnvironmentsVariable(t *testing.T) {
	c := mustParse(t, "environments:\n  dev: {vars: {a: x}}\n  prod: {vars: {b: y}}\n")
	e, err := c.Resolve(Options{Name: "dev", Overrides: map[string]string{"b": "{a}z"}, Getenv: func(string) string { return "" }})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]string{"a": "x", "b": "xz"}, e.Vars()); diff != "" {
		t.Errorf("Vars (-want +got):\n%s", diff)
	}
}

func TestDefaultNameErrors(t *testing.T) {
	_, err := (*Config)(nil).Resolve(Options{Defaults: map[string]string{"a b": "x"}, Getenv: func(string) string { return "" }})
	want := `the run (no environments defined): default variable name "a b" is not valid` +
		"\n\thint: a name is letters, digits, '_', '-' and '.', as it is written in {name} templates"
	if err == nil || err.Error() != want {
		t.Errorf("Resolve = %v, want %q", err, want)
	}
}

// No secret reaches an error message or printed output, whatever the
// verb or error.
func TestSecretsNeverLeak(t *testing.T) {
	const secret = "s3cr3t-Value;/&?"
	c := mustParse(t, `environments:
  prod:
    vars:
      dsn: "db://u:{pw}@h/{missing}"
      url: "s3+csv://bucket/x.csv;password={pw}"
      ok: "u:{pw}"
    secrets:
      pw: {env: PW}
      other: {env: OTHER}
`)
	getenv, readFile := fakeEnv(map[string]string{"PW": secret}, nil)
	opts := Options{Getenv: getenv, ReadFile: readFile, Overrides: map[string]string{"ok": "{pw}{"}}
	_, err := c.Resolve(opts)
	if err == nil {
		t.Fatal("Resolve succeeded")
	}
	texts := []string{err.Error()}

	getenv, _ = fakeEnv(map[string]string{"PW": secret, "OTHER": "other-secret"}, nil)
	e, err := c.Resolve(Options{Getenv: getenv, Defaults: map[string]string{"missing": "m"}})
	if err != nil {
		t.Fatal(err)
	}
	var zero Env
	for _, v := range []any{e, *e, &zero, zero} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d", "%T"} {
			texts = append(texts, sprintf(verb, v))
		}
	}
	texts = append(texts, e.String(), e.GoString(), sprintf("%v", e.Vars()))
	expanded, err := e.Expand("{dsn} {url} {ok} {other}")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(expanded, secret) {
		t.Fatalf("Expand = %q, want the secret in it", expanded)
	}
	texts = append(texts, e.Redact(expanded), e.Redact(jsonString(expanded)), e.Redact(urlEscaped(expanded)))
	for _, tmpl := range []string{"{nope}", "{pw", "{dsn}}", "{" + secret + "}"} {
		if _, err := e.Expand(tmpl); err == nil {
			t.Errorf("Expand(%q) succeeded", tmpl)
		} else {
			texts = append(texts, err.Error())
		}
	}
	texts = append(texts, e.RedactError(errors.New("connect "+expanded)).Error())
	for _, text := range texts {
		for _, s := range []string{secret, "s3cr3t", "other-secret"} {
			if strings.Contains(text, s) {
				t.Errorf("output holds a secret: %s", text)
			}
		}
	}
	if !strings.Contains(sprintf("%v", e), "secrets: other pw") {
		t.Errorf("%%v = %s, want the secret names", sprintf("%v", e))
	}
}
