package storage_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"

	"github.com/ayeaye-go/ayeaye/runtime/engine"
	"github.com/ayeaye-go/ayeaye/runtime/storage"
)

// Create writes a gzip-compressed CSV file atomically; Open reads it back.
func ExampleCreate() {
	dir, err := os.MkdirTemp("", "ayeaye-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()

	u, err := engine.Parse("gz+csv://" + filepath.ToSlash(dir) + "/out/people.csv.gz")
	if err != nil {
		log.Fatal(err)
	}
	w, err := storage.Create(ctx, u)
	if err != nil {
		log.Fatal(err)
	}
	defer w.Abort() // a no-op once committed
	if _, err := io.WriteString(w, "id,name\n1,Ada\n"); err != nil {
		log.Fatal(err)
	}
	if err := w.Commit(); err != nil {
		log.Fatal(err)
	}

	r, _, err := storage.Open(ctx, u)
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	data, err := io.ReadAll(r)
	fmt.Printf("%q %v\n", data, err)
	// Output:
	// "id,name\n1,Ada\n" <nil>
}

// Open reports a missing input by name.
func ExampleOpen() {
	u, _ := engine.Parse("csv:///no/such/dir/people.csv")
	_, _, err := storage.Open(context.Background(), u)
	fmt.Println(err)
	// Output:
	// open csv:///no/such/dir/people.csv: file /no/such/dir/people.csv does not exist: file does not exist
}

// A Store keeps memblob buckets alive between calls, which makes them a
// handy stand-in for cloud storage in tests.
func ExampleStore() {
	ctx := context.Background()
	var st storage.Store
	defer st.Close()

	for _, name := range []string{"raw/2024-01/a.ndjson", "raw/2024-02/b.ndjson", "raw/2024-02/notes.txt"} {
		u, _ := engine.Parse("memblob+ndjson://lake/" + name)
		w, err := st.Create(ctx, u)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Fprintf(w, "{\"file\":%q}\n", name)
		if err := w.Commit(); err != nil {
			log.Fatal(err)
		}
	}

	pattern, _ := engine.Parse("memblob+ndjson://lake/raw/*/*.ndjson")
	matches, err := st.Glob(ctx, pattern)
	if err != nil {
		log.Fatal(err)
	}
	for _, m := range matches {
		r, _, err := st.Open(ctx, m)
		if err != nil {
			log.Fatal(err)
		}
		data, _ := io.ReadAll(r)
		r.Close()
		fmt.Printf("%s: %s", m, data)
	}
	// Output:
	// memblob+ndjson://lake/raw/2024-01/a.ndjson: {"file":"raw/2024-01/a.ndjson"}
	// memblob+ndjson://lake/raw/2024-02/b.ndjson: {"file":"raw/2024-02/b.ndjson"}
}
