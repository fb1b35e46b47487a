package runstore

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestDollarPlaceholders(t *testing.T) {
	tests := map[string]string{
		"SELECT 1":                             "SELECT 1",
		"WHERE a = ? AND b = ?":                "WHERE a = $1 AND b = $2",
		"VALUES (?, ?), (?, ?, ?, ?, ?, ?, ?)": "VALUES ($1, $2), ($3, $4, $5, $6, $7, $8, $9)",
		"?":                                    "$1",
	}
	for in, want := range tests {
		if got := dollarPlaceholders(in); got != want {
			t.Errorf("dollarPlaceholders(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPGText(t *testing.T) {
	tests := map[string]string{
		"plain":        "plain",
		"ünïcödé":      "ünïcödé",
		"a\x00b":       "a\uFFFDb",
		"a\xffb":       "a\uFFFDb",
		"\x00\xff\xfe": "\uFFFD\uFFFD",
	}
	for in, want := range tests {
		if got := pgText(in); got != want {
			t.Errorf("pgText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPGJSON(t *testing.T) {
	tests := map[string]string{
		`{"a":"b"}`:               `{"a":"b"}`,
		`{"a":"x\u0000y"}`:        `{"a":"x\ufffdy"}`,
		`{"a":"\\u0000"}`:         `{"a":"\\u0000"}`,
		`{"a":"\\\u0000"}`:        `{"a":"\\\ufffd"}`,
		`{"a":"\u00001\u0000"}`:   `{"a":"\ufffd1\ufffd"}`,
		`{"a":"\"\u0000"}`:        `{"a":"\"\ufffd"}`,
		`{"a":"trailing \u000`:    `{"a":"trailing \u000`,
		`{"\u0000":"key"}`:        `{"\ufffd":"key"}`,
		`{"a":"\u00e9\u0000"}`:    `{"a":"\u00e9\ufffd"}`,
		`{"a":"ends with \\"}`:    `{"a":"ends with \\"}`,
		`{"a":"u0000 unescaped"}`: `{"a":"u0000 unescaped"}`,
	}
	for in, want := range tests {
		if got := string(pgJSON([]byte(in))); got != want {
			t.Errorf("pgJSON(%s) = %s, want %s", in, got, want)
		}
	}
}

// pgJSON changes no JSON value but NUL characters, which become U+FFFD.
func FuzzPGJSON(f *testing.F) {
	for _, s := range []string{"a", "a\x00b", `\u0000`, "\\\x00", "", "\x00\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		doc, err := json.Marshal(map[string]any{"s": s, "list": []string{s, s + "\x00"}})
		if err != nil {
			t.Fatal(err)
		}
		var got, want map[string]any
		if err := json.Unmarshal(pgJSON(doc), &got); err != nil {
			t.Fatalf("pgJSON(%s) is not JSON: %v", doc, err)
		}
		if err := json.Unmarshal(doc, &want); err != nil {
			t.Fatal(err)
		}
		nul := func(v any) string { return strings.ReplaceAll(v.(string), "\x00", "\uFFFD") }
		want["s"] = nul(want["s"])
		for i, v := range want["list"].([]any) {
			want["list"].([]any)[i] = nul(v)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("pgJSON changed more than NULs (-want +got):\n%s", diff)
		}
		if strings.Contains(string(pgJSON(doc)), `\u0000`) && !strings.Contains(string(pgJSON(doc)), `\\u0000`) {
			t.Errorf("pgJSON(%s) still holds \\u0000", doc)
		}
	})
}

func TestIDUpperBound(t *testing.T) {
	tests := []struct {
		prefix, bound string
		ok            bool
	}{
		{"0195abcd", "0195abce", true},
		{"0195abc~", "0195abc\x7f", true},
		{"ab\u00ff", "ab\u0100", true},
		{"a\uD7FF", "a\uE000", true},
		{"a\U0010FFFF", "b", true},
		{"\U0010FFFF\U0010FFFF", "", false},
	}
	for _, tt := range tests {
		bound, ok := idUpperBound(tt.prefix)
		if bound != tt.bound || ok != tt.ok {
			t.Errorf("idUpperBound(%q) = %q, %v; want %q, %v", tt.prefix, bound, ok, tt.bound, tt.ok)
		}
	}
	// The range [prefix, bound) holds exactly the strings with the prefix.
	prefix := "01950001-a"
	bound, _ := idUpperBound(prefix)
	for _, id := range []string{"01950001-a", "01950001-aaaa", "01950001-a\U0010FFFF", "01950001-b", "01950001-", "01950001-`", "01950002"} {
		in := id >= prefix && id < bound
		if in != strings.HasPrefix(id, prefix) || !utf8.ValidString(id) {
			t.Errorf("%q: in range %v, has prefix %v", id, in, strings.HasPrefix(id, prefix))
		}
	}
}

func TestSQLiteTime(t *testing.T) {
	tests := []struct {
		t    time.Time
		want any
	}{
		{time.Time{}, nil},
		{time.Unix(0, 5), int64(5)},
		{time.Date(1, 1, 1, 0, 0, 1, 0, time.UTC), int64(math.MinInt64)},
		{time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC), int64(math.MaxInt64)},
	}
	for _, tt := range tests {
		if got := sqliteTime(tt.t); got != tt.want {
			t.Errorf("sqliteTime(%v) = %v, want %v", tt.t, got, tt.want)
		}
	}
}
