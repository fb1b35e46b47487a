package schema_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ayeaye-go/ayeaye/example/datasets"
	faulttest "github.com/ayeaye-go/ayeaye/runtime/internal/faulttest/datasets"
	"github.com/ayeaye-go/ayeaye/runtime/schema"
)

// The Records ayeaye-gen wrote into the example and the fault tests are
// what FromJSON reads from the Schemas written beside them. (The
// generator's golden tests check every golden case; this checks the
// checked-in packages that use those emitters.)
func TestGeneratedRecords(t *testing.T) {
	for _, d := range []struct {
		name   string
		record *schema.Record
		doc    string
	}{
		{"colour_popularity", datasets.ColourPopularityDataset.Record, datasets.ColourPopularityDataset.Schema},
		{"favourite_colours", datasets.FavouriteColoursDataset.Record, datasets.FavouriteColoursDataset.Schema},
		{"paint_orders", datasets.PaintOrdersDataset.Record, datasets.PaintOrdersDataset.Schema},
		{"party_plan", datasets.PartyPlanDataset.Record, datasets.PartyPlanDataset.Schema},
		{"sensor_readings", datasets.SensorReadingsDataset.Record, datasets.SensorReadingsDataset.Schema},
		{"site_daily", datasets.SiteDailyDataset.Record, datasets.SiteDailyDataset.Schema},
		{"faulttest readings", faulttest.ReadingsDataset.Record, faulttest.ReadingsDataset.Schema},
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
