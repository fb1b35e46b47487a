package storage

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/ayeaye-go/ayeaye/runtime/engine"
)

// Remove deletes the file or object at u. Removing what is not there is
// not an error: callers clean up after themselves, possibly twice.
func (s *Store) Remove(ctx context.Context, u engine.URL) error {
	if err := check("remove", u); err != nil {
		return err
	}
	if u.Storage() == "file" {
		err := os.Remove(filepath.FromSlash(u.Location))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("remove %s: %w", u.Redacted(), err)
		}
		return nil
	}
	o, err := s.objects("remove", u)
	if err != nil {
		return err
	}
	return o.Remove(ctx, u)
}
