package parquetcodec

import (
	"testing"
)

// TestSkipBad checks that after SkipBad a null where a value is required
// is its row's error and the chunk reads on, and that without it the
// chunk fails.
func TestSkipBad(t *testing.T) {
	type row struct {
		ID int64   `parquet:"id"`
		S  *string `parquet:"s,dict"`
	}
	a := "a"
	data := write(t, []row{{1, &a}, {2, nil}, {3, &a}, {4, nil}})
	for _, skip := range []bool{false, true} {
		rows := open(t, data, dictSpec)
		if skip {
			rows.SkipBad()
		}
		ids, ss := Int64s(rows, 0), Strings(rows, 1)
		n, err := rows.Next(0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ids.Read(nil, n, true, 0); err != nil {
			t.Fatal(err)
		}
		got, err := ss.Read(nil, n, true, "")
		if !skip {
			if err == nil || rows.RowErr(1) != nil {
				t.Errorf("without SkipBad: %v, %v", err, rows.RowErr(1))
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		for i, want := range []string{"", `t.parquet: row 2 (row group 0): field "s": the file has a null here`, "", `t.parquet: row 4 (row group 0): field "s"`} {
			err := rows.RowErr(i)
			if want == "" && err != nil || want != "" && (err == nil || len(err.Error()) < len(want) || err.Error()[:len(want)] != want) {
				t.Errorf("row %d: %v, want %q", i, err, want)
			}
		}
		if got[0] != "a" || got[1] != "" || got[2] != "a" {
			t.Errorf("values %q", got)
		}
		if _, err := rows.Next(0); err == nil || rows.RowErr(1) != nil {
			t.Errorf("the next chunk kept the bad rows: %v", rows.RowErr(1))
		}
	}
}
