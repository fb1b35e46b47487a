package env

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const catalogueConfig = `version: 1
environments:
  dev:
    vars: {sales_root: ../sales/out}
  prod:
    vars: {sales_root: sales-bucket/published}
catalogue:
  sales/orders: "csv://{sales_root}/orders.csv"
  sales/eu/customers: s3+gz+ndjson://bucket/customers.ndjson.gz;region=eu-west-1
  finance/rates: "json://{{literal}}/rates.json"
`

func TestParseCatalogue(t *testing.T) {
	c, err := Parse("ayeaye.yaml", []byte(catalogueConfig))
	if err != nil {
		t.Fatal(err)
	}
	want := Catalogue{
		"sales/orders":       "csv://{sales_root}/orders.csv",
		"sales/eu/customers": "s3+gz+ndjson://bucket/customers.ndjson.gz;region=eu-west-1",
		"finance/rates":      "json://{{literal}}/rates.json",
	}
	if diff := cmp.Diff(want, c.Catalogue); diff != "" {
		t.Errorf("Catalogue (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"finance/rates", "sales/eu/customers", "sales/orders"}, c.Catalogue.Names()); diff != "" {
		t.Errorf("Names (-want +got):\n%s", diff)
	}

	// A catalogue without environments is fine: its templates may be
	// literal, or filled from the program's defaults.
	c, err = Parse("ayeaye.yaml", []byte("catalogue: {a/b: csv://x.csv}\n"))
	if err != nil || c.Catalogue["a/b"] != "csv://x.csv" || c.Environments != nil {
		t.Errorf("Parse = %+v, %v", c, err)
	}
}

func TestCatalogueErrors(t *testing.T) {
	const (
		nameHint = "\n\thint: a catalogue name is team/dataset: slash-separated names of letters, digits, '_', '-' and '.', as written after ref://"
		urlHint  = "\n\thint: give the engine URL the dataset is published at, " + catalogueExample
	)
	tests := []struct {
		name, src string
		want      []string
	}{
		{"not a mapping", "catalogue: [sales/orders]\n", []string{
			"ayeaye.yaml:1:12: catalogue must be a mapping, not a list\n\thint: write the catalogue as a mapping of names to engine URLs, " + catalogueExample}},
		{"twice", "catalogue: {}\ncatalogue: {}\n", []string{
			`ayeaye.yaml:2:1: key "catalogue" is already set at line 1` + "\n\thint: remove one of them"}},
		{"names", "catalogue:\n  orders: csv://x.csv\n  sales//x: csv://x.csv\n  a/b c: csv://x.csv\n  a/b: csv://x.csv\n  a/b: csv://y.csv\n", []string{
			`ayeaye.yaml:2:3: catalogue name "orders" is not valid` + nameHint,
			`ayeaye.yaml:3:3: catalogue name "sales//x" is not valid` + nameHint,
			`ayeaye.yaml:4:3: catalogue name "a/b c" is not valid` + nameHint,
			`ayeaye.yaml:6:3: key "a/b" is already set at line 5` + "\n\thint: remove one of them"}},
		{"values", "catalogue:\n  a/b: 3\n  a/c: ''\n  a/d: {x: y}\n  a/e:\n", []string{
			"ayeaye.yaml:2:8: catalogue.a/b must be an engine URL, not a number (3)" + urlHint,
			"ayeaye.yaml:3:8: catalogue.a/c is empty" + urlHint,
			"ayeaye.yaml:4:8: catalogue.a/d must be an engine URL, not a mapping" + urlHint,
			"ayeaye.yaml:5:7: catalogue.a/e must be an engine URL, not null" + urlHint}},
		{"template syntax", "catalogue:\n  a/b: csv://{root/x.csv\n", []string{
			"ayeaye.yaml:2:14: catalogue.a/b: unclosed '{'"}},
		{"bad literal URL", "catalogue:\n  a/b: cvs://x.csv\n  a/c: \"csv://x.csv;delimeter=tab\"\n", []string{
			`ayeaye.yaml:2:8: catalogue.a/b: unknown type "cvs"`,
			`ayeaye.yaml:3:21: catalogue.a/c: unknown option "delimeter" for csv`}},
		{"bad template URL", "catalogue:\n  a/b: cssv://{root}/x.csv\n  a/c: \"csv://{root}/x.csv;delimeter=tab\"\n", []string{
			`ayeaye.yaml:2:8: catalogue.a/b: unknown type "cssv"`,
			`ayeaye.yaml:3:28: catalogue.a/c: unknown option "delimeter" for csv`}},
		{"ref to a ref", "catalogue:\n  a/b: ref://c/d\n", []string{
			"ayeaye.yaml:2:8: catalogue.a/b is itself a ref; a catalogue entry names a location\n\thint: write where the dataset is published, e.g. csv://{sales_root}/orders.csv"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse("ayeaye.yaml", []byte(tt.src))
			var ps Problems
			if c != nil || !errors.As(err, &ps) {
				t.Fatalf("Parse = %+v, %v; want Problems", c, err)
			}
			if len(ps) != len(tt.want) {
				t.Fatalf("got %d problems, want %d:\n%v", len(ps), len(tt.want), err)
			}
			for i, p := range ps {
				// Engine URL hints are the engine package's; the start is ours.
				if got := p.String(); !strings.HasPrefix(got, tt.want[i]) {
					t.Errorf("problem %d = %q, want it to start with %q", i, got, tt.want[i])
				}
			}
		})
	}
}

func TestLookup(t *testing.T) {
	c, err := Parse("ayeaye.yaml", []byte(catalogueConfig))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ env, want string }{
		{"dev", "csv://../sales/out/orders.csv"},
		{"prod", "csv://sales-bucket/published/orders.csv"},
	} {
		e, err := c.Resolve(Options{Name: tt.env, Getenv: func(string) string { return "" }})
		if err != nil {
			t.Fatal(err)
		}
		tmpl, ok := e.Lookup("sales/orders")
		if !ok || tmpl != "csv://{sales_root}/orders.csv" {
			t.Fatalf("%s: Lookup = %q, %v", tt.env, tmpl, ok)
		}
		got, err := e.Expand(tmpl)
		if err != nil || got != tt.want {
			t.Errorf("%s: Expand = %q, %v; want %q", tt.env, got, err, tt.want)
		}
		if _, ok := e.Lookup("sales/returns"); ok {
			t.Errorf("%s: Lookup found a name not in the catalogue", tt.env)
		}
		if diff := cmp.Diff([]string{"finance/rates", "sales/eu/customers", "sales/orders"}, e.CatalogueNames()); diff != "" {
			t.Errorf("CatalogueNames (-want +got):\n%s", diff)
		}
	}
	// The Env keeps its own copy.
	e, err := c.Resolve(Options{Name: "dev", Getenv: func(string) string { return "" }})
	if err != nil {
		t.Fatal(err)
	}
	c.Catalogue["sales/orders"] = "csv://changed.csv"
	if tmpl, _ := e.Lookup("sales/orders"); tmpl != "csv://{sales_root}/orders.csv" {
		t.Errorf("the Env shares the Config's catalogue: %q", tmpl)
	}
	var zero *Env
	if _, ok := zero.Lookup("a/b"); ok || zero.CatalogueNames() != nil {
		t.Error("a nil Env has a catalogue")
	}
}

