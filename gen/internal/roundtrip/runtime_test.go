package roundtrip

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ayeaye-go/ayeaye/gen/internal/roundtrip/datasets"
	"github.com/ayeaye-go/ayeaye/runtime"
)

// copyModel copies every record of one dataset to another.
type copyModel struct {
	In  runtime.Input[datasets.Alltype]
	Out runtime.Output[datasets.Alltype]
}

func (m *copyModel) Build(ctx context.Context) error {
	for rec, err := range m.In.All() {
		if err != nil {
			return err
		}
		if err := m.Out.Write(&rec); err != nil {
			return err
		}
	}
	return nil
}

// TestEveryFormatThroughTheRuntime writes the sample records through a
// model into each format the runtime knows, then reads them back through
// another model: the runtime must open each (Parquet through a reader
// with random access) and give the records back unchanged.
func TestEveryFormatThroughTheRuntime(t *testing.T) {
	want := sampleRecords()
	dir := t.TempDir()
	for _, format := range []string{"csv", "tsv", "json", "ndjson", "parquet"} {
		t.Run(format, func(t *testing.T) {
			file := "csv"
			if format != "csv" {
				file = format
			}
			loc := format + "://" + filepath.Join(dir, "alltypes."+file)
			r := &runtime.Runner{Mem: runtime.NewMem(), Overrides: map[string]string{"fixture": "mem://fixture", "alltypes": loc, "back": "mem://back"}}
			runtime.SetMem(r.Mem, "fixture", want)
			fixture := &runtime.Dataset[datasets.Alltype]{Name: "fixture", Formats: datasets.AlltypesDataset.Formats}
			back := &runtime.Dataset[datasets.Alltype]{Name: "back", Formats: datasets.AlltypesDataset.Formats}
			if _, err := r.Run(context.Background(), "write", &copyModel{In: fixture.Input(), Out: datasets.AlltypesDataset.Output()}); err != nil {
				t.Fatal(err)
			}
			if _, err := r.Run(context.Background(), "read", &copyModel{In: datasets.AlltypesDataset.Input(), Out: back.Output()}); err != nil {
				t.Fatal(err)
			}
			got, err := runtime.GetMem[datasets.Alltype](r.Mem, "back")
			if err != nil {
				t.Fatal(err)
			}
			opts := []cmp.Option{decimalExact}
			if format == "parquet" { // Parquet decimals come back at scale 9: cmp uses Decimal.Equal
				opts = nil
			}
			if d := cmp.Diff(want, got, opts...); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}
