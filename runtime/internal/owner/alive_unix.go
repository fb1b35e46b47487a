//go:build unix && !linux

package owner

import (
	"errors"
	"syscall"
	"time"
)

// Alive reports whether process pid exists. Signal 0 checks
// without signalling; EPERM means it exists but belongs to someone else.
func Alive(pid int, _ time.Time) bool {
	if pid <= 0 {
		return false
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
