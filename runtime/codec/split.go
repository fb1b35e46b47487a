package codec

import (
	"bufio"
	"errors"
	"io"
)

// Range is a part of a delimited file that holds whole records: the
// bytes [Start, End), beginning on line Line. The header row is not in
// any range; Header holds it.
type Range struct {
	Start, End int64
	Line       int
	Header     []byte
}

// SplitCSV cuts delimited text into about n ranges of similar size, each
// ending at a record boundary: a line end outside quotes, so a quoted
// field holding newlines is never cut. It reads r once, sequentially.
func SplitCSV(r io.Reader, size int64, n int) ([]Range, error) {
	if n < 1 {
		n = 1
	}
	br := bufio.NewReaderSize(r, 1<<20)
	header, err := br.ReadSlice('\n')
	if err != nil && err != io.EOF {
		if err == bufio.ErrBufferFull {
			return nil, errors.New("the header row is longer than 1 MiB")
		}
		return nil, err
	}
	header = append([]byte(nil), header...)
	if len(header) == 0 {
		return nil, nil
	}
	pos := int64(len(header))
	body := size - pos
	target := pos + body/int64(n)
	var out []Range
	start, startLine := pos, 2
	line := 2
	inQuote := false
	for {
		c, err := br.ReadByte()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		pos++
		switch c {
		case '"':
			inQuote = !inQuote
		case '\n':
			line++
			if !inQuote && pos >= target && len(out) < n-1 {
				out = append(out, Range{Start: start, End: pos, Line: startLine, Header: header})
				start, startLine = pos, line
				target = start + body/int64(n)
			}
		}
	}
	if pos > start {
		out = append(out, Range{Start: start, End: pos, Line: startLine, Header: header})
	}
	return out, nil
}
