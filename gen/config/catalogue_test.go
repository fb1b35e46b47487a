package config

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ayeaye-go/ayeaye/runtime/env"
)

func TestParseCatalogue(t *testing.T) {
	src := `version: 1
environments:
  dev: {vars: {sales_root: ../producer/out}}
catalogue:
  sales/orders: "csv://{sales_root}/orders.csv"
`
	c, diags := Parse("ayeaye.yaml", []byte(src))
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if diff := cmp.Diff(env.Catalogue{"sales/orders": "csv://{sales_root}/orders.csv"}, c.Catalogue); diff != "" {
		t.Errorf("Catalogue (-want +got):\n%s", diff)
	}
}

// The catalogue is checked by the runtime's parser, so ayeaye-gen and the
// program agree; each problem is reported once, with or without an
// environments section beside it.
func TestCatalogueProblems(t *testing.T) {
	for _, tt := range []struct{ name, src string }{
		{"alone", "version: 1\ncatalogue:\n  orders: csv://x.csv\n  a/b: cvs://x.csv\n"},
		{"with environments", "version: 1\nenvironments: {dev: {}}\ncatalogue:\n  orders: csv://x.csv\n  a/b: cvs://x.csv\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := Parse("ayeaye.yaml", []byte(tt.src))
			var got []string
			for _, d := range diags {
				got = append(got, d.Message)
			}
			want := []string{
				`catalogue name "orders" is not valid`,
				`catalogue.a/b: unknown type "cvs"`,
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s\n%v", diff, diags)
			}
		})
	}
}
