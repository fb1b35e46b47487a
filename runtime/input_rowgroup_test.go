package runtime_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/codec"
	"github.com/ayeaye-go/ayeaye/runtime/codec/parquetcodec"
	"github.com/ayeaye-go/ayeaye/runtime/partition"
)

// meter is a Parquet dataset's record, with the little of generated code
// the runtime needs: a writer, a random-access reader and a row group
// lister built on parquetcodec.
type meter struct {
	ID   int64  `parquet:"id"`
	Site string `parquet:"site,dict"`
}

var meterSpec = parquetcodec.NewSpec[meter]("meters", "sha256:0", "id", "site")

type meterReader struct {
	rows  *parquetcodec.Rows
	id    *parquetcodec.Column[int64]
	site  *parquetcodec.Column[string]
	ids   []int64
	sites []string
	i, n  int
}

func (r *meterReader) Read(rec *meter) error {
	if r.i == r.n {
		n, err := r.rows.Next(parquetcodec.ChunkRows)
		if err != nil {
			return err
		}
		if r.ids, err = r.id.Read(r.ids, n, true, 0); err != nil {
			return err
		}
		if r.sites, err = r.site.Read(r.sites, n, true, ""); err != nil {
			return err
		}
		r.i, r.n = 0, n
	}
	*rec = meter{ID: r.ids[r.i], Site: r.sites[r.i]}
	r.i++
	return nil
}

type meterWriter struct{ w *parquetcodec.Writer[meter] }

func (w meterWriter) Write(rec *meter) error { *w.w.Next() = *rec; return w.w.Commit() }
func (w meterWriter) Close() error           { return w.w.Close() }

var meterFormats = []codec.Format[meter]{{
	Name: "parquet",
	NewReaderAt: func(ra io.ReaderAt, size int64, o codec.Options) (codec.Reader[meter], error) {
		f, err := parquetcodec.Open(ra, size, meterSpec, o)
		if err != nil {
			return nil, err
		}
		rows := f.Rows()
		return &meterReader{rows: rows, id: parquetcodec.Int64s(rows, 0), site: parquetcodec.Strings(rows, 1)}, nil
	},
	NewWriter: func(w io.Writer, o codec.Options) (codec.Writer[meter], error) {
		x, err := parquetcodec.NewWriter[meter](w, meterSpec, o)
		return meterWriter{x}, err
	},
	RowGroups: func(ra io.ReaderAt, size int64) ([]int64, error) { return parquetcodec.RowGroups(ra, size, "") },
}, {
	Name:      "csv",
	NewReader: func(io.Reader, codec.Options) (codec.Reader[meter], error) { return nil, io.ErrUnexpectedEOF },
}}

var meters = &runtime.Dataset[meter]{Name: "meters", EngineURL: "parquet://{data_root}/meters-*.parquet", Formats: meterFormats}

// writeMeters writes ids as a Parquet file of rowGroupRows rows per row
// group.
func writeMeters(t testing.TB, path string, rowGroupRows int, ids ...int64) {
	t.Helper()
	if err := writeMetersFile(path, rowGroupRows, ids...); err != nil {
		t.Fatal(err)
	}
}

func writeMetersFile(path string, rowGroupRows int, ids ...int64) error {
	var buf bytes.Buffer
	w, err := meterFormats[0].NewWriter(&buf, codec.Options{RowGroupRows: rowGroupRows})
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := w.Write(&meter{ID: id, Site: fmt.Sprintf("site-%d", id%3)}); err != nil {
			return err
		}
	}
	if err := w.Close(); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

// byRowGroup reads its input one row group at a time, as a partitioned
// model's partitions would.
type byRowGroup struct {
	In   runtime.Input[meter]
	Out  runtime.Output[meter]
	only *runtime.RowGroup // read this one instead of listing them
	got  []runtime.RowGroup
	ids  [][]int64
}

func (m *byRowGroup) Build(ctx context.Context) error {
	groups := []runtime.RowGroup{}
	if m.only != nil {
		groups = append(groups, *m.only)
	} else {
		var err error
		if groups, err = m.In.RowGroups(); err != nil {
			return err
		}
	}
	m.got = groups
	for _, g := range groups {
		var ids []int64
		for rec, err := range m.In.RowGroupAll(g) {
			if err != nil {
				return err
			}
			ids = append(ids, rec.ID)
		}
		m.ids = append(m.ids, ids)
	}
	return nil
}

