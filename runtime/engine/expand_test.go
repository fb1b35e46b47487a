package engine

import (
	"errors"
	"strings"
	"testing"
)

func TestExpand(t *testing.T) {
	vars := map[string]string{"data_root": "/srv/data", "env": "prod", "run.id": "42", "odd": "{x}"}
	tests := []struct{ in, want string }{
		{"", ""},
		{"csv://data/people.csv", "csv://data/people.csv"},
		{"csv://{data_root}/people.csv", "csv:///srv/data/people.csv"},
		{"s3+csv://bucket-{env}/{run.id}/x-{env}.csv", "s3+csv://bucket-prod/42/x-prod.csv"},
		{"{{literal}}", "{literal}"},
		{"a{{{env}}}b", "a{prod}b"},
		{"}}{{", "}{"},
		{"{odd}", "{x}"}, // values are not expanded again
	}
	for _, tt := range tests {
		got, err := Expand(tt.in, vars)
		if err != nil {
			t.Errorf("Expand(%q): %v", tt.in, err)
			continue
		}
		if got != tt.want {
			t.Errorf("Expand(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestExpandErrors(t *testing.T) {
	vars := map[string]string{"data_root": "/d", "env": "dev"}
	tests := []struct {
		in     string
		vars   map[string]string
		offset int
		want   []string
	}{
		{"csv://{data_rot}/x.csv", vars, 6, []string{"unknown name {data_rot}", "did you mean {data_root}?", "known names: data_root, env"}},
		{"csv://{nope}/x.csv", vars, 6, []string{"unknown name {nope}", "known names: data_root, env"}},
		{"{x}", nil, 0, []string{"no names are defined"}},
		{"csv://{data_root/x.csv", vars, 6, []string{"unclosed '{'", "{{"}},
		{"a{b{c}", vars, 1, []string{"unclosed '{'"}},
		{"x{", vars, 1, []string{"unclosed '{'"}},
		{"a}b", vars, 1, []string{"'}' without a matching '{'", "}}"}},
		{"{}", vars, 0, []string{"empty name {}"}},
		{"{a b}", vars, 2, []string{`character ' ' in name "a b"`}},
	}
	for _, tt := range tests {
		_, err := Expand(tt.in, tt.vars)
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("Expand(%q) error = %v, want *Error", tt.in, err)
			continue
		}
		if e.Offset != tt.offset {
			t.Errorf("Expand(%q) offset = %d, want %d", tt.in, e.Offset, tt.offset)
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("Expand(%q) error %q does not contain %q", tt.in, err, w)
			}
		}
	}
}

func FuzzExpand(f *testing.F) {
	for _, s := range []string{"csv://{data_root}/x.csv", "{{", "}}", "{", "}", "{a}{b}", "{{{a}}}", "{a b}", "x{}y"} {
		f.Add(s)
	}
	vars := map[string]string{"a": "A", "b": "{b}", "data_root": "/d"}
	f.Fuzz(func(t *testing.T, s string) {
		out, err := Expand(s, vars)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Offset < 0 || e.Offset >= len(s) {
				t.Fatalf("Expand(%q): bad error %v", s, err)
			}
			return
		}
		// A template without braces is returned unchanged, and escaping every
		// brace of any text makes a template that expands back to that text.
		if !strings.ContainsAny(s, "{}") && out != s {
			t.Fatalf("Expand(%q) = %q, want it unchanged", s, out)
		}
		esc := strings.NewReplacer("{", "{{", "}", "}}").Replace(out)
		back, err := Expand(esc, nil)
		if err != nil || back != out {
			t.Fatalf("escaped %q expands to %q, %v; want %q", esc, back, err, out)
		}
	})
}
