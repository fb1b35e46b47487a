package render

import (
	"fmt"
	"strings"
)

// Context is the number of unchanged lines shown around each change, as
// with diff -u.
const Context = 3

// Unified returns the unified diff turning old into new, with oldName and
// newName on the "---" and "+++" lines, or "" when the two are equal.
//
// The output follows diff -u: hunks with Context lines of context, merged
// when fewer than 2*Context+1 unchanged lines separate two changes; within
// a change, removed lines come before added ones; "@@ -l,s +l,s @@" omits
// ",s" when s is 1 and, when s is 0, gives the line before the change; a
// last line without a newline is followed by "\ No newline at end of file".
// It is deterministic: the same inputs give the same bytes.
func Unified(oldName, newName string, old, new []byte) string {
	oldLines, newLines := splitLines(string(old)), splitLines(string(new))
	ops := diffLines(oldLines, newLines)
	var b strings.Builder
	for _, h := range hunks(ops) {
		if b.Len() == 0 {
			fmt.Fprintf(&b, "--- %s\n+++ %s\n", oldName, newName)
		}
		writeHunk(&b, ops[h.start:h.end])
	}
	return b.String()
}

// splitLines cuts s after every newline; the lines keep their "\n" so that
// a last line without one differs from the same text with one, as in diff.
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	lines := make([]string, 0, strings.Count(s, "\n")+1)
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			lines = append(lines, s)
			break
		}
		lines = append(lines, s[:i+1])
		s = s[i+1:]
	}
	return lines
}

// op is one line of the edit script. oldAt and newAt count the lines of
// each side that come before it, which is what hunk headers are made of.
type op struct {
	kind         byte // ' ' kept, '-' removed, '+' added
	line         string
	oldAt, newAt int
}

// diffLines returns the edit script turning old into new, every line of
// both in order.
func diffLines(old, new []string) []op {
	// Interning makes the inner loops of the search compare ints.
	ids := make(map[string]int, len(old)+len(new))
	intern := func(lines []string) []int {
		out := make([]int, len(lines))
		for i, l := range lines {
			id, ok := ids[l]
			if !ok {
				id = len(ids)
				ids[l] = id
			}
			out[i] = id
		}
		return out
	}
	deleted, inserted := editScript(intern(old), intern(new))

	ops := make([]op, 0, len(old)+len(new))
	i, j := 0, 0
	for i < len(old) || j < len(new) {
		switch {
		case i < len(old) && deleted[i]:
			ops = append(ops, op{'-', old[i], i, j})
			i++
		case j < len(new) && inserted[j]:
			ops = append(ops, op{'+', new[j], i, j})
			j++
		default:
			ops = append(ops, op{' ', old[i], i, j})
			i++
			j++
		}
	}
	return ops
}

// span is a half-open range of ops.
type span struct{ start, end int }

// hunks groups the changes in ops into hunks with their context.
func hunks(ops []op) []span {
	var out []span
	i := 0
	for {
		for i < len(ops) && ops[i].kind == ' ' {
			i++
		}
		if i == len(ops) {
			return out
		}
		start := max(i-Context, 0)
		end := i // end of the changes taken so far
		for {
			for end < len(ops) && ops[end].kind != ' ' {
				end++
			}
			next := end
			for next < len(ops) && ops[next].kind == ' ' {
				next++
			}
			// Another change whose context would touch this one's joins
			// the hunk.
			if next == len(ops) || next-end > 2*Context {
				break
			}
			end = next
		}
		stop := min(end+Context, len(ops))
		out = append(out, span{start, stop})
		i = stop
	}
}

func writeHunk(b *strings.Builder, ops []op) {
	var oldN, newN int
	for _, o := range ops {
		if o.kind != '+' {
			oldN++
		}
		if o.kind != '-' {
			newN++
		}
	}
	fmt.Fprintf(b, "@@ -%s +%s @@\n", hunkRange(ops[0].oldAt, oldN), hunkRange(ops[0].newAt, newN))
	for _, o := range ops {
		b.WriteByte(o.kind)
		if line, ok := strings.CutSuffix(o.line, "\n"); ok {
			b.WriteString(line)
			b.WriteByte('\n')
		} else {
			b.WriteString(line)
			b.WriteString("\n\\ No newline at end of file\n")
		}
	}
}

// hunkRange formats one side of a hunk header: before is the number of
// lines preceding the hunk, n the lines in it.
func hunkRange(before, n int) string {
	switch n {
	case 0:
		return fmt.Sprintf("%d,0", before) // the line after which it happens
	case 1:
		return fmt.Sprintf("%d", before+1)
	}
	return fmt.Sprintf("%d,%d", before+1, n)
}
