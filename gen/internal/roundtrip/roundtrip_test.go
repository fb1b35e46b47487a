package roundtrip

import (
	"bytes"
	"errors"
	"io"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ayeaye-go/ayeaye/gen/internal/roundtrip/datasets"
	"github.com/ayeaye-go/ayeaye/runtime/codec"
	"github.com/ayeaye-go/ayeaye/runtime/value"
)

// decimalExact compares decimals by value and scale, so "1.50" must come
// back as "1.50".
var decimalExact = cmp.Comparer(func(a, b value.Decimal) bool { return a.String() == b.String() })

func sampleRecords() []datasets.Alltype {
	cet := time.FixedZone("", 3600)
	return []datasets.Alltype{
		{
			ID: 1, Name: "plain", Small: -128, Ratio: 0.1 + 0.2, Ratio32: 1.5, Ok: true,
			At:  time.Date(2026, 1, 2, 3, 4, 5, 123456789, time.UTC),
			Day: value.Date{Year: 2024, Month: time.February, Day: 29}, Amount: value.MustParseDecimal("1.50"),
			Status: datasets.AlltypeStatusInProgress, Country: "NL",
			Tags: []string{"a", "b,c", `q"uote`},
		},
		{
			ID: math.MaxInt64, Name: "Émile, \"the\" ünïcode 日本 😀\nsecond line", Small: 127,
			Ratio: math.MaxFloat64, Ratio32: math.SmallestNonzeroFloat32, Ok: false,
			At:  time.Date(1999, 12, 31, 23, 59, 59, 0, cet),
			Day: value.Date{Year: 1, Month: time.January, Day: 1}, Amount: value.MustParseDecimal("-123456789012345678901234.000001"),
			Status: datasets.AlltypeStatusDone,
			Note:   value.Some(""), Count: value.Some[int32](math.MinInt32), Score: value.Some(-0.0),
			Flag: value.Some(true), Seen: value.Some(time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)),
			Due: value.Some(value.Date{Year: 2026, Month: time.December, Day: 31}), Price: value.Some(value.MustParseDecimal("0.0001")),
			Level: value.Some(datasets.AlltypeLevelHigh), Country: " leading space",
			Tags:      []string{},
			Place:     value.Some(datasets.AlltypePlace{Lat: 52.37, Lon: 4.89, Label: value.Some("Amsterdam")}),
			UnitPrice: value.Some(9.99),
		},
		{
			ID: math.MinInt64, Name: "", Status: datasets.AlltypeStatusNew, Country: "",
			At: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Day: value.Date{Year: 9999, Month: 12, Day: 31},
			Note: value.Some("x"), Tags: []string{},
			Place: value.Some(datasets.AlltypePlace{Lat: -90, Lon: 180}),
		},
	}
}

