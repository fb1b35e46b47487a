// Package listing writes lists of items into messages across the
// generator and the runtime, capped: a header of a million columns or an
// enum of 200,000 values reads as its first few items and a count of the
// rest ("a, b, c … and 999,990 more"), not as a message of megabytes.
package listing

import (
	"strconv"
	"strings"
)

// Max is how many items a message lists before it counts the rest.
const Max = 10

// Join joins items with sep, listing at most Max of them.
func Join(items []string, sep string) string {
	return join(items, len(items), sep)
}

// Quoted is Join of the items quoted with %q; only the items listed are
// quoted.
func Quoted(items []string, sep string) string {
	n := len(items)
	q := make([]string, min(n, Max))
	for i := range q {
		q[i] = strconv.Quote(items[i])
	}
	return join(q, n, sep)
}

// And joins items as "a", "a and b", "a, b and c", listing at most Max.
func And(items []string) string {
	if len(items) > Max {
		return Join(items, ", ")
	}
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// QuotedAnd is And of the items quoted with %q.
func QuotedAnd(items []string) string {
	if len(items) > Max {
		return Quoted(items, ", ")
	}
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = strconv.Quote(s)
	}
	return And(q)
}

// Items gathers the items of a message one at a time, keeping only the
// first Max and counting the rest, so an unbounded input costs no more
// memory than Max items.
type Items struct {
	shown []string
	n     int
}

// Add adds one item.
func (l *Items) Add(s string) {
	if len(l.shown) < Max {
		l.shown = append(l.shown, s)
	}
	l.n++
}

// Len is how many items were added.
func (l *Items) Len() int { return l.n }

// Join joins the items with sep, as the function Join does.
func (l *Items) Join(sep string) string { return join(l.shown, l.n, sep) }

// Quoted joins the items quoted with %q, as the function Quoted does.
func (l *Items) Quoted(sep string) string {
	q := make([]string, len(l.shown))
	for i, s := range l.shown {
		q[i] = strconv.Quote(s)
	}
	return join(q, l.n, sep)
}

// join lists the first Max of shown, which holds the first of n items.
func join(shown []string, n int, sep string) string {
	if n <= Max {
		return strings.Join(shown, sep)
	}
	return strings.Join(shown[:Max], sep) + " … and " + Count(n-Max) + " more"
}

// Count writes a count n with thousands separators: 999,990.
func Count(n int) string {
	s := strconv.Itoa(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
