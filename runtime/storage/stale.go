package storage

import (
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/ayeaye-go/ayeaye/runtime/engine"
	"github.com/ayeaye-go/ayeaye/runtime/internal/owner"
)

// tempInfix starts the part of a temporary file's name after the target's:
// .NAME.tmp-OWNER-RANDOM, OWNER naming the process writing it (package
// runtime/internal/owner).
const tempInfix = ".tmp-"

// RemoveStale removes the temporary files (.NAME.tmp-OWNER-*) that
// processes of this host which no longer exist (killed, crashed) left in
// the directory of the local file u: its own, its sidecars' and other
// outputs'. Temporary files of live processes stay. It returns how many it
// removed. Objects in a bucket leave nothing to remove: a blob writer
// publishes nothing until it completes.
func RemoveStale(u engine.URL) int {
	if u.Storage() != "file" || u.HasWildcard() {
		return 0
	}
	dir := filepath.Dir(filepath.FromSlash(u.Location))
	return removeStale(dir)
}

// swept holds the directories this process has swept when creating a file
// in them: what dead processes left there was left before it started, so
// once is enough, and a directory of many parts is not read once per part.
var swept sync.Map

func sweepOnce(dir string) {
	if abs, err := filepath.Abs(dir); err == nil {
		if _, done := swept.LoadOrStore(abs, true); !done {
			removeStale(dir)
		}
	}
}

func removeStale(dir string) int {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0
	}
	n := 0
	for _, e := range entries {
		name := e.Name()
		if e.Type().IsRegular() && strings.HasPrefix(name, ".") && owner.Stale(tempOwner(name)) &&
			os.Remove(filepath.Join(dir, name)) == nil {
			n++
		}
	}
	return n
}

// tempOwner is the owner tag in a temporary file's name, or "".
func tempOwner(name string) string {
	i := strings.LastIndex(name, tempInfix)
	if i < 0 {
		return ""
	}
	rest := name[i+len(tempInfix):]
	j := strings.LastIndexByte(rest, '-')
	if j < 0 {
		return ""
	}
	return rest[:j]
}

// WriteFile writes data to the local file path as Create does — a
// temporary file beside it, tagged with its owner, fsynced and renamed
// into place — for the project's own small files (lock files, graphs), so
// a reader never sees half of one and a killed writer leaves nothing that
// the next write does not remove.
func WriteFile(path string, data []byte) error {
	u := engine.URL{Type: "file", Location: filepath.ToSlash(path)}
	s, err := createFile(u)
	if err != nil {
		return err
	}
	if _, err := s.Write(data); err != nil {
		_ = s.abort()
		return err
	}
	return s.commit()
}
