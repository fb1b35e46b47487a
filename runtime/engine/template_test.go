package engine

import (
	"errors"
	"strings"
	"testing"
)

func TestCheckTemplate(t *testing.T) {
	for _, ok := range []string{
		"csv://{data_root}/orders.csv",
		"csv://data/orders.csv;delimiter=pipe",
		"{orders_url}",                                    // the name may be the whole URL
		"{fmt}://data/orders.csv",                         // or its scheme
		"gz+{fmt}://data/x.gz",                            //
		"csv://x.csv;delimiter={delim}",                   // a value is checked at run time
		"json://x.json;indent={indent}",                   //
		"csv://x.csv;{opt}=tab",                           // and so is an option a name makes
		"postgres://{pg_dsn};table=sales",                 // a location a value makes right
		"s3+csv://{bucket};region=eu-west-1",              //
		"ref://{team}/orders",                             //
		"sqlite://{data_root}/w.db;table={table}",         //
		"csv://{{literal}}/x.csv",                         // escaped braces are text
		"postgres://etl:{db_password}@db:5432/wh;table=s", //
	} {
		if err := CheckTemplate(ok); err != nil {
			t.Errorf("CheckTemplate(%q) = %v, want nil", ok, err)
		}
	}
	for _, tt := range []struct {
		in     string
		offset int
		want   []string
	}{
		{"cssv://{data_root}/x.csv", 0, []string{`unknown type "cssv"`, `did you mean "csv"?`}},
		{"csv://{data_root}/x.csv;delimeter=tab", 24, []string{`unknown option "delimeter" for csv`, `did you mean "delimiter"?`}},
		{"csv://{data_root}/x.csv;;;", 24, []string{"empty option"}},
		{"csv://{data_root}/x.csv;delimiter=tabb", 34, []string{`value "tabb" of option "delimiter"`}},
		{"csv://{a}{{b}}/x.csv;header=maybe", 28, []string{`value "maybe" of option "header"`}},
		{"sqlite://{data_root}/w.db", 9, []string{"say which table"}},
		{"gz+parquet://{root}/x.parquet", 13, []string{"compresses its own pages"}},
		{"csv://{data_root}/x.csv;delimiter={d};quote={d}", 6, []string{"delimiter and quote are both"}},
		{"csv://{data_root/x.csv", 6, []string{"unclosed '{'"}},
		{"{root}/x.csv", -1, nil}, // no "://": the name may hold it, so nothing to say
	} {
		err := CheckTemplate(tt.in)
		if tt.want == nil {
			if err != nil {
				t.Errorf("CheckTemplate(%q) = %v, want nil", tt.in, err)
			}
			continue
		}
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("CheckTemplate(%q) = %v, want an *Error", tt.in, err)
			continue
		}
		if e.Input != tt.in || e.Offset != tt.offset {
			t.Errorf("CheckTemplate(%q): input %q offset %d, want the template and offset %d", tt.in, e.Input, e.Offset, tt.offset)
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("CheckTemplate(%q) = %q, want it to say %q", tt.in, err, w)
			}
		}
	}
}

// TestCheckTemplateIsParse: without names, CheckTemplate accepts and
// refuses exactly what Parse does.
func TestCheckTemplateIsParse(t *testing.T) {
	for _, s := range []string{"csv://x.csv", "cvs://x.csv", "csv://x.csv;header=2", "gz+gz+csv://x", "mem://p;a=b", "x.csv", " csv://x"} {
		_, perr := Parse(s)
		cerr := CheckTemplate(s)
		if (perr == nil) != (cerr == nil) || perr != nil && perr.Error() != cerr.Error() {
			t.Errorf("%q: Parse %v, CheckTemplate %v", s, perr, cerr)
		}
	}
}

// FuzzCheckTemplate: no panic, and every error points into the template.
func FuzzCheckTemplate(f *testing.F) {
	for _, s := range []string{"csv://{a}/x.csv;delimiter={d}", "{x}", "gz+{f}://{b};level={l};;", "sqlite://{p};table=x}", "csv://{{a}};q"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var e *Error
		if err := CheckTemplate(s); err != nil && (!errors.As(err, &e) || e.Input != s || e.Offset < 0 || e.Offset > len(s)) {
			t.Fatalf("CheckTemplate(%q) = %#v", s, err)
		}
	})
}
