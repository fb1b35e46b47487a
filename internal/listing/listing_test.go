package listing

import (
	"fmt"
	"strings"
	"testing"
)

func letters(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("c%d", i)
	}
	return out
}

func TestJoin(t *testing.T) {
	tests := []struct {
		name, got, want string
	}{
		{"empty", Join(nil, ", "), ""},
		{"few", Join([]string{"a", "b"}, ", "), "a, b"},
		{"at the cap", Join(letters(Max), ","), "c0,c1,c2,c3,c4,c5,c6,c7,c8,c9"},
		{"over the cap", Join(letters(1_000_000), ", "), "c0, c1, c2, c3, c4, c5, c6, c7, c8, c9 … and 999,990 more"},
		{"quoted", Quoted(letters(12), ", "), `"c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9" … and 2 more`},
		{"and one", And([]string{"a"}), "a"},
		{"and three", QuotedAnd([]string{"a", "b", "c"}), `"a", "b" and "c"`},
		{"and over the cap", And(letters(11)), "c0, c1, c2, c3, c4, c5, c6, c7, c8, c9 … and 1 more"},
		{"count", Count(1234567), "1,234,567"},
		{"small count", Count(999), "999"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

func TestItemsKeepsOnlyWhatItShows(t *testing.T) {
	var l Items
	for _, s := range letters(1_000_000) {
		l.Add(s)
	}
	if l.Len() != 1_000_000 || len(l.shown) != Max {
		t.Fatalf("Len %d, kept %d", l.Len(), len(l.shown))
	}
	if got := l.Quoted(", "); !strings.HasSuffix(got, `"c9" … and 999,990 more`) || len(got) > 200 {
		t.Errorf("Quoted = %q", got)
	}
	var few Items
	few.Add("x")
	if got := few.Join(", "); got != "x" {
		t.Errorf("Join = %q", got)
	}
}
