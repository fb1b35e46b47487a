package cli

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// assignments is a repeatable name=value flag (-var, -set). A variable
// given twice keeps the last value, as flags usually do; a dataset given
// twice is an error, since one of two locations would be silently lost.
type assignments struct {
	what string // "variable" or "dataset", for messages
	m    map[string]string
}

func (a *assignments) String() string {
	if a == nil || len(a.m) == 0 {
		return ""
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(a.m)) {
		parts = append(parts, k+"="+a.m[k])
	}
	return strings.Join(parts, ",")
}

func (a *assignments) Set(s string) error {
	name, value, err := parseAssignment(s, a.what)
	if err != nil {
		return err
	}
	if a.m == nil {
		a.m = map[string]string{}
	}
	if _, dup := a.m[name]; dup && a.what == "dataset" {
		// The values are not repeated: a location may hold a secret.
		return fmt.Errorf("dataset %s is given twice; keep one -set %s=…", name, name)
	}
	a.m[name] = value
	return nil
}

// parseAssignment splits "name=value" at the first '='. The value may be
// empty (a variable can be set to ""); the name may not.
func parseAssignment(s, what string) (name, value string, err error) {
	name, value, ok := strings.Cut(s, "=")
	name = strings.TrimSpace(name)
	switch {
	case !ok:
		return "", "", fmt.Errorf("%q is not %s=value; write it as name=value, e.g. %s", s, what, assignmentExample(what))
	case name == "":
		return "", "", fmt.Errorf("%q has no %s name before '='; write it as name=value, e.g. %s", s, what, assignmentExample(what))
	case strings.ContainsAny(name, "{}\n\t "):
		return "", "", fmt.Errorf("%s name %q cannot hold spaces or braces; write it as name=value, e.g. %s", what, name, assignmentExample(what))
	}
	return name, value, nil
}

func assignmentExample(what string) string {
	if what == "dataset" {
		return "paint_orders=ndjson:///tmp/orders.ndjson"
	}
	return "data_root=/srv/data"
}
