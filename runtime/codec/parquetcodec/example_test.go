package parquetcodec_test

import (
	"bytes"
	"fmt"

	"github.com/ayeaye-go/ayeaye/runtime/codec"
	"github.com/ayeaye-go/ayeaye/runtime/codec/parquetcodec"
)

// point is a row type as ayeaye-gen emits them: the struct tags spell the
// Parquet schema.
type point struct {
	X     float64 `parquet:"x"`
	Label *string `parquet:"label,dict"`
}

var pointSpec = parquetcodec.NewSpec[point]("points", "sha256:…", "x")

// The generated writers fill rows and commit them; the generated readers
// bind a cursor per leaf column and read chunks of rows.
func Example() {
	var buf bytes.Buffer
	w, err := parquetcodec.NewWriter[point](&buf, pointSpec, codec.Options{Compression: "zstd"})
	if err != nil {
		fmt.Println(err)
		return
	}
	label := "origin"
	for i := range 3 {
		row := w.Next()
		row.X, row.Label = float64(i)/2, nil
		if i == 0 {
			row.Label = &label
		}
		if err := w.Commit(); err != nil {
			fmt.Println(err)
			return
		}
	}
	if err := w.Close(); err != nil {
		fmt.Println(err)
		return
	}

	f, err := parquetcodec.Open(bytes.NewReader(buf.Bytes()), int64(buf.Len()), pointSpec, codec.Options{File: "points.parquet"})
	if err != nil {
		fmt.Println(err)
		return
	}
	rows := f.Rows()
	xs, labels := parquetcodec.Float64s(rows, 0), parquetcodec.Strings(rows, 1)
	n, err := rows.Next(parquetcodec.ChunkRows)
	if err != nil {
		fmt.Println(err)
		return
	}
	x, _ := xs.Read(nil, n, true, 0)
	l, _ := labels.ReadNull(nil, n)
	fmt.Println(pointSpec.Schema())
	fmt.Println(x, l)
	// Output:
	// message points {
	// 	required double x;
	// 	optional binary label (STRING);
	// }
	// [0 0.5 1] [origin null null]
}
