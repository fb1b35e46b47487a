package parquetcodec

import (
	"bytes"
	"errors"
	"io"
	"math"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/deprecated"

	"github.com/ayeaye-go/ayeaye/runtime/codec"
	"github.com/ayeaye-go/ayeaye/runtime/value"
)

func write[S any](t testing.TB, rows []S, opts ...parquet.WriterOption) []byte {
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

func open(t testing.TB, data []byte, spec *Spec) *Rows {
	t.Helper()
	f, err := Open(bytes.NewReader(data), int64(len(data)), spec, codec.Options{File: "t.parquet"})
	if err != nil {
		t.Fatal(err)
	}
	return f.Rows()
}

// wide is the row type of a dataset with one column of each type the
// generator emits.
type wide struct {
	I64  int64    `parquet:"i64"`
	I32  int32    `parquet:"i32"`
	I16  int16    `parquet:"i16"`
	I8   int8     `parquet:"i8"`
	F64  float64  `parquet:"f64"`
	F32  float32  `parquet:"f32"`
	B    bool     `parquet:"b"`
	S    string   `parquet:"s,dict"`
	T    int64    `parquet:"t,timestamp(nanosecond)"`
	D    int32    `parquet:"d,date"`
	Dec  [16]byte `parquet:"dec,decimal(9:38)"`
	NF64 *float64 `parquet:"nf64"`
}

var wideSpec = NewSpec[wide]("wide", "sha256:0", "i64")

func readAll(t *testing.T, rows *Rows) (i64 []int64, f64 []float64, tm []time.Time, dec []value.Decimal, s []string) {
	t.Helper()
	ci, cf, ct, cd, cs := Int64s(rows, 0), Float64s(rows, 4), Times(rows, 8), Decimals(rows, 10), Strings(rows, 7)
	for {
		n, err := rows.Next(2)
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		var a []int64
		var b []float64
		var c []time.Time
		var d []value.Decimal
		var e []string
		if a, err = ci.Read(nil, n, true, 0); err != nil {
			t.Fatal(err)
		}
		if b, err = cf.Read(nil, n, false, -1); err != nil {
			t.Fatal(err)
		}
		if c, err = ct.Read(nil, n, false, time.Time{}); err != nil {
			t.Fatal(err)
		}
		if d, err = cd.Read(nil, n, false, value.Decimal{}); err != nil {
			t.Fatal(err)
		}
		if e, err = cs.Read(nil, n, false, "?"); err != nil {
			t.Fatal(err)
		}
		i64, f64, tm, dec, s = append(i64, a...), append(f64, b...), append(tm, c...), append(dec, d...), append(s, e...)
	}
}

// TestWiderTypes reads types other writers use for the same values.
func TestWiderTypes(t *testing.T) {
	type other struct {
		I64 uint32           `parquet:"i64,dict"`
		F64 float32          `parquet:"f64"`
		T   deprecated.Int96 `parquet:"t"`
		Dec [12]byte         `parquet:"dec,decimal(2:28)"`
		S   string           `parquet:"s,enum"`
	}
	// Impala's INT96: nanoseconds of the day, then the Julian day.
	i96 := func(tm time.Time) deprecated.Int96 {
		days := tm.Unix()/86400 + 2440588
		nanos := uint64(tm.UnixNano() % (86400 * 1e9))
		return deprecated.Int96{uint32(nanos), uint32(nanos >> 32), uint32(days)}
	}
	at := time.Date(2026, 3, 1, 12, 30, 0, 500, time.UTC)
	big1 := new(big.Int).Exp(big.NewInt(10), big.NewInt(25), nil) // 10^25, more than 64 bits
	neg := new(big.Int).Neg(big1)
	twos := func(z *big.Int) (b [12]byte) { // big-endian two's complement
		v := new(big.Int).Set(z)
		if v.Sign() < 0 {
			v.Add(v, new(big.Int).Lsh(big.NewInt(1), 96))
		}
		v.FillBytes(b[:])
		return b
	}
	data := write(t, []other{
		{I64: math.MaxUint32, F64: 1.5, T: i96(at), Dec: twos(big.NewInt(1234)), S: "x"},
		{I64: 7, F64: -2, T: i96(time.Unix(0, 0)), Dec: twos(big.NewInt(-123)), S: "y"},
		{I64: 7, T: i96(at), Dec: twos(big1), S: "x"},
		{T: i96(at), Dec: twos(neg)},
	})
	i64, f64, tm, dec, s := readAll(t, open(t, data, wideSpec))
	if d := cmp.Diff([]int64{math.MaxUint32, 7, 7, 0}, i64); d != "" {
		t.Errorf("uint32 as int64 (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]float64{1.5, -2, 0, 0}, f64); d != "" {
		t.Errorf("float as double (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]time.Time{at, time.Unix(0, 0).UTC(), at, at}, tm); d != "" {
		t.Errorf("INT96 (-want +got):\n%s", d)
	}
	var ds []string
	for _, d := range dec {
		ds = append(ds, d.String())
	}
	if d := cmp.Diff([]string{"12.34", "-1.23", "100000000000000000000000.00", "-100000000000000000000000.00"}, ds); d != "" {
		t.Errorf("decimals (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"x", "y", "x", ""}, s); d != "" {
		t.Errorf("enum as string (-want +got):\n%s", d)
	}
}

func TestIncompatible(t *testing.T) {
	type other struct {
		I64 uint64   `parquet:"i64"`
		I8  int16    `parquet:"i8"`
		F32 float64  `parquet:"f32"`
		B   []bool   `parquet:"b,list"`
		T   int64    `parquet:"t,timestamp(millisecond)"`
		S   [16]byte `parquet:"s,uuid"`
	}
	data := write(t, []other{{}})
	_, err := Open(bytes.NewReader(data), int64(len(data)), wideSpec, codec.Options{File: "o.parquet"})
	var se *SchemaError
	if !errors.As(err, &se) {
		t.Fatalf("error %v is not a *SchemaError", err)
	}
	var cols []string
	for _, p := range se.Problems {
		cols = append(cols, p.Column)
	}
	// t converts (any TIMESTAMP unit reads); the columns wide requires
	// and the file lacks are not reported beyond i64, the only required one.
	if d := cmp.Diff([]string{"i64", "i8", "f32", "b", "s"}, cols); d != "" {
		t.Errorf("problem columns (-want +got):\n%s\n%v", d, err)
	}
	if !strings.HasPrefix(err.Error(), `o.parquet: the Parquet file does not fit dataset "wide":`) {
		t.Errorf("error = %v", err)
	}
}

// TestWriteConversions checks the writer's conversions against the
// reader's.
func TestWriteConversions(t *testing.T) {
	for _, s := range []string{"0", "1.5", "-1.5", "12345678901234567890.123456789", "-99999999999999999999999999999.999999999",
		"99999999999999999999999999999", "0.000000001", "9223372036854775807", "-9223372036854775808.5", "1e10"} {
		d := value.MustParseDecimal(s)
		b, err := Decimal16(d)
		if err != nil {
			t.Errorf("Decimal16(%s): %v", s, err)
			continue
		}
		back, err := decimalFromBytes(b[:], DecimalScale)
		if err != nil || !back.Equal(d) || back.Scale() != DecimalScale {
			t.Errorf("Decimal16(%s) reads back as %s, %v", s, back, err)
		}
	}
	for _, s := range []string{"0.0000000001", "100000000000000000000000000000", "-123456789012345678901234567890.5"} {
		if _, err := Decimal16(value.MustParseDecimal(s)); err == nil {
			t.Errorf("Decimal16(%s) succeeded", s)
		}
	}
	if _, err := Decimal16(value.MustParseDecimal("1.5000000000000")); err != nil {
		t.Errorf("trailing zeros beyond the scale: %v", err)
	}
	for _, tm := range []time.Time{time.Unix(0, math.MinInt64), time.Unix(0, math.MaxInt64), time.Date(2026, 1, 1, 0, 0, 0, 1, time.FixedZone("", 3600))} {
		n, err := TimeNanos(tm)
		if err != nil || !time.Unix(0, n).Equal(tm) {
			t.Errorf("TimeNanos(%v) = %d, %v", tm, n, err)
		}
	}
	if _, err := TimeNanos(time.Time{}); err == nil {
		t.Error("the zero time fits in nanoseconds")
	}
	for _, d := range []value.Date{{Year: 1970, Month: 1, Day: 1}, {Year: 1, Month: 1, Day: 1}, {Year: 9999, Month: 12, Day: 31}} {
		if back := epoch.AddDays(int(DateDays(d))); back != d {
			t.Errorf("DateDays(%v) reads back as %v", d, back)
		}
	}
}

// TestRoundTripAndSelection writes with Writer and reads chosen row
// groups and columns.
func TestRoundTripAndSelection(t *testing.T) {
	var buf bytes.Buffer
	w, err := NewWriter[wide](&buf, wideSpec, codec.Options{RowGroupRows: 2, Compression: "gzip"})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		row := w.Next()
		*row = wide{I64: int64(i), F64: float64(i) / 2, S: strings.Repeat("s", i)}
		if err := w.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	groups, err := RowGroups(bytes.NewReader(data), int64(len(data)), "w.parquet")
	if err != nil || !cmp.Equal(groups, []int64{2, 2, 1}) {
		t.Fatalf("RowGroups = %v, %v", groups, err)
	}
	f, err := Open(bytes.NewReader(data), int64(len(data)), wideSpec, codec.Options{RowGroups: []int{2, 1}})
	if err != nil {
		t.Fatal(err)
	}
	i64, f64, _, _, s := readAll(t, f.Rows())
	if !cmp.Equal(i64, []int64{4, 2, 3}) || !cmp.Equal(f64, []float64{2, 1, 1.5}) || !cmp.Equal(s, []string{"ssss", "ss", "sss"}) {
		t.Errorf("groups 2 and 1: %v %v %q", i64, f64, s)
	}
	if v, ok := f.pf.Lookup("ayeaye.dataset"); !ok || v != "wide" {
		t.Errorf("metadata ayeaye.dataset = %q", v)
	}
}

// TestBareRepeated reads a list written the way protobuf writes them: a
// repeated field without a LIST group.
func TestBareRepeated(t *testing.T) {
	type listed struct {
		Tags []int64 `parquet:"tags,list"`
	}
	type bare struct {
		Tags []int32 `parquet:"tags"`
	}
	spec := NewSpec[listed]("listed", "")
	data := write(t, []bare{{Tags: []int32{1, 2}}, {}, {Tags: []int32{3}}})
	rows := open(t, data, spec)
	c := Int64s(rows, 0)
	def, rep := rows.Levels()
	n, err := rows.Next(0)
	if err != nil {
		t.Fatal(err)
	}
	var got [][]int64
	for range n {
		l := []int64{}
		if c.Def() >= def[1] { // the repeated node: not empty
			for {
				l = append(l, c.Take())
				if c.Rep() != rep[1] {
					break
				}
			}
		} else {
			c.Skip()
		}
		got = append(got, l)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([][]int64{{1, 2}, {}, {3}}, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

func TestNullsAndMissing(t *testing.T) {
	type sparse struct {
		I64 *int64 `parquet:"i64"`
		F64 *float64
	}
	data := write(t, []sparse{{I64: new(int64)}, {}})
	rows := open(t, data, wideSpec)
	c, nf, b := Int64s(rows, 0), Float64s(rows, 11), Bools(rows, 6)
	if !b.Missing() || c.Missing() {
		t.Errorf("missing: b %v, i64 %v", b.Missing(), c.Missing())
	}
	n, _ := rows.Next(0)
	if _, err := c.Read(nil, n, true, 0); err == nil || err.Error() != `t.parquet: row 2 (row group 0): field "i64": the file has a null here and the schema requires a value`+
		"\n\thint: make the property nullable in the schema (\"type\": [..., \"null\"]), or fill the nulls in the file" {
		t.Errorf("error = %v", err)
	}
	nulls, err := nf.ReadNull(nil, n)
	if err != nil || len(nulls) != 2 || nulls[0].Valid {
		t.Errorf("a missing nullable column: %v, %v", nulls, err)
	}
	bs, err := b.Read(nil, n, false, true)
	if err != nil || !cmp.Equal(bs, []bool{true, true}) {
		t.Errorf("a missing column reads its default: %v, %v", bs, err)
	}
	ptrs, err := nf.ReadPtr(nil, n)
	if err != nil || len(ptrs) != 2 || ptrs[0] != nil {
		t.Errorf("ReadPtr: %v, %v", ptrs, err)
	}
}

func TestCorrupt(t *testing.T) {
	var buf bytes.Buffer
	w, _ := NewWriter[wide](&buf, wideSpec, codec.Options{Compression: "none"})
	for i := range 100 {
		*w.Next() = wide{I64: int64(i), S: "abc"}
		_ = w.Commit()
	}
	_ = w.Close()
	data := buf.Bytes()
	// Damage every byte of the data pages in turn: each read must end in
	// an error or in values, never in a panic.
	for i := 4; i < len(data)-8; i += 7 {
		bad := bytes.Clone(data)
		bad[i] ^= 0xff
		f, err := Open(bytes.NewReader(bad), int64(len(bad)), wideSpec, codec.Options{})
		if err != nil {
			continue
		}
		readEverything(f)
	}
	if _, err := Open(bytes.NewReader(data[:len(data)/2]), int64(len(data)/2), wideSpec, codec.Options{File: "half.parquet"}); err == nil ||
		!strings.HasPrefix(err.Error(), "half.parquet: not a readable Parquet file") {
		t.Errorf("a truncated file: %v", err)
	}
	if _, err := NewWriter[wide](io.Discard, wideSpec, codec.Options{RowGroupRows: -1}); err == nil {
		t.Error("a negative row group size was accepted")
	}
}

// readEverything reads every column of wide's files, as generated code
// does, and returns the first error.
func readEverything(f *File) error {
	rows := f.Rows()
	a, b, c, d := Int64s(rows, 0), Strings(rows, 7), Decimals(rows, 10), Float64s(rows, 11)
	e, g, h, i := Int32s(rows, 1), Int16s(rows, 2), Int8s(rows, 3), Float32s(rows, 5)
	j, k, l := Bools(rows, 6), Times(rows, 8), Dates(rows, 9)
	for {
		n, err := rows.Next(ChunkRows)
		if err != nil {
			return err
		}
		for _, read := range []func() error{
			func() error { _, err := a.Read(nil, n, true, 0); return err },
			func() error { _, err := b.Read(nil, n, false, ""); return err },
			func() error { _, err := c.ReadNull(nil, n); return err },
			func() error { _, err := d.ReadPtr(nil, n); return err },
			func() error { _, err := e.Read(nil, n, false, 0); return err },
			func() error { _, err := g.Read(nil, n, false, 0); return err },
			func() error { _, err := h.Read(nil, n, false, 0); return err },
			func() error { _, err := i.Read(nil, n, false, 0); return err },
			func() error { _, err := j.Read(nil, n, false, false); return err },
			func() error { _, err := k.Read(nil, n, false, time.Time{}); return err },
			func() error { _, err := l.Read(nil, n, false, value.Date{}); return err },
		} {
			if err := read(); err != nil {
				return err
			}
		}
	}
}

// FuzzOpen reads arbitrary bytes as a Parquet file of wide rows: errors
// are fine, panics are not.
func FuzzOpen(f *testing.F) {
	f.Add([]byte("PAR1"))
	f.Add([]byte("PAR1\x15\x00PAR1"))
	f.Add([]byte("PAR1\x00\x00\x00\x00\x00\x00\x00\x00\x08\x00\x00\x00PAR1"))
	f.Fuzz(func(t *testing.T, in []byte) {
		file, err := Open(bytes.NewReader(in), int64(len(in)), wideSpec, codec.Options{})
		if err != nil {
			return
		}
		_ = readEverything(file)
	})
}
