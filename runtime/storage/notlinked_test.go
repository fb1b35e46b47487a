package storage

import (
	"context"
	"strings"
	"testing"
)

// TestObjectsNotLinked: this test binary does not link the object-storage
// package, so every object URL gets an error naming the imports to add,
// and no secret from the URL.
func TestObjectsNotLinked(t *testing.T) {
	ctx := context.Background()
	const blobImport = `import _ "github.com/ayeaye-go/ayeaye/runtime/storage/blob"`
	tests := []struct{ url, driver string }{
		{"s3+csv://bucket/k.csv;endpoint=http://ak:hunter2@127.0.0.1:1", `_ "gocloud.dev/blob/s3blob"`},
		{"gs+csv://bucket/k.csv", `_ "gocloud.dev/blob/gcsblob"`},
		{"azblob+csv://container/k.csv", `_ "gocloud.dev/blob/azureblob"`},
		{"fileblob+csv:///tmp/k.csv", ""},
	}
	var st Store
	defer st.Close()
	for _, tt := range tests {
		u := mustParse(t, tt.url)
		st1 := u.Storage()
		check := func(op string, err error) {
			t.Helper()
			msg := ""
			if err != nil {
				msg = err.Error()
			}
			if !strings.Contains(msg, st1+" storage needs the object-storage package") || !strings.Contains(msg, blobImport) ||
				!strings.Contains(msg, tt.driver) || strings.Contains(msg, "hunter2") ||
				!strings.Contains(msg, "ayeaye-gen generate adds them when a schema names "+st1) {
				t.Errorf("%s(%s) = %v, want the not-linked error naming the imports", op, tt.url, err)
			}
			if tt.driver == "" && strings.Contains(msg, "gocloud.dev") {
				t.Errorf("%s(%s) = %v: %s needs no gocloud driver", op, tt.url, err, st1)
			}
		}
		_, _, err := st.Open(ctx, u)
		check("Open", err)
		_, err = st.Create(ctx, u)
		check("Create", err)
		check("Remove", st.Remove(ctx, u))
		_, err = st.Version(ctx, u)
		check("Version", err)
		wild := u
		wild.Location = strings.TrimSuffix(u.Location, "k.csv") + "*.csv"
		_, err = st.Glob(ctx, wild)
		check("Glob", err)
	}
}
