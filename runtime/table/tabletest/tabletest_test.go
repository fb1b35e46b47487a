package tabletest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ayeaye-go/ayeaye/runtime/table"
)

// fatalTB records the first Fatal instead of stopping the test.
type fatalTB struct {
	testing.TB
	fatal string
}

func (f *fatalTB) Fatal(args ...any) {
	if f.fatal == "" {
		f.fatal = fmt.Sprint(args...)
	}
}

func TestMissingServers(t *testing.T) {
	t.Setenv("AYEAYE_TEST_POSTGRES", "postgres@127.0.0.1:1/none")
	t.Setenv("AYEAYE_TEST_MYSQL", "root@127.0.0.1:1/none")
	t.Setenv("AYEAYE_REQUIRE_SERVICES", "")
	dbs := Databases(t)
	if len(dbs) != 1 || dbs[0].Dialect != table.SQLite {
		t.Fatalf("with no servers: %+v, want SQLite alone", dbs)
	}
	if u := dbs[0].URL("t", "mode=upsert"); !strings.HasPrefix(u, "sqlite://") || !strings.HasSuffix(u, ";table=t;mode=upsert") {
		t.Errorf("URL %s", u)
	}

	t.Setenv("AYEAYE_REQUIRE_SERVICES", "1")
	f := &fatalTB{TB: t}
	Databases(f)
	if !strings.Contains(f.fatal, "PostgreSQL is not reachable at 127.0.0.1:1") || !strings.Contains(f.fatal, "AYEAYE_REQUIRE_SERVICES=1") {
		t.Errorf("required and missing: %q", f.fatal)
	}
}

func TestTableName(t *testing.T) {
	a, b := TableName(t), TableName(t)
	if a == b || len(a) != 14 {
		t.Errorf("TableName: %q, %q", a, b)
	}
	if _, err := table.ParseName(a); err != nil {
		t.Error(err)
	}
}