func TestRowGroups(t *testing.T) {
	dir := t.TempDir()
	writeMeters(t, filepath.Join(dir, "meters-1.parquet"), 4, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
	writeMeters(t, filepath.Join(dir, "meters-2.parquet"), 4, 11, 12, 13)
	if err := os.WriteFile(filepath.Join(dir, "junk.parquet"), []byte("not parquet"), 0o644); err != nil {
		t.Fatal(err)
	}
	one := "parquet://{data_root}/meters-1.parquet"
	f1, f2 := "parquet://"+dir+"/meters-1.parquet", "parquet://"+dir+"/meters-2.parquet"
	tests := []struct {
		name    string
		url     string
		only    *runtime.RowGroup
		want    []runtime.RowGroup
		ids     [][]int64
		wantErr string
	}{
		{name: "a wildcard of files of several row groups", url: meters.EngineURL,
			want: []runtime.RowGroup{{File: f1, Index: 0, Rows: 4}, {File: f1, Index: 1, Rows: 4}, {File: f1, Index: 2, Rows: 2}, {File: f2, Index: 0, Rows: 3}},
			ids:  [][]int64{{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10}, {11, 12, 13}}},
		{name: "one file", url: one,
			want: []runtime.RowGroup{{File: f1, Index: 0, Rows: 4}, {File: f1, Index: 1, Rows: 4}, {File: f1, Index: 2, Rows: 2}},
			ids:  [][]int64{{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10}}},
		{name: "a row group the file lacks", url: one, only: &runtime.RowGroup{File: f1, Index: 3},
			wantErr: "row group 3 does not exist; the file has 3"},
		{name: "a negative row group", url: one, only: &runtime.RowGroup{File: f1, Index: -1},
			wantErr: "row group -1 of " + dir + "/meters-1.parquet does not exist; list them with RowGroups"},
		{name: "a file that is not the input's", url: one, only: &runtime.RowGroup{File: f2},
			wantErr: "is not one of the input's files"},
		{name: "a file that is not Parquet, listed", url: "parquet://{data_root}/junk.parquet",
			wantErr: dir + "/junk.parquet: not a readable Parquet file"},
		{name: "a file that is not Parquet, read", url: "parquet://{data_root}/junk.parquet", only: &runtime.RowGroup{File: "parquet://" + dir + "/junk.parquet"},
			wantErr: dir + "/junk.parquet: not a readable Parquet file"},
		{name: "a csv input", url: "csv://{data_root}/meters.csv",
			wantErr: `dataset "meters": only parquet inputs have row groups, not csv; partition by file (Files) or, for csv and tsv, by byte range (Splits)`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := &byRowGroup{In: meters.Input(), Out: (&runtime.Dataset[meter]{Name: "out", Formats: meterFormats}).Output(), only: tc.only}
			r := &runtime.Runner{Env: vars{m: map[string]string{"data_root": dir}},
				Overrides: map[string]string{"meters": tc.url, "out": "mem://out"}}
			_, err := r.Run(context.Background(), "by_row_group", m)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tc.want, m.got); d != "" {
				t.Errorf("row groups (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tc.ids, m.ids); d != "" {
				t.Errorf("records (-want +got):\n%s", d)
			}
		})
	}
}

// A RowGroup crosses machines as JSON when a distributed executor runs
// the partitions.
func TestRowGroupJSON(t *testing.T) {
	g := runtime.RowGroup{File: "parquet://data/x.parquet", Index: 2, Rows: 10}
	b, err := json.Marshal(g)
	if err != nil {
		t.Fatal(err)
	}
	var back runtime.RowGroup
	if err := json.Unmarshal(b, &back); err != nil || back != g {
		t.Errorf("%s read back as %+v, %v", b, back, err)
	}
	if string(b) != `{"file":"parquet://data/x.parquet","index":2,"rows":10}` {
		t.Errorf("JSON = %s", b)
	}
}

// siteCounts counts meter readings per site, one partition per row group
// of the meters files: a large Parquet file is read in parallel without
// cutting it up first.
type siteCounts struct {
	Meters runtime.Input[meter]
	Groups int            // how many partitions ran
	Counts map[string]int // the result, for the example to print
}

func (m *siteCounts) count(ctx context.Context, g runtime.RowGroup) (map[string]int, error) {
	c := map[string]int{}
	for rec, err := range m.Meters.RowGroupAll(g) {
		if err != nil {
			return nil, err
		}
		c[rec.Site]++
	}
	return c, nil
}

func (m *siteCounts) Build(ctx context.Context) error {
	return partition.Run(ctx, "site_counts",
		func(context.Context) ([]runtime.RowGroup, error) {
			groups, err := m.Meters.RowGroups()
			m.Groups = len(groups)
			return groups, err
		},
		m.count,
		func(ctx context.Context, parts []map[string]int) error {
			m.Counts = map[string]int{}
			for _, p := range parts {
				for site, n := range p {
					m.Counts[site] += n
				}
			}
			return nil
		})
}

// A partitioned model makes one partition per row group of a Parquet
// input: RowGroups lists them from the files' footers and RowGroupAll
// reads one.
func ExampleInput_RowGroups() {
	dir, err := os.MkdirTemp("", "rowgroups")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	// 10 readings in row groups of 4, and 3 more: 4 row groups.
	if err := writeMetersFile(filepath.Join(dir, "meters-1.parquet"), 4, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10); err != nil {
		fmt.Println(err)
		return
	}
	if err := writeMetersFile(filepath.Join(dir, "meters-2.parquet"), 4, 11, 12, 13); err != nil {
		fmt.Println(err)
		return
	}
	m := &siteCounts{Meters: meters.Input()}
	r := &runtime.Runner{Env: vars{m: map[string]string{"data_root": dir}}}
	if _, err := r.Run(context.Background(), "site_counts", m); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m.Groups, "row groups:", m.Counts)
	// Output: 4 row groups: map[site-0:4 site-1:5 site-2:4]
}
