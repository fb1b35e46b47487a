package roundtrip

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ayeaye-go/ayeaye/gen/internal/roundtrip/datasets"
	"github.com/ayeaye-go/ayeaye/runtime/schema"
)

// The Record generated for every type the round trip covers is what
// schema.FromJSON reads from the Schema generated beside it.
func TestRecords(t *testing.T) {
	for _, d := range []struct {
		name   string
		record *schema.Record
		doc    string
	}{
		{"alltypes", datasets.AlltypesDataset.Record, datasets.AlltypesDataset.Schema},
		{"nested", datasets.NestedDataset.Record, datasets.NestedDataset.Schema},
		{"readings", datasets.ReadingsDataset.Record, datasets.ReadingsDataset.Schema},
	} {
		want, err := schema.FromJSON([]byte(d.doc))
		if err != nil {
			t.Fatalf("%s: %v", d.name, err)
		}
		if d.record == nil || len(d.record.Fields) == 0 {
			t.Fatalf("%s: no Record generated", d.name)
		}
		if diff := cmp.Diff(want, d.record); diff != "" {
			t.Errorf("%s (-FromJSON(Schema) +Record):\n%s", d.name, diff)
		}
	}
}
