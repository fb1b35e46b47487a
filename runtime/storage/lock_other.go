//go:build !unix

package storage

import (
	"errors"
	"os"
)

// Where flock is missing, Lock does not lock: concurrent writers of one
// output on such a system are the user's to keep apart.
const lockSupported = false

var errLocked = errors.New("locked")

func lockFile(*os.File) error { return nil }
func unlockFile(*os.File)     {}
