package env

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"
)

const fullConfig = `version: 1
formats: [csv]
environments:
  default: dev
  dev:
    vars:
      data_root: data
      output_root: "{data_root}/out"
      port: 5432
      debug: true
      since: 2024-01-01
      empty: ""
  prod:
    vars:
      data_root: s3+{bucket}/raw
      bucket: sales
    secrets:
      db_password: {env: SALES_DB_PASSWORD}
      api_token:
        file: secrets/token
  ci: {}
`

func TestParseFull(t *testing.T) {
	got, err := Parse("proj/ayeaye.yaml", []byte(fullConfig))
	if err != nil {
		t.Fatal(err)
	}
	want := &Config{
		Default: "dev",
		Environments: map[string]Environment{
			"dev": {Vars: map[string]string{
				"data_root": "data", "output_root": "{data_root}/out", "port": "5432", "debug": "true", "since": "2024-01-01", "empty": "",
			}},
			"prod": {
				Vars: map[string]string{"data_root": "s3+{bucket}/raw", "bucket": "sales"},
				Secrets: map[string]Secret{
					"db_password": {Env: "SALES_DB_PASSWORD"},
					"api_token":   {File: "secrets/token"},
				},
			},
			"ci": {},
		},
		Dir: "proj",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Parse (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"ci", "dev", "prod"}, got.Names()); diff != "" {
		t.Errorf("Names (-want +got):\n%s", diff)
	}
}

func TestParseWithoutSection(t *testing.T) {
	for _, src := range []string{"", "# nothing\n", "~\n", "version: 1\n", "version: 1\n---\n- other document\n", "1: x\nversion: 1\n"} {
		c, err := Parse("a/ayeaye.yaml", []byte(src))
		if err != nil {
			t.Errorf("Parse(%q): %v", src, err)
			continue
		}
		if diff := cmp.Diff(&Config{Dir: "a"}, c); diff != "" {
			t.Errorf("Parse(%q) (-want +got):\n%s", src, diff)
		}
	}
}

func TestParseAliases(t *testing.T) {
	src := "base: &v {data_root: data}\nenvironments:\n  dev: {vars: *v}\n  test: {vars: *v}\n"
	c, err := Parse("ayeaye.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if c.Environments["test"].Vars["data_root"] != "data" {
		t.Errorf("aliases not followed: %+v", c)
	}
}

