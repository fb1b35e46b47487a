package blob

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	gblob "gocloud.dev/blob"
	"gocloud.dev/blob/memblob"

	"github.com/ayeaye-go/ayeaye/runtime/engine"
	"github.com/ayeaye-go/ayeaye/runtime/storage"
)

func TestMemblob(t *testing.T) {
	ctx := context.Background()
	var st storage.Store
	u := mustParse(t, "memblob+gz+csv://bucket/dir/x.csv.gz")
	write(t, &st, u, sample)
	got, size := read(t, &st, u)
	if !bytes.Equal(got, sample) {
		t.Errorf("read back %d bytes, want %d", len(got), len(sample))
	}
	if size <= 0 || size >= int64(len(sample)) {
		t.Errorf("size = %d, want the compressed size", size)
	}

	// An aborted overwrite keeps the old object; an aborted new object never appears.
	w, err := st.Create(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = w.Write([]byte("partial"))
	if err := w.Abort(); err != nil {
		t.Fatal(err)
	}
	if got, _ := read(t, &st, u); !bytes.Equal(got, sample) {
		t.Error("aborted overwrite changed the object")
	}
	fresh := mustParse(t, "memblob+csv://bucket/dir/fresh.csv")
	w, err = st.Create(ctx, fresh)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = w.Write([]byte("partial"))
	_ = w.Abort()
	if _, _, err := st.Open(ctx, fresh); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("aborted object: Open = %v, want not found", err)
	}

	// Buckets are separate, and live as long as the Store.
	if _, _, err := st.Open(ctx, mustParse(t, "memblob+gz+csv://other/dir/x.csv.gz")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("other bucket: Open = %v, want not found", err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.Open(ctx, u); err == nil || !strings.Contains(err.Error(), "Store is closed") {
		t.Errorf("Open after Close = %v", err)
	}

	// The package-level functions cannot keep a memblob bucket alive.
	if _, err := storage.Create(ctx, u); err == nil || !strings.Contains(err.Error(), "use one Store") {
		t.Errorf("package-level Create(memblob) = %v", err)
	}
}

func TestFileblob(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "deep", "er", "x.csv.zst")
	u := mustParse(t, "fileblob+zst+csv://"+filepath.ToSlash(path))
	var st storage.Store
	defer st.Close()
	write(t, &st, u, sample)
	if got, _ := read(t, &st, u); !bytes.Equal(got, sample) {
		t.Errorf("read back %d bytes, want %d", len(got), len(sample))
	}
	// It is an ordinary file, readable without the blob layer.
	if got, _ := read(t, &st, mustParse(t, "zst+csv://"+filepath.ToSlash(path))); !bytes.Equal(got, sample) {
		t.Error("the fileblob object is not the file at its path")
	}
	if d := cmp.Diff([]string{"x.csv.zst"}, dirNames(t, filepath.Dir(path))); d != "" {
		t.Errorf("fileblob left other files (-want +got):\n%s", d)
	}
}

func TestCustomMux(t *testing.T) {
	mux := new(gblob.URLMux)
	mux.RegisterBucket("s3", &memblob.URLOpener{}) // stands in for s3blob
	st := storage.Store{Objects: New(mux)}
	defer st.Close()
	u := mustParse(t, "s3+csv://bucket/raw/x.csv")
	write(t, &st, u, sample)
	if got, _ := read(t, &st, u); !bytes.Equal(got, sample) {
		t.Errorf("read back %d bytes, want %d", len(got), len(sample))
	}
}

func TestMissingDriver(t *testing.T) {
	tests := []struct{ url, want string }{
		{"s3+csv://bucket/k.csv;region=eu-west-1", `import _ "gocloud.dev/blob/s3blob"`},
		{"gs+csv://bucket/k.csv", `import _ "gocloud.dev/blob/gcsblob"`},
		{"azblob+csv://container/k.csv", `import _ "gocloud.dev/blob/azureblob"`},
	}
	ctx := context.Background()
	for _, tt := range tests {
		u := mustParse(t, tt.url)
		_, _, err := storage.Open(ctx, u)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Open(%s) = %v, want an error containing %s", tt.url, err, tt.want)
		}
		_, err = storage.Create(ctx, u)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Create(%s) = %v, want an error containing %s", tt.url, err, tt.want)
		}
	}
}

