package table_test

import (
	"context"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

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

// TestWritersTakeTurns: an append that starts while a replace of the same
// table is loading waits on the table's lock and lands in the new table,
// instead of in the old one the replace then drops; a writer waiting for
// the lock stops when cancelled (PostgreSQL, MariaDB; SQLite tables are
// locked by the runtime, see storage.Lock).
func TestWritersTakeTurns(t *testing.T) {
	for _, d := range tabletest.Databases(t) {
		if d.Dialect == table.SQLite {
			continue
		}
		t.Run(d.Dialect.Title(), func(t *testing.T) {
			f := setup(t, d)
			ctx := context.Background()
			if err := f.write(sales(1, 2)); err != nil {
				t.Fatal(err)
			}
			unlock, err := f.db.Lock(ctx, f.loc.Table)
			if err != nil {
				t.Fatal(err)
			}
			replace, err := table.NewWriter(ctx, f.db, f.loc, saleTable)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range sales(10, 3) {
				if err := replace.Write(&s); err != nil {
					t.Fatal(err)
				}
			}
			appended := make(chan error, 1)
			go func() {
				unlock, err := f.db.Lock(ctx, table.Name{Schema: f.loc.Table.Schema, Table: f.loc.Table.Table})
				if err != nil {
					appended <- err
					return
				}
				defer unlock()
				appended <- f.with(table.Append).write(sales(20, 1))
			}()
			select { // the append either waits (as it should) or lands in the old table first
			case err := <-appended:
				appended <- err
			case <-time.After(300 * time.Millisecond):
			}
			cctx, cancel := context.WithCancel(ctx)
			cancel()
			if _, err := f.db.Lock(cctx, f.loc.Table); err == nil {
				t.Error("a cancelled wait for a held lock took it")
			}
			if err := replace.Commit(); err != nil {
				t.Fatal(err)
			}
			unlock()
			if err := <-appended; err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for _, s := range f.mustRead(t, table.Query{}) {
				ids = append(ids, s.ID)
			}
			slices.Sort(ids)
			if want := []int64{10, 11, 12, 20}; !slices.Equal(ids, want) {
				t.Errorf("ids %v, want %v: the append was lost or the replace kept old rows", ids, want)
			}
		})
	}
}
