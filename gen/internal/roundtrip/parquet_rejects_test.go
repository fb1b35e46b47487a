package roundtrip

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/ayeaye-go/ayeaye/gen/internal/roundtrip/datasets"
	"github.com/ayeaye-go/ayeaye/runtime"
)

// TestParquetBadRecords runs a model over a Parquet file another tool
// wrote, with rows the dataset's schema refuses: an enum value the enum
// lacks and a null where a value is required. A run that skips bad
// records rejects and counts exactly those rows and copies the others; a
// run that does not fails naming the file, row, row group and column.
func TestParquetBadRecords(t *testing.T) {
	type foreign struct {
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
	}
	rows := make([]foreign, 10)
	for i := range rows {
		rows[i] = foreign{ID: int64(i + 1), Status: ptr("new")}
	}
	rows[3].Status = ptr("started") // row 4, in the second row group of 3 rows
	rows[7].Status = nil            // row 8, in the third
	dir := t.TempDir()
	in := filepath.Join(dir, "in.parquet")
	if err := os.WriteFile(in, writeGeneric(t, rows, parquet.MaxRowsPerRowGroup(3)), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		skip    bool
		wantErr string
	}{
		{name: "skipped", skip: true},
		{name: "not skipped", wantErr: in + `: row 4 (row group 1): field "status": cannot read "started" as one of "new", "in-progress", "done"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out.ndjson")
			r := &runtime.Runner{Mem: runtime.NewMem(), SkipBadRecords: tc.skip,
				Overrides: map[string]string{"alltypes": "parquet://" + in, "back": "ndjson://" + out}}
			back := &runtime.Dataset[datasets.Alltype]{Name: "back", Formats: datasets.AlltypesDataset.Formats}
			rep, err := r.Run(context.Background(), "copy", &copyModel{In: datasets.AlltypesDataset.Input(), Out: back.Output()})
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error = %v\nwant %s", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if rep.Rejected != 2 || rep.Datasets[0].Records != 8 || rep.Datasets[1].Records != 8 {
				t.Errorf("rejected %d, read %d, written %d; want 2, 8 and 8", rep.Rejected, rep.Datasets[0].Records, rep.Datasets[1].Records)
			}
			rejects, err := os.ReadFile(out + ".rejects.ndjson")
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSpace(string(rejects)), "\n")
			want := []string{
				`{"dataset":"alltypes","file":"` + in + `","row":4,"field":"status","text":"started","error":"` + in + `: row 4 (row group 1): field \"status\": cannot read \"started\" as one of \"new\", \"in-progress\", \"done\""}`,
				`"row":8,"field":"status","error":"` + in + `: row 8 (row group 2): field \"status\": the file has a null here and the schema requires a value`,
			}
			if len(lines) != 2 || lines[0] != want[0] || !strings.Contains(lines[1], want[1]) {
				t.Errorf("rejects:\n%s\nwant\n%s", rejects, strings.Join(want, "\n"))
			}
		})
	}
}
