package codec

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/ayeaye-go/ayeaye/internal/listing"
	"github.com/ayeaye-go/ayeaye/runtime/value"
)

// CSVReader splits delimited text (RFC 4180 CSV, or TSV with a tab
// delimiter) into fields without allocating per record. It handles quoted
// fields holding delimiters, quotes and newlines, CRLF and LF line ends,
// and a UTF-8 byte order mark. Blank lines are skipped.
//
// Field bytes are valid until the next call to Next. An unquoted empty
// field is null; a quoted empty field ("") is an empty string.
type CSVReader struct {
	r        io.Reader
	buf      []byte
	pos, end int
	eof      bool
	started  bool // the byte order mark has been looked for
	delim    byte
	file     string

	line    int // line number of buf[pos]
	recLine int // line the current record starts on
	fields  []csvField
	scratch []byte // unescaped quoted fields
	width   int    // fields per record once the header is known; 0 = any
	header  []byte // the header row when the input starts after it
	extraOK bool   // columns the schema does not name are skipped
	names   []string
	zones   Zones
	lx      *JSONLexer // for JSON-encoded fields
	strings arena
}

type csvField struct {
	b      []byte
	line   int
	col    int
	quoted bool
}

// NewCSVReader returns a reader of r using o.Delimiter (',' if zero).
func NewCSVReader(r io.Reader, o Options) *CSVReader {
	d := o.Delimiter
	if d == 0 {
		d = ','
	}
	return &CSVReader{r: r, buf: make([]byte, 64<<10), delim: d, file: o.File, line: max(o.Line, 1), header: o.Header, extraOK: o.ExtraColumns}
}

// Column is a column a schema wants from a delimited file.
type Column struct {
	Name     string
	Required bool
}

// ReadHeader reads the header row and maps each wanted column to its
// index in the file, or -1 for an optional column the file lacks.
// Reordered columns are fine; missing required columns and columns the
// schema does not know are one error listing them all.
func (r *CSVReader) ReadHeader(want []Column) ([]int, error) {
	if r.header != nil {
		// The input is a byte range after the header: read the header
		// from its own text, then carry on with the range.
		h := NewCSVReader(bytes.NewReader(r.header), Options{File: r.file, Delimiter: r.delim})
		idx, err := h.ReadHeader(want)
		if err != nil {
			return nil, err
		}
		r.names, r.width = h.names, h.width
		return idx, nil
	}
	if err := r.Next(); err != nil {
		if err == io.EOF {
			return nil, &Error{File: r.file, Line: 1, Err: errors.New("the file is empty, but a header row was expected"),
				Hint: "the first line must name the columns: " + columnList(want)}
		}
		return nil, err
	}
	r.names = make([]string, len(r.fields))
	at := make(map[string]int, len(r.fields))
	for i, f := range r.fields {
		name := string(f.b)
		if j, dup := at[name]; dup {
			return nil, &Error{File: r.file, Line: f.line, Column: f.col,
				Err:  fmt.Errorf("column %q appears twice in the header (columns %d and %d)", name, j+1, i+1),
				Hint: "rename or remove one of them"}
		}
		at[name] = i
		r.names[i] = name
	}
	idx := make([]int, len(want))
	var missing, extra listing.Items
	known := make(map[string]bool, len(want))
	for k, c := range want {
		known[c.Name] = true
		i, ok := at[c.Name]
		if !ok {
			i = -1
			if c.Required {
				missing.Add(c.Name)
			}
		}
		idx[k] = i
	}
	for _, n := range r.names {
		if !known[n] && !r.extraOK {
			extra.Add(n)
		}
	}
	if missing.Len() > 0 || extra.Len() > 0 {
		var parts []string
		if missing.Len() > 0 {
			parts = append(parts, "missing required columns "+missing.Quoted(", "))
		}
		if extra.Len() > 0 {
			parts = append(parts, "columns not in the schema "+extra.Quoted(", "))
		}
		return nil, &Error{File: r.file, Line: r.recLine,
			Err:  errors.New("the header does not match the schema: " + strings.Join(parts, "; ")),
			Hint: "the schema's columns are " + columnList(want) + "; rename the header, or add the columns to the schema"}
	}
	r.width = len(r.names)
	return idx, nil
}

// UseColumns sets up a reader of a file without a header row: the file's
// columns are the given ones, in order.
func (r *CSVReader) UseColumns(cols []Column) []int {
	r.names = make([]string, len(cols))
	idx := make([]int, len(cols))
	for i, c := range cols {
		r.names[i] = c.Name
		idx[i] = i
	}
	r.width = len(cols)
	return idx
}

func columnList(cols []Column) string {
	var names listing.Items
	for _, c := range cols {
		names.Add(c.Name)
	}
	return names.Join(",")
}

