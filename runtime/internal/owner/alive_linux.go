package owner

import (
	"bytes"
	"errors"
	"os"
	"strconv"
	"syscall"
	"time"
)

// Alive reports whether the process that started a run at since
// still exists. Signal 0 checks that some process has the PID (EPERM: it
// belongs to another user). Because PIDs are reused (in a container the
// program is often PID 1 every time), a process that started well after
// the run did is not the run's.
func Alive(pid int, since time.Time) bool {
	if pid <= 0 {
		return false
	}
	if err := syscall.Kill(pid, 0); err != nil && !errors.Is(err, syscall.EPERM) {
		return false
	}
	started, ok := processStart(pid)
	if !ok || since.IsZero() {
		return true
	}
	// /proc's times are coarse (boot time in whole seconds, clock ticks)
	// and the wall clock may have been adjusted since; a few seconds of
	// slack keeps a live run from being taken for a new process.
	return !started.After(since.Add(5 * time.Second))
}

// userHZ is the unit of /proc/PID/stat's start time: the kernel reports
// USER_HZ ticks, 100 a second on every architecture Go supports.
const userHZ = 100

// processStart reads when process pid started, from /proc.
func processStart(pid int) (time.Time, bool) {
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return time.Time{}, false
	}
	// The command name (field 2) is in parentheses and may hold spaces
	// or parentheses, so fields are counted from the last ')'.
	i := bytes.LastIndexByte(stat, ')')
	if i < 0 {
		return time.Time{}, false
	}
	fields := bytes.Fields(stat[i+1:])
	const startField = 22 - 3 // field 22, starttime; fields[0] is field 3
	if len(fields) <= startField {
		return time.Time{}, false
	}
	ticks, err := strconv.ParseInt(string(fields[startField]), 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	boot, ok := bootTime()
	if !ok {
		return time.Time{}, false
	}
	return boot.Add(time.Duration(ticks) * time.Second / userHZ), true
}

// bootTime reads the btime line of /proc/stat.
func bootTime() (time.Time, bool) {
	stat, err := os.ReadFile("/proc/stat")
	if err != nil {
		return time.Time{}, false
	}
	for line := range bytes.Lines(stat) {
		if rest, ok := bytes.CutPrefix(line, []byte("btime ")); ok {
			sec, err := strconv.ParseInt(string(bytes.TrimSpace(rest)), 10, 64)
			if err != nil {
				return time.Time{}, false
			}
			return time.Unix(sec, 0), true
		}
	}
	return time.Time{}, false
}
