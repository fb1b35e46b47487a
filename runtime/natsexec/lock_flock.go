//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package natsexec

import (
	"os"
	"syscall"
)

// lockDir takes an exclusive lock on path, held until unlock (or until
// the process dies, which a crash-safe lock must allow).
func lockDir(path string) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}
