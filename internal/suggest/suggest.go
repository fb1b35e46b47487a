// Package suggest finds the likely intended name for a misspelt one, for
// the "did you mean …?" part of error messages across the generator and
// the runtime.
package suggest

import (
	"strings"
	"unicode/utf8"
)

// Closest returns the name in valid nearest to got, ignoring case, when
// it is near enough to be a typo (at most a third of its runes differ,
// and at least one may), else "".
func Closest(got string, valid []string) string {
	best, bestDist := "", 0
	g := strings.ToLower(got)
	for _, v := range valid {
		d := Distance(g, strings.ToLower(v))
		if best == "" || d < bestDist {
			best, bestDist = v, d
		}
	}
	limit := max(1, min(utf8.RuneCountInString(got), utf8.RuneCountInString(best))/3)
	if best == "" || bestDist > limit {
		return ""
	}
	return best
}

// Distance is the edit distance between a and b in runes, counting an
// insertion, a deletion, a substitution or a swap of two neighbours as one
// edit (optimal string alignment), so "lsit" is one edit from "list".
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	// Three rows: the one before last is needed for swaps.
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
