// Package owner names scratch things — temporary files, staging tables —
// after the process that makes them, so that a later process on the same
// host can tell the ones whose maker died (killed, crashed) from the ones
// still being written, and remove only those. A tag is the host (eight hex
// digits of a hash of its name, machine id and pid namespace) and the
// process id, e.g. "1f3a09bc_4711":
// letters, digits and '_', so it fits file names and SQL identifiers.
//
// A tag from another host is never stale here: its process cannot be
// seen. A reused process id makes a stale tag look alive, which leaves a
// scratch thing behind until that process ends; it never removes one in
// use.
package owner

import (
	"encoding/hex"
	"hash/fnv"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

var (
	hostOnce sync.Once
	host     string
)

func hostID() string {
	hostOnce.Do(func() {
		// The host name alone is not enough: containers that share it (or
		// machines named alike sharing a directory) do not see each other's
		// processes. The machine id and the pid namespace tell them apart
		// where the system has them.
		name, _ := os.Hostname()
		machine, _ := os.ReadFile("/etc/machine-id")
		ns, _ := os.Readlink("/proc/self/ns/pid")
		h := fnv.New32a()
		h.Write([]byte(name + "\x00" + string(machine) + "\x00" + ns))
		host = hex.EncodeToString(h.Sum(nil))
	})
	return host
}

// Tag is this process's tag.
func Tag() string { return hostID() + "_" + strconv.Itoa(os.Getpid()) }

// Stale reports whether tag names a process of this host that no longer
// exists. Text that is not a tag is not stale.
func Stale(tag string) bool {
	h, pid, ok := strings.Cut(tag, "_")
	if !ok || h != hostID() {
		return false
	}
	n, err := strconv.Atoi(pid)
	if err != nil || n <= 0 {
		return false
	}
	return !Alive(n, time.Time{})
}
