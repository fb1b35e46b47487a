package storage

import (
	"context"
	"fmt"

	"github.com/ayeaye-go/ayeaye/runtime/engine"
)

// Version names the state of the object at u as its store sees it,
// without reading it: the ETag, else the content MD5, else modification
// time and size. Two calls give the same version unless the object was
// rewritten in between, which is how the runtime notices an input that
// changed while a model read it. Local files have no such thing; use
// os.Stat for them.
func (s *Store) Version(ctx context.Context, u engine.URL) (string, error) {
	if err := check("version", u); err != nil {
		return "", err
	}
	if u.Storage() == "file" {
		return "", fmt.Errorf("version %s: a local file has no stored version", u.Redacted())
	}
	o, err := s.objects("version", u)
	if err != nil {
		return "", err
	}
	return o.Version(ctx, u)
}
