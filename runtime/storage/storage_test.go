package storage

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ayeaye-go/ayeaye/runtime/engine"
)

func mustParse(t *testing.T, s string) engine.URL {
	t.Helper()
	u, err := engine.Parse(s)
	if err != nil {
		t.Fatalf("engine.Parse(%q): %v", s, err)
	}
	return u
}

// write creates u in st with data, written in small chunks, and commits.
func write(t *testing.T, st *Store, u engine.URL, data []byte) {
	t.Helper()
	w, err := st.Create(context.Background(), u)
	if err != nil {
		t.Fatalf("Create(%s): %v", u, err)
	}
	defer w.Abort()
	for chunk := range chunks(data, 1000) {
		if _, err := w.Write(chunk); err != nil {
			t.Fatalf("Write: %v", err)
		}
	}
	if err := w.Commit(); err != nil {
		t.Fatalf("Commit(%s): %v", u, err)
	}
}

func chunks(b []byte, n int) func(func([]byte) bool) {
	return func(yield func([]byte) bool) {
		for len(b) > 0 {
			k := min(n, len(b))
			if !yield(b[:k]) {
				return
			}
			b = b[k:]
		}
	}
}

// read opens u in st and returns its contents and reported size.
func read(t *testing.T, st *Store, u engine.URL) ([]byte, int64) {
	t.Helper()
	r, size, err := st.Open(context.Background(), u)
	if err != nil {
		t.Fatalf("Open(%s): %v", u, err)
	}
	defer r.Close()
	got, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("read %s: %v", u, err)
	}
	if err := r.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	return got, size
}

// dirNames lists a directory, to check that no temporary file is left.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

var sample = bytes.Repeat([]byte("id,name\n1,Ada Lovelace\n2,Grace Hopper\n"), 5000)

func TestLocalRoundTrip(t *testing.T) {
	tests := []struct {
		scheme, ext, options string
		magic                []byte
	}{
		{scheme: "csv", ext: "csv"},
		{scheme: "file", ext: "bin"},
		{scheme: "gz+csv", ext: "csv.gz", magic: []byte{0x1f, 0x8b}},
		{scheme: "gz+csv", ext: "csv.gz", options: ";level=1", magic: []byte{0x1f, 0x8b}},
		{scheme: "zst+ndjson", ext: "ndjson.zst", magic: []byte{0x28, 0xb5, 0x2f, 0xfd}},
		{scheme: "zst+csv", ext: "csv.zst", options: ";level=19", magic: []byte{0x28, 0xb5, 0x2f, 0xfd}},
	}
	for _, tt := range tests {
		t.Run(tt.scheme+tt.options, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "a", "b")
			path := filepath.Join(dir, "out."+tt.ext)
			u := mustParse(t, tt.scheme+"://"+filepath.ToSlash(path)+tt.options)
			var st Store
			defer st.Close()
			write(t, &st, u, sample)

			if d := cmp.Diff([]string{"out." + tt.ext}, dirNames(t, dir)); d != "" {
				t.Errorf("directory after Commit (-want +got):\n%s", d)
			}
			stored, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(stored, tt.magic) {
				t.Errorf("stored bytes start %x, want %x", stored[:4], tt.magic)
			}
			if tt.magic != nil && len(stored) >= len(sample)/4 {
				t.Errorf("compressed %d bytes to %d: not compressed", len(sample), len(stored))
			}
			if info, _ := os.Stat(path); runtime.GOOS != "windows" && info.Mode().Perm() != 0o644 {
				t.Errorf("new file mode = %v, want 0644", info.Mode().Perm())
			}
			got, size := read(t, &st, u)
			if !bytes.Equal(got, sample) {
				t.Errorf("read back %d bytes, want the %d written", len(got), len(sample))
			}
			if size != int64(len(stored)) {
				t.Errorf("size = %d, want the stored size %d", size, len(stored))
			}
		})
	}
}

