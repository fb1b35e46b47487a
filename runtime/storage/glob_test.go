package storage

import (
	"context"
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

func TestGlobErrors(t *testing.T) {
	ctx := context.Background()
	var st Store
	defer st.Close()
	root := filepath.ToSlash(t.TempDir())
	tests := []struct{ url, want string }{
		{"mem://people-*", "held in memory"},
		{"csv://" + root + "/missing/*.csv", "does not exist"},
	}
	for _, tt := range tests {
		_, err := st.Glob(ctx, mustParse(t, tt.url))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Glob(%s) = %v, want error containing %q", tt.url, err, tt.want)
		}
	}
	if _, err := Glob(ctx, mustParse(t, "memblob+csv://b/*.csv")); err == nil || !strings.Contains(err.Error(), "use one Store") {
		t.Errorf("package-level Glob(memblob) = %v", err)
	}
	got, err := Glob(ctx, mustParse(t, "csv://"+root+"/none.csv"))
	if err != nil || len(got) != 1 {
		t.Errorf("Glob without wildcard = %v, %v; want the URL itself", got, err)
	}
	if _, err := Glob(ctx, mustParse(t, "csv://"+root+"/missing/*.csv")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("local Glob under a missing directory = %v, want fs.ErrNotExist", err)
	}
}
