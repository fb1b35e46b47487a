package render_test

import (
	"fmt"

	"github.com/ayeaye-go/ayeaye/gen/render"
)

func ExampleUnified() {
	old := []byte("type Person struct {\n\tName string\n\tCity string\n}\n")
	new := []byte("type Person struct {\n\tName string\n\tAge  int64\n\tCity string\n}\n")
	fmt.Print(render.Unified("a/datasets/people.go", "b/datasets/people.go", old, new))
	// Output:
	// --- a/datasets/people.go
	// +++ b/datasets/people.go
	// @@ -1,4 +1,5 @@
	//  type Person struct {
	//  	Name string
	// +	Age  int64
	//  	City string
	//  }
}
