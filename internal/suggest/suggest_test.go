package suggest

import "testing"

func TestClosest(t *testing.T) {
	valid := []string{"version", "schemas", "output", "formats", "nullable"}
	for _, tt := range []struct{ got, want string }{
		{"nullabel", "nullable"}, {"Formats", "formats"}, {"verison", "version"},
		{"colour", ""}, {"", ""}, {"x", ""},
	} {
		if got := Closest(tt.got, valid); got != tt.want {
			t.Errorf("Closest(%q) = %q, want %q", tt.got, got, tt.want)
		}
	}
	if Closest("a", nil) != "" {
		t.Error("no candidates must give no suggestion")
	}
}

func TestDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		d    int
	}{{"", "", 0}, {"a", "", 1}, {"kitten", "sitting", 3}, {"日本", "日本語", 1}, {"mHz", "MHz", 1}, {"lsit", "list", 1}, {"evn", "env", 1}, {"ab", "ba", 1}} {
		if d := Distance(tt.a, tt.b); d != tt.d || Distance(tt.b, tt.a) != tt.d {
			t.Errorf("Distance(%q, %q) = %d, want %d", tt.a, tt.b, d, tt.d)
		}
	}
}
