package runtime

import (
	"fmt"
	"path/filepath"

	"github.com/ayeaye-go/ayeaye/runtime/engine"
)

// checkOverlap refuses a model whose output resolves to where one of its
// other datasets is read from (a -set pointing an output at an input, or
// a wildcard input that matches an output): running it would replace its
// own source. Two outputs at one location are refused too: one would
// replace the other (and both would wait for the same write lock).
// Reading and writing the same dataset is a deliberate update and stays
// allowed.
func (r *Runner) checkOverlap(ports []Port, urls []engine.URL) error {
	for i, out := range ports {
		if out.Direction != Write {
			continue
		}
		for j, other := range ports[:i] {
			if other.Direction == Write && sameLocation(urls[j], urls[i]) {
				return fmt.Errorf("outputs %s (field %s) and %s (field %s) both resolve to %s: one would replace the other\n\thint: give each its own location, or write both from one field",
					other.Dataset, other.Field, out.Dataset, out.Field, r.display(urls[i]))
			}
		}
		for j, in := range ports {
			if in.Direction != Read || in.Dataset == out.Dataset || !sameLocation(urls[j], urls[i]) {
				continue
			}
			return fmt.Errorf("output %s (field %s) resolves to where input %s (field %s) is read from, %s: running would replace the input with the output\n\thint: point them at different locations (check -set and their engine URLs)",
				out.Dataset, out.Field, in.Dataset, in.Field, r.display(urls[i]))
		}
	}
	return nil
}

// sameLocation reports whether writing out would change what in reads: the
// same file (however the path is spelt), object, table or mem dataset, or
// a wildcard input matching the output.
func sameLocation(in, out engine.URL) bool {
	if in.Storage() != out.Storage() {
		return false
	}
	if engine.IsDatabase(in.Type) || engine.IsDatabase(out.Type) {
		return in.Type == out.Type && cleanPath(in) == cleanPath(out) && in.Options["table"] == out.Options["table"]
	}
	if (in.Type == "mem") != (out.Type == "mem") {
		return false
	}
	if in.HasWildcard() {
		ok, err := engine.Match(cleanPath(in), cleanPath(out))
		return err == nil && ok
	}
	return cleanPath(in) == cleanPath(out)
}

// cleanPath is a local location made absolute and clean, so "out/x.csv"
// and "./out/../out/x.csv" compare equal; other locations are as written.
func cleanPath(u engine.URL) string {
	if u.Storage() != "file" && u.Type != "sqlite" {
		return u.Location
	}
	p, err := filepath.Abs(filepath.FromSlash(u.Location))
	if err != nil {
		return u.Location
	}
	return filepath.ToSlash(p)
}
