package schema

import (
	"strings"
	"testing"

	"github.com/ayeaye-go/ayeaye/gen/diag"
	"github.com/google/go-cmp/cmp"
)

// TestJSONSyntaxErrors pins the message and position of each kind of
// JSON syntax error.
func TestJSONSyntaxErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"trailing comma in array", "[1,\n 2,]", "f.json:2:4: invalid character ']' looking for beginning of value"},
		{"missing colon", `{"a" 1}`, "f.json:1:6: invalid character '1' after object key"},
		{"missing comma", "{\"a\": 1\n \"b\": 2}", "f.json:2:2: invalid character '\"' after object key:value pair"},
		{"array missing comma", `[1 2]`, "f.json:1:4: invalid character '2' after array element"},
		{"unquoted key", `{a: 1}`, "f.json:1:2: invalid character 'a' looking for beginning of object key string"},
		{"single quotes", `{'a': 1}`, `f.json:1:2: invalid character '\'' looking for beginning of object key string`},
		{"bad literal", `[tru]`, "f.json:1:5: invalid character ']' in literal true (expecting 'e')"},
		{"bad number", `[01]`, "f.json:1:3: invalid character '1' after array element"},
		{"bad fraction", `[1.]`, "f.json:1:4: invalid character ']' in numeric literal"},
		{"bad exponent", `[1e+]`, "f.json:1:5: invalid character ']' in numeric literal"},
		{"minus alone", `[-]`, "f.json:1:3: invalid character ']' in numeric literal"},
		{"control in string", "[\"a\tb\"]", `f.json:1:4: invalid character '\t' in string literal`},
		{"bad escape", `["\x"]`, `f.json:1:4: invalid character 'x' in string escape code`},
		{"bad unicode escape", `["\u12g4"]`, `f.json:1:7: invalid character 'g' in \u hexadecimal character escape`},
		{"invalid utf8", "[\"a\xffb\"]", "f.json:1:4: invalid UTF-8 byte 0xff in string literal"},
		{"eof in string", `{"a`, "f.json:1:4: unexpected end of JSON input"},
		{"eof after key", `{"a"`, "f.json:1:5: unexpected end of JSON input"},
		{"two values", "{}\n{}", "f.json:2:1: invalid character '{' after top-level value"},
		{"empty", " \n", "f.json:2:1: the file is empty"},
		{"multibyte column", "{\"é\": x}", "f.json:1:8: invalid character 'x' looking for beginning of value"},
		{"too deep", strings.Repeat("[", maxDepth+2), "f.json:1:202: values nested deeper than 200 levels"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var diags diag.List
			if root := parseJSON("f.json", []byte(tt.in), &diags); root != nil {
				t.Fatalf("parsed invalid JSON %q", tt.in)
			}
			if len(diags) != 1 {
				t.Fatalf("want one diagnostic, got %v", diags)
			}
			got := diags[0].Pos.String() + ": " + diags[0].Message
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if diags[0].Hint == "" {
				t.Errorf("no hint for %q", tt.in)
			}
		})
	}
}

// TestJSONValues checks decoding: escapes, surrogate pairs, numbers kept
// as written, positions of keys and values, and the byte order mark.
func TestJSONValues(t *testing.T) {
	in := "\uFEFF{\n  \"s\": \"a\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\\ud800x\",\n  \"n\": [-0, 1.50, 2E+3],\n  \"o\": {\"t\": true, \"f\": false, \"z\": null}\n}"
	var diags diag.List
	root := parseJSON("f.json", []byte(in), &diags)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	setPointers(root, "")
	got := string(canonical(nil, root))
	want := `{"n":[-0,1.50,2E+3],"o":{"f":false,"t":true,"z":null},"s":"a\"\\/\b\f\n\r\té😀` + "\uFFFD" + `x"}`
	// canonical writes \b and \f as escapes, like the input.
	want = strings.NewReplacer("\b", `\b`, "\f", `\f`).Replace(want)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("canonical (-want +got):\n%s", diff)
	}
	o := root.get("o")
	if got, want := o.keyPos, (diag.Pos{File: "f.json", Line: 4, Col: 3}); got != want {
		t.Errorf("key position %v, want %v", got, want)
	}
	z := lookup(root, []string{"o", "z"})
	if z == nil || z.ptr != "/o/z" || z.pos != (diag.Pos{File: "f.json", Line: 4, Col: 37}) {
		t.Errorf("lookup /o/z = %+v", z)
	}
	if n := lookup(root, []string{"n", "1"}); n == nil || n.text != "1.50" {
		t.Errorf("lookup /n/1 = %+v", n)
	}
	for _, bad := range [][]string{{"n", "9"}, {"n", "x"}, {"s", "x"}, {"nope"}} {
		if n := lookup(root, bad); n != nil {
			t.Errorf("lookup %v found %+v", bad, n)
		}
	}
}

