package roundtrip

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/parquet-go/parquet-go"

	"github.com/ayeaye-go/ayeaye/gen/internal/roundtrip/datasets"
	"github.com/ayeaye-go/ayeaye/runtime/codec"
	"github.com/ayeaye-go/ayeaye/runtime/codec/parquetcodec"
	"github.com/ayeaye-go/ayeaye/runtime/value"
)

// Files written by other programs: parquet-go's reflection-based writer
// stands in for them, with other column orders, extra columns, older and
// wider types, nulls, and columns that do not fit.

// pgReading is what another program might write for the readings
// dataset: other column order, an extra column, narrower or older types,
// optional columns without nulls.
type pgReading struct {
	Unit    string    `parquet:"unit"`
	Extra   string    `parquet:"extra"`
	ID      int32     `parquet:"id"`
	Sensor  *string   `parquet:"sensor"`
	TakenAt time.Time `parquet:"taken_at,timestamp(millisecond)"`
	Value   float32   `parquet:"value"`
	Delta   *float64  `parquet:"delta"`
}

// TestParquetReadsGenericWriter reads files parquet-go's reflection-based
// writer made from structs: the cross-check that the generated reader
// reads Parquet as the library writes it, not only its own output.
func TestParquetReadsGenericWriter(t *testing.T) {
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	data := writeGeneric(t, []pgReading{
		{Unit: "C", Extra: "ignored", ID: 1, Sensor: ptr("north"), TakenAt: at, Value: 1.5},
		{Unit: "", ID: -2, Sensor: ptr(""), TakenAt: at.Add(1500 * time.Millisecond), Value: -3, Delta: ptr(0.25)},
	}, parquet.Compression(&parquet.Zstd))
	got, err := readParquet(datasets.ReadingsDataset.Formats, data, codec.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []datasets.Reading{
		{ID: 1, Sensor: "north", TakenAt: at, Value: 1.5, Unit: "C"},
		{ID: -2, TakenAt: at.Add(1500 * time.Millisecond), Value: -3, Delta: value.Some(0.25)},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}

	// Every type of alltypes, as parquet-go writes Go types: int64
	// decimals, time.Time dates, dictionary-encoded numbers.
	type place struct {
		Lat   float64 `parquet:"lat"`
		Lon   float64 `parquet:"lon"`
		Label *string `parquet:"label"`
	}
	type pgAll struct {
		ID      int64     `parquet:"id,dict"`
		Name    string    `parquet:"name"`
		Small   int8      `parquet:"small"`
		Ratio   float64   `parquet:"ratio"`
		Ratio32 float32   `parquet:"ratio32"`
		Ok      bool      `parquet:"ok"`
		At      time.Time `parquet:"at,timestamp(microsecond)"`
		Day     int32     `parquet:"day,date"` // parquet-go writes time.Time dates wrongly
		Amount  int64     `parquet:"amount,decimal(2:18)"`
		Status  string    `parquet:"status,enum"`
		Count   *int16    `parquet:"count"`
		Price   *int32    `parquet:"price,decimal(3:9)"`
		Tags    []string  `parquet:"tags,list"`
		Place   *place    `parquet:"place"`
		Flag    *bool     `parquet:"flag"`
		Level   *string   `parquet:"level"`
	}
	data = writeGeneric(t, []pgAll{
		{ID: 7, Name: "n", Small: -5, Ratio: 0.5, Ratio32: 2, Ok: true, At: at, Day: 19782, // 2024-02-29
			Amount: -1250, Status: "done", Count: ptr[int16](300), Price: ptr[int32](1500), Tags: []string{"t"},
			Place: &place{Lat: 1, Lon: 2}, Flag: ptr(false), Level: ptr("high")},
		{ID: 7, Name: "m", Status: "new", At: at, Tags: []string{}},
	})
	all, err := readParquet(datasets.AlltypesDataset.Formats, data, codec.Options{})
	if err != nil {
		t.Fatal(err)
	}
	wantAll := []datasets.Alltype{
		{ID: 7, Name: "n", Small: -5, Ratio: 0.5, Ratio32: 2, Ok: true, At: at, Day: value.Date{Year: 2024, Month: 2, Day: 29},
			Amount: value.MustParseDecimal("-12.50"), Status: datasets.AlltypeStatusDone, Count: value.Some[int32](300),
			Price: value.Some(value.MustParseDecimal("1.500")), Tags: []string{"t"}, Country: "NL",
			Place: value.Some(datasets.AlltypePlace{Lat: 1, Lon: 2}), Flag: value.Some(false), Level: value.Some(datasets.AlltypeLevelHigh)},
		{ID: 7, Name: "m", Status: datasets.AlltypeStatusNew, At: at, Day: value.Date{Year: 1970, Month: 1, Day: 1},
			Amount: value.MustParseDecimal("0.00"), Tags: []string{}, Country: "NL"},
	}
	if d := cmp.Diff(wantAll, all, cmp.Comparer(func(a, b value.Decimal) bool { return a.String() == b.String() })); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

// TestParquetIncompatible checks that a file that does not fit is refused
// with one error listing every column that does not fit.
func TestParquetIncompatible(t *testing.T) {
	type bad struct {
		ID     string    `parquet:"id"`
		Sensor int64     `parquet:"sensor"`
		Unit   []string  `parquet:"unit,list"`
		Delta  time.Time `parquet:"delta"`
		When   time.Time `parquet:"taken_at,date"`
	}
	data := writeGeneric(t, []bad{{ID: "x"}})
	_, err := readParquet(datasets.ReadingsDataset.Formats, data, codec.Options{File: "bad.parquet"})
	want := `bad.parquet: the Parquet file does not fit dataset "readings":
	column "id": the file's values are BYTE_ARRAY (STRING); the dataset's integer reads INT64 or INT32 integers, signed, or unsigned up to 32 bits
	column "sensor": the file's values are INT64 (INT(64,true)); the dataset's string reads BYTE_ARRAY (STRING, ENUM, JSON or none)
	column "taken_at": the file's values are INT32 (DATE); the dataset's date-time reads INT64 (TIMESTAMP) or INT96
	column "value": missing; the dataset's schema requires it
	column "delta": the file's values are INT64 (TIMESTAMP(isAdjustedToUTC=true,unit=NANOS)); the dataset's number reads DOUBLE or FLOAT
	column "unit": the file's values are lists and the dataset's are strings
	hint: convert the file, or change the dataset's schema to match it`
	if err == nil || err.Error() != want {
		t.Fatalf("error:\n%v\nwant:\n%s", err, want)
	}
	var se *parquetcodec.SchemaError
	if !errors.As(err, &se) || len(se.Problems) != 6 {
		t.Errorf("error is not a *SchemaError with 6 problems: %#v", err)
	}

	// Reading only the columns that fit works.
	type some struct {
		ID    int64   `parquet:"id"`
		Value float64 `parquet:"value"`
		Unit  []int   `parquet:"unit,list"`
	}
	data = writeGeneric(t, []some{{ID: 1, Value: 2}})
	c, err := datasets.NewReadingParquetColumns(bytes.NewReader(data), int64(len(data)), codec.Options{}, datasets.ReadingColumnValue)
	if err != nil {
		t.Fatal(err)
	}
	var b datasets.ReadingParquetBatch
	if err := c.Next(&b); err != nil || b.Len != 1 || b.Value[0] != 2 || b.ID != nil {
		t.Errorf("Next = %v, batch %+v", err, b)
	}

	// Not Parquet at all.
	_, err = readParquet(datasets.ReadingsDataset.Formats, []byte("id,sensor\n1,a\n"), codec.Options{File: "r.csv"})
	if err == nil || !strings.HasPrefix(err.Error(), "r.csv: not a readable Parquet file") {
		t.Errorf("error = %v", err)
	}
}

// TestParquetNulls checks nulls where the dataset has none: an error
// naming row and field for a required property, the default otherwise.
func TestParquetNulls(t *testing.T) {
	type optReading struct {
		ID      *int64    `parquet:"id"`
		Sensor  *string   `parquet:"sensor"`
		TakenAt time.Time `parquet:"taken_at"`
		Value   float64   `parquet:"value"`
		Unit    string    `parquet:"unit"`
	}
	data := writeGeneric(t, []optReading{{ID: ptr[int64](1), Sensor: ptr("a")}, {ID: ptr[int64](2), Sensor: ptr("b")}, {ID: ptr[int64](3)}})
	got, err := readParquet(datasets.ReadingsDataset.Formats, data, codec.Options{File: "n.parquet"})
	want := `n.parquet: row 3 (row group 0): field "sensor": the file has a null here and the schema requires a value`
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("error = %v\nwant %s", err, want)
	}
	var ce *codec.Error
	if !errors.As(err, &ce) || ce.Row != 3 || ce.Field != "sensor" {
		t.Errorf("error %#v", err)
	}
	if len(got) != 2 {
		t.Errorf("read %d records before the bad row, want 2", len(got))
	}

	// alltypes.country is not required and defaults to "NL"; its enum
	// status is required.
	type optAll struct {
		ID      int64     `parquet:"id"`
		Name    string    `parquet:"name"`
		Small   int8      `parquet:"small"`
		Ratio   float64   `parquet:"ratio"`
		Ratio32 float32   `parquet:"ratio32"`
		Ok      bool      `parquet:"ok"`
		At      time.Time `parquet:"at"`
		Day     int32     `parquet:"day,date"`
		Amount  int64     `parquet:"amount,decimal(0:18)"`
		Status  *string   `parquet:"status"`
		Country *string   `parquet:"country"`
	}
	data = writeGeneric(t, []optAll{{Status: ptr("new"), Country: ptr("BE")}, {Status: ptr("done")}, {Status: ptr("started")}, {}})
	r, err := datasets.NewAlltypeParquetReader(bytes.NewReader(data), int64(len(data)), codec.Options{File: "a.parquet"})
	if err != nil {
		t.Fatal(err)
	}
	// A bad row is an error in its place; the rows after it read on.
	var rec datasets.Alltype
	var seen []string
	for {
		err := r.Read(&rec)
		if err == io.EOF {
			break
		}
		if err != nil {
			seen = append(seen, err.Error())
			continue
		}
		seen = append(seen, string(rec.Status))
	}
	wantSeen := []string{"new", "done",
		`a.parquet: row 3 (row group 0): field "status": cannot read "started" as one of "new", "in-progress", "done"`,
		`a.parquet: row 4 (row group 0): field "status": the file has a null here and the schema requires a value` +
			"\n\thint: make the property nullable in the schema (\"type\": [..., \"null\"]), or fill the nulls in the file"}
	if d := cmp.Diff(wantSeen, seen); d != "" {
		t.Errorf("reading (-want +got):\n%s", d)
	}
	data = writeGeneric(t, []optAll{{Status: ptr("new"), Country: ptr("BE")}, {Status: ptr("done")}})
	all, err := readParquet(datasets.AlltypesDataset.Formats, data, codec.Options{})
	if err != nil || len(all) != 2 || all[0].Country != "BE" || all[1].Country != "NL" {
		t.Errorf("read %+v, %v; want country BE, then the default NL", all, err)
	}
}