func TestPackageLevelRoundTrip(t *testing.T) {
	u := mustParse(t, "gz+csv://"+filepath.ToSlash(filepath.Join(t.TempDir(), "x.csv.gz")))
	ctx := context.Background()
	w, err := Create(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(sample); err != nil {
		t.Fatal(err)
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	r, _, err := Open(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(r)
	if err != nil || !bytes.Equal(got, sample) {
		t.Errorf("read back %d bytes, %v", len(got), err)
	}
	if err := r.Close(); err != nil {
		t.Error(err)
	}
	if err := r.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

func TestAtomicReplace(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "people.csv")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	u := mustParse(t, "csv://"+filepath.ToSlash(path))
	ctx := context.Background()
	var st Store

	w, err := st.Create(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write([]byte("new")); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "old" {
		t.Errorf("before Commit the file holds %q, want the old contents", got)
	}
	if names := dirNames(t, dir); len(names) != 2 || !strings.HasPrefix(names[0], ".people.csv.tmp-") {
		t.Errorf("while writing the directory holds %q, want a hidden temporary file and the old file", names)
	}
	if err := w.Abort(); err != nil {
		t.Fatalf("Abort: %v", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "old" {
		t.Errorf("after Abort the file holds %q, want \"old\"", got)
	}
	if d := cmp.Diff([]string{"people.csv"}, dirNames(t, dir)); d != "" {
		t.Errorf("after Abort (-want +got):\n%s", d)
	}

	write(t, &st, u, []byte("new"))
	if got, _ := os.ReadFile(path); string(got) != "new" {
		t.Errorf("after Commit the file holds %q, want \"new\"", got)
	}
	if info, _ := os.Stat(path); runtime.GOOS != "windows" && info.Mode().Perm() != 0o600 {
		t.Errorf("replaced file mode = %v, want the old 0600", info.Mode().Perm())
	}
}

func TestFailedWriteLeavesOldFile(t *testing.T) {
	tests := []struct {
		name  string
		fail  func(t *testing.T, w *Writer, path string, cancel context.CancelFunc)
		want  string
		isDir bool // the target was replaced by a directory
	}{
		{
			name: "write error",
			fail: func(t *testing.T, w *Writer, _ string, _ context.CancelFunc) {
				_ = w.sink.(*fileSink).f.Close() // the disk goes away under the writer
				noise := make([]byte, 200<<10)   // incompressible, so it reaches the file
				rng := rand.New(rand.NewPCG(1, 2))
				for i := range noise {
					noise[i] = byte(rng.Uint32())
				}
				_, err := w.Write(noise)
				if err == nil {
					t.Error("Write to a closed file succeeded")
				}
				if _, err2 := w.Write([]byte("x")); !errors.Is(err2, fs.ErrClosed) {
					t.Errorf("later Write = %v, want the first error again", err2)
				}
			},
			want: "file already closed",
		},
		{
			name: "flush error",
			fail: func(t *testing.T, w *Writer, _ string, _ context.CancelFunc) {
				_ = w.sink.(*fileSink).f.Close()
			},
			want: "file already closed",
		},
		{
			name: "cancelled context",
			fail: func(t *testing.T, w *Writer, _ string, cancel context.CancelFunc) {
				cancel()
			},
			want: "context canceled",
		},
		{
			name: "rename error",
			fail: func(t *testing.T, w *Writer, path string, _ context.CancelFunc) {
				if err := os.Remove(path); err != nil {
					t.Fatal(err)
				}
				if err := os.MkdirAll(filepath.Join(path, "occupied"), 0o755); err != nil {
					t.Fatal(err)
				}
			},
			isDir: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "out.csv.gz")
			if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
				t.Fatal(err)
			}
			u := mustParse(t, "gz+csv://"+filepath.ToSlash(path))
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var st Store
			w, err := st.Create(ctx, u)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := w.Write([]byte("new,data\n")); err != nil {
				t.Fatal(err)
			}
			tt.fail(t, w, path, cancel)
			err = w.Commit()
			if err == nil {
				t.Fatal("Commit succeeded, want an error")
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), u.String()) {
				t.Errorf("Commit error %q should name the URL and contain %q", err, tt.want)
			}
			if !tt.isDir {
				if got, _ := os.ReadFile(path); string(got) != "old" {
					t.Errorf("after a failed write the file holds %q, want \"old\"", got)
				}
			}
			if d := cmp.Diff([]string{"out.csv.gz"}, dirNames(t, dir)); d != "" {
				t.Errorf("temporary file left behind (-want +got):\n%s", d)
			}
			if err := w.Abort(); err != nil {
				t.Errorf("Abort after a failed Commit: %v", err)
			}
		})
	}
}

func TestWriterLifecycle(t *testing.T) {
	u := mustParse(t, "csv://"+filepath.ToSlash(filepath.Join(t.TempDir(), "x.csv")))
	var st Store
	w, err := st.Create(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Commit(); err != nil {
		t.Fatalf("Commit of an empty file: %v", err)
	}
	if err := w.Abort(); err != nil {
		t.Errorf("Abort after Commit = %v, want nil", err)
	}
	if err := w.Commit(); err == nil || !strings.Contains(err.Error(), "already committed") {
		t.Errorf("second Commit = %v", err)
	}
	if _, err := w.Write([]byte("x")); err == nil || !strings.Contains(err.Error(), "already committed or aborted") {
		t.Errorf("Write after Commit = %v", err)
	}
	w, err = st.Create(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	_ = w.Abort()
	if err := w.Commit(); err == nil || !strings.Contains(err.Error(), "already aborted") {
		t.Errorf("Commit after Abort = %v", err)
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	plain := filepath.Join(dir, "plain.csv")
	if err := os.WriteFile(plain, []byte("a,b\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty.csv.gz")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	slash := filepath.ToSlash
	tests := []struct {
		url      string
		want     []string
		notExist bool
	}{
		{"csv://" + slash(dir) + "/missing.csv", []string{"file " + filepath.Join(dir, "missing.csv") + " does not exist"}, true},
		{"csv://" + slash(dir), []string{"is a directory", "/*.csv"}, false},
		{"gz+csv://" + slash(plain), []string{"not gzip data", "remove the gz modifier"}, false},
		{"gz+csv://" + slash(empty), []string{"empty", "not gzip data"}, false},
		{"mem://people", []string{"held in memory by the runtime"}, false},
		{"csv://" + slash(dir) + "/*.csv", []string{"wildcard", "Glob first"}, false},
	}
	var st Store
	defer st.Close()
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			_, _, err := st.Open(context.Background(), mustParse(t, tt.url))
			if err == nil {
				t.Fatal("Open succeeded, want an error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
			if errors.Is(err, fs.ErrNotExist) != tt.notExist {
				t.Errorf("errors.Is(%v, fs.ErrNotExist) = %v, want %v", err, !tt.notExist, tt.notExist)
			}
		})
	}

	t.Run("relative path", func(t *testing.T) {
		t.Chdir(dir)
		_, _, err := Open(context.Background(), mustParse(t, "csv://sub/people.csv"))
		if err == nil || !strings.Contains(err.Error(), "relative to the working directory "+dir) {
			t.Errorf("error %v should name the working directory", err)
		}
	})

	t.Run("bad compressed data", func(t *testing.T) {
		for _, tc := range []struct{ url, want string }{
			{"zst+csv://" + slash(plain), "not zstd data"},
			{"gz+csv://" + slash(dir) + "/truncated.csv.gz", "unexpected EOF"},
		} {
			if strings.Contains(tc.url, "truncated") {
				u := mustParse(t, tc.url)
				write(t, &st, u, sample)
				b, _ := os.ReadFile(filepath.Join(dir, "truncated.csv.gz"))
				if err := os.WriteFile(filepath.Join(dir, "truncated.csv.gz"), b[:len(b)/2], 0o644); err != nil {
					t.Fatal(err)
				}
			}
			u := mustParse(t, tc.url)
			r, _, err := st.Open(context.Background(), u)
			if err == nil {
				_, err = io.ReadAll(r)
				r.Close()
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), u.String()) {
				t.Errorf("reading %s: error %v should name the URL and say %q", tc.url, err, tc.want)
			}
		}
	})
}

func TestCreateErrors(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	slash := filepath.ToSlash
	tests := []struct{ url, want string }{
		{"mem://people", "held in memory"},
		{"csv://" + slash(dir) + "/*.csv", "wildcard"},
		{"csv://" + slash(dir), "is a directory; name a file inside it"},
		{"csv://" + slash(dir) + "/sub/", "ends in a separator"},
		{"csv://" + slash(file) + "/below.csv", "make directory " + file},
	}
	var st Store
	defer st.Close()
	for _, tt := range tests {
		_, err := st.Create(context.Background(), mustParse(t, tt.url))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Create(%s) = %v, want an error containing %q", tt.url, err, tt.want)
		}
	}
}
