package render

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// letters returns "a\nb\n..." for the first n letters, a file of one-letter
// lines that makes expected hunks easy to read.
func letters(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteByte(byte('a' + i))
		b.WriteByte('\n')
	}
	return b.String()
}

func TestUnified(t *testing.T) {
	tests := []struct {
		name     string
		old, new string
		want     string
	}{
		{name: "equal", old: "a\nb\n", new: "a\nb\n", want: ""},
		{name: "both empty", want: ""},
		{
			name: "create",
			new:  "a\nb\n",
			want: "--- a/x\n+++ b/x\n@@ -0,0 +1,2 @@\n+a\n+b\n",
		},
		{
			name: "delete everything",
			old:  "a\n",
			want: "--- a/x\n+++ b/x\n@@ -1 +0,0 @@\n-a\n",
		},
		{
			name: "change one line in the middle",
			old:  letters(9),
			new:  strings.Replace(letters(9), "e\n", "E\n", 1),
			want: "--- a/x\n+++ b/x\n@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n",
		},
		{
			name: "insert at start",
			old:  letters(5),
			new:  "0\n" + letters(5),
			want: "--- a/x\n+++ b/x\n@@ -1,3 +1,4 @@\n+0\n a\n b\n c\n",
		},
		{
			name: "append at end",
			old:  letters(5),
			new:  letters(6),
			want: "--- a/x\n+++ b/x\n@@ -3,3 +3,4 @@\n c\n d\n e\n+f\n",
		},
		{
			name: "insert after first line has empty old range",
			old:  "a\n",
			new:  "a\nb\n",
			want: "--- a/x\n+++ b/x\n@@ -1 +1,2 @@\n a\n+b\n",
		},
		{
			name: "removed lines come before added ones",
			old:  "a\nb\nc\n",
			new:  "a\nX\nY\nc\n",
			want: "--- a/x\n+++ b/x\n@@ -1,3 +1,4 @@\n a\n-b\n+X\n+Y\n c\n",
		},
		{
			// Seven unchanged lines between changes: more than 2*Context,
			// so two hunks (checked against GNU diff -u).
			name: "distant changes make two hunks",
			old:  letters(14),
			new:  strings.NewReplacer("b\n", "B\n", "m\n", "M\n").Replace(letters(14)),
			want: "--- a/x\n+++ b/x\n" +
				"@@ -1,5 +1,5 @@\n a\n-b\n+B\n c\n d\n e\n" +
				"@@ -10,5 +10,5 @@\n j\n k\n l\n-m\n+M\n n\n",
		},
		{
			// Six unchanged lines: the contexts touch, so one hunk.
			name: "close changes share a hunk",
			old:  letters(9),
			new:  strings.NewReplacer("b\n", "B\n", "i\n", "I\n").Replace(letters(9)),
			want: "--- a/x\n+++ b/x\n@@ -1,9 +1,9 @@\n a\n-b\n+B\n c\n d\n e\n f\n g\n h\n-i\n+I\n",
		},
		{
			name: "newline added at end",
			old:  "x",
			new:  "x\n",
			want: "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-x\n\\ No newline at end of file\n+x\n",
		},
		{
			name: "no newline at end on both sides",
			old:  "a\nb",
			new:  "A\nb",
			want: "--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n-a\n+A\n b\n\\ No newline at end of file\n",
		},
		{
			name: "carriage returns are part of the line",
			old:  "a\r\nb\n",
			new:  "a\nb\n",
			want: "--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n-a\r\n+a\n b\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Unified("a/x", "b/x", []byte(tt.old), []byte(tt.new))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Unified mismatch (-want +got):\n%s", diff)
			}
			if again := Unified("a/x", "b/x", []byte(tt.old), []byte(tt.new)); again != got {
				t.Errorf("Unified is not deterministic")
			}
			if got != "" {
				patched, err := applyUnified(tt.old, got)
				if err != nil {
					t.Fatal(err)
				}
				if patched != tt.new {
					t.Errorf("applying the diff gives %q, want %q", patched, tt.new)
				}
			}
		})
	}
}

