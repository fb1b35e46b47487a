//go:build !unix

package owner

import (
	"os"
	"time"
)

// Alive reports whether process pid exists. Where that cannot be
// told (os.FindProcess always succeeds on some systems), the answer is
// yes: a run wrongly left "running" is better than one wrongly marked
// interrupted.
func Alive(pid int, _ time.Time) bool {
	if pid <= 0 {
		return false
	}
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	_ = p.Release() // only the lookup mattered
	return true
}
