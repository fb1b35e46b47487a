package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// TestCommittedData: the files in data/sensors are what the script
// writes, so they can always be regenerated, and changing the script
// without regenerating them fails here.
func TestCommittedData(t *testing.T) {
	dir := t.TempDir()
	if err := generate(dir, 21); err != nil {
		t.Fatal(err)
	}
	fresh, _ := filepath.Glob(filepath.Join(dir, "*.csv.gz"))
	committed, _ := filepath.Glob(filepath.Join("..", "..", "data", "sensors", "*.csv.gz"))
	if len(fresh) != 21 || len(committed) != len(fresh) {
		t.Fatalf("%d files written, %d committed; regenerate with go run ./cmd/sensordata", len(fresh), len(committed))
	}
	for i := range fresh {
		a, b := unzip(t, fresh[i]), unzip(t, committed[i])
		if filepath.Base(fresh[i]) != filepath.Base(committed[i]) || !bytes.Equal(a, b) {
			t.Errorf("%s differs from what the script writes; regenerate with go run ./cmd/sensordata", committed[i])
		}
	}
}

// unzip compares content, not gzip bytes, which may change with Go.
func unzip(t *testing.T, path string) []byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(z)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
