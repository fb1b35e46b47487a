package roundtrip

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ayeaye-go/ayeaye/gen/internal/roundtrip/datasets"
	"github.com/ayeaye-go/ayeaye/runtime/codec"
)

// fuzzFormat reads arbitrary input with a generated reader: it must
// return records or an error, never panic, and whatever it reads must
// survive a write and a second read unchanged.
func fuzzFormat(t *testing.T, f codec.Format[datasets.Alltype], in []byte) {
	r, err := f.NewReader(bytes.NewReader(in), codec.Options{File: "fuzz"})
	if err != nil {
		return
	}
	var recs []datasets.Alltype
	for rec, err := range codec.All(r) {
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz") {
				t.Fatalf("error without position: %v", err)
			}
			return
		}
		recs = append(recs, rec)
	}
	var buf bytes.Buffer
	w, _ := f.NewWriter(&buf, codec.Options{})
	for i := range recs {
		if err := w.Write(&recs[i]); err != nil {
			return // NaN cannot be written as JSON; the error is the contract
		}
	}
	_ = w.Close()
	r2, err := f.NewReader(&buf, codec.Options{})
	if err != nil {
		t.Fatalf("cannot read back what was written: %v\n%s", err, buf.Bytes())
	}
	var again []datasets.Alltype
	for rec, err := range codec.All(r2) {
		if err != nil {
			t.Fatalf("cannot read back what was written: %v\n%s", err, buf.Bytes())
		}
		again = append(again, rec)
	}
	// A non-nullable array absent from the input reads as nil and is
	// written as [], which reads back empty: the same value.
	if d := cmp.Diff(recs, again, decimalExact, cmpopts.EquateEmpty(), cmp.Comparer(func(a, b float64) bool { return a == b || a != a && b != b })); d != "" {
		t.Fatalf("changed on the second round trip (-first +second):\n%s", d)
	}
}

func format(name string) codec.Format[datasets.Alltype] {
	for _, f := range datasets.AlltypesDataset.Formats {
		if f.Name == name {
			return f
		}
	}
	panic(name)
}

func seed(f *testing.F, name string) {
	for _, rec := range sampleRecords() {
		var buf bytes.Buffer
		w, _ := format(name).NewWriter(&buf, codec.Options{})
		_ = w.Write(&rec)
		_ = w.Close()
		f.Add(buf.Bytes())
	}
}

func FuzzGeneratedCSVDecoder(f *testing.F) {
	seed(f, "csv")
	f.Add([]byte("id,name,small,ratio,ratio32,ok,at,day,amount,status\n1,\"a\n"))
	f.Fuzz(func(t *testing.T, in []byte) { fuzzFormat(t, format("csv"), in) })
}

func FuzzGeneratedNDJSONDecoder(f *testing.F) {
	seed(f, "ndjson")
	f.Add([]byte(`{"id":1,"tags":[[]],"place":{"lat":"x"}}`))
	// Duplicate keys, at the top and nested, must be positioned errors.
	f.Add([]byte(`{"id":1,"id":2}`))
	f.Add([]byte(`{"id":1,"place":{"lat":1,"lon":2,"lat":3}}`))
	f.Fuzz(func(t *testing.T, in []byte) { fuzzFormat(t, format("ndjson"), in) })
}