func TestParseErrors(t *testing.T) {
	const (
		dup       = "\n\thint: remove one of them"
		envKeys   = "valid keys are vars, secrets"
		secretEg  = "e.g. {env: SALES_DB_PASSWORD} or {file: /run/secrets/db_password}"
		nameHint  = "\n\thint: a name is letters, digits, '_', '-' and '.', as it is written in {name} templates"
		eitherEnv = "\n\thint: say where the secret is read from, " + secretEg
	)
	tests := []struct {
		name, src string
		want      []string
	}{
		{"syntax", "environments:\n  dev: [\n", []string{
			"ayeaye.yaml:3: invalid YAML: did not find expected node content\n\thint: fix the YAML syntax; a config looks like \"version: 1\" then one \"key: value\" per line"}},
		{"not a mapping", "- environments\n", []string{
			"ayeaye.yaml:1:1: config must be a mapping, not a list\n\thint: the config is a mapping of keys such as \"version: 1\""}},
		{"section twice", "environments: {}\nenvironments: {}\n", []string{
			`ayeaye.yaml:2:1: key "environments" is already set at line 1` + dup}},
		{"section not a mapping", "environments: [dev]\n", []string{
			"ayeaye.yaml:1:15: environments must be a mapping, not a list\n\thint: write environments as a mapping of environment names, e.g. \"environments: {dev: {vars: {data_root: data}}}\""}},
		{"section null", "environments:\n", []string{
			"ayeaye.yaml:1:14: environments must be a mapping, not null\n\thint: write environments as a mapping of environment names, e.g. \"environments: {dev: {vars: {data_root: data}}}\""}},
		{"bad names", "environments:\n  1dev: {}\n  my env: {}\n  prod: {}\n  prod: {}\n  3: {}\n  <<: {}\n", []string{
			`ayeaye.yaml:2:3: environment name "1dev" is not valid` + "\n\thint: an environment name starts with a letter and has only letters, digits, '_', '-' and '.'",
			`ayeaye.yaml:3:3: environment name "my env" is not valid` + "\n\thint: an environment name starts with a letter and has only letters, digits, '_', '-' and '.'",
			`ayeaye.yaml:5:3: key "prod" is already set at line 4` + dup,
			"ayeaye.yaml:6:3: key in environments must be a name, not a number (3)\n\thint: keys are names",
			"ayeaye.yaml:7:3: key in environments must be a name, not !!merge \"<<\"\n\thint: YAML merge keys (<<) are not supported here; write the keys out"}},
		{"default", "environments:\n  default: prd\n  dev: {}\n  prod: {}\n", []string{
			`ayeaye.yaml:2:12: environments.default "prd" is not an environment` + "\n\thint: did you mean \"prod\"? defined environments are dev, prod"}},
		{"default without environments", "environments: {default: dev}\n", []string{
			`ayeaye.yaml:1:25: environments.default "dev" is not an environment` + "\n\thint: add an environment called dev under environments"}},
		{"default not a string", "environments: {default: [dev]}\n", []string{
			"ayeaye.yaml:1:25: environments.default must be a string, not a list\n\thint: name the environment to use when none is chosen, e.g. default: dev"}},
		{"environment null", "environments:\n  dev:\n", []string{
			"ayeaye.yaml:2:7: environments.dev must be a mapping, not null\n\thint: write \"dev: {}\" for an environment with no variables, or give it vars"}},
		{"environment scalar", "environments:\n  dev: data\n", []string{
			"ayeaye.yaml:2:8: environments.dev must be a mapping, not \"data\"\n\thint: write the environment as a mapping with vars and secrets, e.g. \"dev: {vars: {data_root: data}}\""}},
		{"unknown keys", "environments:\n  dev: {var: {}, secret: {}, other: 1, vars: {}, vars: {}}\n", []string{
			"ayeaye.yaml:2:9: unknown key \"var\" in environments.dev\n\thint: did you mean \"vars\"? " + envKeys,
			"ayeaye.yaml:2:18: unknown key \"secret\" in environments.dev\n\thint: did you mean \"secrets\"? " + envKeys,
			"ayeaye.yaml:2:30: unknown key \"other\" in environments.dev\n\thint: " + envKeys,
			`ayeaye.yaml:2:50: key "vars" is already set at line 2` + dup}},
		{"vars", `environments:
  dev:
    vars:
      ok: x
      bad name: x
      nothing:
      list: [a]
      map: {a: b}
      bin: !!binary aGk=
      bad: "a}b"
      bad2: x{
      "bad3": "é{x y}"
      multi: "a
        {"
`, []string{
			`ayeaye.yaml:5:7: variable name "bad name" in environments.dev.vars is not valid` + nameHint,
			"ayeaye.yaml:6:15: environments.dev.vars.nothing has no value\n\thint: give it a value, or \"\" for an empty one",
			"ayeaye.yaml:7:13: environments.dev.vars.list must be a string, not a list\n\thint: a variable's value is a string, e.g. list: \"data\"",
			"ayeaye.yaml:8:12: environments.dev.vars.map must be a string, not a mapping\n\thint: a variable's value is a string, e.g. map: \"data\"",
			"ayeaye.yaml:9:12: environments.dev.vars.bin must be a string, not !!binary \"aGk=\"\n\thint: a variable's value is a string, e.g. bin: \"data\"",
			"ayeaye.yaml:10:14: environments.dev.vars.bad: '}' without a matching '{'\n\thint: write }} for a literal '}'",
			"ayeaye.yaml:11:14: environments.dev.vars.bad2: unclosed '{'\n\thint: close it with '}', or write {{ for a literal '{'",
			// é is two bytes: the space is at byte column 20.
			"ayeaye.yaml:12:20: environments.dev.vars.bad3: character ' ' in name \"x y\"\n\thint: a name is letters, digits, '_', '-' and '.'; write {{ and }} for literal braces",
			"ayeaye.yaml:13:14: environments.dev.vars.multi: unclosed '{' at offset 2\n\thint: close it with '}', or write {{ for a literal '{'"}},
		{"vars not a mapping", "environments: {dev: {vars: [a]}}\n", []string{
			"ayeaye.yaml:1:28: environments.dev.vars must be a mapping, not a list\n\thint: write vars as a mapping of names to values, e.g. \"vars: {data_root: data}\""}},
		{"secrets", `environments:
  prod:
    vars: {token: x}
    secrets:
      token: {env: TOKEN}
      plain: hunter2
      both: {env: A, file: b}
      neither: {}
      typo: {enf: A}
      badenv: {env: "1A"}
      emptyfile: {file: ""}
      bad/name: {env: A}
      ok: {file: token.txt}
`, []string{
			`ayeaye.yaml:5:7: "token" is both a variable and a secret in environments.prod` + "\n\thint: rename one of them; a {name} template must mean one thing",
			"ayeaye.yaml:6:14: environments.prod.secrets.plain must be a mapping with env or file, not \"hunter2\"\n\thint: a secret says where its value is read from at run time, " + secretEg + "; never write the value itself here",
			"ayeaye.yaml:7:13: environments.prod.secrets.both sets both env and file\n\thint: keep one of them: a secret is read from one place",
			"ayeaye.yaml:8:16: environments.prod.secrets.neither has neither env nor file" + eitherEnv,
			"ayeaye.yaml:9:13: environments.prod.secrets.typo has neither env nor file" + eitherEnv,
			"ayeaye.yaml:9:14: unknown key \"enf\" in environments.prod.secrets.typo\n\thint: did you mean \"env\"? valid keys are env, file",
			`ayeaye.yaml:10:21: environments.prod.secrets.badenv.env "1A" is not a valid environment variable name` + "\n\thint: an environment variable name is letters, digits and '_', not starting with a digit",
			"ayeaye.yaml:11:25: environments.prod.secrets.emptyfile.file is empty\n\thint: give the path of the file holding the secret, e.g. /run/secrets/db_password",
			`ayeaye.yaml:12:7: secret name "bad/name" in environments.prod.secrets is not valid` + nameHint}},
		{"secrets not a mapping", "environments: {prod: {secrets: x}}\n", []string{
			"ayeaye.yaml:1:32: environments.prod.secrets must be a mapping, not \"x\"\n\thint: write secrets as a mapping of names to sources, e.g. \"secrets: {db_password: {env: SALES_DB_PASSWORD}}\""}},
		{"override clash", "environments:\n  dev:\n    vars:\n      data_root: a\n      data-root: b\n      Data.Root: c\n", []string{
			`ayeaye.yaml:5:7: variables "data_root" and "data-root" of environments.dev are both overridden by AYEAYE_VAR_DATA_ROOT` +
				"\n\thint: rename one of them, so that each variable can be overridden on its own",
			`ayeaye.yaml:6:7: variables "data_root" and "Data.Root" of environments.dev are both overridden by AYEAYE_VAR_DATA_ROOT` +
				"\n\thint: rename one of them, so that each variable can be overridden on its own"}},
		{"cycles", "environments:\n  dev:\n    vars:\n      a: \"{b}\"\n      b: \"{c}/{a}\"\n      c: x\n      self: \"{self}\"\n      d: \"{a}\"\n", []string{
			"ayeaye.yaml:4:7: environments.dev.vars.a refers to itself: a -> b -> a\n\thint: give one of them a value without {name} references",
			"ayeaye.yaml:7:7: environments.dev.vars.self refers to itself: self -> self\n\thint: give one of them a value without {name} references"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse("ayeaye.yaml", []byte(tt.src))
			if c != nil || err == nil {
				t.Fatalf("Parse = %+v, %v; want an error", c, err)
			}
			var ps Problems
			if !errors.As(err, &ps) {
				t.Fatalf("error %T is not Problems", err)
			}
			var got []string
			for _, p := range ps {
				got = append(got, p.String())
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Parse(%q) problems (-want +got):\n%s", tt.src, diff)
			}
			if err.Error() != strings.Join(got, "\n") {
				t.Errorf("Error() = %q", err.Error())
			}
		})
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "ayeaye.yaml")
	if err := os.WriteFile(path, []byte("environments: {dev: {vars: {x: y}}}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if c.Dir != dir || c.Environments["dev"].Vars["x"] != "y" {
		t.Errorf("Load = %+v", c)
	}
	_, err = Load(filepath.Join(dir, "missing.yaml"))
	if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), "missing.yaml: cannot read config") || !strings.Contains(err.Error(), "hint:") {
		t.Errorf("Load(missing) = %v", err)
	}
}

