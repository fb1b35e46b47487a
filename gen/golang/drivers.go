package golang

import (
	"bytes"
	"fmt"
	"go/format"
	"strings"

	"github.com/ayeaye-go/ayeaye/gen/ir"
)

// EmitDrivers returns the file of blank imports that link the drivers
// the project's engine URLs need, each with a comment naming what needs
// it, or false when none is needed.
func EmitDrivers(name, pkg string, drivers []ir.Driver) (File, bool, error) {
	if len(drivers) == 0 {
		return File{}, false, nil
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "// %s\n\n", Header)
	b.WriteString("// The drivers that the engine URLs of this project's schemas and\n" +
		"// ayeaye.yaml name, linked by blank import: ayeaye-gen generate writes\n" +
		"// this list. A URL given only at run time (-set) that needs another\n" +
		"// driver fails with an error naming its import; add it to the program.\n\n")
	fmt.Fprintf(&b, "package %s\n\nimport (\n", pkg)
	for _, d := range drivers {
		fmt.Fprintf(&b, "\t_ %q // %s\n", d.Import, strings.Join(d.Users, ", "))
	}
	b.WriteString(")\n")
	src, err := format.Source(b.Bytes())
	if err != nil {
		return File{}, false, fmt.Errorf("formatting %s: %w", name, err)
	}
	return File{Name: name, Content: src}, true, nil
}