// Next reads the next record. It returns io.EOF after the last one.
func (r *CSVReader) Next() error {
	for {
		if r.pos < r.end || r.eof {
			st, err := r.parse()
			if err != nil {
				return err
			}
			if st == recordRead {
				if r.width > 0 && len(r.fields) != r.width {
					return &Error{File: r.file, Line: r.recLine,
						Err:  fmt.Errorf("the record has %d fields, but the header has %d", len(r.fields), r.width),
						Hint: "check for a missing or extra delimiter, or an unquoted delimiter inside a value"}
				}
				return nil
			}
			if st == blankSkipped {
				continue
			}
			if r.eof { // needMore at the end of input: nothing left
				return io.EOF
			}
		}
		if err := r.fill(); err != nil {
			return err
		}
	}
}

// fill moves the unread bytes to the front of the buffer and reads more,
// growing the buffer when one record is larger than it.
func (r *CSVReader) fill() error {
	if r.pos > 0 {
		r.end = copy(r.buf, r.buf[r.pos:r.end])
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
			break
		}
		if err != nil {
			return &Error{File: r.file, Line: r.line, Err: err}
		}
		if n > 0 {
			break
		}
	}
	if !r.started && (r.end >= 3 || r.eof) {
		r.started = true
		if bytes.HasPrefix(r.buf[:r.end], []byte("\xef\xbb\xbf")) {
			r.pos = 3
		}
	}
	return nil
}

type parseStatus int

const (
	needMore parseStatus = iota
	recordRead
	blankSkipped
)

// parse reads one record from the buffer.
func (r *CSVReader) parse() (parseStatus, error) {
	if !r.started && !r.eof || r.pos == r.end {
		return needMore, nil
	}
	data := r.buf[r.pos:r.end]
	nl := bytes.IndexByte(data, '\n')
	if nl < 0 && !r.eof {
		return needMore, nil
	}
	next := nl + 1
	if nl < 0 {
		nl, next = len(data), len(data)
	}
	line := data[:nl]
	if len(line) > 0 && line[len(line)-1] == '\r' {
		line = line[:len(line)-1]
	}
	if len(line) == 0 {
		r.pos += next
		r.line++
		return blankSkipped, nil
	}
	if bytes.IndexByte(line, '"') >= 0 {
		return r.parseQuoted(data)
	}
	// Fast path: no quotes on the line, so fields end at delimiters.
	r.fields = r.fields[:0]
	for start := 0; ; {
		i := bytes.IndexByte(line[start:], r.delim)
		if i < 0 {
			r.fields = append(r.fields, csvField{b: line[start:], line: r.line, col: start + 1})
			break
		}
		r.fields = append(r.fields, csvField{b: line[start : start+i], line: r.line, col: start + 1})
		start += i + 1
	}
	r.recLine = r.line
	r.line++
	r.pos += next
	return recordRead, nil
}

// parseQuoted reads a record that has quoted fields and may span lines.
func (r *CSVReader) parseQuoted(data []byte) (parseStatus, error) {
	r.fields = r.fields[:0]
	r.scratch = r.scratch[:0]
	line, lineStart := r.line, 0
	i := 0
	for {
		fline, fcol := line, i-lineStart+1
		if i < len(data) && data[i] == '"' {
			i++
			segStart, sc := i, -1
			for {
				j := bytes.IndexByte(data[i:], '"')
				if j < 0 {
					if !r.eof {
						return needMore, nil
					}
					return needMore, &Error{File: r.file, Line: fline, Column: fcol,
						Err:  errors.New("a quoted field is not closed before the end of the file"),
						Hint: "add the closing quote; a quote inside a quoted field is written twice (\"\")"}
				}
				for k, c := range data[i : i+j] {
					if c == '\n' {
						line++
						lineStart = i + k + 1
					}
				}
				q := i + j
				i = q + 1
				if i >= len(data) && !r.eof {
					return needMore, nil // cannot tell "" from a closing quote yet
				}
				if i < len(data) && data[i] == '"' {
					if sc < 0 {
						sc = len(r.scratch)
					}
					r.scratch = append(r.scratch, data[segStart:q]...)
					r.scratch = append(r.scratch, '"')
					i++
					segStart = i
					continue
				}
				v := data[segStart:q]
				if sc >= 0 {
					r.scratch = append(r.scratch, v...)
					v = r.scratch[sc:]
				}
				r.fields = append(r.fields, csvField{b: v, line: fline, col: fcol, quoted: true})
				break
			}
		} else {
			start := i
			for i < len(data) && data[i] != r.delim && data[i] != '\n' {
				if data[i] == '"' {
					return needMore, &Error{File: r.file, Line: line, Column: i - lineStart + 1,
						Err:  errors.New(`a quote appears inside an unquoted field`),
						Hint: `quote the whole field and write the quote twice: "say ""hi"""`}
				}
				i++
			}
			if i >= len(data) && !r.eof {
				return needMore, nil
			}
			v := data[start:i]
			if i < len(data) && len(v) > 0 && v[len(v)-1] == '\r' {
				v = v[:len(v)-1]
			}
			r.fields = append(r.fields, csvField{b: v, line: fline, col: fcol})
		}
		switch {
		case i >= len(data):
			if !r.eof {
				return needMore, nil
			}
		case data[i] == r.delim:
			i++
			continue
		case data[i] == '\n':
			i++
			line++
		case data[i] == '\r' && i+1 < len(data) && data[i+1] == '\n':
			i += 2
			line++
		case data[i] == '\r' && i+1 >= len(data) && !r.eof:
			return needMore, nil
		default:
			return needMore, &Error{File: r.file, Line: line, Column: i - lineStart + 1,
				Err:  fmt.Errorf("unexpected %q after a closing quote", data[i]),
				Hint: "a quoted field must end at a delimiter or the end of the line; write a quote inside it twice"}
		}
		r.recLine = r.line
		r.line = line
		r.pos += i
		return recordRead, nil
	}
}

