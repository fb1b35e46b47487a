package parquetcodec

import (
	"fmt"
	"io"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/parquet-go/parquet-go"
)

type dictRow struct {
	ID int64  `parquet:"id"`
	S  string `parquet:"s,dict"`
}

var dictSpec = NewSpec[dictRow]("dict", "sha256:0", "id")

// readDicts reads column s of data in chunks of chunk rows with ReadDict,
// returning every row's value and the largest Values seen.
func readDicts(t *testing.T, data []byte, chunk int, strict bool) ([]string, int, error) {
	t.Helper()
	rows := open(t, data, dictSpec)
	c := Strings(rows, 1)
	var d Dict[string]
	var out []string
	most := 0
	for {
		n, err := rows.Next(chunk)
		if err == io.EOF {
			return out, most, nil
		}
		if err != nil {
			return out, most, err
		}
		if err := c.ReadDict(&d, n, strict, "dflt"); err != nil {
			return out, most, err
		}
		if d.Len() != n {
			t.Fatalf("Len %d, want %d", d.Len(), n)
		}
		vals := d.Slice(nil)
		for i := range n {
			if d.At(i) != vals[i] {
				t.Fatalf("At(%d) = %q, Slice has %q", i, d.At(i), vals[i])
			}
		}
		out = append(out, vals...)
		most = max(most, len(d.Values))
	}
}

func TestReadDict(t *testing.T) {
	const n = 1000
	want := make([]string, n)
	dict := make([]dictRow, n)
	plain := make([]struct {
		ID int64  `parquet:"id"`
		S  string `parquet:"s"`
	}, n)
	nullable := make([]struct {
		ID int64   `parquet:"id"`
		S  *string `parquet:"s,dict"`
	}, n)
	withNulls := make([]string, n)
	for i := range n {
		want[i] = fmt.Sprintf("s%d", i%7)
		dict[i] = dictRow{ID: int64(i), S: want[i]}
		plain[i].S = want[i]
		withNulls[i] = want[i]
		if i%5 == 0 {
			withNulls[i] = "dflt"
		} else {
			nullable[i].S = &want[i]
		}
	}
	small := []parquet.WriterOption{parquet.PageBufferSize(256), parquet.MaxRowsPerRowGroup(300)}
	tests := []struct {
		name    string
		data    []byte
		chunk   int
		strict  bool
		want    []string
		maxVals int // the most Values a chunk may hold: the dictionary, not a value per row
		wantErr string
	}{
		{name: "dictionary, whole row groups", data: write(t, dict, small...), want: want, maxVals: 7},
		{name: "dictionary, chunks across pages", data: write(t, dict, small...), chunk: 97, want: want, maxVals: 7},
		{name: "plain pages", data: write(t, plain, small...), chunk: 128, want: want, maxVals: 128},
		{name: "nulls read as the default", data: write(t, nullable, small...), chunk: 100, want: withNulls, maxVals: 8},
		{name: "nulls are errors when strict", data: write(t, nullable, small...), strict: true,
			wantErr: `t.parquet: row 1 (row group 0): field "s": the file has a null here and the schema requires a value`},
		{name: "a missing column is the default", data: write(t, make([]struct {
			ID int64 `parquet:"id"`
		}, n)), chunk: 333, want: fill(n, "dflt"), maxVals: 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, most, err := readDicts(t, tc.data, tc.chunk, tc.strict)
			if tc.wantErr != "" {
				if err == nil || len(err.Error()) < len(tc.wantErr) || err.Error()[:len(tc.wantErr)] != tc.wantErr {
					t.Fatalf("error = %v, want %s", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("values (-want +got):\n%s", d)
			}
			if most > tc.maxVals {
				t.Errorf("a chunk held %d values, want at most %d", most, tc.maxVals)
			}
		})
	}
}

func fill(n int, s string) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}

// TestDictPlainThenDictionary covers a chunk whose plain values come
// before the dictionary's codes, as a file whose writer switched encoding
// mid-chunk could have: codes are moved past the plain values.
func TestDictPlainThenDictionary(t *testing.T) {
	var d Dict[string]
	d.reset(3, nil)
	d.Codes[0] = d.add("plain")
	shared := []string{"a", "b"}
	d.ensureOwn()
	base := int32(len(d.Values))
	d.Values = append(d.Values, shared...)
	d.own = d.Values
	d.Codes[1], d.Codes[2] = base+1, base
	if got := d.Slice(nil); !cmp.Equal(got, []string{"plain", "b", "a"}) {
		t.Errorf("got %v", got)
	}
	if shared[0] != "a" || len(shared) != 2 {
		t.Error("the column's dictionary was changed")
	}
}
