package yamlstrict

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"
)

func root(t *testing.T, text string) *yaml.Node {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
		t.Fatal(err)
	}
	return Deref(doc.Content[0])
}

// Every problem of a mapping is reported, each at its key, with columns in
// bytes (é is two), and the good keys still reach the caller.
func TestMapping(t *testing.T) {
	text := "é: {a: 1, b: 2, a: 3, 7: x, <<: {}, cc: *x}\n"
	text = "x: &x 1\n" + text
	r := New("c.yaml", []byte(text))
	n := root(t, text)
	var inner *yaml.Node
	r.Mapping(n, "the file", nil, func(key string, k, v *yaml.Node) {
		if key == "é" {
			inner = v
		}
	})
	var got []string
	r.Mapping(inner, "é", []string{"a", "b", "c"}, func(key string, k, v *yaml.Node) {
		got = append(got, key+"="+v.Value)
	})
	if d := cmp.Diff([]string{"a=1", "b=2"}, got); d != "" {
		t.Errorf("keys (-want +got):\n%s", d)
	}
	want := []string{
		"c.yaml:2:18: key \"a\" is already set at line 2\n\thint: remove one of them",
		"c.yaml:2:24: key in é must be a name, not a number (7)\n\thint: keys are names such as a, b, c",
		"c.yaml:2:30: key in é must be a name, not !!merge \"<<\"\n\thint: YAML merge keys (<<) are not supported here; write the keys out",
		"c.yaml:2:38: unknown key \"cc\" in é\n\thint: did you mean \"c\"? valid keys are a, b, c",
	}
	var msgs []string
	for _, d := range r.Diags {
		msgs = append(msgs, d.String())
	}
	if d := cmp.Diff(want, msgs); d != "" {
		t.Errorf("diagnostics (-want +got):\n%s", d)
	}
}

func TestStrAndDescribe(t *testing.T) {
	text := "a: ''\nb: [1]\nc: ok\nd: &d true\ne: *d\n"
	r := New("c.yaml", []byte(text))
	n := root(t, text)
	var got []string
	r.Mapping(n, "the file", nil, func(key string, k, v *yaml.Node) {
		if s, ok := r.Str(v, key, "write a name"); ok {
			got = append(got, s)
		}
	})
	if d := cmp.Diff([]string{"ok"}, got); d != "" {
		t.Errorf("strings (-want +got):\n%s", d)
	}
	want := []string{
		"c.yaml:1:4: a is empty\n\thint: write a name",
		"c.yaml:2:4: b must be a string, not a list\n\thint: write a name",
		"c.yaml:4:4: d must be a string, not a boolean (true)\n\thint: write a name",
		"c.yaml:4:4: e must be a string, not a boolean (true)\n\thint: write a name", // the alias's target
	}
	var msgs []string
	for _, d := range r.Diags {
		msgs = append(msgs, d.String())
	}
	if d := cmp.Diff(want, msgs); d != "" {
		t.Errorf("diagnostics (-want +got):\n%s", d)
	}
}

// yaml's parser counts lines from 0 and its scanner from 1; both come out
// at the right line.
func TestSyntaxError(t *testing.T) {
	for _, tt := range []struct{ text, want string }{
		{"a: [1, 2\nb: 3\n", "c.yaml:2: invalid YAML: did not find expected ',' or ']'"},
		{"a: 1\nb: \"x\n", "c.yaml:2: invalid YAML: found unexpected end of stream"},
		{"a: b: c\n", "c.yaml: invalid YAML: mapping values are not allowed in this context"}, // yaml names no line
	} {
		var doc yaml.Node
		err := yaml.Unmarshal([]byte(tt.text), &doc)
		if err == nil {
			t.Fatalf("%q parses", tt.text)
		}
		r := New("c.yaml", []byte(tt.text))
		r.SyntaxError(err)
		if got := r.Diags[0].String(); got != tt.want+"\n\thint: "+SyntaxHint {
			t.Errorf("%q: %q", tt.text, got)
		}
	}
}
