package render

import (
	"math/rand/v2"
	"testing"
)

// lcsLen is the textbook O(NM) dynamic program: the length of a longest
// common subsequence, which a shortest edit script must keep.
func lcsLen(a, b []int) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := range a {
		for j := range b {
			switch {
			case a[i] == b[j]:
				cur[j+1] = prev[j] + 1
			default:
				cur[j+1] = max(prev[j+1], cur[j])
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// checkScript verifies that the flags describe a valid and shortest edit
// script: the kept lines of a and b are equal in order, and as many as an
// LCS has.
func checkScript(t *testing.T, a, b []int) {
	t.Helper()
	deleted, inserted := editScript(a, b)
	var keptA, keptB []int
	for i, d := range deleted {
		if !d {
			keptA = append(keptA, a[i])
		}
	}
	for j, in := range inserted {
		if !in {
			keptB = append(keptB, b[j])
		}
	}
	if len(keptA) != len(keptB) {
		t.Fatalf("a=%v b=%v: kept %d lines of a but %d of b", a, b, len(keptA), len(keptB))
	}
	for i := range keptA {
		if keptA[i] != keptB[i] {
			t.Fatalf("a=%v b=%v: kept lines differ at %d: %v vs %v", a, b, i, keptA, keptB)
		}
	}
	if want := lcsLen(a, b); len(keptA) != want {
		t.Fatalf("a=%v b=%v: kept %d lines, a longest common subsequence has %d", a, b, len(keptA), want)
	}
}

func TestEditScript(t *testing.T) {
	tests := []struct {
		name string
		a, b []int
	}{
		{"both empty", nil, nil},
		{"insert all", nil, []int{1, 2, 3}},
		{"delete all", []int{1, 2, 3}, nil},
		{"equal", []int{1, 2, 3}, []int{1, 2, 3}},
		{"replace all", []int{1, 2}, []int{3, 4}},
		{"odd delta", []int{1, 2, 3, 4}, []int{1, 3, 4}},
		{"even delta", []int{1, 2, 3, 4}, []int{5, 2, 3, 6}},
		{"myers paper", []int{'A', 'B', 'C', 'A', 'B', 'B', 'A'}, []int{'C', 'B', 'A', 'B', 'A', 'C'}},
		{"repeats", []int{1, 1, 1, 2, 1, 1}, []int{1, 2, 1, 1, 1, 1}},
		{"reversed", []int{1, 2, 3, 4, 5}, []int{5, 4, 3, 2, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkScript(t, tt.a, tt.b) })
	}
}

// TestEditScriptRandom compares with the dynamic program on many small
// inputs over a tiny alphabet, where ties and repeats are common.
func TestEditScriptRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	seq := func() []int {
		s := make([]int, r.IntN(25))
		for i := range s {
			s[i] = r.IntN(4)
		}
		return s
	}
	for range 3000 {
		checkScript(t, seq(), seq())
	}
}

func FuzzEditScript(f *testing.F) {
	f.Add([]byte("abcabba"), []byte("cbabac"))
	f.Add([]byte(""), []byte("x"))
	f.Add([]byte("aaaa"), []byte("aa"))
	f.Add([]byte("abcdefgh"), []byte("hgfedcba"))
	f.Fuzz(func(t *testing.T, a, b []byte) {
		// The DP is quadratic; keep each run fast.
		if len(a) > 300 || len(b) > 300 {
			return
		}
		ints := func(s []byte) []int {
			out := make([]int, len(s))
			for i, c := range s {
				out[i] = int(c)
			}
			return out
		}
		checkScript(t, ints(a), ints(b))
	})
}
