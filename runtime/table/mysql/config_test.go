package mysql

import (
	"strings"
	"testing"
)

func TestMySQLConfig(t *testing.T) {
	for _, tt := range []struct {
		in                          string
		user, pass, addr, db, extra string
		err                         string
	}{
		{in: "root@127.0.0.1:3306/test", user: "root", addr: "127.0.0.1:3306", db: "test"},
		{in: "etl:p%40ss%2Fw:rd@db/warehouse?timeout=5s", user: "etl", pass: "p@ss/w:rd", addr: "db:3306", db: "warehouse"},
		{in: "db.example.com/w", addr: "db.example.com:3306", db: "w"},
		{in: "[::1]:3307/w", addr: "[::1]:3307", db: "w"},
		{in: "etl@/w", err: "not a valid MariaDB location"},
		{in: "etl@db/w?nonsense=%zz", err: "connection parameters"},
		{in: "a%zz@db/w", err: "user name is not valid percent-encoding"},
	} {
		cfg, err := config(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("config(%q) error %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("config(%q): %v", tt.in, err)
			continue
		}
		if cfg.User != tt.user || cfg.Passwd != tt.pass || cfg.Addr != tt.addr || cfg.DBName != tt.db || !cfg.ParseTime || cfg.Loc.String() != "UTC" {
			t.Errorf("config(%q) = user %q pass %q addr %q db %q", tt.in, cfg.User, cfg.Passwd, cfg.Addr, cfg.DBName)
		}
	}
}

// FuzzMySQLConfig checks that any location either parses or gives an
// error, never a panic, and that an error never shows the password.
func FuzzMySQLConfig(f *testing.F) {
	for _, s := range []string{"root@127.0.0.1:3306/test", "etl:secret@db/w?tls=true", "@/", "a:b@c:d@e/f", "x/y?z", "[::1]/d", "%", "db/w?timeout=x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, loc string) {
		cfg, err := config(loc)
		if err != nil {
			if _, pass, ok := strings.Cut(loc, ":"); ok && len(pass) > 12 && strings.Contains(err.Error(), pass) {
				t.Fatalf("config(%q) error shows the password: %v", loc, err)
			}
			return
		}
		if cfg.Addr == "" {
			t.Fatalf("config(%q) has no address", loc)
		}
	})
}
