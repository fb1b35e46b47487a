// Command killprog is the program the kill harness (package faulttest)
// runs and kills: one model per kind of output, each writing the
// deterministic readings of faulttest.Reading, so that every successful
// run of a model writes the same bytes (the appending model one more
// batch of the same records).
//
// The locations' variables (output_root, pg, pg_schema, mysql,
// mysql_db) come from AYEAYE_VAR_<NAME>; how many records a model writes
// from KILLPROG_RECORDS (default 100000).
package main

import (
	"context"
	"os"
	"strconv"

	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/cli"
	"github.com/ayeaye-go/ayeaye/runtime/internal/faulttest"
	"github.com/ayeaye-go/ayeaye/runtime/internal/faulttest/datasets"
	"github.com/ayeaye-go/ayeaye/runtime/partition"
	"github.com/ayeaye-go/ayeaye/runtime/provenance"
	_ "github.com/ayeaye-go/ayeaye/runtime/table/mysql"
	_ "github.com/ayeaye-go/ayeaye/runtime/table/postgres"
	_ "github.com/ayeaye-go/ayeaye/runtime/table/sqlite"
)

// config declares the variables of the locations, for the harness to set.
const config = `version: 1
environments:
  default: kill
  kill:
    vars:
      output_root: out
      pg: postgres@127.0.0.1:5432/test?sslmode=disable
      pg_schema: public
      mysql: root@127.0.0.1:3306/test
      mysql_db: test
`

func main() {
	var models []cli.Model
	for _, name := range []string{"csv", "ndjson", "parquet", "sqlite", "postgres", "mysql"} {
		models = append(models, cli.Model{Name: name, New: func() runtime.Model {
			return &writeAll{Out: dataset(name).Output()}
		}})
	}
	models = append(models,
		cli.Model{Name: "append", New: func() runtime.Model { return &writeAll{Out: dataset("append").Append()} }},
		cli.Model{Name: "parts", New: func() runtime.Model { return &writeParts{Out: dataset("parts").Output()} }},
	)
	cli.Run(cli.Program{Name: "killprog", Config: []byte(config), Models: models, Code: provenance.Code{Module: "killprog", Revision: "r1"}})
}

// dataset is the readings dataset at the location of model name.
func dataset(name string) *runtime.Dataset[datasets.Reading] {
	d := *datasets.ReadingsDataset
	d.Name = name + "_readings"
	d.EngineURL = faulttest.Locations[name]
	return &d
}

func records() int {
	n, err := strconv.Atoi(os.Getenv("KILLPROG_RECORDS"))
	if err != nil || n <= 0 {
		return 100000
	}
	return n
}

// writeAll writes the readings to one output.
type writeAll struct {
	Out runtime.Output[datasets.Reading]
}

func (m *writeAll) Build(ctx context.Context) error {
	for i := range records() {
		r := faulttest.Reading(i)
		if err := m.Out.Write(&r); err != nil {
			return err
		}
	}
	return nil
}

// writeParts writes the readings from partitions, each to its own part
// of the output.
type writeParts struct {
	Out runtime.Output[datasets.Reading]
}

func (m *writeParts) Build(ctx context.Context) error {
	per := records() / faulttest.Partitions
	return partition.Run(ctx, "parts",
		func(context.Context) ([]int, error) {
			out := make([]int, faulttest.Partitions)
			for i := range out {
				out[i] = i * per
			}
			return out, nil
		},
		func(ctx context.Context, first int) (int, error) {
			part := m.Out.Part(ctx)
			for i := first; i < first+per; i++ {
				r := faulttest.Reading(i)
				if err := part.Write(&r); err != nil {
					return 0, err
				}
			}
			return per, nil
		},
		func(context.Context, []int) error { return nil })
}