func TestCatalogueNamePattern(t *testing.T) {
	re := regexp.MustCompile(CatalogueNamePattern)
	for _, tt := range []struct {
		name string
		ok   bool
	}{
		{"sales/orders", true}, {"sales/eu/orders-2.v1", true}, {"orders", false}, {"/orders", false},
		{"sales/", false}, {"sales//orders", false}, {"sales/ord ers", false}, {"sales/{x}", false},
	} {
		if got := re.MatchString(tt.name); got != tt.ok {
			t.Errorf("%q: match = %v, want %v", tt.name, got, tt.ok)
		}
	}
}

// FuzzCatalogue checks that no config text makes the catalogue's checks
// panic, and that every name they accept can be looked up and expanded.
func FuzzCatalogue(f *testing.F) {
	for _, s := range []string{
		catalogueConfig, "catalogue: {a/b: 'csv://{x'}\n", "catalogue: {a/b: ref://c/d, x: 1}\n", "catalogue: &a {b/c: *a}\n",
		"catalogue:\n  a/b: \"csv://x.csv;delimiter=%zz\"\n", "catalogue: [\n", "catalogue:\n  é/b: csv://{é}\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		c, err := Parse("ayeaye.yaml", []byte(src))
		if err != nil {
			return // FuzzParse checks the problems
		}
		for name, tmpl := range c.Catalogue {
			if !catalogueNameRE.MatchString(name) || tmpl == "" || checkTemplate(tmpl) != nil {
				t.Fatalf("Parse(%q): catalogue entry %q = %q", src, name, tmpl)
			}
		}
		e, err := c.Resolve(Options{Getenv: func(string) string { return "" }, ReadFile: func(string) ([]byte, error) { return nil, errors.New("no files") }})
		if err != nil {
			return
		}
		for _, name := range e.CatalogueNames() {
			tmpl, ok := e.Lookup(name)
			if !ok {
				t.Fatalf("Lookup(%q) fails for a listed name", name)
			}
			_, _ = e.Expand(tmpl)
		}
	})
}
