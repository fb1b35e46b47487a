package codec

import "unsafe"

// arena hands out strings carved from shared chunks, so a reader makes
// one allocation per chunk instead of one per string field. Bytes are
// only ever appended to a chunk, never changed, so handed-out strings stay
// immutable. A kept string keeps its chunk alive: a fair price for
// records, which are usually kept or dropped together.
type arena struct{ buf []byte }

const (
	arenaChunk = 16 << 10
	arenaMax   = 512 // longer strings get their own allocation
)

func (a *arena) string(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(b) > arenaMax {
		return string(b)
	}
	if cap(a.buf)-len(a.buf) < len(b) {
		a.buf = make([]byte, 0, arenaChunk)
	}
	start := len(a.buf)
	a.buf = append(a.buf, b...)
	return unsafe.String(&a.buf[start], len(b))
}
