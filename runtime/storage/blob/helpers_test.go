package blob

import (
	"bytes"
	"context"
	"io"
	"os"
	"testing"

	"github.com/ayeaye-go/ayeaye/runtime/engine"
	"github.com/ayeaye-go/ayeaye/runtime/storage"
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
func write(t *testing.T, st *storage.Store, u engine.URL, data []byte) {
	t.Helper()
	w, err := st.Create(context.Background(), u)
	if err != nil {
		t.Fatalf("Create(%s): %v", u, err)
	}
	defer w.Abort()
	for len(data) > 0 {
		k := min(1000, len(data))
		if _, err := w.Write(data[:k]); err != nil {
			t.Fatalf("Write: %v", err)
		}
		data = data[k:]
	}
	if err := w.Commit(); err != nil {
		t.Fatalf("Commit(%s): %v", u, err)
	}
}

// read opens u in st and returns its contents and reported size.
func read(t *testing.T, st *storage.Store, u engine.URL) ([]byte, int64) {
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
