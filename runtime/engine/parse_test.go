package engine

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want URL
		str  string // canonical String(); "" means the input itself
	}{
		{in: "csv://data/people.csv", want: URL{Type: "csv", Location: "data/people.csv"}},
		{in: "csv:///srv/data/people.csv", want: URL{Type: "csv", Location: "/srv/data/people.csv"}},
		{in: "mem://people", want: URL{Type: "mem", Location: "people"}},
		{in: "file://blobs/raw.bin", want: URL{Type: "file", Location: "blobs/raw.bin"}},
		{
			in:   "gz+ndjson://out/events.ndjson.gz;level=9",
			want: URL{Modifiers: []string{"gz"}, Type: "ndjson", Location: "out/events.ndjson.gz", Options: map[string]string{"level": "9"}},
		},
		{
			in:   "s3+gz+csv://my-bucket/raw/orders-*.csv.gz;delimiter=|",
			want: URL{Modifiers: []string{"s3", "gz"}, Type: "csv", Location: "my-bucket/raw/orders-*.csv.gz", Options: map[string]string{"delimiter": "|"}},
		},
		{
			in:   "csv://x.csv;quote=squote;header=1;delimiter=%3B",
			want: URL{Type: "csv", Location: "x.csv", Options: map[string]string{"delimiter": ";", "header": "true", "quote": "'"}},
			str:  "csv://x.csv;delimiter=%3B;header=true;quote='",
		},
		{
			in:   "csv://x.csv;delimiter=TAB",
			want: URL{Type: "csv", Location: "x.csv", Options: map[string]string{"delimiter": "\t"}},
			str:  "csv://x.csv;delimiter=%09",
		},
		{
			in:   "csv://x.csv;delimiter=%09",
			want: URL{Type: "csv", Location: "x.csv", Options: map[string]string{"delimiter": "\t"}},
		},
		{
			in:   "csv://x.csv;delimiter=é",
			want: URL{Type: "csv", Location: "x.csv", Options: map[string]string{"delimiter": "é"}},
		},
		{
			in:   "json://r.json;indent=02",
			want: URL{Type: "json", Location: "r.json", Options: map[string]string{"indent": "2"}},
			str:  "json://r.json;indent=2",
		},
		{
			in:   "zst+tsv://t.tsv.zst;header=false;level=3",
			want: URL{Modifiers: []string{"zst"}, Type: "tsv", Location: "t.tsv.zst", Options: map[string]string{"header": "false", "level": "3"}},
		},
		{
			in:   "s3+csv://b/k.csv;endpoint=http://localhost:9000;use_path_style=true;region=eu-west-1",
			want: URL{Modifiers: []string{"s3"}, Type: "csv", Location: "b/k.csv", Options: map[string]string{"endpoint": "http://localhost:9000", "region": "eu-west-1", "use_path_style": "true"}},
			str:  "s3+csv://b/k.csv;endpoint=http://localhost:9000;region=eu-west-1;use_path_style=true",
		},
		{in: "memblob+csv://bucket/dir/key.csv", want: URL{Modifiers: []string{"memblob"}, Type: "csv", Location: "bucket/dir/key.csv"}},
		{in: "fileblob+gz+json:///tmp/a/b.json.gz", want: URL{Modifiers: []string{"fileblob", "gz"}, Type: "json", Location: "/tmp/a/b.json.gz"}},
		{in: "csv://{literal}/x=1/@a.csv", want: URL{Type: "csv", Location: "{literal}/x=1/@a.csv"}},
		{in: "ref://sales/orders", want: URL{Type: "ref", Location: "sales/orders"}},
		{in: "ref://sales/eu/orders-2.v1", want: URL{Type: "ref", Location: "sales/eu/orders-2.v1"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := Parse(tt.in)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("Parse mismatch (-want +got):\n%s", d)
			}
			wantStr := tt.str
			if wantStr == "" {
				wantStr = tt.in
			}
			if s := got.String(); s != wantStr {
				t.Errorf("String() = %q, want %q", s, wantStr)
			}
			again, err := Parse(got.String())
			if err != nil {
				t.Fatalf("Parse(String()): %v", err)
			}
			if d := cmp.Diff(got, again); d != "" {
				t.Errorf("round trip mismatch (-first +second):\n%s", d)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		in     string
		offset int
		want   []string // substrings of the message
	}{
		{"data/people.csv", 0, []string{`missing "://"`, "csv://data/people.csv"}},
		{"data/people.csv.gz", 0, []string{"gz+csv://data/people.csv.gz"}},
		{"cvs://x.cvs", 0, []string{`unknown type "cvs"`, `did you mean "csv"?`, "valid types: csv, file, json, mem, mysql, ndjson, parquet, postgres, ref, sqlite, tsv"}},
		{"xml://x.xml", 0, []string{`unknown type "xml"`, "valid types: csv, file, json, mem, mysql, ndjson, parquet, postgres, ref, sqlite, tsv"}},
		{"CSV://x.csv", 0, []string{`"CSV" is not lower case`, `write "csv"`}},
		{"gzip+csv://x.csv.gz", 0, []string{`unknown modifier "gzip"`, `did you mean "gz"?`, "azblob, fileblob, gs, gz, memblob, s3, zst"}},
		{"gz++csv://x", 3, []string{`empty name in "gz++csv"`}},
		{"s3://bucket/x.csv", 0, []string{`"s3" is a storage modifier, not a type`, "s3+csv://bucket/x.csv"}},
		{"gz://x.csv.gz", 0, []string{`"gz" is a compression modifier, not a type`, "gz+csv://x.csv.gz"}},
		{"csv+gz://x", 4, []string{`"gz" is a compression modifier, not a type`, "write gz+csv://"}},
		{"csv+json://x", 0, []string{`"csv" is a type, not a modifier`}},
		{"gz+s3+csv://b/k", 3, []string{`storage modifier "s3" after compression "gz"`, "s3+gz+..."}},
		{"gz+zst+csv://x", 3, []string{`two compression modifiers, "gz" and "zst"`}},
		{"s3+gs+csv://b/k", 3, []string{`two storage modifiers`}},
		{"csv://", 6, []string{`missing location after "csv://"`, "csv://data/people.csv"}},
		{"csv://;header=true", 6, []string{"missing location"}},
		{"csv://x.csv;delimeter=,", 12, []string{`unknown option "delimeter" for csv`, `did you mean "delimiter"?`, "valid options: delimiter, header, quote"}},
		{"gz+csv://x.csv;lvl=3", 15, []string{`unknown option "lvl" for csv with gz`, "delimiter, header, level, quote"}},
		{"ndjson://x;indent=2", 11, []string{`unknown option "indent": ndjson takes no options`}},
		{"csv://x.csv;header=true;header=false", 24, []string{`option "header" given twice (first at offset 12)`}},
		{"csv://x.csv;header", 12, []string{`option "header" has no value`, "header=value"}},
		{"csv://x.csv;", 12, []string{"empty option", "%3B"}},
		{"csv://x.csv;header=true;;quote=x", 24, []string{"empty option"}},
		{"csv://x.csv;delimiter=%3", 22, []string{"bad percent-escape", "%25"}},
		{"csv://x.csv;delimiter=a%zz", 23, []string{"bad percent-escape"}},
		{"csv://x.csv;delimiter=ab", 22, []string{`value "ab" of option "delimiter" must be exactly one character`, "comma, tab, pipe"}},
		{"csv://x.csv;delimiter=%0A", 22, []string{"cannot be a line break"}},
		{"csv://x.csv;delimiter=%FF", 22, []string{"not valid UTF-8"}},
		{"csv://x.csv;header=yes", 19, []string{`value "yes" of option "header" must be true or false`}},
		{"json://x;indent=9", 16, []string{"must be a whole number from 0 to 8", "spaces per indent level"}},
		{"gz+csv://x;level=0", 17, []string{"from 1 to 9"}},
		{"csv://x.csv;delimiter=dquote", 6, []string{`delimiter and quote are both "\""`}},
		{"csv://x.csv;quote=,", 6, []string{`delimiter and quote are both ","`}},
		{"ref://orders", 6, []string{`ref location "orders" is not a catalogue name`, "ref://team/dataset"}},
		{"ref://sales//orders", 6, []string{"not a catalogue name"}},
		{"ref://sales/orders/", 6, []string{"not a catalogue name"}},
		{"ref://sales/ord ers", 6, []string{"not a catalogue name"}},
		{"gz+ref://sales/orders", 9, []string{"a ref names a dataset in the catalogue", `remove "gz+"`}},
		{"ref://sales/orders;header=true", 19, []string{`unknown option "header": ref takes no options`}},
		{"gz+mem://people", 9, []string{"a mem dataset lives in memory and takes no modifiers", `remove "gz+"`}},
		{"s3+csv://bucket-only", 9, []string{"a s3 location is bucket/key", "s3+csv://my-bucket/path/to/data.csv"}},
		{"memblob+csv:///key", 14, []string{"a memblob location is bucket/key"}},
		{"s3+csv://b/k;region=", 20, []string{"must not be empty"}},
		{"csv://x\n", 7, []string{`control character '\n'`}},
		{" csv://x", 0, []string{"leading space"}},
		{"csv://x ", 7, []string{"trailing space"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := Parse(tt.in)
			if err == nil {
				t.Fatal("Parse succeeded, want an error")
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %T is not *Error: %v", err, err)
			}
			if e.Offset != tt.offset {
				t.Errorf("offset = %d, want %d (%v)", e.Offset, tt.offset, err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestMethods(t *testing.T) {
	tests := []struct {
		in                   string
		compression, storage string
		wildcard             bool
	}{
		{"csv://x.csv", "", "file", false},
		{"gz+csv://x/*.csv.gz", "gz", "file", true},
		{"s3+zst+csv://b/k?.csv", "zst", "s3", true},
		{"gs+csv://b/[ab].csv", "", "gs", true},
		{"azblob+csv://b/k", "", "azblob", false},
		{"memblob+gz+file://b/k", "gz", "memblob", false},
		{"fileblob+csv:///tmp/x", "", "fileblob", false},
		{"mem://people", "", "", false},
	}
	for _, tt := range tests {
		u, err := Parse(tt.in)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.in, err)
		}
		got := []any{u.Compression(), u.Storage(), u.HasWildcard()}
		want := []any{tt.compression, tt.storage, tt.wildcard}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("%s: Compression, Storage, HasWildcard (-want +got):\n%s", tt.in, d)
		}
	}
}

func TestRedacted(t *testing.T) {
	tests := []struct {
		u    URL
		want string
	}{
		{URL{Type: "csv", Location: "a@b:c/x.csv"}, "csv://a@b:c/x.csv"},
		{URL{Type: "pg", Location: "alice:s3cret@db.example:5432/sales"}, "pg://alice:xxxxx@db.example:5432/sales"},
		{URL{Type: "pg", Location: "alice@db/sales"}, "pg://alice@db/sales"},
		{URL{Type: "pg", Location: "db/sales", Options: map[string]string{"password": "p;w", "api_key": "k", "sslmode": "off"}}, "pg://db/sales;api_key=xxxxx;password=xxxxx;sslmode=off"},
		{URL{Modifiers: []string{"s3"}, Type: "csv", Location: "b/k.csv", Options: map[string]string{"region": "eu"}}, "s3+csv://b/k.csv;region=eu"},
		{URL{Modifiers: []string{"s3"}, Type: "csv", Location: "b/k.csv", Options: map[string]string{"endpoint": "http://ak:s;ecret@127.0.0.1:9/p"}}, "s3+csv://b/k.csv;endpoint=http://ak:xxxxx@127.0.0.1:9/p"},
	}
	for _, tt := range tests {
		if got := tt.u.Redacted(); got != tt.want {
			t.Errorf("Redacted() = %q, want %q", got, tt.want)
		}
	}
}

func TestErrorRedactsInput(t *testing.T) {
	_, err := Parse("pgx://bob:hunter2@db/x;token=abc")
	if err == nil {
		t.Fatal("want an error for an unknown type")
	}
	for _, secret := range []string{"hunter2", "abc"} {
		if strings.Contains(err.Error(), secret) {
			t.Errorf("error %q leaks %q", err, secret)
		}
	}
}

func TestRegistry(t *testing.T) {
	reg := NewRegistry()
	avro := Spec{Name: "avro", Kind: KindType, Options: []Option{
		{Name: "codec", Doc: "deflate or snappy", Parse: func(v string) (string, error) {
			if v != "deflate" && v != "snappy" {
				return "", errors.New("must be deflate or snappy")
			}
			return v, nil
		}},
	}}
	if err := reg.Register(avro); err != nil {
		t.Fatalf("Register: %v", err)
	}
	u, err := reg.Parse("s3+avro://b/x.avro;codec=snappy")
	if err != nil {
		t.Fatalf("Parse with registered type: %v", err)
	}
	want := URL{Modifiers: []string{"s3"}, Type: "avro", Location: "b/x.avro", Options: map[string]string{"codec": "snappy"}}
	if d := cmp.Diff(want, u); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	if _, err := Parse("avro://x"); err == nil {
		t.Error("the built-in table must not see types registered elsewhere")
	}
	if got := reg.Names(KindType); !cmp.Equal(got, []string{"avro", "csv", "file", "json", "mem", "mysql", "ndjson", "parquet", "postgres", "ref", "sqlite", "tsv"}) {
		t.Errorf("Names(KindType) = %v", got)
	}

	bad := []struct {
		spec Spec
		want string
	}{
		{Spec{Name: "csv", Kind: KindType}, `"csv": the name is already a type`},
		{Spec{Name: "Parq", Kind: KindType}, "lower case"},
		{Spec{Name: "x", Kind: 0}, "Kind must be"},
		{Spec{Name: "x", Kind: KindType, Options: []Option{{Name: "a"}, {Name: "a"}}}, `option "a" listed twice`},
		{Spec{Name: "x", Kind: KindType, Options: []Option{{Name: "A b"}}}, "option name"},
		{Spec{Name: "bz2", Kind: KindCompression, Options: []Option{{Name: "header"}}}, `option "header" is already an option of type`},
		{Spec{Name: "duckdb", Kind: KindType, Options: []Option{{Name: "level"}}}, `option "level" is already an option of compression modifier`},
	}
	for _, b := range bad {
		err := reg.Register(b.spec)
		if err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("Register(%q) = %v, want error containing %q", b.spec.Name, err, b.want)
		}
	}
	// Types may share option names with each other: only one type is used at a time.
	if err := reg.Register(Spec{Name: "psv", Kind: KindType, Options: []Option{{Name: "header"}}}); err != nil {
		t.Errorf("Register psv: %v", err)
	}
	if s, ok := reg.Lookup("zst"); !ok || s.Kind != KindCompression {
		t.Errorf("Lookup(zst) = %v, %v", s.Kind, ok)
	}
}

func TestSuggest(t *testing.T) {
	known := []string{"csv", "tsv", "json", "ndjson", "delimiter", "header", "quote"}
	tests := map[string]string{"cvs": "csv", "jsno": "json", "delimeter": "delimiter", "hedaer": "header", "xml": "", "q": "", "qoute": "quote"}
	for in, want := range tests {
		if got := nearest(in, known); got != want {
			t.Errorf("nearest(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"csv://data/people.csv", "gz+ndjson://out/events.ndjson.gz;level=2",
		"s3+gz+csv://my-bucket/raw/orders-*.csv.gz;delimiter=|", "mem://people",
		"csv://x;delimiter=%3B;quote=squote;header=1", "json://x;indent=8",
		"fileblob+zst+tsv:///tmp/x;header=true;level=22", "csv://x;delimiter=%", "a+b+c://",
		"csv://x;delimiter=%25", "csv://x;;", "s3+csv://b/k;endpoint=http://h:1/%3Bx",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, err := Parse(s)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error is %T, not *Error: %v", err, err)
			}
			if e.Offset < 0 || e.Offset > len(s) {
				t.Fatalf("offset %d outside input of %d bytes", e.Offset, len(s))
			}
			_ = err.Error()
			return
		}
		again, err := Parse(u.String())
		if err != nil {
			t.Fatalf("Parse(%q) ok but Parse(String() = %q): %v", s, u.String(), err)
		}
		if d := cmp.Diff(u, again); d != "" {
			t.Fatalf("round trip of %q via %q (-first +second):\n%s", s, u.String(), d)
		}
		_ = u.Redacted()
	})
}