func TestYAMLAndJSON(t *testing.T) {
	c, err := Parse("ayeaye.yaml", []byte(fullConfig))
	if err != nil {
		t.Fatal(err)
	}
	c.Dir = ""
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(b), `{"default":"dev","ci":{},"dev":{"vars":`) {
		t.Errorf("MarshalJSON = %s", b)
	}
	var back Config
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(c, &back); diff != "" {
		t.Errorf("JSON round trip (-want +got):\n%s", diff)
	}

	y, err := yaml.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	var fromYAML Config
	if err := yaml.Unmarshal(y, &fromYAML); err != nil {
		t.Fatalf("%v\n%s", err, y)
	}
	if diff := cmp.Diff(c, &fromYAML); diff != "" {
		t.Errorf("YAML round trip (-want +got):\n%s\n%s", diff, y)
	}

	// Unmarshalling is as strict as Parse.
	err = yaml.Unmarshal([]byte("dev: {var: {}}\n"), &fromYAML)
	if err == nil || err.Error() != "1:7: unknown key \"var\" in environments.dev\n\thint: did you mean \"vars\"? valid keys are vars, secrets" {
		t.Errorf("yaml.Unmarshal = %v", err)
	}
	err = json.Unmarshal([]byte(`{"dev": {"secrets": {"a": {"env": "A", "file": "b"}}}}`), &back)
	if err == nil || !strings.Contains(err.Error(), "environments.dev.secrets.a sets both env and file") {
		t.Errorf("json.Unmarshal = %v", err)
	}
	if _, err := json.Marshal(Config{Environments: map[string]Environment{"default": {}}}); err == nil {
		t.Error(`MarshalJSON accepted an environment called "default"`)
	}
}

