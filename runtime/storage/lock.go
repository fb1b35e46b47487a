package storage

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/ayeaye-go/ayeaye/runtime/engine"
)

// Lock serialises the writers of one dataset on this host, across
// processes: a run holds it from before it reads what an append keeps
// until its output and manifest are published, so two runs never both
// start from the same previous contents and one's records never vanish.
//
// A local file (and a SQLite database's table) is locked with flock on a
// hidden file beside it, .NAME.lock (.DB.TABLE.lock), which holds who has
// it; the file is removed on unlock. While another process holds the lock,
// Lock calls waiting once with that holder's description and tries again
// until ctx is done. Other storage is not locked here: object stores have
// no locks (writers of one object replace each other whole; two runs
// appending to one object at once can lose one run's records, so give
// concurrent appenders their own objects), and PostgreSQL and MariaDB
// tables are locked in the database by their writers (runtime/table).
func Lock(ctx context.Context, u engine.URL, holder string, waiting func(other string)) (unlock func(), err error) {
	path, ok := LockPath(u)
	if !ok {
		return func() {}, nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("lock %s: %w", u.Redacted(), pathless(err))
	}
	delay := 20 * time.Millisecond
	told := false
	for {
		f, held, err := tryLock(path)
		if err != nil {
			return nil, fmt.Errorf("lock %s: %w", u.Redacted(), pathless(err))
		}
		if f != nil {
			_ = f.Truncate(0)
			_, _ = f.WriteAt([]byte(holder+"\n"), 0)
			return func() {
				_ = os.Remove(path) // before unlocking: a waiter then locks a fresh file
				unlockFile(f)
				_ = f.Close()
			}, nil
		}
		if !told && waiting != nil {
			waiting(held)
			told = true
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("waiting for %s to finish writing %s: %w", held, u.Redacted(), ctx.Err())
		case <-time.After(delay):
		}
		delay = min(2*delay, 500*time.Millisecond)
	}
}

// tryLock locks the file at path without waiting. It returns the open,
// locked file, or nil and what the file says of its holder.
func tryLock(path string) (*os.File, string, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, "", err
	}
	if err := lockFile(f); err != nil {
		b := make([]byte, 512)
		n, _ := f.ReadAt(b, 0)
		_ = f.Close()
		if !errors.Is(err, errLocked) {
			return nil, "", err
		}
		holder := string(b[:n])
		if len(holder) > 0 && holder[len(holder)-1] == '\n' {
			holder = holder[:len(holder)-1]
		}
		if holder == "" {
			holder = "another run"
		}
		return nil, holder, nil
	}
	// The holder before us may have removed the file after we opened it:
	// then we hold a lock on a name nobody else sees, so try again.
	opened, err1 := f.Stat()
	now, err2 := os.Stat(path)
	if err1 != nil || err2 != nil || !os.SameFile(opened, now) {
		unlockFile(f)
		_ = f.Close()
		return nil, "another run", nil
	}
	return f, "", nil
}

// LockPath is the absolute path of the lock file of the dataset at u, if
// Lock locks it: two spellings of one file have one lock.
func LockPath(u engine.URL) (string, bool) {
	var dir, name string
	switch {
	case u.HasWildcard() || !lockSupported:
		return "", false
	case u.Type == "sqlite":
		d, base := filepath.Split(filepath.FromSlash(u.Location))
		dir, name = d, "."+base+"."+u.Options["table"]+".lock"
	case u.Storage() == "file":
		d, base := filepath.Split(filepath.FromSlash(u.Location))
		dir, name = d, "."+base+".lock"
	default:
		return "", false
	}
	abs, err := filepath.Abs(filepath.Join(dir, name))
	if err != nil {
		return "", false
	}
	return abs, true
}

// pathless drops the path a file system error repeats: the error names the
// dataset's redacted URL instead, and a path may hold a secret.
func pathless(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	return err
}