// applyUnified applies a diff made by Unified to old, checking that every
// context and removed line matches and that hunk headers count right. It
// is a strict oracle for the fuzz target: a diff that applies and yields
// new is a correct diff.
func applyUnified(old, diff string) (string, error) {
	lines := strings.SplitAfter(diff, "\n")
	if len(lines) < 3 || !strings.HasPrefix(lines[0], "--- ") || !strings.HasPrefix(lines[1], "+++ ") {
		return "", fmt.Errorf("diff has no file header:\n%s", diff)
	}
	lines = lines[2 : len(lines)-1] // drop headers and the empty tail
	src := splitLines(old)
	var out []string
	pos := 0 // lines of src consumed
	for len(lines) > 0 {
		var oldStart, oldN, newStart, newN int
		h := strings.TrimSuffix(lines[0], "\n")
		if err := parseHunkHeader(h, &oldStart, &oldN, &newStart, &newN); err != nil {
			return "", err
		}
		lines = lines[1:]
		from := oldStart - 1
		if oldN == 0 {
			from = oldStart
		}
		if from < pos {
			return "", fmt.Errorf("hunk %q overlaps the previous one", h)
		}
		if from > len(src) {
			return "", fmt.Errorf("hunk %q starts past the end", h)
		}
		out = append(out, src[pos:from]...)
		pos = from
		gotOld, gotNew := 0, 0
		for len(lines) > 0 && !strings.HasPrefix(lines[0], "@@") {
			l := lines[0]
			lines = lines[1:]
			text := l[1:]
			// A marker line removes the newline of the line before it.
			if len(lines) > 0 && lines[0] == "\\ No newline at end of file\n" {
				text = strings.TrimSuffix(text, "\n")
				lines = lines[1:]
			}
			switch l[0] {
			case ' ', '-':
				if pos >= len(src) || src[pos] != text {
					return "", fmt.Errorf("line %d: diff has %q, file has something else", pos+1, text)
				}
				pos++
				gotOld++
				if l[0] == ' ' {
					out = append(out, text)
					gotNew++
				}
			case '+':
				out = append(out, text)
				gotNew++
			default:
				return "", fmt.Errorf("unexpected diff line %q", l)
			}
		}
		if gotOld != oldN || gotNew != newN {
			return "", fmt.Errorf("hunk %q has %d old and %d new lines", h, gotOld, gotNew)
		}
	}
	out = append(out, src[pos:]...)
	return strings.Join(out, ""), nil
}

func parseHunkHeader(h string, oldStart, oldN, newStart, newN *int) error {
	rest, ok := strings.CutPrefix(h, "@@ -")
	if !ok {
		return fmt.Errorf("bad hunk header %q", h)
	}
	rest, ok = strings.CutSuffix(rest, " @@")
	if !ok {
		return fmt.Errorf("bad hunk header %q", h)
	}
	o, n, ok := strings.Cut(rest, " +")
	if !ok {
		return fmt.Errorf("bad hunk header %q", h)
	}
	parse := func(r string, start, count *int) error {
		s, c, hasCount := strings.Cut(r, ",")
		var err error
		if *start, err = strconv.Atoi(s); err != nil {
			return fmt.Errorf("bad hunk header %q", h)
		}
		*count = 1
		if hasCount {
			if *count, err = strconv.Atoi(c); err != nil {
				return fmt.Errorf("bad hunk header %q", h)
			}
			if *count == 1 {
				return fmt.Errorf("hunk header %q spells a count of 1, diff -u omits it", h)
			}
		}
		return nil
	}
	if err := parse(o, oldStart, oldN); err != nil {
		return err
	}
	return parse(n, newStart, newN)
}

func FuzzUnified(f *testing.F) {
	f.Add("", "a\n")
	f.Add("a\nb\nc\n", "a\nc\n")
	f.Add("x", "x\n")
	f.Add(letters(20), strings.NewReplacer("b\n", "B\n", "s\n", "").Replace(letters(20)))
	f.Add("a\r\nb", "a\nb\n\n")
	f.Fuzz(func(t *testing.T, old, new string) {
		if len(old) > 4000 || len(new) > 4000 {
			return
		}
		d := Unified("a/x", "b/x", []byte(old), []byte(new))
		if (d == "") != (old == new) {
			t.Fatalf("Unified(%q, %q) = %q: empty must mean equal", old, new, d)
		}
		if d == "" {
			return
		}
		got, err := applyUnified(old, d)
		if err != nil {
			t.Fatalf("Unified(%q, %q) does not apply: %v\n%s", old, new, err, d)
		}
		if got != new {
			t.Fatalf("Unified(%q, %q) applies to %q\n%s", old, new, got, d)
		}
	})
}