func TestLocate(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		url  string
		want loc
	}{
		{"s3+csv://b/dir/k.csv;region=eu-west-1;endpoint=http://minio:9000;use_path_style=true", loc{
			storage: "s3", bucket: "s3://b?endpoint=http%3A%2F%2Fminio%3A9000&region=eu-west-1&use_path_style=true",
			key: "dir/k.csv", prefix: "b/", display: "s3://b/dir/k.csv",
		}},
		{"gs+csv://b/k.csv;anonymous=true", loc{storage: "gs", bucket: "gs://b?anonymous=true", key: "k.csv", prefix: "b/", display: "gs://b/k.csv"}},
		{"azblob+csv://c/k.csv;storage_account=acct", loc{storage: "azblob", bucket: "azblob://c?storage_account=acct", key: "k.csv", prefix: "c/", display: "azblob://c/k.csv"}},
		{"memblob+csv://b/k.csv", loc{storage: "memblob", bucket: "mem://b", key: "k.csv", prefix: "b/", display: "memblob://b/k.csv"}},
	}
	if runtime.GOOS != "windows" {
		tests = append(tests,
			struct {
				url  string
				want loc
			}{"fileblob+csv:///srv/data/k.csv", loc{storage: "fileblob", bucket: "file:///", key: "srv/data/k.csv", prefix: "/", display: "/srv/data/k.csv"}},
			struct {
				url  string
				want loc
			}{"fileblob+csv://data/k.csv", loc{storage: "fileblob", bucket: "file:///", key: strings.TrimPrefix(wd, "/") + "/data/k.csv", prefix: "/", display: wd + "/data/k.csv"}},
		)
	}
	for _, tt := range tests {
		got, err := locate(mustParse(t, tt.url))
		if err != nil {
			t.Errorf("locate(%s): %v", tt.url, err)
			continue
		}
		if d := cmp.Diff(tt.want, got, cmp.AllowUnexported(loc{})); d != "" {
			t.Errorf("locate(%s) (-want +got):\n%s", tt.url, d)
		}
	}
	if _, err := locate(mustParse(t, "s3+csv://b-*/k.csv")); err == nil || !strings.Contains(err.Error(), "cannot be a wildcard") {
		t.Errorf("wildcard bucket: %v", err)
	}
}

// TestBucketParamsMatchEngine keeps the options passed to bucket URLs in
// step with the options the engine accepts for each storage modifier.
func TestBucketParamsMatchEngine(t *testing.T) {
	reg := engine.NewRegistry()
	for _, st := range reg.Names(engine.KindStorage) {
		spec, _ := reg.Lookup(st)
		var names []string
		for _, o := range spec.Options {
			names = append(names, o.Name)
		}
		want := bucketParams[st]
		if d := cmp.Diff(want, slices.Sorted(slices.Values(names))); d != "" {
			t.Errorf("%s: bucketParams vs engine options (-storage +engine):\n%s", st, d)
		}
	}
}

// TestVersionAndRemove: an object's version changes when it is rewritten
// and not when it is read; Remove deletes it, and removing it again is
// not an error.
func TestVersionAndRemove(t *testing.T) {
	ctx := context.Background()
	var st storage.Store
	defer st.Close()
	u := mustParse(t, "memblob+csv://bucket/v.csv")
	if _, err := st.Version(ctx, u); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Version of a missing object = %v, want not found", err)
	}
	write(t, &st, u, sample)
	v1, err := st.Version(ctx, u)
	if err != nil || v1 == "" {
		t.Fatalf("Version = %q, %v", v1, err)
	}
	read(t, &st, u)
	if v, _ := st.Version(ctx, u); v != v1 {
		t.Errorf("reading changed the version: %q, then %q", v1, v)
	}
	write(t, &st, u, append([]byte("id\n"), sample...))
	if v, _ := st.Version(ctx, u); v == v1 {
		t.Errorf("a rewrite kept the version %q", v)
	}
	for range 2 {
		if err := st.Remove(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := st.Open(ctx, u); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Open after Remove = %v, want not found", err)
	}
	if _, err := st.Version(ctx, mustParse(t, "csv://"+t.TempDir()+"/x.csv")); err == nil {
		t.Error("a local file has a version")
	}
}

// TestErrors: missing objects name themselves and satisfy fs.ErrNotExist;
// wildcards are refused where one object is meant.
func TestErrors(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	var st storage.Store
	defer st.Close()
	for _, tt := range []struct{ url, want string }{
		{"memblob+csv://b/missing.csv", "memblob://b/missing.csv does not exist"},
		{"fileblob+csv://" + filepath.ToSlash(dir) + "/missing.csv", filepath.Join(dir, "missing.csv") + " does not exist"},
	} {
		_, _, err := st.Open(ctx, mustParse(t, tt.url))
		if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Open(%s) = %v, want a not-exist error containing %q", tt.url, err, tt.want)
		}
	}
	if _, err := st.Create(ctx, mustParse(t, "memblob+csv://b/*.csv")); err == nil || !strings.Contains(err.Error(), "wildcard") {
		t.Errorf("Create(wildcard) = %v", err)
	}
}

// TestNoSecretInBucketErrors: an endpoint's password, which the bucket URL
// carries as a query parameter, never reaches an error.
func TestNoSecretInBucketErrors(t *testing.T) {
	mux := new(gblob.URLMux)
	mux.RegisterBucket("s3", failingOpener{})
	st := storage.Store{Objects: New(mux)}
	defer st.Close()
	_, _, err := st.Open(context.Background(), mustParse(t, "s3+csv://bucket/k.csv;endpoint=http://ak:hunter2@127.0.0.1:1"))
	if err == nil || strings.Contains(err.Error(), "hunter2") || !strings.Contains(err.Error(), "open bucket s3://bucket") {
		t.Errorf("Open = %v, want an error naming the bucket without the password", err)
	}
}

type failingOpener struct{}

func (failingOpener) OpenBucketURL(context.Context, *url.URL) (*gblob.Bucket, error) {
	return nil, errors.New("refused")
}
