package codec

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

func TestErrorPositions(t *testing.T) {
	tests := []struct {
		err  Error
		want string
	}{
		{Error{File: "a.csv", Line: 3, Column: 7, Field: "id", Text: "x", Expected: "integer"}, `a.csv:3:7: field "id": cannot read "x" as integer`},
		{Error{File: "a.parquet", Row: 12, Field: "unit", Err: errors.New("null")}, `a.parquet: row 12: field "unit": null`},
		{Error{Row: 2, Err: errors.New("bad")}, `<input>: row 2: bad`},
		{Error{File: "a.parquet", Err: errors.New("corrupt"), Hint: "rewrite it"}, "a.parquet: corrupt\n\thint: rewrite it"},
		{Error{Line: 4, Row: 9, Err: errors.New("line wins")}, `<input>:4: line wins`},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

// byteReader is a random-access reader of one string record per byte of
// its input, to test the adapters.
type byteReader struct {
	data []byte
	i    int
}

func (r *byteReader) Read(rec *string) error {
	if r.i == len(r.data) {
		return io.EOF
	}
	*rec = string(r.data[r.i])
	r.i++
	return nil
}

func newByteReader(r io.ReaderAt, size int64, o Options) (*byteReader, error) {
	data := make([]byte, size)
	if _, err := r.ReadAt(data, 0); err != nil && err != io.EOF {
		return nil, err
	}
	if o.File == "refuse" {
		return nil, errors.New("refused")
	}
	return &byteReader{data: data}, nil
}

func TestReaderAtAdapters(t *testing.T) {
	at := ReaderAtFunc[string](newByteReader)
	stream := ReadAllFunc(at)
	for _, open := range []func() (Reader[string], error){
		func() (Reader[string], error) { return at(bytes.NewReader([]byte("abc")), 3, Options{}) },
		func() (Reader[string], error) { return stream(strings.NewReader("abc"), Options{}) },
	} {
		r, err := open()
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for rec, err := range All(r) {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, rec)
		}
		if strings.Join(got, ",") != "a,b,c" {
			t.Errorf("read %q", got)
		}
	}
	if r, err := at(bytes.NewReader(nil), 0, Options{File: "refuse"}); err == nil || r != nil {
		t.Errorf("a failed constructor returned %v, %v", r, err)
	}
	if _, err := stream(iotestErrReader{}, Options{}); err == nil {
		t.Error("a failing stream was read")
	}
}

type iotestErrReader struct{}

func (iotestErrReader) Read([]byte) (int, error) { return 0, errors.New("broken") }
