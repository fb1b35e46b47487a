package engine

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// Match reports whether a '/'-separated name matches a wildcard pattern.
// Each path element is matched as by path.Match (*, ?, [...] and '\'
// escapes, never crossing '/'), and an element that is exactly "**"
// matches any number of elements, including none; a trailing "**" matches
// everything below (at least one element). As in a shell, a name
// element that starts with '.' is matched only by a pattern element that
// starts with '.', so hidden files and temporary files are not picked up
// by "*". A malformed pattern is an error.
func Match(pattern, name string) (bool, error) {
	pe := strings.Split(pattern, "/")
	if err := checkPattern(pattern, pe); err != nil {
		return false, err
	}
	if pe[len(pe)-1] == "**" {
		pe = append(pe, "*") // a trailing ** means the files below, as in Glob
	}
	ne := strings.Split(name, "/")
	// ok[j] says whether pe[i:] matches ne[j:], computed from the last
	// pattern element back, so many "**" stay linear.
	ok := make([]bool, len(ne)+1)
	ok[len(ne)] = true
	for i := len(pe) - 1; i >= 0; i-- {
		next := ok
		ok = make([]bool, len(ne)+1)
		if pe[i] == "**" {
			ok[len(ne)] = next[len(ne)]
			for j := len(ne) - 1; j >= 0; j-- {
				ok[j] = next[j] || (!strings.HasPrefix(ne[j], ".") && ok[j+1])
			}
			continue
		}
		for j := len(ne) - 1; j >= 0; j-- {
			ok[j] = next[j+1] && matchElem(pe[i], ne[j])
		}
	}
	return ok[0], nil
}

// matchElem matches one element; the pattern has been checked.
func matchElem(pattern, name string) bool {
	if strings.HasPrefix(name, ".") && !strings.HasPrefix(pattern, ".") {
		return false
	}
	m, _ := path.Match(pattern, name)
	return m
}

func checkPattern(pattern string, elems []string) error {
	for _, e := range elems {
		if e != "**" && strings.Contains(e, "**") {
			return fmt.Errorf("pattern %q: ** must be a whole path element, as in dir/**/x.csv; use * within a name", pattern)
		}
		if _, err := path.Match(e, ""); err != nil {
			return fmt.Errorf("pattern %q: malformed element %q (an unclosed '[' or a trailing '\\'?)", pattern, e)
		}
	}
	return nil
}

// Glob expands a wildcard location on the local file system into concrete
// URLs, sorted by location; see Match for the pattern syntax, which uses
// '/' as the separator on every system. A trailing
// "**" means every file below. Only regular files (or links to them)
// match; "**" does not follow directory links, so a link cycle cannot trap
// it. A location without wildcards is returned as is, unchecked. No match
// is not an error (the result is empty); a missing directory before the
// first wildcard is, and it names the directory.
//
// Glob handles local files only; blob stores are listed by
// storage.Glob, which also delegates local locations here.
func Glob(u URL) ([]URL, error) {
	switch st := u.Storage(); st {
	case "file":
	case "":
		return nil, fmt.Errorf("glob %s: a %s dataset is not stored as files, so it has nothing to list", u.Redacted(), u.Type)
	default:
		return nil, fmt.Errorf("glob %s: engine.Glob lists local files only; list %s locations with storage.Glob", u.Redacted(), st)
	}
	if !u.HasWildcard() {
		return []URL{u}, nil
	}
	elems := strings.Split(u.Location, "/")
	if err := checkPattern(u.Location, elems); err != nil {
		return nil, fmt.Errorf("glob %s: %w", u.Redacted(), err)
	}
	w := slices.IndexFunc(elems, hasWildcard)
	prefix := ""
	if w > 0 {
		prefix = strings.Join(elems[:w], "/") + "/"
	}
	rest := elems[w:]
	if rest[len(rest)-1] == "**" {
		rest = append(rest, "*")
	}
	base := strings.TrimSuffix(prefix, "/")
	switch {
	case prefix == "":
		base = "."
	case base == "":
		base = "/"
	}
	info, err := os.Stat(filepath.FromSlash(base))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("glob %s: directory %s does not exist: %w", u.Redacted(), base, fs.ErrNotExist)
	case err != nil:
		return nil, fmt.Errorf("glob %s: %w", u.Redacted(), err)
	case !info.IsDir():
		return nil, fmt.Errorf("glob %s: %s is not a directory", u.Redacted(), base)
	}
	found := map[string]bool{}
	if err := walk(base, "", rest, found); err != nil {
		return nil, fmt.Errorf("glob %s: %w", u.Redacted(), err)
	}
	out := make([]URL, 0, len(found))
	for _, rel := range slices.Sorted(maps.Keys(found)) {
		c := u
		c.Modifiers = slices.Clone(u.Modifiers)
		c.Options = maps.Clone(u.Options)
		c.Location = prefix + rel
		out = append(out, c)
	}
	return out, nil
}

// walk matches rest against the tree under dir (an OS path); rel is the
// '/'-separated path of dir below the glob's base.
func walk(dir, rel string, rest []string, found map[string]bool) error {
	elem, last := rest[0], len(rest) == 1
	osPath := func(name string) string { return filepath.Join(dir, filepath.FromSlash(name)) }
	switch {
	case elem == "**":
		if err := walk(dir, rel, rest[1:], found); err != nil {
			return err
		}
		entries, err := os.ReadDir(dir)
		if err != nil {
			return err
		}
		for _, e := range entries {
			if e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
				if err := walk(osPath(e.Name()), rel+e.Name()+"/", rest, found); err != nil {
					return err
				}
			}
		}
	case !hasWildcard(elem):
		return visit(osPath(elem), rel+elem, rest, last, found)
	default:
		entries, err := os.ReadDir(dir)
		if err != nil {
			return err
		}
		for _, e := range entries {
			if matchElem(elem, e.Name()) {
				if err := visit(osPath(e.Name()), rel+e.Name(), rest, last, found); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// visit records a matched file, or descends into a matched directory.
func visit(p, rel string, rest []string, last bool, found map[string]bool) error {
	info, err := os.Stat(p) // follows links: a link to a file is a file
	if err != nil {
		return nil // vanished, or a dangling link: not a match
	}
	if last {
		if info.Mode().IsRegular() {
			found[rel] = true
		}
		return nil
	}
	if info.IsDir() {
		return walk(p, rel+"/", rest[1:], found)
	}
	return nil
}
