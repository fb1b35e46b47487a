package table_test

import (
	"context"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/ayeaye-go/ayeaye/runtime/internal/owner"
	"github.com/ayeaye-go/ayeaye/runtime/table"
	"github.com/ayeaye-go/ayeaye/runtime/table/tabletest"
)

// TestStaleStagesDropped: a staging table that a killed load left behind
// (its process gone) is dropped by the next write to the schema; one of a
// live process is not.
func TestStaleStagesDropped(t *testing.T) {
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skipf("cannot start a process to outlive: %v", err)
	}
	host := strings.TrimSuffix(owner.Tag(), "_"+strconv.Itoa(os.Getpid()))
	dead := "_ayeaye_stage_" + host + "_" + strconv.Itoa(cmd.Process.Pid) + "_ab12"
	live := "_ayeaye_stage_" + owner.Tag() + "_cd34"
	ctx := context.Background()
	for _, d := range tabletest.Databases(t) {
		t.Run(d.Dialect.Title(), func(t *testing.T) {
			f := setup(t, d)
			for _, name := range []string{dead, live} {
				d.Drop(t, name)
				if _, err := f.db.SQL().ExecContext(ctx, "CREATE TABLE "+table.QuoteIdent(d.Dialect, name)+" (x INTEGER)"); err != nil {
					t.Fatal(err)
				}
			}
			if err := f.write(sales(1, 3)); err != nil {
				t.Fatal(err)
			}
			for name, want := range map[string]bool{dead: false, live: true} {
				a, err := f.db.Describe(ctx, table.Name{Table: name})
				if err != nil {
					t.Fatal(err)
				}
				if a.Exists != want {
					t.Errorf("%s exists = %v, want %v", name, a.Exists, want)
				}
			}
		})
	}
}
