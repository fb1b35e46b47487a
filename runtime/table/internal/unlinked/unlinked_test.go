// Package unlinked holds tests whose binary links runtime/table without
// any dialect package: what a program that imports no driver gets.
package unlinked

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/ayeaye-go/ayeaye/runtime/engine"
	"github.com/ayeaye-go/ayeaye/runtime/table"
)

// TestOpenNamesTheImport checks that every dialect, unlinked, fails to
// open with the import to add, and without the URL's password.
func TestOpenNamesTheImport(t *testing.T) {
	for _, d := range table.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			u, err := engine.Parse(string(d) + "://etl:s3cr3t@127.0.0.1:1/w;table=t")
			if d == table.SQLite {
				u, err = engine.Parse("sqlite://" + t.TempDir() + "/x.db;table=t")
			}
			if err != nil {
				t.Fatal(err)
			}
			loc, err := table.ParseURL(u)
			if err != nil {
				t.Fatal(err)
			}
			_, err = table.Open(context.Background(), loc, true)
			want := string(d) + ` tables need the ` + string(d) + ` driver, which this program does not link: add import _ "github.com/ayeaye-go/ayeaye/runtime/table/` + string(d) + `"`
			if err == nil || !strings.Contains(err.Error(), want) || !errors.Is(err, table.ErrNotLinked) || strings.Contains(err.Error(), "s3cr3t") {
				t.Errorf("Open = %v\nwant an error wrapping ErrNotLinked that holds %s, without the password", err, want)
			}
			if err := table.Linked(d); !errors.Is(err, table.ErrNotLinked) {
				t.Errorf("Linked(%s) = %v, want ErrNotLinked", d, err)
			}
			c := table.NewConns()
			defer c.Close()
			if _, err := c.Open(context.Background(), loc, true); !errors.Is(err, table.ErrNotLinked) {
				t.Errorf("Conns.Open = %v, want ErrNotLinked", err)
			}
		})
	}
}

// TestCoreLinksNoDriver checks that the packages every program links,
// runtime/table and the runtime itself, depend on no database driver.
func TestCoreLinksNoDriver(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go is not on PATH, so the dependencies cannot be listed")
	}
	for _, pkg := range []string{"github.com/ayeaye-go/ayeaye/runtime/table", "github.com/ayeaye-go/ayeaye/runtime"} {
		out, err := exec.Command(goBin, "list", "-deps", pkg).Output()
		if err != nil {
			var ee *exec.ExitError
			if errors.As(err, &ee) {
				os.Stderr.Write(ee.Stderr)
			}
			t.Fatalf("go list -deps %s: %v", pkg, err)
		}
		for _, dep := range strings.Fields(string(out)) {
			if strings.HasPrefix(dep, "github.com/jackc/") || strings.HasPrefix(dep, "github.com/go-sql-driver/") || strings.HasPrefix(dep, "modernc.org/") {
				t.Errorf("%s depends on %s: the core must link no database driver (a dialect package does)", pkg, dep)
			}
		}
	}
}