// NumFields is the number of fields of the current record.
func (r *CSVReader) NumFields() int { return len(r.fields) }

// Line is the line the current record starts on.
func (r *CSVReader) Line() int { return r.recLine }

// Bytes is field i of the current record.
func (r *CSVReader) Bytes(i int) []byte { return r.fields[i].b }

// Null reports whether field i is null: empty and not quoted.
func (r *CSVReader) Null(i int) bool { return len(r.fields[i].b) == 0 && !r.fields[i].quoted }

// String is field i as a string.
func (r *CSVReader) String(i int) string { return r.strings.string(r.fields[i].b) }

// Int parses field i as an integer of the given bits.
func (r *CSVReader) Int(i, bits int) (int64, error) {
	v, err := ParseInt(r.fields[i].b, bits)
	if err != nil {
		return 0, r.FieldError(i, intName(bits), err)
	}
	return v, nil
}

// Float parses field i as a float of the given bits.
func (r *CSVReader) Float(i, bits int) (float64, error) {
	v, err := ParseFloat(r.fields[i].b, bits)
	if err != nil {
		return 0, r.FieldError(i, floatName(bits), err)
	}
	return v, nil
}

// Bool parses field i as a boolean.
func (r *CSVReader) Bool(i int) (bool, error) {
	v, err := ParseBool(r.fields[i].b)
	if err != nil {
		return false, r.FieldError(i, "boolean (true or false)", err)
	}
	return v, nil
}

// Time parses field i as an RFC 3339 timestamp.
func (r *CSVReader) Time(i int) (time.Time, error) {
	v, err := r.zones.ParseTime(r.fields[i].b)
	if err != nil {
		return time.Time{}, r.FieldError(i, "date-time", err)
	}
	return v, nil
}

// Date parses field i as a calendar date.
func (r *CSVReader) Date(i int) (value.Date, error) {
	b := r.fields[i].b
	if len(b) == 0 {
		return value.Date{}, r.FieldError(i, "date (YYYY-MM-DD)", errEmpty)
	}
	v, err := value.ParseDate(string(b))
	if err != nil {
		return value.Date{}, r.FieldError(i, "date (YYYY-MM-DD)", err)
	}
	return v, nil
}

// Decimal parses field i as an exact decimal.
func (r *CSVReader) Decimal(i int) (value.Decimal, error) {
	b := r.fields[i].b
	if len(b) == 0 {
		return value.Decimal{}, r.FieldError(i, "decimal", errEmpty)
	}
	v, err := value.ParseDecimal(string(b))
	if err != nil {
		return value.Decimal{}, r.FieldError(i, "decimal", err)
	}
	return v, nil
}

// FieldError describes a bad value in field i: its text, position, and the
// type the schema expects.
func (r *CSVReader) FieldError(i int, expected string, err error) error {
	f := r.fields[i]
	name := ""
	if i < len(r.names) {
		name = r.names[i]
	}
	return newValueError(r.file, f.line, f.col, name, string(f.b), expected, err)
}

func newValueError(file string, line, col int, field, text, expected string, err error) *Error {
	e := &Error{File: file, Line: line, Column: col, Field: field, Text: text, Expected: expected, Err: err}
	if err == errEmpty {
		e.Err = nil
		e.Hint = "the field is required and not nullable: give it a value, or allow null in the schema (type: [\"…\", \"null\"])"
	}
	return e
}

func intName(bits int) string {
	if bits == 64 {
		return "integer"
	}
	return fmt.Sprintf("integer (int%d)", bits)
}

func floatName(bits int) string {
	if bits == 64 {
		return "number"
	}
	return "number (float32)"
}

// Pos is the line and column where field i of the current record starts.
func (r *CSVReader) Pos(i int) (line, col int) { return r.fields[i].line, r.fields[i].col }

// JSONLexer returns a lexer for JSON text held in field i (a nested field
// stored JSON-encoded), placed at the field's position for errors.
func (r *CSVReader) JSONLexer(i int) *JSONLexer {
	if r.lx == nil {
		r.lx = &JSONLexer{file: r.file, zones: &r.zones}
	}
	f := r.fields[i]
	col := f.col
	if f.quoted {
		col++
	}
	r.lx.Reset(f.b, f.line, col)
	return r.lx
}