// The hand-written name checks are the exported patterns.
func TestPatternsAgree(t *testing.T) {
	envName, name, envVar := regexp.MustCompile(EnvNamePattern), regexp.MustCompile(NamePattern), regexp.MustCompile(EnvVarNamePattern)
	for _, s := range []string{"", "a", "A1", "1a", "a-b.c_d", "a b", "é", "_x", "-", "x/y", "X_Y_9", "a\n", "a}"} {
		if got, want := validEnvName(s), envName.MatchString(s); got != want {
			t.Errorf("validEnvName(%q) = %v, pattern says %v", s, got, want)
		}
		if got, want := validName(s), name.MatchString(s); got != want {
			t.Errorf("validName(%q) = %v, pattern says %v", s, got, want)
		}
		if got, want := validEnvVarName(s), envVar.MatchString(s); got != want {
			t.Errorf("validEnvVarName(%q) = %v, pattern says %v", s, got, want)
		}
	}
}

func TestVarEnvName(t *testing.T) {
	for in, want := range map[string]string{"data_root": "AYEAYE_VAR_DATA_ROOT", "data-root.v2": "AYEAYE_VAR_DATA_ROOT_V2", "X": "AYEAYE_VAR_X"} {
		if got := VarEnvName(in); got != want {
			t.Errorf("VarEnvName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRefs(t *testing.T) {
	for in, want := range map[string][]string{
		"":                 nil,
		"{a}/{b}/{a}":      {"a", "b"},
		"{{a}}/{b}":        {"b"},
		"{a}/{b c}/{d}":    {"a"},
		"x{a}}{b}":         {"a"},
		"{a.b-c_d}{":       {"a.b-c_d"},
		"{{{x}}}":          {"x"},
		"s3+{bucket}/raw/": {"bucket"},
	} {
		if diff := cmp.Diff(want, refs(in)); diff != "" {
			t.Errorf("refs(%q) (-want +got):\n%s", in, diff)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		fullConfig, "", "environments: {}\n", "environments:\n  dev:\n", "environments: {default: x}\n",
		"environments:\n  dev:\n    vars: {a: \"{b}\", b: \"{a}\"}\n",
		"environments:\n  p:\n    secrets: {s: {env: S}, t: {file: f}}\n    vars: {u: \"x{s}\"}\n",
		"environments: &e {dev: {vars: {a: b}}}\nother: *e\n", "environments: [\n", "a: &a [*a]\nenvironments: *a\n",
		"environments:\n  dev:\n    vars: {é: \"{{é}}\", x: \"}\"}\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse("ayeaye.yaml", data)
		if (c == nil) == (err == nil) {
			t.Fatalf("Parse(%q) = %v, %v: want exactly one of config and error", data, c, err)
		}
		if err != nil {
			var ps Problems
			if !errors.As(err, &ps) || len(ps) == 0 {
				t.Fatalf("Parse(%q): error %T %v is not Problems", data, err, err)
			}
			for _, p := range ps {
				if p.Pos.File != "ayeaye.yaml" || p.Message == "" || p.Pos.Line < 0 || p.Pos.Col < 0 {
					t.Fatalf("Parse(%q): bad problem %#v", data, p)
				}
			}
			return
		}
		if c.Default != "" {
			if _, ok := c.Environments[c.Default]; !ok {
				t.Fatalf("Parse(%q): default %q is not an environment", data, c.Default)
			}
		}
		for name, e := range c.Environments {
			if !validEnvName(name) || name == DefaultKey {
				t.Fatalf("Parse(%q): environment name %q", data, name)
			}
			for v, tmpl := range e.Vars {
				if _, secret := e.Secrets[v]; secret || !validName(v) || checkTemplate(tmpl) != nil {
					t.Fatalf("Parse(%q): variable %q = %q", data, v, tmpl)
				}
			}
			for s, src := range e.Secrets {
				if !validName(s) || (src.Env == "") == (src.File == "") {
					t.Fatalf("Parse(%q): secret %q = %+v", data, s, src)
				}
			}
			// A parsed config resolves or says why, without panicking.
			_, _ = c.Resolve(Options{Name: name, Getenv: func(string) string { return "" },
				ReadFile: func(string) ([]byte, error) { return nil, fs.ErrNotExist }})
		}
	})
}
