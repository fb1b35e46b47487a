package codec

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
)

// readAll splits input into records of fields, marking nulls as "<null>".
func readAll(t testing.TB, r io.Reader, delim byte) ([][]string, error) {
	t.Helper()
	cr := NewCSVReader(r, Options{File: "in.csv", Delimiter: delim})
	var out [][]string
	for {
		err := cr.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		var rec []string
		for i := range cr.fields {
			if cr.Null(i) {
				rec = append(rec, "<null>")
			} else {
				rec = append(rec, cr.String(i))
			}
		}
		out = append(out, rec)
	}
}

func TestCSVReader(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		delim byte
		want  [][]string
		err   string
	}{
		{name: "simple", in: "a,b\n1,2\n", want: [][]string{{"a", "b"}, {"1", "2"}}},
		{name: "no final newline", in: "a,b\n1,2", want: [][]string{{"a", "b"}, {"1", "2"}}},
		{name: "crlf", in: "a,b\r\n1,2\r\n", want: [][]string{{"a", "b"}, {"1", "2"}}},
		{name: "bom", in: "\xef\xbb\xbfa,b\n", want: [][]string{{"a", "b"}}},
		{name: "blank lines skipped", in: "a\n\n\r\nb\n", want: [][]string{{"a"}, {"b"}}},
		{name: "null vs empty string", in: `,"",x` + "\n", want: [][]string{{"<null>", "", "x"}}},
		{name: "quoted delimiter", in: `"a,b",c` + "\n", want: [][]string{{"a,b", "c"}}},
		{name: "escaped quote", in: `"say ""hi""",x` + "\n", want: [][]string{{`say "hi"`, "x"}}},
		{name: "newline in quotes", in: "\"l1\nl2\",x\r\ny,z\n", want: [][]string{{"l1\nl2", "x"}, {"y", "z"}}},
		{name: "crlf in quotes kept", in: "\"l1\r\nl2\"\n", want: [][]string{{"l1\r\nl2"}}},
		{name: "quoted last field crlf", in: "a,\"b\"\r\nc,d\n", want: [][]string{{"a", "b"}, {"c", "d"}}},
		{name: "unicode", in: "Émile,日本\n", want: [][]string{{"Émile", "日本"}}},
		{name: "tsv", in: "a\tb c\n1\t2\n", delim: '\t', want: [][]string{{"a", "b c"}, {"1", "2"}}},
		{name: "trailing delimiter", in: "a,\n", want: [][]string{{"a", "<null>"}}},
		{name: "bare quote", in: "ab\"c,d\n", err: `in.csv:1:3: a quote appears inside an unquoted field`},
		{name: "unterminated", in: "x\n\"abc\n", err: "in.csv:2:1: a quoted field is not closed"},
		{name: "junk after quote", in: `"a"b` + "\n", err: `in.csv:1:4: unexpected 'b' after a closing quote`},
	}
	for _, tt := range tests {
		for _, chunked := range []bool{false, true} {
			var r io.Reader = strings.NewReader(tt.in)
			if chunked {
				r = iotest.OneByteReader(r) // every record straddles buffer refills
			}
			got, err := readAll(t, r, tt.delim)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Errorf("%s (chunked %v): error = %v, want %q", tt.name, chunked, err, tt.err)
				}
				continue
			}
			if err != nil {
				t.Errorf("%s (chunked %v): %v", tt.name, chunked, err)
				continue
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("%s (chunked %v): records (-want +got):\n%s", tt.name, chunked, d)
			}
		}
	}
}

// TestCSVReaderBigRecord checks a record larger than the buffer.
func TestCSVReaderBigRecord(t *testing.T) {
	big := strings.Repeat("x", 200<<10)
	in := "a,\"" + big + "\"\n" + big + ",b\n"
	got, err := readAll(t, strings.NewReader(in), ',')
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0][1] != big || got[1][0] != big {
		t.Fatalf("big records not read back")
	}
}

func TestCSVHeader(t *testing.T) {
	want := []Column{{"id", true}, {"name", true}, {"note", false}}
	tests := []struct {
		in  string
		idx []int
		err string
	}{
		{in: "id,name,note\n", idx: []int{0, 1, 2}},
		{in: "note,name,id\n", idx: []int{2, 1, 0}},
		{in: "name,id\n", idx: []int{1, 0, -1}},
		{in: "name,nme,extra\n", err: `missing required columns "id"; columns not in the schema "nme", "extra"`},
		{in: "id,id,name\n", err: `column "id" appears twice`},
		{in: "", err: "the file is empty"},
	}
	for _, tt := range tests {
		r := NewCSVReader(strings.NewReader(tt.in), Options{File: "h.csv"})
		idx, err := r.ReadHeader(want)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%q: error = %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tt.in, err)
			continue
		}
		if d := cmp.Diff(tt.idx, idx); d != "" {
			t.Errorf("%q: index (-want +got):\n%s", tt.in, d)
		}
	}
}

// TestCSVHeaderHugeMismatch checks that a header of a million unknown
// columns, against a schema of thousands of missing ones, gives a message
// that lists the first few of each and counts the rest.
func TestCSVHeaderHugeMismatch(t *testing.T) {
	var header strings.Builder
	for i := range 1_000_000 {
		if i > 0 {
			header.WriteByte(',')
		}
		fmt.Fprintf(&header, "x%d", i)
	}
	header.WriteByte('\n')
	want := make([]Column, 5000)
	for i := range want {
		want[i] = Column{Name: fmt.Sprintf("c%d", i), Required: true}
	}
	r := NewCSVReader(strings.NewReader(header.String()), Options{File: "wide.csv"})
	_, err := r.ReadHeader(want)
	if err == nil {
		t.Fatal("no error")
	}
	msg := err.Error()
	for _, part := range []string{
		`missing required columns "c0", "c1",`, `"c9" … and 4,990 more`,
		`columns not in the schema "x0", "x1",`, `"x9" … and 999,990 more`,
		`the schema's columns are c0,c1,`, `c9 … and 4,990 more`,
	} {
		if !strings.Contains(msg, part) {
			t.Errorf("message lacks %q:\n%.2000s", part, msg)
		}
	}
	if len(msg) > 1000 {
		t.Errorf("message is %d bytes:\n%.2000s", len(msg), msg)
	}
}