// TestRoundTrip writes records in every format and reads them back equal.
func TestRoundTrip(t *testing.T) {
	want := sampleRecords()
	for _, f := range datasets.AlltypesDataset.Formats {
		t.Run(f.Name, func(t *testing.T) {
			var buf bytes.Buffer
			w, err := f.NewWriter(&buf, codec.Options{File: "out." + f.Name})
			if err != nil {
				t.Fatal(err)
			}
			for i := range want {
				if err := w.Write(&want[i]); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			r, err := f.NewReader(bytes.NewReader(buf.Bytes()), codec.Options{File: "out." + f.Name})
			if err != nil {
				t.Fatal(err)
			}
			var got []datasets.Alltype
			for rec, err := range codec.All(r) {
				if err != nil {
					t.Fatalf("%v\n%s", err, buf.Bytes())
				}
				got = append(got, rec)
			}
			exact := decimalExact
			if f.Name == "parquet" {
				// A Parquet decimal column has one scale: values come back
				// equal, at scale 9 (see parquet_test.go).
				exact = cmp.Options{}
			}
			if d := cmp.Diff(want, got, exact); d != "" {
				t.Errorf("round trip (-want +got):\n%s\noutput:\n%s", d, buf.Bytes())
			}
		})
	}
}

// TestSampleFiles reads files written by hand: reordered columns, CRLF,
// a byte order mark, quoted fields, an absent optional column.
func TestSampleFiles(t *testing.T) {
	f, err := os.Open("testdata/readings.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := datasets.ReadingCodec.NewCSVReader(f, codec.Options{File: "testdata/readings.csv"})
	if err != nil {
		t.Fatal(err)
	}
	var got []datasets.Reading
	for rec, err := range r.All() {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, rec)
	}
	want := []datasets.Reading{
		{ID: 1, Sensor: "north, roof", TakenAt: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC), Value: 21.5, Unit: "°C"},
		{ID: 2, Sensor: "say \"hi\"", TakenAt: time.Date(2026, 3, 1, 12, 0, 0, 500000000, time.FixedZone("", 7200)), Value: -3, Delta: value.Some(-24.5), Unit: ""},
		{ID: 3, Sensor: "multi\nline", TakenAt: time.Date(2026, 3, 1, 12, 1, 0, 0, time.UTC), Value: 1e-7, Delta: value.Some(0.0), Unit: "kPa"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

// TestBadValues checks that every bad value is an error naming file, line,
// column, field, the text and the expected type.
func TestBadValues(t *testing.T) {
	header := "id,sensor,taken_at,value,delta,unit\n"
	tests := []struct {
		name, format, in, want string
	}{
		{"csv int", "csv", header + "1,a,2026-01-01T00:00:00Z,1,,u\nx2,a,2026-01-01T00:00:00Z,1,,u\n",
			`r.csv:3:1: field "id": cannot read "x2" as integer: invalid syntax`},
		{"csv time", "csv", header + "1,a,2026-13-01T00:00:00Z,1,,u\n",
			`r.csv:2:5: field "taken_at": cannot read "2026-13-01T00:00:00Z" as date-time: value out of range`},
		{"csv required empty", "csv", header + "1,a,2026-01-01T00:00:00Z,,,u\n",
			`r.csv:2:26: field "value": cannot read an empty value as number`},
		{"csv missing column", "csv", "id,sensor,value,delta,unit\n",
			`missing required columns "taken_at"`},
		{"csv unknown column", "csv", "id,sensor,taken_at,value,delta,unit,extra\n",
			`columns not in the schema "extra"`},
		{"ndjson float", "ndjson", "{\"id\":1,\"sensor\":\"a\",\"taken_at\":\"2026-01-01T00:00:00Z\",\"value\":1,\"unit\":\"u\"}\n{\"id\":2,\"sensor\":\"a\",\"taken_at\":\"2026-01-01T00:00:00Z\",\"value\":\"1\",\"unit\":\"u\"}\n",
			`r.ndjson:2:64: field "value": cannot read "\"1\"" as number`},
		{"ndjson missing", "ndjson", `{"id":1,"sensor":"a","value":1,"unit":"u"}` + "\n",
			`field "taken_at": required key is missing from the object`},
		{"ndjson null in required", "ndjson", `{"id":null,"sensor":"a","taken_at":"2026-01-01T00:00:00Z","value":1,"unit":"u"}` + "\n",
			`r.ndjson:1:7: field "id": cannot read "null" as integer`},
		{"json not array", "json", `{"id":1}`, `expected '[' at the start`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var f codec.Format[datasets.Reading]
			for _, x := range datasets.ReadingsDataset.Formats {
				if x.Name == tt.format {
					f = x
				}
			}
			r, err := f.NewReader(strings.NewReader(tt.in), codec.Options{File: "r." + tt.format})
			for err == nil {
				var rec datasets.Reading
				err = r.Read(&rec)
			}
			if err == io.EOF || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v\nwant it to contain %q", err, tt.want)
			}
			var ce *codec.Error
			if !errors.As(err, &ce) {
				t.Errorf("error is %T, want *codec.Error", err)
			}
		})
	}
}

func TestEnumAndDefaults(t *testing.T) {
	in := "id,name,small,ratio,ratio32,ok,at,day,amount,status,country\n" +
		"1,n,1,1,1,true,2026-01-01T00:00:00Z,2026-01-01,1,in-progress,\n" +
		"2,n,1,1,1,true,2026-01-01T00:00:00Z,2026-01-01,1,started,\n"
	r, err := datasets.AlltypeCodec.NewCSVReader(strings.NewReader(in), codec.Options{File: "e.csv"})
	if err != nil {
		t.Fatal(err)
	}
	var rec datasets.Alltype
	if err := r.Read(&rec); err != nil {
		t.Fatal(err)
	}
	if rec.Country != "NL" || rec.Status != datasets.AlltypeStatusInProgress || !rec.Status.Valid() {
		t.Errorf("default or enum not applied: %+v", rec)
	}
	err = r.Read(&rec)
	if err == nil || !strings.Contains(err.Error(), `e.csv:3:50: field "status": cannot read "started" as one of "new", "in-progress", "done"`) {
		t.Errorf("error = %v", err)
	}
	if datasets.AlltypeStatus("nope").Valid() {
		t.Error("Valid accepts an unknown value")
	}
}

func TestNaNIsAnErrorInJSON(t *testing.T) {
	var buf bytes.Buffer
	w, _ := datasets.ReadingCodec.NewNDJSONWriter(&buf, codec.Options{})
	ok := datasets.Reading{ID: 1, Value: 1}
	bad := datasets.Reading{ID: 2, Value: math.NaN()}
	if err := w.Write(&ok); err != nil {
		t.Fatal(err)
	}
	if err := w.Write(&bad); err == nil || !strings.Contains(err.Error(), `field "value": JSON cannot hold NaN`) {
		t.Fatalf("error = %v", err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(buf.String(), "\n"); n != 1 {
		t.Errorf("the failed record left output behind:\n%s", buf.String())
	}
}

// TestReadAllocations checks the read path allocates nothing per record
// beyond the two strings a Reading keeps.
func TestReadAllocations(t *testing.T) {
	data := readingsCSV(2000)
	allocs := testing.AllocsPerRun(5, func() {
		r, err := datasets.ReadingCodec.NewCSVReader(bytes.NewReader(data), codec.Options{})
		if err != nil {
			t.Fatal(err)
		}
		var rec datasets.Reading
		for r.Read(&rec) == nil {
		}
	})
	if perRecord := allocs / 2000; perRecord > 2.05 {
		t.Errorf("CSV: %.2f allocations per record, want at most 2 (sensor and unit strings)", perRecord)
	}
	nd := readingsNDJSON(2000)
	allocs = testing.AllocsPerRun(5, func() {
		r, _ := datasets.ReadingCodec.NewNDJSONReader(bytes.NewReader(nd), codec.Options{})
		var rec datasets.Reading
		for r.Read(&rec) == nil {
		}
	})
	if perRecord := allocs / 2000; perRecord > 2.05 {
		t.Errorf("NDJSON: %.2f allocations per record, want at most 2", perRecord)
	}
}

// TestDuplicateKeys checks that a key given twice in an object, at the
// top or nested, in every format that reads JSON objects, is an error at
// the second key that says where the first one is, instead of the last
// value silently winning.
func TestDuplicateKeys(t *testing.T) {
	tests := []struct {
		name, format, in, want string
	}{
		{"ndjson top", "ndjson", `{"id":1,"lines":[]}` + "\n" + `{"id":1, "lines":[], "id":2}` + "\n",
			`d.ndjson:2:22: field "id": duplicate key "id" in one object (first at 2:2)`},
		{"json top", "json", "[\n{\"id\":1,\"lines\":[],\n\"lines\":[]}]",
			`d.json:3:1: field "lines": duplicate key "lines" in one object (first at 2:9)`},
		{"ndjson nested", "ndjson", `{"id":1,"lines":[{"sku":"a","qty":1},{"sku":"b","qty":2,"sku":"c"}]}` + "\n",
			`d.ndjson:1:57: field "sku": duplicate key "sku" in one object (first at 1:39)`},
		{"ndjson optional escaped", "ndjson", `{"id":1,"lines":[],"owner":{"name":"a","address":{"city":"x","ci\u0074y":"y"}}}` + "\n",
			`d.ndjson:1:62: field "city": duplicate key "city" in one object (first at 1:51)`},
		{"csv json column", "csv", "id,lines\n1,\"[{\"\"sku\"\":\"\"a\"\",\"\"qty\"\":1,\"\"qty\"\":2}]\"\n",
			`d.csv:2:24: field "qty": duplicate key "qty" in one object (first at 2:16)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var f codec.Format[datasets.Nested]
			for _, x := range datasets.NestedDataset.Formats {
				if x.Name == tt.format {
					f = x
				}
			}
			r, err := f.NewReader(strings.NewReader(tt.in), codec.Options{File: "d." + tt.format})
			for err == nil {
				var rec datasets.Nested
				err = r.Read(&rec)
			}
			if err == io.EOF || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v\nwant it to contain %q", err, tt.want)
			}
			var ce *codec.Error
			if !errors.As(err, &ce) || ce.Hint == "" {
				t.Errorf("error is %T without a hint, want *codec.Error with one", err)
			}
		})
	}
}
