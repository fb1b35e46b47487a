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
