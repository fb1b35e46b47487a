package cli_test

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestPeek checks the table of the first records of inputs and outputs.
func TestPeek(t *testing.T) {
	p := newProject(t)
	golden(t, "peek_survey.golden", p.mustRun(t, "peek", "-n", "4", "favourite_colours"))

	p.mustRun(t, "run", "-q", "popularity", "orders")
	golden(t, "peek_popularity.golden", p.mustRun(t, "peek", "colour_popularity"))
	golden(t, "peek_popularity_narrow.golden", p.mustRun(t, "peek", "-width", "12", "colour_popularity"))
	golden(t, "peek_orders.golden", p.mustRun(t, "peek", "paint_orders", "-n", "2"))
}

// TestPeekEmpty checks that an empty dataset still shows its columns.
func TestPeekEmpty(t *testing.T) {
	p := newProject(t)
	empty := filepath.Join(p.dir, "empty.csv")
	writeFile(t, empty, "person_id,name,colour,surveyed_on,certainty\n")
	out := p.mustRun(t, "peek", "-set", "favourite_colours=csv://"+empty, "favourite_colours")
	want := "person_id  name  colour  surveyed_on  certainty\n(no records)\n"
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}

// TestPeekBadRecord checks that peek shows the records before a bad one,
// then the error with its position.
func TestPeekBadRecord(t *testing.T) {
	p := newProject(t)
	input := filepath.Join(p.dir, "data", "favourite_colours.csv")
	writeFile(t, input, "person_id,name,colour,surveyed_on,certainty\n1,Ada,blue,2026-03-01,0.9\n2,Bo,red,not a date,\n")
	out, errOut, code := p.run(t, "peek", "favourite_colours")
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	if !strings.Contains(out, "Ada") || strings.Contains(out, "Bo") {
		t.Errorf("stdout should hold Ada's record only:\n%s", out)
	}
	if !strings.Contains(errOut, "colours: peek favourite_colours: "+input+":3:") {
		t.Errorf("stderr does not give the position:\n%s", errOut)
	}
}

// TestPeekMissingFile checks a dataset that is not there yet.
func TestPeekMissingFile(t *testing.T) {
	p := newProject(t)
	out, errOut, code := p.run(t, "peek", "paint_orders")
	if code != 1 || !strings.Contains(errOut, "paint_orders.ndjson") || out != "" {
		t.Errorf("exit %d, stdout:\n%s\nstderr:\n%s\nwant 1, no table and the missing file", code, out, errOut)
	}
}
