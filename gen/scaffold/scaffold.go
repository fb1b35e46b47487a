package scaffold

import (
	"bytes"
	"errors"
	"fmt"
	"go/format"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"text/template"

	"github.com/ayeaye-go/ayeaye/templates"
)

// AyeayeModule is the module path of Aye-aye, which scaffolded projects
// require and import.
const AyeayeModule = "github.com/ayeaye-go/ayeaye"

// File is one scaffolded file.
type File struct {
	Path    string // slash-separated, relative to the directory it is written in
	Content []byte
}

// ExistsError is the refusal to scaffold over existing files. Paths lists
// every one of them, so the user can move them all at once.
type ExistsError struct {
	Dir   string   // the directory the files would have been written in
	Paths []string // slash-separated, relative to Dir, sorted
}

func (e *ExistsError) Error() string {
	var b strings.Builder
	if len(e.Paths) == 1 {
		fmt.Fprintf(&b, "%s already exists", filepath.Join(e.Dir, filepath.FromSlash(e.Paths[0])))
	} else {
		fmt.Fprintf(&b, "%d files already exist in %s:", len(e.Paths), e.Dir)
		for _, p := range e.Paths {
			b.WriteString("\n\t")
			b.WriteString(p)
		}
	}
	b.WriteString("\nnothing was written: scaffolds never overwrite a file, because once written it is yours")
	return b.String()
}

// Write writes files under dir, creating directories as needed. It first
// checks that none of the files exists and, if any does, returns an
// *ExistsError listing all of them and writes nothing. Each file is
// created exclusively, so a file appearing between the check and the
// write is not overwritten either. It returns the paths written, which
// on a later failure are the files to look at or remove.
func Write(dir string, files []File) (written []string, err error) {
	if err := checkAbsent(dir, files); err != nil {
		return nil, err
	}
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := writeNew(p, f.Content); err != nil {
			return written, fmt.Errorf("writing %s: %w", p, unwrap(err))
		}
		written = append(written, p)
	}
	return written, nil
}

// checkAbsent returns an *ExistsError listing every file that exists.
func checkAbsent(dir string, files []File) error {
	var exists []string
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		if _, err := os.Lstat(p); err == nil {
			exists = append(exists, f.Path)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("checking %s: %w", p, unwrap(err))
		}
	}
	if len(exists) > 0 {
		slices.Sort(exists)
		return &ExistsError{Dir: dir, Paths: exists}
	}
	return nil
}

// writeNew creates p, which must not exist, with content.
func writeNew(p string, content []byte) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(content); err != nil {
		f.Close()
		os.Remove(p) // a half-written scaffold is worse than none
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(p)
		return err
	}
	return nil
}

// execute executes the template file name of templates.FS with data. Go
// files are formatted, so what the user gets is gofmt-clean whatever
// the alignment in the template; a template that does not produce valid
// Go is a bug in this package, reported as such.
func execute(name string, data any) ([]byte, error) {
	t, err := template.New(path.Base(name)).Option("missingkey=error").ParseFS(templates.FS, name)
	if err != nil {
		return nil, fmt.Errorf("scaffold template %s: %w", name, err)
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		return nil, fmt.Errorf("scaffold template %s: %w", name, err)
	}
	if !strings.HasSuffix(name, ".go.tmpl") {
		return buf.Bytes(), nil
	}
	src, err := format.Source(buf.Bytes())
	if err != nil {
		return nil, fmt.Errorf("scaffold template %s does not produce valid Go (a bug in ayeaye-gen; please report it): %w\n%s", name, err, buf.Bytes())
	}
	return src, nil
}

// unwrap drops the path from an *fs.PathError; messages name it already.
func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
