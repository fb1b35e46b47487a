package roundtrip

import (
	"bytes"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/parquet-go/parquet-go"

	"github.com/ayeaye-go/ayeaye/gen/internal/roundtrip/datasets"
	"github.com/ayeaye-go/ayeaye/runtime/codec"
	"github.com/ayeaye-go/ayeaye/runtime/codec/parquetcodec"
	"github.com/ayeaye-go/ayeaye/runtime/value"
)

func parquetFormat[T any](formats []codec.Format[T]) codec.Format[T] {
	for _, f := range formats {
		if f.Name == "parquet" {
			return f
		}
	}
	panic("no parquet format")
}

func writeParquet[T any](t testing.TB, formats []codec.Format[T], recs []T, o codec.Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := parquetFormat(formats).NewWriter(&buf, o)
	if err != nil {
		t.Fatal(err)
	}
	for i := range recs {
		if err := w.Write(&recs[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func readParquet[T any](formats []codec.Format[T], data []byte, o codec.Options) ([]T, error) {
	if o.File == "" {
		o.File = "x.parquet"
	}
	r, err := parquetFormat(formats).NewReaderAt(bytes.NewReader(data), int64(len(data)), o)
	if err != nil {
		return nil, err
	}
	var out []T
	for rec, err := range codec.All(r) {
		if err != nil {
			return out, err
		}
		out = append(out, rec)
	}
	return out, nil
}

// writeGeneric writes rows with parquet-go's own reflection-based writer,
// as another program would.
func writeGeneric[S any](t testing.TB, rows []S, opts ...parquet.WriterOption) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := parquet.NewGenericWriter[S](&buf, opts...)
	if _, err := w.Write(rows); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func ptr[T any](v T) *T { return &v }

// TestParquetSchema pins the Parquet schema the generator emits for the
// benchmark dataset: logical types, optional nodes, column order.
func TestParquetSchema(t *testing.T) {
	want := `message readings {
	required int64 id (INT(64,true));
	required binary sensor (STRING);
	required int64 taken_at (TIMESTAMP(isAdjustedToUTC=true,unit=NANOS));
	required double value;
	optional double delta;
	required binary unit (STRING);
}`
	if d := cmp.Diff(want, datasets.ReadingParquetSpec.Schema().String()); d != "" {
		t.Errorf("schema (-want +got):\n%s", d)
	}
	want = `message nested {
	required int64 id (INT(64,true));
	required group lines (LIST) {
		repeated group list {
			required group element {
				required binary sku (STRING);
				required int32 qty (INT(32,true));
				optional fixed_len_byte_array(16) price (DECIMAL(38,9));
				required group tags (LIST) {
					repeated group list {
						required binary element (STRING);
					}
				}
				optional group notes (LIST) {
					repeated group list {
						optional binary element (STRING);
					}
				}
				optional int64 shipped (TIMESTAMP(isAdjustedToUTC=true,unit=NANOS));
			}
		}
	}
	required group legs (LIST) {
		repeated group list {
			required group element (LIST) {
				repeated group list {
					required int64 element (TIMESTAMP(isAdjustedToUTC=true,unit=NANOS));
				}
			}
		}
	}
	required group matrix (LIST) {
		repeated group list {
			required group element (LIST) {
				repeated group list {
					required double element;
				}
			}
		}
	}
	optional group maybe (LIST) {
		repeated group list {
			optional binary element (STRING);
		}
	}
	optional group owner {
		required binary name (STRING);
		required group address {
			required binary city (STRING);
			optional binary zip (STRING);
		}
	}
	required group levels (LIST) {
		repeated group list {
			required binary element (STRING);
		}
	}
	required group days (LIST) {
		repeated group list {
			required int32 element (DATE);
		}
	}
	required group points (LIST) {
		repeated group list {
			optional group element {
				required double x;
				required double y;
			}
		}
	}
}`
	if d := cmp.Diff(want, datasets.NestedParquetSpec.Schema().String()); d != "" {
		t.Errorf("schema (-want +got):\n%s", d)
	}
}

// TestParquetRoundTrip writes every type, nulls included, and reads it
// back: equal, with Parquet's two documented changes. Times come back in
// UTC (the same instants), and decimals with the column's scale, 9 (the
// same numbers).
func TestParquetRoundTrip(t *testing.T) {
	want := append(sampleRecords(), datasets.Alltype{ID: 4, At: time.Unix(0, 0), Day: value.Date{Year: 1970, Month: 1, Day: 1}, Status: datasets.AlltypeStatusNew})
	data := writeParquet(t, datasets.AlltypesDataset.Formats, want, codec.Options{})
	got, err := readParquet(datasets.AlltypesDataset.Formats, data, codec.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// cmp compares time.Time and value.Decimal with their Equal methods.
	if d := cmp.Diff(want, got, cmpopts.EquateEmpty()); d != "" {
		t.Errorf("round trip (-want +got):\n%s", d)
	}
	if s := got[0].Amount.String(); s != "1.500000000" {
		t.Errorf("amount 1.50 read back as %s, want the column's scale, 1.500000000", s)
	}
	if loc := got[1].At.Location(); loc != time.UTC {
		t.Errorf("time read back in %v, want UTC", loc)
	}
	if got[3].Place.Valid || got[3].Note.Valid || got[3].Tags == nil {
		t.Errorf("nulls and empty lists: %+v", got[3])
	}
}

func nestedSamples() []datasets.Nested {
	d := func(y int, m time.Month, day int) value.Date { return value.Date{Year: y, Month: m, Day: day} }
	return []datasets.Nested{
		{
			ID: 1,
			Lines: []datasets.NestedLinesItem{
				{Sku: "a", Qty: 2, Price: value.Some(value.MustParseDecimal("9.990000000")), Tags: []string{"x", "y"},
					Notes:   value.Some([]value.Null[string]{value.Some("n"), {}}),
					Shipped: value.Some(time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC))},
				{Sku: "b", Qty: -1, Tags: []string{}, Notes: value.Some([]value.Null[string]{})},
				{Sku: "", Qty: 0, Tags: []string{""}},
			},
			Matrix: [][]float64{{1, 2}, {}, {3}},
			Legs:   [][]time.Time{{time.Date(2026, 5, 1, 10, 0, 0, 1, time.UTC)}, {}},
			Maybe:  value.Some([]value.Null[string]{value.Some("a"), {}, value.Some("")}),
			Owner: value.Some(datasets.NestedOwner{Name: "Ann",
				Address: datasets.NestedOwnerAddress{City: "Utrecht", Zip: value.Some("3511")}}),
			Levels: []datasets.NestedLevelsItem{datasets.NestedLevelsItemLow, datasets.NestedLevelsItemHigh},
			Days:   []value.Date{d(2024, 2, 29), d(1, 1, 1), d(9999, 12, 31)},
			Points: []value.Null[datasets.NestedPointsItem]{value.Some(datasets.NestedPointsItem{X: 1, Y: -1}), {}},
		},
		{ID: 2, Lines: []datasets.NestedLinesItem{}},
		{
			ID:    3,
			Lines: []datasets.NestedLinesItem{{Sku: "only"}},
			Maybe: value.Some([]value.Null[string]{}),
			Owner: value.Some(datasets.NestedOwner{Name: "Bo"}),
		},
	}
}

// TestParquetRoundTripNested covers lists of objects holding lists, lists
// of lists, nullable lists and elements, and nested objects.
func TestParquetRoundTripNested(t *testing.T) {
	want := nestedSamples()
	data := writeParquet(t, datasets.NestedDataset.Formats, want, codec.Options{})
	got, err := readParquet(datasets.NestedDataset.Formats, data, codec.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(want, got, cmpopts.EquateEmpty()); d != "" {
		t.Errorf("round trip (-want +got):\n%s", d)
	}
	// A null list and an empty one stay apart.
	if got[1].Maybe.Valid || !got[2].Maybe.Valid || got[2].Maybe.V == nil {
		t.Errorf("maybe: null read back as %+v, empty as %+v", got[1].Maybe, got[2].Maybe)
	}
	if l := got[0].Lines; l[2].Notes.Valid || !l[1].Notes.Valid || l[1].Notes.V == nil {
		t.Errorf("lines[].notes: %+v", l)
	}
}

func readingsRecords(n int) []datasets.Reading {
	data := readingsNDJSON(n)
	r, err := datasets.ReadingCodec.NewNDJSONReader(bytes.NewReader(data), codec.Options{})
	if err != nil {
		panic(err)
	}
	var out []datasets.Reading
	for rec, err := range r.All() {
		if err != nil {
			panic(err)
		}
		out = append(out, rec)
	}
	return out
}

// TestParquetRowGroups checks listing row groups and reading one, as a
// partitioned model does, and the column batches.
func TestParquetRowGroups(t *testing.T) {
	recs := readingsRecords(10)
	for _, comp := range parquetcodec.Compressions() {
		data := writeParquet(t, datasets.ReadingsDataset.Formats, recs, codec.Options{RowGroupRows: 3, Compression: comp})
		groups, err := datasets.ReadingParquetRowGroups(bytes.NewReader(data), int64(len(data)))
		if err != nil || !cmp.Equal(groups, []int64{3, 3, 3, 1}) {
			t.Fatalf("%s: row groups %v, %v", comp, groups, err)
		}
		got, err := readParquet(datasets.ReadingsDataset.Formats, data, codec.Options{RowGroups: []int{2, 0}})
		if err != nil {
			t.Fatal(err)
		}
		want := append(append([]datasets.Reading{}, recs[6:9]...), recs[0:3]...)
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("%s: groups 2 and 0 (-want +got):\n%s", comp, d)
		}
	}
	data := writeParquet(t, datasets.ReadingsDataset.Formats, recs, codec.Options{RowGroupRows: 3})
	if _, err := readParquet(datasets.ReadingsDataset.Formats, data, codec.Options{File: "r.parquet", RowGroups: []int{4}}); err == nil ||
		!strings.Contains(err.Error(), "r.parquet: row group 4 does not exist; the file has 4") {
		t.Errorf("error = %v", err)
	}

	c, err := datasets.NewReadingParquetColumns(bytes.NewReader(data), int64(len(data)), codec.Options{},
		datasets.ReadingColumnSensor, datasets.ReadingColumnDelta)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	for b, err := range c.All() {
		if err != nil {
			t.Fatal(err)
		}
		if b.Group != n || b.Row != int64(3*n) || b.ID != nil || b.Value != nil || b.Sensor.Len() != b.Len || len(b.Delta) != b.Len {
			t.Fatalf("batch %d: %+v", n, b)
		}
		for i := range b.Len {
			if r := recs[b.Row+int64(i)]; b.Sensor.At(i) != r.Sensor || b.Delta[i] != r.Delta {
				t.Errorf("row %d: %q %v, want %q %v", b.Row+int64(i), b.Sensor.At(i), b.Delta[i], r.Sensor, r.Delta)
			}
		}
		n++
	}
	if n != 4 {
		t.Errorf("%d batches, want 4", n)
	}
	if _, err := datasets.NewReadingParquetColumns(bytes.NewReader(data), int64(len(data)), codec.Options{}, 9); err == nil {
		t.Error("an unknown column was accepted")
	}
	if s := datasets.ReadingColumnTakenAt.String(); s != "taken_at" {
		t.Errorf("String() = %q", s)
	}
}

// TestParquetWriteErrors checks values Parquet cannot hold: an error
// naming record and field, and nothing written for the record.
func TestParquetWriteErrors(t *testing.T) {
	ok := datasets.Alltype{ID: 1, At: time.Unix(0, 0), Amount: value.MustParseDecimal("12345678901234567890.123456789"), Status: datasets.AlltypeStatusDone}
	tests := []struct {
		name string
		rec  datasets.Alltype
		want string
	}{
		{"time", datasets.Alltype{At: time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC)},
			`out.parquet: row 2: field "at": 2300-01-01T00:00:00Z is outside the range of Parquet nanosecond timestamps, 1677-09-21T00:12:43.145224192Z to 2262-04-11T23:47:16.854775807Z`},
		{"scale", datasets.Alltype{At: time.Unix(0, 0), Amount: value.MustParseDecimal("0.0000000001")},
			`out.parquet: row 2: field "amount": 0.0000000001 has more than 9 digits after the decimal point, the most a Parquet DECIMAL(38,9) column holds; round it with Decimal.Round(9)`},
		{"precision", datasets.Alltype{At: time.Unix(0, 0), Amount: value.MustParseDecimal("-123456789012345678901234567890")},
			`out.parquet: row 2: field "amount": -123456789012345678901234567890 has more than 29 digits before the decimal point, the most a Parquet DECIMAL(38,9) column holds`},
		{"nested time", datasets.Alltype{At: time.Unix(0, 0), Seen: value.Some(time.Date(1000, 1, 1, 0, 0, 0, 0, time.UTC))},
			`out.parquet: row 2: field "seen": 1000-01-01T00:00:00Z is outside`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			w, _ := datasets.NewAlltypeParquetWriter(&buf, codec.Options{File: "out.parquet"})
			if err := w.Write(&ok); err != nil {
				t.Fatal(err)
			}
			if err := w.Write(&tt.rec); err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("error = %v\nwant %s", err, tt.want)
			}
			if err := w.Write(&ok); err != nil {
				t.Fatal(err)
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			got, err := readParquet(datasets.AlltypesDataset.Formats, buf.Bytes(), codec.Options{})
			if err != nil || len(got) != 2 || !got[1].Amount.Equal(ok.Amount) {
				t.Errorf("read back %d records, %v", len(got), err)
			}
		})
	}
	if _, err := datasets.NewReadingParquetWriter(io.Discard, codec.Options{Compression: "lzo"}); err == nil ||
		err.Error() != `unknown Parquet compression "lzo"; use one of snappy, zstd, gzip, none` {
		t.Errorf("error = %v", err)
	}
	// NaN and infinities are valid Parquet doubles.
	nan := []datasets.Reading{{TakenAt: time.Unix(0, 0), Value: math.NaN(), Delta: value.Some(math.Inf(-1))}}
	got, err := readParquet(datasets.ReadingsDataset.Formats, writeParquet(t, datasets.ReadingsDataset.Formats, nan, codec.Options{}), codec.Options{})
	if err != nil || !math.IsNaN(got[0].Value) || !math.IsInf(got[0].Delta.V, -1) {
		t.Errorf("NaN: %+v, %v", got, err)
	}
}

// FuzzGeneratedParquetDecoder feeds arbitrary bytes to the generated
// Parquet readers: errors are fine, panics and hangs are not. The seed
// corpus under testdata/fuzz holds files the generated writers made from
// sampleRecords and nestedSamples (written once rather than in the target:
// fuzz workers stall when the target writes Parquet before fuzzing).
func FuzzGeneratedParquetDecoder(f *testing.F) {
	f.Add([]byte("PAR1"))
	f.Add([]byte("PAR1\x00\x00\x00\x00PAR1"))
	f.Fuzz(func(t *testing.T, in []byte) {
		_, _ = readParquet(datasets.AlltypesDataset.Formats, in, codec.Options{})
		_, _ = readParquet(datasets.NestedDataset.Formats, in, codec.Options{})
	})
}

// TestParquetFuzzSeeds checks that the seed corpus is what the writers
// make today, so that fuzzing starts from real files.
func TestParquetFuzzSeeds(t *testing.T) {
	files, err := filepath.Glob("testdata/fuzz/FuzzGeneratedParquetDecoder/*")
	if err != nil || len(files) < 4 {
		t.Fatalf("seed corpus: %v, %v", files, err)
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		_, quoted, _ := strings.Cut(strings.TrimSpace(string(data)), "[]byte(")
		in, err := strconv.Unquote(strings.TrimSuffix(quoted, ")"))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		_, errA := readParquet(datasets.AlltypesDataset.Formats, []byte(in), codec.Options{})
		_, errN := readParquet(datasets.NestedDataset.Formats, []byte(in), codec.Options{})
		if errA != nil && errN != nil {
			t.Errorf("%s is not readable: %v; %v", name, errA, errN)
		}
	}
}

// TestParquetReadAllocations checks that reading allocates per page,
// not per record: strings are sliced from one copy of each dictionary or
// page.
func TestParquetReadAllocations(t *testing.T) {
	data := writeParquet(t, datasets.ReadingsDataset.Formats, readingsRecords(20000), codec.Options{})
	allocs := testing.AllocsPerRun(3, func() {
		r, err := datasets.NewReadingParquetReader(bytes.NewReader(data), int64(len(data)), codec.Options{})
		if err != nil {
			t.Fatal(err)
		}
		var rec datasets.Reading
		for r.Read(&rec) == nil {
		}
	})
	if perRecord := allocs / 20000; perRecord > 0.05 {
		t.Errorf("%.3f allocations per record (%.0f in all), want almost none", perRecord, allocs)
	}
}

// TestParquetEncodings: the encodings the readings schema chooses
// (x-ayeaye.parquet_encoding) are the ones in the file, and every column
// reads back through records and column batches.
func TestParquetEncodings(t *testing.T) {
	recs := readingsRecords(500)
	data := writeParquet(t, datasets.ReadingsDataset.Formats, recs, codec.Options{})
	f, err := parquet.OpenFile(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, col := range f.Metadata().RowGroups[0].Columns {
		for _, e := range col.MetaData.Encoding {
			got[strings.Join(col.MetaData.PathInSchema, ".")] = append(got[strings.Join(col.MetaData.PathInSchema, ".")], e.String())
		}
	}
	for column, enc := range map[string]string{"id": "PLAIN", "value": "BYTE_STREAM_SPLIT", "delta": "BYTE_STREAM_SPLIT", "sensor": "RLE_DICTIONARY"} {
		if !slices.Contains(got[column], enc) {
			t.Errorf("column %s has encodings %v, want %s", column, got[column], enc)
		}
	}
	back, err := readParquet(datasets.ReadingsDataset.Formats, data, codec.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(recs, back); d != "" {
		t.Errorf("records (-want +got):\n%s", d)
	}
	c, err := datasets.NewReadingParquetColumns(bytes.NewReader(data), int64(len(data)), codec.Options{},
		datasets.ReadingColumnID, datasets.ReadingColumnTakenAt, datasets.ReadingColumnValue)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for b, err := range c.All() {
		if err != nil {
			t.Fatal(err)
		}
		for i := range b.Len {
			r := recs[b.Row+int64(i)]
			if b.ID[i] != r.ID || !b.TakenAt[i].Equal(r.TakenAt) || b.Value[i] != r.Value {
				t.Fatalf("row %d: %v %v %v, want %v %v %v", b.Row+int64(i), b.ID[i], b.TakenAt[i], b.Value[i], r.ID, r.TakenAt, r.Value)
			}
			n++
		}
	}
	if n != len(recs) {
		t.Errorf("batches held %d rows, want %d", n, len(recs))
	}
}
