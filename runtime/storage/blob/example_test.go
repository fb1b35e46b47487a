package blob_test

import (
	"context"
	"fmt"
	"io"
	"log"

	"github.com/ayeaye-go/ayeaye/runtime/engine"
	"github.com/ayeaye-go/ayeaye/runtime/storage"
	_ "github.com/ayeaye-go/ayeaye/runtime/storage/blob" // object storage for every storage.Store
)

// A Store keeps memblob buckets alive between calls, which makes them a
// handy stand-in for cloud storage in tests.
func Example() {
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
