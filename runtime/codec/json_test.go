package codec

import (
	"bytes"
	"encoding/json"
	"io"
	"math"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestJSONLexerValues(t *testing.T) {
	lx := NewJSONLexer([]byte(`{"s":"a\"b\u00e9\ud83d\ude00","i":-42,"f":1.5e3,"b":true,"n":null,"t":"2026-01-02T03:04:05.5+02:00","x":{"deep":[1,{"a":"]"}]}}`), "r.json", 1, 1)
	if err := lx.BeginObject(""); err != nil {
		t.Fatal(err)
	}
	got := map[string]any{}
	for i := 0; ; i++ {
		key, ok, err := lx.Key(i)
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			break
		}
		switch k := string(key); k {
		case "s":
			s, err := lx.String(k)
			if err != nil {
				t.Fatal(err)
			}
			got[k] = string(s)
		case "i":
			got[k], err = lx.Int(k, 64)
		case "f":
			got[k], err = lx.Float(k, 64)
		case "b":
			got[k], err = lx.Bool(k)
		case "n":
			got[k] = lx.Null()
		case "t":
			var ts time.Time
			ts, err = lx.Time(k)
			got[k] = ts.Format(time.RFC3339Nano)
		default:
			err = lx.Skip()
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := lx.End(); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"s": "a\"bé😀", "i": int64(-42), "f": 1500.0, "b": true, "n": true, "t": "2026-01-02T03:04:05.5+02:00"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

func TestJSONLexerErrors(t *testing.T) {
	tests := []struct {
		in   string
		read func(*JSONLexer) error
		want string
	}{
		{"\n  {\"age\": \"x\"}", func(l *JSONLexer) error {
			_ = l.BeginObject("")
			_, _, _ = l.Key(0)
			_, err := l.Int("age", 64)
			return err
		}, `f.json:2:11: field "age": cannot read "\"x\"" as integer`},
		{`{"age": 300}`, func(l *JSONLexer) error {
			_ = l.BeginObject("")
			_, _, _ = l.Key(0)
			_, err := l.Int("age", 8)
			return err
		}, `f.json:1:9: field "age": cannot read "300" as integer (int8): value out of range`},
		{`[1]`, func(l *JSONLexer) error { return l.BeginObject("") }, "f.json:1:1: expected a JSON object"},
		{`{"a" 1}`, func(l *JSONLexer) error { _ = l.BeginObject(""); _, _, err := l.Key(0); return err }, "expected ':'"},
		{`{"a":1 "b":2}`, func(l *JSONLexer) error {
			_ = l.BeginObject("")
			_, _, _ = l.Key(0)
			_ = l.Skip()
			_, _, err := l.Key(1)
			return err
		}, "expected ',' or '}'"},
		{`"abc`, func(l *JSONLexer) error { _, err := l.String("s"); return err }, "unterminated string"},
		{`{"x":[1,2}`, func(l *JSONLexer) error { _ = l.BeginObject(""); _, _, _ = l.Key(0); return l.Skip() }, "mismatched bracket"},
	}
	for _, tt := range tests {
		err := tt.read(NewJSONLexer([]byte(tt.in), "f.json", 1, 1))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error = %v, want %q", tt.in, err, tt.want)
		}
	}
}

func TestAppendJSONStringMatchesEncodingJSON(t *testing.T) {
	for _, s := range []string{"", "plain", "q\"b\\s", "\n\r\t\x00\x1f", "<html>&", "日本😀", "bad\xffutf8", "\u2028\u2029"} {
		got := AppendJSONString(nil, s)
		var back string
		if err := json.Unmarshal(got, &back); err != nil {
			t.Errorf("%q: not valid JSON %s: %v", s, got, err)
			continue
		}
		want, _ := json.Marshal(s)
		var wantBack string
		_ = json.Unmarshal(want, &wantBack)
		if back != wantBack {
			t.Errorf("%q: reads back as %q, encoding/json gives %q", s, back, wantBack)
		}
	}
}

func TestAppendJSONFloat(t *testing.T) {
	for _, f := range []float64{0, -0.0, 1.5, 1e21, 1e-7, math.MaxFloat64, math.SmallestNonzeroFloat64, 0.1 + 0.2} {
		b, err := AppendJSONFloat(nil, f, 64)
		if err != nil {
			t.Fatal(err)
		}
		var back float64
		if err := json.Unmarshal(b, &back); err != nil || back != f {
			t.Errorf("%v: %s reads back as %v (%v)", f, b, back, err)
		}
	}
	if _, err := AppendJSONFloat(nil, math.NaN(), 64); err == nil {
		t.Error("NaN: no error")
	}
}

func TestJSONArrayReader(t *testing.T) {
	in := "\xef\xbb\xbf[\n  {\"a\": \"x]\"},\n  {\"a\": \"y\"}\n]\n"
	for _, chunked := range []bool{false, true} {
		var r io.Reader = strings.NewReader(in)
		if chunked {
			r = iotest.OneByteReader(r)
		}
		ar := NewJSONArrayReader(r, Options{File: "a.json"})
		var got []string
		for {
			lx, err := ar.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			_ = lx.BeginObject("")
			_, _, _ = lx.Key(0)
			s, err := lx.String("a")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, string(s))
			if _, _, err := lx.Key(1); err != nil {
				t.Fatal(err)
			}
		}
		if d := cmp.Diff([]string{"x]", "y"}, got); d != "" {
			t.Errorf("chunked %v: (-want +got):\n%s", chunked, d)
		}
	}
	for _, bad := range []string{`{"a":1}`, `[{"a":1} {"a":2}]`, `[{"a":1}`, `[{"a":1}] x`} {
		ar := NewJSONArrayReader(strings.NewReader(bad), Options{File: "b.json"})
		var err error
		for err == nil {
			_, err = ar.Next()
		}
		if err == io.EOF {
			t.Errorf("%s: no error", bad)
		}
	}
}

func TestJSONWritersRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	w := NewJSONArrayWriter(&buf, Options{Indent: 2})
	for _, s := range []string{"a", "b"} {
		b := w.Buffer()
		b = append(b, `{"k":`...)
		b = AppendJSONString(b, s)
		b = append(b, '}')
		if err := w.Commit(b); err != nil {
			t.Fatal(err)
		}
	}
	_ = w.Buffer() // abandoned element: must not appear
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	var got []map[string]string
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("%s: %v", buf.Bytes(), err)
	}
	if len(got) != 2 || got[1]["k"] != "b" {
		t.Fatalf("got %v", got)
	}
	want := "[\n  {\n    \"k\": \"a\"\n  },\n  {\n    \"k\": \"b\"\n  }\n]\n"
	if buf.String() != want {
		t.Errorf("indented output:\n%s\nwant:\n%s", buf.String(), want)
	}
}

func FuzzJSONLexerSkip(f *testing.F) {
	for _, s := range []string{`{"a":[1,{"b":null}]}`, `"\u12"`, `[[[[`, `-`, `{"a":"\ud800"}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		lx := NewJSONLexer([]byte(in), "f", 1, 1)
		if err := lx.Skip(); err == nil && json.Valid([]byte(in)) {
			if err := lx.End(); err != nil {
				t.Fatalf("valid JSON %q not consumed: %v", in, err)
			}
		}
	})
}
