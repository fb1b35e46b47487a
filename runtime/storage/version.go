package storage

import (
	"context"
	"encoding/hex"
	"fmt"
	"io/fs"

	"gocloud.dev/gcerrors"

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
	l, err := locate(u)
	if err != nil {
		return "", fmt.Errorf("version %w", err)
	}
	b, err := s.bucket(ctx, l)
	if err != nil {
		return "", fmt.Errorf("version %s: %w", u.Redacted(), err)
	}
	a, err := b.Attributes(ctx, l.key)
	if gcerrors.Code(err) == gcerrors.NotFound {
		return "", fmt.Errorf("version %s: %s does not exist: %w", u.Redacted(), l.display, fs.ErrNotExist)
	}
	if err != nil {
		return "", fmt.Errorf("version %s: %w", u.Redacted(), err)
	}
	switch {
	case a.ETag != "":
		return "etag:" + a.ETag, nil
	case len(a.MD5) > 0:
		return "md5:" + hex.EncodeToString(a.MD5), nil
	}
	return fmt.Sprintf("mod:%d/%d", a.ModTime.UnixNano(), a.Size), nil
}