// TestYAMLValues checks how YAML scalars become JSON values: numbers in
// JSON spelling, timestamps as text, aliases expanded, and positions in
// bytes even after multibyte characters.
func TestYAMLValues(t *testing.T) {
	in := `a: 0x1F
b: 1_000
c: .5
d: +7
e: 2024-01-31
f: ~
g: &anchor [yes, "no", 1.0]
h: *anchor
"é": {k: -12}
i: 1e3
`
	var diags diag.List
	root := parseYAML("f.yaml", []byte(in), &diags)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	got := string(canonical(nil, root))
	want := `{"a":31,"b":1000,"c":0.5,"d":7,"e":"2024-01-31","f":null,"g":["yes","no",1.0],"h":["yes","no",1.0],"i":1e3,"é":{"k":-12}}`
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("canonical (-want +got):\n%s", diff)
	}
	k := root.get("é").value.get("k")
	if got, want := k.keyPos, (diag.Pos{File: "f.yaml", Line: 9, Col: 8}); got != want {
		t.Errorf("key after multibyte: %v, want %v", got, want)
	}
}

// TestYAMLErrors covers what YAML can say and JSON cannot, and YAML
// syntax errors.
func TestYAMLErrors(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"syntax", "a: [1, 2\nb: 3\n", []string{"f.yaml:2: YAML syntax error: did not find expected ',' or ']'"}},
		{"scanner", "a: 1\nb: 2\nc 2\nd: 3\n", []string{"f.yaml:3: YAML syntax error: could not find expected ':'"}},
		{"unknown anchor", "a: 1\nb: *nope\n", []string{"f.yaml:2:4: YAML syntax error: unknown anchor 'nope' referenced"}},
		{"infinity", "a: .inf\n", []string{"f.yaml:1:4: .inf cannot be written in JSON"}},
		{"binary", "a: !!binary aGVsbG8=\n", []string{"f.yaml:1:4: YAML tag !!binary is not supported"}},
		{"set", "a: !!set {x}\n", []string{"f.yaml:1:4: YAML tag !!set is not supported"}},
		{"complex key", "? [a, b]\n: 1\n", []string{"f.yaml:1:3: a sequence cannot be an object key"}},
		{"bad int tag", "a: !!int abc\n", []string{`f.yaml:1:4: "abc" is not a number`}},
		{"bad bool tag", "a: !!bool maybe\n", []string{`f.yaml:1:4: "maybe" is not a boolean`}},
		{"self alias", "a: &x [*x]\n", []string{"f.yaml:1:4: values nested deeper than 200 levels"}},
		{"two documents", "a: 1\n---\nb: 2\n", []string{"f.yaml:2:1: a schema file holds exactly one YAML document, found another one"}},
		{"only a comment", "# nothing\n", []string{"f.yaml:1:1: the file is empty"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var diags diag.List
			root := parseYAML("f.yaml", []byte(tt.in), &diags)
			if root != nil {
				t.Errorf("want no tree after %q", tt.in)
			}
			var got []string
			for _, d := range diags {
				got = append(got, d.Pos.String()+": "+d.Message)
				if d.Hint == "" {
					t.Errorf("no hint: %v", d)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestYAMLAliasBomb checks that exponential alias expansion stops with a
// diagnostic instead of eating memory.
func TestYAMLAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i <= 9; i++ {
		b.WriteString("a" + string(rune('0'+i)) + ": &a" + string(rune('0'+i)) + " [")
		for j := range 10 {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*a" + string(rune('0'+i-1)))
		}
		b.WriteString("]\n")
	}
	var diags diag.List
	if root := parseYAML("bomb.yaml", []byte(b.String()), &diags); root != nil {
		t.Fatal("want no tree")
	}
	if len(diags) != 1 || !strings.Contains(diags[0].Message, "expands to more than") {
		t.Fatalf("got %v", diags)
	}
}

func TestCanonicalStrings(t *testing.T) {
	n := &node{kind: stringNode, text: "<a&b>\u2028\x01\x7f\"\\é\xff"}
	got := string(canonical(nil, n))
	want := `"<a&b>` + "\u2028" + `\u0001` + "\x7f" + `\"\\é\ufffd"`
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestValidJSONNumber(t *testing.T) {
	for s, want := range map[string]bool{
		"0": true, "-0": true, "12": true, "1.5": true, "1e3": true, "1E-3": true, "-1.5e+10": true,
		"": false, "-": false, "01": false, "1.": false, ".5": false, "+1": false, "1e": false, "0x1f": false, "1_000": false, "NaN": false,
	} {
		if got := validJSONNumber(s); got != want {
			t.Errorf("validJSONNumber(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestClampExponent(t *testing.T) {
	for in, want := range map[string]string{
		"12": "12", "1e5": "1e5", "1E300": "1E300", "1e301": "1e300", "-1.5e-999999999": "-1.5e-300",
		"2e+0000000000000000000000000000000007": "2e+0000000000000000000000000000000007", "3e+0400": "3e+300",
	} {
		if got := clampExponent(in); got != want {
			t.Errorf("clampExponent(%q) = %q, want %q", in, got, want)
		}
	}
}