func TestCSVWidthMismatch(t *testing.T) {
	r := NewCSVReader(strings.NewReader("a,b\n1,2\n1,2,3\n"), Options{File: "w.csv"})
	if _, err := r.ReadHeader([]Column{{"a", true}, {"b", true}}); err != nil {
		t.Fatal(err)
	}
	if err := r.Next(); err != nil {
		t.Fatal(err)
	}
	err := r.Next()
	if err == nil || !strings.Contains(err.Error(), "w.csv:3: the record has 3 fields, but the header has 2") {
		t.Fatalf("error = %v", err)
	}
}

// TestCSVWriterReadsBack writes awkward strings and checks both our reader
// and encoding/csv read them back.
func TestCSVWriterReadsBack(t *testing.T) {
	values := []string{"plain", "", "a,b", `q"uote`, "line\nbreak", "cr\rlf", " lead", "tab\tin", "日本", "\\."}
	var buf bytes.Buffer
	w := NewCSVWriter(&buf, Options{})
	for _, v := range values {
		w.NullableString(v)
	}
	w.Null()
	if err := w.EndRecord(); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	got, err := readAll(t, bytes.NewReader(buf.Bytes()), ',')
	if err != nil {
		t.Fatal(err)
	}
	want := append(append([]string{}, values...), "<null>")
	if d := cmp.Diff([][]string{want}, got); d != "" {
		t.Errorf("read back (-want +got):\n%s", d)
	}
	std, err := csv.NewReader(bytes.NewReader(buf.Bytes())).ReadAll()
	if err != nil {
		t.Fatalf("encoding/csv cannot read our output: %v", err)
	}
	if d := cmp.Diff(append(append([]string{}, values...), ""), std[0]); d != "" {
		t.Errorf("encoding/csv read (-want +got):\n%s", d)
	}
}

func TestCSVWriterDiscard(t *testing.T) {
	var buf bytes.Buffer
	w := NewCSVWriter(&buf, Options{})
	w.String("kept")
	_ = w.EndRecord()
	w.String("dropped")
	w.Discard()
	w.String("next")
	_ = w.EndRecord()
	_ = w.Flush()
	if got := buf.String(); got != "kept\nnext\n" {
		t.Fatalf("got %q", got)
	}
}

func FuzzCSVReader(f *testing.F) {
	for _, s := range []string{"a,b\n1,2\n", `"a""b",c` + "\r\n", "\"x\ny\",", "\xef\xbb\xbf\"", "a\"b", ",,,\n\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		ours, ourErr := readAll(t, iotest.OneByteReader(strings.NewReader(in)), ',')
		whole, wholeErr := readAll(t, strings.NewReader(in), ',')
		if (ourErr == nil) != (wholeErr == nil) || !cmp.Equal(ours, whole) {
			t.Fatalf("chunked and whole reads differ: %v/%v\n%v\n%v", ourErr, wholeErr, ours, whole)
		}
	})
}

func TestSplitCSV(t *testing.T) {
	in := "a,b\n1,\"x\ny\"\n2,z\n3,w\n4,\"q\n\"\n5,v\n"
	for n := 1; n <= 8; n++ {
		ranges, err := SplitCSV(strings.NewReader(in), int64(len(in)), n)
		if err != nil {
			t.Fatal(err)
		}
		var all [][]string
		prevEnd := int64(4)
		for _, rg := range ranges {
			if rg.Start != prevEnd {
				t.Fatalf("n=%d: gap or overlap at %d", n, rg.Start)
			}
			prevEnd = rg.End
			part := in[rg.Start:rg.End]
			cr := NewCSVReader(strings.NewReader(part), Options{Header: rg.Header, Line: rg.Line, File: "f"})
			if _, err := cr.ReadHeader([]Column{{"a", true}, {"b", true}}); err != nil {
				t.Fatal(err)
			}
			for cr.Next() == nil {
				all = append(all, []string{cr.String(0), cr.String(1), fmt.Sprint(cr.Line())})
			}
		}
		if prevEnd != int64(len(in)) {
			t.Fatalf("n=%d: ranges end at %d of %d", n, prevEnd, len(in))
		}
		want := [][]string{{"1", "x\ny", "2"}, {"2", "z", "4"}, {"3", "w", "5"}, {"4", "q\n", "6"}, {"5", "v", "8"}}
		if d := cmp.Diff(want, all); d != "" {
			t.Errorf("n=%d: records (-want +got):\n%s", n, d)
		}
	}
}

func TestCSVHeaderExtraColumns(t *testing.T) {
	r := NewCSVReader(strings.NewReader("new,id,name\nx,1,Ada\n"), Options{File: "h.csv", ExtraColumns: true})
	idx, err := r.ReadHeader([]Column{{"id", true}, {"name", true}})
	if err != nil {
		t.Fatalf("a compatible new column was refused: %v", err)
	}
	if err := r.Next(); err != nil {
		t.Fatal(err)
	}
	if got := r.String(idx[0]) + " " + r.String(idx[1]); got != "1 Ada" {
		t.Errorf("got %q", got)
	}
}
