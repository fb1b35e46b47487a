package parquetcodec

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/ayeaye-go/ayeaye/runtime/codec"
	"github.com/ayeaye-go/ayeaye/runtime/value"
)

func TestDecimalPhysicalTypes(t *testing.T) {
	tests := []struct {
		in         string
		p, s       int
		want       string // read back at scale s; "" when an error is wanted
		err        string
		int32, i64 bool // also fits INT32 / INT64 storage
	}{
		{in: "12.5", p: 5, s: 2, want: "12.50", int32: true, i64: true},
		{in: "-999.99", p: 5, s: 2, want: "-999.99", int32: true, i64: true},
		{in: "0", p: 1, s: 0, want: "0", int32: true, i64: true},
		{in: "-0.000000001", p: 9, s: 9, want: "-0.000000001", int32: true, i64: true},
		{in: "999999999999999999", p: 18, s: 0, want: "999999999999999999", i64: true},
		{in: "-12345678901234567.8", p: 18, s: 1, want: "-12345678901234567.8", i64: true},
		{in: "99999999999999999999999999999.999999999", p: 38, s: 9, want: "99999999999999999999999999999.999999999"},
		{in: "-1.5", p: 38, s: 9, want: "-1.500000000"},
		{in: "1000.00", p: 5, s: 2, err: "1000.00 has more than 3 digits before the decimal point, the most a Parquet DECIMAL(5,2) column holds"},
		{in: "1.234", p: 5, s: 2, err: "1.234 has more than 2 digits after the decimal point, the most a Parquet DECIMAL(5,2) column holds; round it with Decimal.Round(2)"},
		{in: "1.2300", p: 5, s: 2, want: "1.23", int32: true, i64: true}, // trailing zeros are not digits lost
		{in: "1", p: 39, s: 0, err: "DECIMAL(39,0) is not a decimal type these columns hold"},
		{in: "1", p: 4, s: 5, err: "DECIMAL(4,5) is not a decimal type these columns hold"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			d := value.MustParseDecimal(tc.in)
			b, err := DecimalFixed(d, tc.p, tc.s)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("DecimalFixed error = %v, want %q", err, tc.err)
				}
				if why := DecimalFits(d, tc.p, tc.s); why == "" {
					t.Error("DecimalFits says it fits")
				}
				return
			}
			if err != nil || DecimalFits(d, tc.p, tc.s) != "" {
				t.Fatal(err)
			}
			back, err := decimalFromBytes(b[:], int32(tc.s))
			if err != nil || back.String() != tc.want {
				t.Errorf("fixed: %s, %v; want %s", back, err, tc.want)
			}
			if i, err := DecimalInt64(d, tc.p, tc.s); tc.i64 && (err != nil || value.NewDecimal(i, int32(tc.s)).String() != tc.want) {
				t.Errorf("int64: %d, %v", i, err)
			} else if !tc.i64 && err == nil {
				t.Error("int64 accepted a precision above 18")
			}
			if i, err := DecimalInt32(d, tc.p, tc.s); tc.int32 && (err != nil || value.NewDecimal(int64(i), int32(tc.s)).String() != tc.want) {
				t.Errorf("int32: %d, %v", i, err)
			} else if !tc.int32 && err == nil {
				t.Error("int32 accepted a precision above 9")
			}
		})
	}
}

// TestDecimalColumns writes decimals of each physical type through the
// writer and reads them back through the column reader.
func TestDecimalColumns(t *testing.T) {
	type row struct {
		A int32    `parquet:"a,decimal(2:7)"`
		B int64    `parquet:"b,decimal(4:18)"`
		C [16]byte `parquet:"c,decimal(9:38)"`
	}
	spec := NewSpec[row]("decimals", "sha256:0", "a", "b", "c")
	in := []string{"12345.67", "-0.01", "0"}
	var buf bytes.Buffer
	w, err := NewWriter[row](&buf, spec, codec.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range in {
		d := value.MustParseDecimal(s)
		r := w.Next()
		var errs [3]error
		r.A, errs[0] = DecimalInt32(d, 7, 2)
		r.B, errs[1] = DecimalInt64(d, 18, 4)
		r.C, errs[2] = DecimalFixed(d, 38, 9)
		for _, err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if s := spec.Schema().String(); !strings.Contains(s, "int32 a (DECIMAL(7,2))") || !strings.Contains(s, "int64 b (DECIMAL(18,4))") {
		t.Errorf("schema:\n%s", s)
	}
	rows := open(t, buf.Bytes(), spec)
	cols := []*Column[value.Decimal]{Decimals(rows, 0), Decimals(rows, 1), Decimals(rows, 2)}
	n, err := rows.Next(0)
	if err != nil {
		t.Fatal(err)
	}
	for c, col := range cols {
		got, err := col.Read(nil, n, true, value.Decimal{})
		if err != nil {
			t.Fatal(err)
		}
		for i, s := range in {
			if !got[i].Equal(value.MustParseDecimal(s)) {
				t.Errorf("column %d row %d: %s, want %s", c, i, got[i], s)
			}
		}
	}
	if _, err := rows.Next(0); err != io.EOF {
		t.Errorf("after the rows: %v", err)
	}
}
