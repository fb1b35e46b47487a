// Package unlinked holds tests whose binary links runtime/runstore
// without its driver packages: what a program that imports neither gets.
package unlinked

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ayeaye-go/ayeaye/runtime/runstore"
)

// TestOpenNamesTheImport checks that each kind of store, unlinked, fails
// to open with the import to add and -store none, without the password,
// and creates nothing.
func TestOpenNamesTheImport(t *testing.T) {
	path := filepath.Join(t.TempDir(), "dir", "runs.db")
	for kind, dsn := range map[string]string{"sqlite": "sqlite:" + path, "postgres": "postgres://etl:s3cr3t@127.0.0.1:1/runs"} {
		_, err := runstore.Open(context.Background(), dsn)
		want := kind + ` stores need the ` + kind + ` driver, which this program does not link: add import _ "github.com/ayeaye-go/ayeaye/runtime/runstore/` + kind + `"`
		var se *runstore.Error
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "-store none") ||
			!errors.Is(err, runstore.ErrNotLinked) || !errors.As(err, &se) || strings.Contains(err.Error(), "s3cr3t") {
			t.Errorf("Open(%s) = %v\nwant a *runstore.Error wrapping ErrNotLinked with %s and -store none, without the password", kind, err, want)
		}
	}
	if _, err := os.Stat(filepath.Dir(path)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Open of an unlinked SQLite store created %s", filepath.Dir(path))
	}
	if _, err := runstore.Open(context.Background(), "none"); err != nil {
		t.Errorf("-store none needs no driver: %v", err)
	}
}

// TestCoreLinksNoDriver checks that runtime/runstore depends on no
// database driver.
func TestCoreLinksNoDriver(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go is not on PATH, so the dependencies cannot be listed")
	}
	const pkg = "github.com/ayeaye-go/ayeaye/runtime/runstore"
	out, err := exec.Command(goBin, "list", "-deps", pkg).CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps %s: %v\n%s", pkg, err, out)
	}
	for _, dep := range strings.Fields(string(out)) {
		if strings.HasPrefix(dep, "github.com/jackc/") || strings.HasPrefix(dep, "modernc.org/") {
			t.Errorf("%s depends on %s: the core must link no database driver (runstore/sqlite and runstore/postgres do)", pkg, dep)
		}
	}
}
