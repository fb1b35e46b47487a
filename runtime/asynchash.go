package runtime

import (
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"sync"
)

// asyncHash computes a SHA-256 on another goroutine, so fingerprinting
// the bytes a model reads and writes runs beside decoding and encoding
// instead of adding to them: on two cores, the hash is nearly free.
// Write copies p (buffers are recycled); Sum waits for the queue to drain.
// A hash that is not wanted any more must be abandoned, which ends its
// goroutine.
type asyncHash struct {
	ch   chan []byte
	free chan []byte
	done chan struct{}
	h    hash.Hash
	n    int64
	once sync.Once
}

func newAsyncHash() *asyncHash {
	a := &asyncHash{ch: make(chan []byte, 8), free: make(chan []byte, 10), done: make(chan struct{}), h: sha256.New()}
	go func() {
		defer close(a.done)
		for b := range a.ch {
			a.h.Write(b)
			select {
			case a.free <- b[:0]:
			default:
			}
		}
	}()
	return a
}

// Write queues a copy of p.
func (a *asyncHash) Write(p []byte) {
	if len(p) == 0 {
		return
	}
	var b []byte
	select {
	case b = <-a.free:
	default:
	}
	b = append(b[:0], p...)
	a.n += int64(len(p))
	a.ch <- b
}

func (a *asyncHash) stop() { a.once.Do(func() { close(a.ch) }) }

// Sum finishes the hash: "sha256:" and its hex digest.
func (a *asyncHash) Sum() string {
	a.stop()
	<-a.done
	return "sha256:" + hex.EncodeToString(a.h.Sum(nil))
}

// Abandon ends the hash without a result.
func (a *asyncHash) Abandon() { a.stop() }
