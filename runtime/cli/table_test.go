package cli

import (
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/ayeaye-go/ayeaye/internal/printable"
	"github.com/ayeaye-go/ayeaye/runtime/value"
)

type inner struct {
	A int    `json:"a"`
	B string `json:"b,omitempty"`
}

type Embedded struct {
	E string `json:"e"`
}

type priority string

type record struct {
	Embedded
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Skip     string `json:"-"`
	hidden   string // unexported: left out
	NoTag    bool
	Score    value.Null[float64]    `json:"score"`
	When     time.Time              `json:"when"`
	Day      value.Date             `json:"day"`
	Amount   value.Decimal          `json:"amount"`
	Tags     []string               `json:"tags"`
	Inner    inner                  `json:"inner"`
	Ptr      *inner                 `json:"ptr"`
	Level    priority               `json:"level"`
	Counts   map[string]int         `json:"counts"`
	Maybe    value.Null[value.Date] `json:"maybe"`
	Small    float32                `json:"small"`
	Unsigned uint8                  `json:"unsigned"`
}

func TestColumnsAndRow(t *testing.T) {
	cols := columnsOf(reflect.TypeFor[record]())
	var names []string
	for _, c := range cols {
		names = append(names, c.name)
	}
	wantNames := []string{"e", "id", "name", "NoTag", "score", "when", "day", "amount", "tags", "inner", "ptr", "level", "counts", "maybe", "small", "unsigned"}
	if d := cmp.Diff(wantNames, names); d != "" {
		t.Errorf("columns (-want +got):\n%s", d)
	}

	tests := []struct {
		name string
		rec  any
		want []string
	}{{
		name: "zero",
		rec:  record{},
		want: []string{"", "0", "", "false", "", "0001-01-01T00:00:00Z", "0000-00-00", "0", "", `{"a":0}`, "", "", "", "", "0", "0"},
	}, {
		name: "full",
		rec: &record{
			Embedded: Embedded{E: "emb"}, ID: 7, Name: "Dee, Jr.\tthe\nsecond", NoTag: true,
			Score: value.Some(0.25), When: time.Date(2026, 3, 1, 12, 30, 0, 5e8, time.UTC),
			Day: value.Date{Year: 2026, Month: 3, Day: 1}, Amount: value.NewDecimal(1250, 2),
			Tags: []string{"a", "b"}, Inner: inner{A: 1, B: "x"}, Ptr: &inner{A: 2}, Level: "high",
			Counts: map[string]int{"z": 1, "a": 2}, Maybe: value.Some(value.Date{Year: 2020, Month: 2, Day: 29}),
			Small: 0.1, Unsigned: 200,
		},
		want: []string{"emb", "7", `Dee, Jr.\tthe\nsecond`, "true", "0.25", "2026-03-01T12:30:00.5Z", "2026-03-01", "12.50",
			`["a","b"]`, `{"a":1,"b":"x"}`, `{"a":2}`, "high", `{"a":2,"z":1}`, "2020-02-29", "0.1", "200"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if d := cmp.Diff(tt.want, row(tt.rec, cols, 0)); d != "" {
				t.Errorf("row (-want +got):\n%s", d)
			}
		})
	}
}

func TestNonStructRecord(t *testing.T) {
	cols := columnsOf(reflect.TypeFor[string]())
	if d := cmp.Diff([]string{"x"}, row("x", cols, 0)); d != "" || cols[0].name != "value" {
		t.Errorf("cols %v, row diff %s", cols, d)
	}
}

func TestEscape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"Émile", "Émile"},
		{"a\tb", `a\tb`},
		{"a\r\nb", `a\r\nb`},
		{"bell\a", `bell\u0007`},
		{"bad\xffbyte", `bad\xffbyte`},
		{"nel\u0085", `nel\u0085`},
	}
	for _, tt := range tests {
		if got := printable.Escape(tt.in); got != tt.want {
			t.Errorf("printable.Escape(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestClip(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"hello", 0, "hello"},
		{"hello", 5, "hello"},
		{"hello", 4, "hel…"},
		{"hello", 1, "…"},
		{"ÉÉÉÉ", 3, "ÉÉ…"},
	}
	for _, tt := range tests {
		if got := printable.Clip(tt.in, tt.max); got != tt.want {
			t.Errorf("printable.Clip(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
		}
	}
}

func TestParseAssignment(t *testing.T) {
	tests := []struct {
		in, name, value, err string
	}{
		{in: "a=b", name: "a", value: "b"},
		{in: "a=", name: "a", value: ""},
		{in: "a=b=c", name: "a", value: "b=c"},
		{in: " a =x", name: "a", value: "x"},
		{in: "url=csv://{root}/x.csv;delimiter=;", name: "url", value: "csv://{root}/x.csv;delimiter=;"},
		{in: "a", err: `"a" is not variable=value`},
		{in: "=b", err: "has no variable name"},
		{in: "a b=c", err: "cannot hold spaces or braces"},
		{in: "{a}=c", err: "cannot hold spaces or braces"},
	}
	for _, tt := range tests {
		name, value, err := parseAssignment(tt.in, "variable")
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("parseAssignment(%q) error = %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || name != tt.name || value != tt.value {
			t.Errorf("parseAssignment(%q) = %q, %q, %v; want %q, %q", tt.in, name, value, err, tt.name, tt.value)
		}
	}
}

// FuzzParseAssignment checks that any -var or -set argument either
// parses into a name that round-trips or is refused with a message.
func FuzzParseAssignment(f *testing.F) {
	for _, s := range []string{"a=b", "=", "", "a", "a==", " = ", "{x}=y", "data_root=/srv/{x}", "\xff=\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		name, value, err := parseAssignment(s, "dataset")
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		if name == "" || strings.ContainsAny(name, "{} \t\n") {
			t.Fatalf("accepted name %q", name)
		}
		if !strings.HasSuffix(s, "="+value) {
			t.Fatalf("value %q is not what follows '=' in %q", value, s)
		}
	})
}

// FuzzCell checks that any text in a record shows as one table cell: no
// control characters, valid UTF-8, within the width.
func FuzzCell(f *testing.F) {
	for _, s := range []string{"", "plain", "a\tb\nc", "\xff\xfe", "Émile", strings.Repeat("x", 100)} {
		f.Add(s, 10)
	}
	f.Fuzz(func(t *testing.T, s string, width int) {
		width = width % 200
		if width < 0 {
			width = -width
		}
		got := printable.Clip(printable.Escape(cell(reflect.ValueOf(s))), width)
		if !utf8.ValidString(got) || strings.ContainsAny(got, "\t\n\r") {
			t.Fatalf("cell of %q = %q", s, got)
		}
		if width > 0 && utf8.RuneCountInString(got) > width {
			t.Fatalf("cell of %q = %q, wider than %d", s, got, width)
		}
	})
}
