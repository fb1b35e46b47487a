package codec

import (
	"bufio"
	"bytes"
	"errors"
	"io"
)

var bom = []byte("\xef\xbb\xbf")

// NDJSONReader splits newline-delimited JSON into records, one lexer per
// line. Blank lines are skipped; CRLF and a byte order mark are accepted.
type NDJSONReader struct {
	br    *bufio.Reader
	lx    JSONLexer
	line  int
	long  []byte // a line longer than the bufio buffer
	first bool
}

// NewNDJSONReader returns a reader of r.
func NewNDJSONReader(r io.Reader, o Options) *NDJSONReader {
	nr := &NDJSONReader{br: bufio.NewReaderSize(r, 64<<10), first: true}
	nr.lx.file = o.File
	nr.lx.zones = &Zones{}
	return nr
}

// Next returns the lexer positioned on the next record, or io.EOF.
func (r *NDJSONReader) Next() (*JSONLexer, error) {
	for {
		line, err := r.br.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			r.long = append(r.long[:0], line...)
			for err == bufio.ErrBufferFull {
				line, err = r.br.ReadSlice('\n')
				r.long = append(r.long, line...)
			}
			line = r.long
		}
		if err != nil && err != io.EOF {
			return nil, &Error{File: r.lx.file, Line: r.line + 1, Err: err}
		}
		if len(line) == 0 && err == io.EOF {
			return nil, io.EOF
		}
		r.line++
		if r.first {
			r.first = false
			line = bytes.TrimPrefix(line, bom)
		}
		body := bytes.TrimRight(line, "\r\n")
		if len(bytes.TrimLeft(body, " \t")) == 0 {
			if err == io.EOF {
				return nil, io.EOF
			}
			continue
		}
		r.lx.Reset(body, r.line, 1)
		return &r.lx, nil
	}
}

// JSONArrayReader streams the elements of one top-level JSON array,
// `[{…}, {…}]`, in constant memory: each element is handed to the lexer
// once its closing bracket has been read.
type JSONArrayReader struct {
	r        io.Reader
	buf      []byte
	pos, end int
	eof      bool
	line     int // line of buf[pos]
	lineAt   int // offset in buf of the start of that line (may be negative after compaction)
	lx       JSONLexer
	n        int // elements read
	state    int // 0 before '[', 1 inside, 2 after ']'
}

// NewJSONArrayReader returns a reader of r.
func NewJSONArrayReader(r io.Reader, o Options) *JSONArrayReader {
	ar := &JSONArrayReader{r: r, buf: make([]byte, 64<<10), line: 1}
	ar.lx.file = o.File
	ar.lx.zones = &Zones{}
	return ar
}

func (r *JSONArrayReader) fill() error {
	if r.pos > 0 {
		r.end = copy(r.buf, r.buf[r.pos:r.end])
		r.lineAt -= r.pos
		r.pos = 0
	}
	if r.end == len(r.buf) {
		r.buf = append(r.buf, make([]byte, len(r.buf))...)
	}
	for {
		n, err := r.r.Read(r.buf[r.end:])
		r.end += n
		if err == io.EOF {
			r.eof = true
			return nil
		}
		if err != nil {
			return &Error{File: r.lx.file, Line: r.line, Err: err}
		}
		if n > 0 {
			return nil
		}
	}
}

// advance moves past n bytes, counting lines.
func (r *JSONArrayReader) advance(n int) {
	seg := r.buf[r.pos : r.pos+n]
	if c := bytes.Count(seg, []byte{'\n'}); c > 0 {
		r.line += c
		r.lineAt = r.pos + bytes.LastIndexByte(seg, '\n') + 1
	}
	r.pos += n
}

// peek skips white space and returns the next byte, reading more input as
// needed; ok is false at the end of input.
func (r *JSONArrayReader) peek() (byte, bool, error) {
	for {
		for r.pos < r.end {
			switch c := r.buf[r.pos]; c {
			case ' ', '\t', '\r', '\n':
				r.advance(1)
			default:
				return c, true, nil
			}
		}
		if r.eof {
			return 0, false, nil
		}
		if err := r.fill(); err != nil {
			return 0, false, err
		}
	}
}

func (r *JSONArrayReader) errorf(msg string) error {
	return &Error{File: r.lx.file, Line: r.line, Column: r.pos - r.lineAt + 1, Err: errors.New(msg),
		Hint: "a JSON dataset is one array of objects: [{...}, {...}]; for one object per line use ndjson"}
}

// Next returns the lexer positioned on the next element, or io.EOF after
// the closing bracket.
func (r *JSONArrayReader) Next() (*JSONLexer, error) {
	if r.state == 0 {
		for r.end < len(bom) && !r.eof {
			if err := r.fill(); err != nil {
				return nil, err
			}
		}
		if bytes.HasPrefix(r.buf[:r.end], bom) {
			r.pos = 3
			r.lineAt = 3
		}
		c, ok, err := r.peek()
		if err != nil {
			return nil, err
		}
		if !ok || c != '[' {
			return nil, r.errorf("expected '[' at the start of a JSON array document")
		}
		r.advance(1)
		r.state = 1
	}
	if r.state == 2 {
		return nil, io.EOF
	}
	c, ok, err := r.peek()
	if err != nil {
		return nil, err
	}
	if ok && c == ']' {
		r.advance(1)
		r.state = 2
		if c, ok, err := r.peek(); err != nil {
			return nil, err
		} else if ok {
			return nil, r.errorf("unexpected " + string(rune(c)) + " after the closing ']'")
		}
		return nil, io.EOF
	}
	if r.n > 0 {
		if !ok || c != ',' {
			return nil, r.errorf("expected ',' or ']' between array elements")
		}
		r.advance(1)
		if c, ok, err = r.peek(); err != nil {
			return nil, err
		}
	}
	if !ok {
		return nil, r.errorf("the array is not closed with ']'")
	}
	size, err := r.elementSize()
	if err != nil {
		return nil, err
	}
	r.lx.Reset(r.buf[r.pos:r.pos+size], r.line, r.pos-r.lineAt+1)
	r.advance(size)
	r.n++
	return &r.lx, nil
}

// elementSize finds the length of the value at r.pos, reading more input
// until it is complete. Only strings and bracket depth matter here; the
// lexer checks the rest.
func (r *JSONArrayReader) elementSize() (int, error) {
	for {
		depth, inStr, esc := 0, false, false
		for i := r.pos; i < r.end; i++ {
			c := r.buf[i]
			switch {
			case inStr:
				switch {
				case esc:
					esc = false
				case c == '\\':
					esc = true
				case c == '"':
					inStr = false
				}
			case c == '"':
				inStr = true
			case c == '{' || c == '[':
				depth++
			case c == '}' || c == ']':
				depth--
				if depth < 0 {
					return i - r.pos, nil // a scalar element ended by ']'
				}
				if depth == 0 {
					return i + 1 - r.pos, nil
				}
			case depth == 0 && (c == ',' || c == ' ' || c == '\n' || c == '\r' || c == '\t'):
				return i - r.pos, nil
			}
		}
		if r.eof {
			if depth == 0 && !inStr {
				return r.end - r.pos, nil
			}
			return 0, r.errorf("the file ends inside an array element")
		}
		if err := r.fill(); err != nil {
			return 0, err
		}
	}
}
