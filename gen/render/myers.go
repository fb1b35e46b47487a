package render

// This file finds a shortest edit script between two sequences of lines
// with Myers' O((N+M)D) algorithm in its linear-space form ("An O(ND)
// Difference Algorithm and Its Variations", 1986, section 4b): find the
// middle snake of an optimal path, then solve the two halves on either side
// of it. Linear space matters because a generated file can be thousands of
// lines long and a rewrite of it has D in the thousands too; the simpler
// variant that keeps every V array would need O(D²) memory.

// editScript compares a and b (lines already interned to ints, so equality
// is one comparison) and reports, for every line, whether it is deleted from
// a or inserted into b. Lines with neither flag are the common subsequence,
// which is a longest one.
func editScript(a, b []int) (deleted, inserted []bool) {
	deleted = make([]bool, len(a))
	inserted = make([]bool, len(b))
	// A line that occurs on one side only cannot be in any common
	// subsequence: mark it now and search only the lines on both sides.
	// The result is still a shortest script, and a file rewritten from
	// scratch costs linear instead of quadratic time.
	inA := make(map[int]bool, len(a))
	for _, x := range a {
		inA[x] = true
	}
	inB := make(map[int]bool, len(b))
	for _, x := range b {
		inB[x] = true
	}
	keepA, idxA := shared(a, inB, deleted)
	keepB, idxB := shared(b, inA, inserted)

	d := &differ{
		a:        keepA,
		b:        keepB,
		deleted:  make([]bool, len(keepA)),
		inserted: make([]bool, len(keepB)),
	}
	// Diagonals range over -(N+M)..N+M in the largest subproblem; one
	// offset for all subproblems lets the scratch arrays be allocated once.
	d.off = len(keepA) + len(keepB) + 1
	d.vf = make([]int, 2*d.off+1)
	d.vb = make([]int, 2*d.off+1)
	d.compare(0, len(keepA), 0, len(keepB))
	for i, del := range d.deleted {
		deleted[idxA[i]] = del
	}
	for j, ins := range d.inserted {
		inserted[idxB[j]] = ins
	}
	return deleted, inserted
}

// shared returns the lines of s that occur in other, with their indexes in
// s, and flags the others in changed.
func shared(s []int, other map[int]bool, changed []bool) (keep, index []int) {
	for i, x := range s {
		if other[x] {
			keep = append(keep, x)
			index = append(index, i)
		} else {
			changed[i] = true
		}
	}
	return keep, index
}

type differ struct {
	a, b              []int
	deleted, inserted []bool
	// vf[off+k] is the furthest x reached on diagonal k (x-y = k) by the
	// forward search; vb[off+k] the same for the search from the end, in
	// reversed coordinates.
	vf, vb []int
	off    int
}

// compare marks the edits turning a[aLo:aHi] into b[bLo:bHi].
func (d *differ) compare(aLo, aHi, bLo, bHi int) {
	// Common prefix and suffix are free and shrink the search.
	for aLo < aHi && bLo < bHi && d.a[aLo] == d.b[bLo] {
		aLo++
		bLo++
	}
	for aLo < aHi && bLo < bHi && d.a[aHi-1] == d.b[bHi-1] {
		aHi--
		bHi--
	}
	switch {
	case aLo == aHi:
		for j := bLo; j < bHi; j++ {
			d.inserted[j] = true
		}
		return
	case bLo == bHi:
		for i := aLo; i < aHi; i++ {
			d.deleted[i] = true
		}
		return
	}
	// Both sides are non-empty and differ at both ends, so D >= 2 and the
	// middle snake splits the problem into two strictly smaller ones, each
	// with at most ceil(D/2) edits: recursion depth is O(log D).
	x, y := d.middleSnake(aLo, aHi, bLo, bHi)
	d.compare(aLo, x, bLo, y)
	d.compare(x, aHi, y, bHi)
}

// middleSnake runs the forward and backward searches on a[aLo:aHi] and
// b[bLo:bHi] until they meet and returns the meeting point, which lies on a
// shortest edit path, in absolute coordinates.
func (d *differ) middleSnake(aLo, aHi, bLo, bHi int) (int, int) {
	a, b := d.a[aLo:aHi], d.b[bLo:bHi]
	n, m := len(a), len(b)
	delta := n - m
	odd := delta&1 != 0
	vf, vb, off := d.vf, d.vb, d.off
	vf[off+1] = 0
	vb[off+1] = 0
	for e := 0; e <= (n+m+1)/2; e++ {
		// Forward: extend every e-path by one edit and then along matches.
		for k := -e; k <= e; k += 2 {
			var x int
			if k == -e || (k != e && vf[off+k-1] < vf[off+k+1]) {
				x = vf[off+k+1] // insertion: move down from diagonal k+1
			} else {
				x = vf[off+k-1] + 1 // deletion: move right from diagonal k-1
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			vf[off+k] = x
			// With odd delta the paths meet during a forward step; the
			// backward search has done e-1 steps, covering reversed
			// diagonals -(e-1)..e-1, and diagonal k is reversed delta-k.
			if kr := delta - k; odd && kr >= -(e-1) && kr <= e-1 && x+vb[off+kr] >= n {
				return aLo + x, bLo + y
			}
		}
		// Backward: the same search on the reversed sequences.
		for k := -e; k <= e; k += 2 {
			var x int
			if k == -e || (k != e && vb[off+k-1] < vb[off+k+1]) {
				x = vb[off+k+1]
			} else {
				x = vb[off+k-1] + 1
			}
			y := x - k
			for x < n && y < m && a[n-1-x] == b[m-1-y] {
				x++
				y++
			}
			vb[off+k] = x
			if kf := delta - k; !odd && kf >= -e && kf <= e && x+vf[off+kf] >= n {
				return aLo + n - x, bLo + m - y
			}
		}
	}
	// Myers' lemma 3 guarantees the searches meet by e = ceil((N+M)/2);
	// reaching this line means the code above is wrong, not the input.
	panic("render: internal error: diff searches did not meet")
}
