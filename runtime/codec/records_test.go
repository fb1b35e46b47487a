package codec

import (
	"bytes"
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"
)

// pair is a record with a hand-written codec, as ayeaye-gen writes them.
type pair struct {
	Name  string
	Count int64
}

var pairCodec = &Codec[pair]{
	Columns: []Column{{Name: "name", Required: true}, {Name: "count"}},
	DecodeCSV: func(csv *CSVReader, idx []int, rec *pair) error {
		*rec = pair{Name: csv.String(idx[0])}
		if c := idx[1]; c >= 0 && len(csv.Bytes(c)) > 0 {
			v, err := csv.Int(c, 64)
			if err != nil {
				return err
			}
			rec.Count = v
		}
		return nil
	},
	AppendCSV: func(csv *CSVWriter, rec *pair) error {
		csv.String(rec.Name)
		if rec.Count < 0 {
			return errors.New("negative count")
		}
		csv.Int(rec.Count)
		return nil
	},
	DecodeJSON: func(lx *JSONLexer, field string, rec *pair) error {
		*rec = pair{}
		if err := lx.BeginObject(field); err != nil {
			return err
		}
		for i := 0; ; i++ {
			key, ok, err := lx.Key(i)
			if err != nil || !ok {
				return err
			}
			switch string(key) {
			case "name":
				rec.Name, err = lx.Text("name")
			case "count":
				rec.Count, err = lx.Int("count", 64)
			default:
				err = lx.Skip()
			}
			if err != nil {
				return err
			}
		}
	},
	AppendJSON: func(b []byte, rec *pair) ([]byte, error) {
		if rec.Count < 0 {
			return b, errors.New("negative count")
		}
		b = append(b, `{"name":`...)
		b = AppendJSONString(b, rec.Name)
		b = append(b, `,"count":`...)
		return append(strconv.AppendInt(b, rec.Count, 10), '}'), nil
	},
}

// TestCodecFormats writes records in every format through Formats, with
// one record that fails half way, and reads them back.
func TestCodecFormats(t *testing.T) {
	recs := []pair{{"a, b", 1}, {"bad", -1}, {"c", 30}}
	want := []pair{recs[0], recs[2]}
	for _, f := range pairCodec.Formats("csv", "tsv", "json", "ndjson") {
		t.Run(f.Name, func(t *testing.T) {
			var buf bytes.Buffer
			w, err := f.NewWriter(&buf, Options{})
			if err != nil {
				t.Fatal(err)
			}
			for i := range recs {
				err := w.Write(&recs[i])
				if (err != nil) != (recs[i].Count < 0) {
					t.Fatalf("Write(%+v) = %v", recs[i], err)
				}
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			r, err := f.NewReader(bytes.NewReader(buf.Bytes()), Options{File: "pairs"})
			if err != nil {
				t.Fatalf("%v\n%s", err, buf.Bytes())
			}
			var got []pair
			for rec, err := range All(r) {
				if err != nil {
					t.Fatalf("%v\n%s", err, buf.Bytes())
				}
				got = append(got, rec)
			}
			if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
				t.Errorf("read back %+v, want %+v from\n%s", got, want, buf.Bytes())
			}
		})
	}
}

// TestCodecDelimited checks the header handling the generic reader does
// for every generated one: any column order, an optional column absent,
// no header, and a missing required column named in the error.
func TestCodecDelimited(t *testing.T) {
	r, err := pairCodec.NewTSVReader(strings.NewReader("count\tname\n2\tx\n"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var rec pair
	if err := r.Read(&rec); err != nil || rec != (pair{"x", 2}) {
		t.Errorf("reordered TSV: %+v, %v", rec, err)
	}
	if err := r.Read(&rec); err != io.EOF {
		t.Errorf("after the last record: %v", err)
	}
	r, err = pairCodec.NewCSVReader(strings.NewReader("y,3\n"), Options{NoHeader: true})
	if err != nil || r.Read(&rec) != nil || rec != (pair{"y", 3}) {
		t.Errorf("no header: %+v, %v", rec, err)
	}
	r, err = pairCodec.NewCSVReader(strings.NewReader("name\nz\n"), Options{})
	if err != nil || r.Read(&rec) != nil || rec != (pair{"z", 0}) {
		t.Errorf("optional column absent: %+v, %v", rec, err)
	}
	if _, err := pairCodec.NewCSVReader(strings.NewReader("count\n1\n"), Options{File: "p.csv"}); err == nil || !strings.Contains(err.Error(), `missing required columns "name"`) {
		t.Errorf("missing required column: %v", err)
	}
}
