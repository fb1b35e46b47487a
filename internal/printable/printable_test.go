package printable

import "testing"

func TestEscapeAndClip(t *testing.T) {
	for in, want := range map[string]string{"a\tb": `a\tb`, "x\ny\r": `x\ny\r`, "\xff": `\xff`, "\x01": `\u0001`, "plain é": "plain é"} {
		if got := Escape(in); got != want {
			t.Errorf("Escape(%q) = %q, want %q", in, got, want)
		}
	}
	for _, tt := range []struct {
		in   string
		n    int
		want string
	}{{"héllo", 10, "héllo"}, {"héllo", 3, "hé…"}, {"héllo", 1, "…"}, {"héllo", 0, "héllo"}} {
		if got := Clip(tt.in, tt.n); got != tt.want {
			t.Errorf("Clip(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}
