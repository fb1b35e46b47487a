package storage

import (
	"context"
	"fmt"

	"github.com/ayeaye-go/ayeaye/runtime/engine"
)

// Glob expands a wildcard URL into the URLs of the files or objects that
// match, in sorted order, with the pattern syntax of engine.Match (so
// "**" spans directories and names starting with '.' need a pattern that
// does). Local files are delegated to engine.Glob, objects to the store's
// Objects. A URL without wildcards is returned as is; no match gives an
// empty result, not an error.
func (s *Store) Glob(ctx context.Context, u engine.URL) ([]engine.URL, error) {
	switch u.Storage() {
	case "":
		return nil, fmt.Errorf("glob %s: a %s dataset is held in memory by the runtime, not stored as bytes", u.Redacted(), u.Type)
	case "file":
		return engine.Glob(u)
	}
	if !u.HasWildcard() {
		return []engine.URL{u}, nil
	}
	o, err := s.objects("glob", u)
	if err != nil {
		return nil, err
	}
	return o.Glob(ctx, u)
}
