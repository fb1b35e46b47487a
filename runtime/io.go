package runtime

import (
	"github.com/ayeaye-go/ayeaye/runtime/codec"
	"github.com/ayeaye-go/ayeaye/runtime/engine"
)

// recordIO is the typed half of a storage kind: how records of a
// dataset's type T are read and written there. Its methods take the
// dataset's port, whose run holds the resolved location.
type recordIO[T any] interface {
	// readAll streams every location of the port: one, or the files a
	// wildcard matched, in order. count counts the records as the port's.
	readAll(p *port, count bool, yield func(T, error) bool)
	// readFile streams one of an input's Files, or a byte range (span) or
	// the row groups extra names of it.
	readFile(p *port, u engine.URL, extra codec.Options, span []int64, yield func(T, error) bool)
	// openWriter opens an output for its first Write, setting the port's
	// commit and abort (and seal, when encoding must finish first).
	openWriter(p *port) error
	// openPart starts partition index's part of an output (output_part.go).
	openPart(p *port, index int) (*partWriter[T], error)
	// joinParts writes an output from its partitions' parts.
	joinParts(p *port) error
}

// ioOf is the typed half of the kind the run chose for d: the one place
// a kind is mapped to code that knows T.
func ioOf[T any](d *Dataset[T], r *portRun) recordIO[T] {
	switch k := r.drv.(type) {
	case memDriver:
		return memIO[T]{}
	case tableDriver:
		return tableIO[T]{d}
	case userDriver:
		return userIO[T]{k.d}
	default:
		return fileIO[T]{d}
	}
}
