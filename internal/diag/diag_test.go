package diag

import "testing"

func TestString(t *testing.T) {
	for _, tt := range []struct {
		d    Diagnostic
		want string
	}{
		{Diagnostic{Pos: Pos{File: "a.yaml", Line: 3, Col: 5}, Message: "bad", Hint: "fix it"}, "a.yaml:3:5: bad\n\thint: fix it"},
		{Diagnostic{Pos: Pos{File: "a.yaml", Line: 3}, Message: "bad"}, "a.yaml:3: bad"},
		{Diagnostic{Pos: Pos{File: "a.yaml"}, Message: "bad"}, "a.yaml: bad"},
		{Diagnostic{Pos: Pos{Line: 3, Col: 5}, Message: "bad"}, "3:5: bad"}, // decoded text without a file name
		{Diagnostic{Message: "bad"}, "bad"},
	} {
		if got := tt.d.String(); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.d, got, tt.want)
		}
	}
}

func TestSortAndError(t *testing.T) {
	var l List
	l.Add(Pos{File: "b", Line: 1, Col: 1}, "", "third")
	l.Add(Pos{File: "a", Line: 2, Col: 1}, "", "second")
	l.Add(Pos{File: "a", Line: 1, Col: 9}, "h", "first")
	l.Sort()
	if got, want := l.Error(), "a:1:9: first\n\thint: h\na:2:1: second\nb:1:1: third"; got != want {
		t.Errorf("%q, want %q", got, want)
	}
	if (List{}).Err() != nil || l.Err() == nil {
		t.Error("Err")
	}
}
