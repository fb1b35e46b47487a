package env_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/ayeaye-go/ayeaye/runtime/env"
)

const project = `version: 1
environments:
  default: dev
  dev:
    vars:
      data_root: data
  prod:
    vars:
      data_root: /srv/{bucket}/raw
      bucket: sales
      dsn: postgres://etl:{db_password}@db.internal/sales
    secrets:
      db_password: {env: SALES_DB_PASSWORD}
`

// fakeProcess stands in for the process environment of a run.
func fakeProcess(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func ExampleConfig_Resolve() {
	cfg, err := env.Parse("ayeaye.yaml", []byte(project))
	if err != nil {
		fmt.Println(err)
		return
	}
	// AYEAYE_ENV=prod picks the environment; AYEAYE_VAR_BUCKET overrides a variable.
	e, err := cfg.Resolve(env.Options{Getenv: fakeProcess(map[string]string{
		"AYEAYE_ENV": "prod", "AYEAYE_VAR_BUCKET": "sales-eu", "SALES_DB_PASSWORD": "hunter2",
	})})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(e.Name())
	fmt.Println(e.Vars()) // no secrets: safe for run records
	fmt.Println(e)

	// A missing secret is an error naming it and where it was looked for.
	_, err = cfg.Resolve(env.Options{Name: "prod", Getenv: fakeProcess(nil)})
	fmt.Println(err)
	// Output:
	// prod
	// map[bucket:sales-eu data_root:/srv/sales-eu/raw dsn:postgres://etl:xxxxx@db.internal/sales]
	// env "prod": bucket=sales-eu, data_root=/srv/sales-eu/raw, dsn=postgres://etl:xxxxx@db.internal/sales, secrets: db_password
	// environment "prod": secret "db_password": environment variable SALES_DB_PASSWORD is not set or is empty
	// 	hint: set SALES_DB_PASSWORD in the environment of the run
}

func ExampleEnv_Expand() {
	cfg, _ := env.Parse("ayeaye.yaml", []byte(project))
	e, err := cfg.Resolve(env.Options{Overrides: map[string]string{"data_root": "testdata"}, Getenv: fakeProcess(nil)})
	if err != nil {
		fmt.Println(err)
		return
	}
	u, err := e.Expand("csv://{data_root}/people.csv")
	fmt.Println(u, err)
	_, err = e.Expand("csv://{data_rot}/people.csv")
	fmt.Println(err)
	// Output:
	// csv://testdata/people.csv <nil>
	// template "csv://{data_rot}/people.csv": at offset 6: unknown name {data_rot}; did you mean {data_root}? known names: data_root
}

func ExampleEnv_Redact() {
	cfg, _ := env.Parse("ayeaye.yaml", []byte(project))
	e, _ := cfg.Resolve(env.Options{Name: "prod", Getenv: fakeProcess(map[string]string{"SALES_DB_PASSWORD": "correct-horse"})})
	dsn, _ := e.ExpandText("{dsn}") // dsn.String() holds the password, for the database driver
	fmt.Println(dsn.Redacted())     // hidden where it was filled in, whatever its length

	// A driver's message may quote it: the last resort.
	err := fmt.Errorf("connecting to %s: %w", dsn.String(), os.ErrDeadlineExceeded)
	fmt.Println(e.RedactError(err))
	fmt.Println(errors.Is(e.RedactError(err), os.ErrDeadlineExceeded))
	// Output:
	// postgres://etl:xxxxx@db.internal/sales
	// connecting to postgres://etl:xxxxx@db.internal/sales: i/o timeout
	// true
}

func ExampleParse() {
	_, err := env.Parse("ayeaye.yaml", []byte(`version: 1
environments:
  prod:
    vars: {data_root: "{bucket"}
    secret:
      db_password: {env: DB_PASSWORD}
`))
	fmt.Println(err)
	// Output:
	// ayeaye.yaml:4:24: environments.prod.vars.data_root: unclosed '{'
	// 	hint: close it with '}', or write {{ for a literal '{'
	// ayeaye.yaml:5:5: unknown key "secret" in environments.prod
	// 	hint: did you mean "secrets"? valid keys are vars, secrets
}

func ExampleLoad() {
	dir, _ := os.MkdirTemp("", "env-example")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "ayeaye.yaml")
	_ = os.WriteFile(path, []byte(project), 0o644)

	cfg, err := env.Load(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(cfg.Names(), cfg.Default)
	// Output: [dev prod] dev
}

func ExampleVarEnvName() {
	fmt.Println(env.VarEnvName("data-root"))
	// Output: AYEAYE_VAR_DATA_ROOT
}
