package gen

import (
	"github.com/ayeaye-go/ayeaye/gen/config"
	"github.com/ayeaye-go/ayeaye/gen/diag"
	"github.com/ayeaye-go/ayeaye/gen/ir"
)

// Datasets reads root/ayeaye.yaml and its schemas and returns the
// config and the datasets as the generator sees them (field overrides
// applied), in schema file order: for commands that work on the IR
// without emitting code, such as ayeaye-gen ddl.
func Datasets(root string) (*config.Config, []*ir.Dataset, diag.List) {
	p, diags := load(root)
	if len(diags) > 0 {
		return nil, nil, diags
	}
	return p.cfg, p.datasets, nil
}
