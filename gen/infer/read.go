package infer

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/ayeaye-go/ayeaye/runtime/codec"
)

// state is one inference run: the options, what was seen, and a time zone
// cache for the date-time parser.
type state struct {
	o      Options
	inputs []Input
	rec    *object
	rows   []int // records read from each input
	zones  codec.Zones
}

// inputError is a problem at a byte offset of an input, turned into a
// line and column (by reading the input again) only when it is reported.
type inputError struct {
	offset int64 // in the decompressed input, after any byte order mark
	msg    string
	hint   string
}

func (e *inputError) Error() string { return e.msg }

// readDelimited reads a CSV or TSV input: the header names the columns,
// every following record is a row.
func (st *state) readDelimited(r io.Reader, file int, delim byte) error {
	name := st.inputs[file].Name
	cr := codec.NewCSVReader(r, codec.Options{File: name, Delimiter: delim})
	if err := cr.Next(); err != nil {
		if err == io.EOF {
			return &codec.Error{File: name, Line: 1, Err: errors.New("the file is empty"),
				Hint: "a delimited sample starts with a header row naming the columns, followed by rows of data"}
		}
		return err
	}
	n := cr.NumFields()
	cols := make([]*column, n)
	header := make([]codec.Column, n)
	repeats := map[string]int{}
	for i := range n {
		h := string(cr.Bytes(i))
		col, err := st.rec.column(h, repeats[h], file)
		if err != nil {
			return &codec.Error{File: name, Line: cr.Line(), Err: err, Hint: "infer a schema from a file with fewer columns"}
		}
		repeats[h]++
		col.delimited = true
		cols[i] = col
		header[i] = codec.Column{Name: h}
	}
	// From here on the reader checks that every record has as many
	// fields as the header, with the same error the generated readers give.
	cr.UseColumns(header)
	rows := 0
	for st.o.Rows == 0 || rows < st.o.Rows {
		err := cr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		rows++
		for i, col := range cols {
			if cr.Null(i) {
				col.nulls++
				continue
			}
			b := cr.Bytes(i)
			s := shape{class: clsQuotedEmpty, scale: -1}
			if len(b) > 0 {
				s = classifyText(b, &st.zones)
			}
			col.observe(b, s, fromText, file, st.o.Enums)
		}
	}
	for _, col := range cols {
		col.present += rows
		col.lastFile = file
	}
	st.rec.records += rows
	st.rows[file] = rows
	return nil
}

// readJSON reads a JSON input: one array of objects when array is true,
// else NDJSON (objects separated by white space, one per line). Values are
// walked token by token, so memory does not depend on the input's size.
func (st *state) readJSON(r io.Reader, file int, array bool) error {
	dec := json.NewDecoder(r)
	dec.UseNumber()
	w := &jsonWalker{st: st, dec: dec, file: file}
	rows := 0
	more := func() bool { return st.o.Rows == 0 || rows < st.o.Rows }
	if array {
		tok, err := dec.Token()
		if err == io.EOF {
			return &inputError{offset: 0, msg: "the file is empty", hint: "a .json sample is one array of objects: [{...}, {...}]"}
		}
		if err != nil {
			return w.tokenError(err)
		}
		if d, ok := tok.(json.Delim); !ok || d != '[' {
			return &inputError{offset: 0, msg: fmt.Sprintf("the document is %s, not an array of objects", describe(tok)),
				hint: "a .json sample is one array of objects: [{...}, {...}]; for one object per line name the file .ndjson"}
		}
		for more() && dec.More() {
			if err := w.record(rows + 1); err != nil {
				return err
			}
			rows++
		}
		if more() {
			if _, err := dec.Token(); err != nil { // the closing ]
				return w.tokenError(err)
			}
			at := dec.InputOffset()
			if _, err := dec.Token(); err != io.EOF {
				return &inputError{offset: at, msg: "more data follows the array", hint: "a .json sample holds exactly one array of objects"}
			}
		}
	} else {
		for more() {
			if err := w.record(rows + 1); err != nil {
				if err == io.EOF {
					break
				}
				return err
			}
			rows++
		}
	}
	// The records were counted by object, one by one.
	st.rows[file] = rows
	return nil
}

type jsonWalker struct {
	st   *state
	dec  *json.Decoder
	file int
}

// record reads the nth record; io.EOF means there are no more (NDJSON).
func (w *jsonWalker) record(n int) error {
	at := w.dec.InputOffset()
	tok, err := w.dec.Token()
	if err == io.EOF {
		return io.EOF
	}
	if err != nil {
		return w.tokenError(err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return &inputError{offset: at, msg: fmt.Sprintf("record %d is %s, not an object", n, describe(tok)),
			hint: "every record of a JSON sample is an object: {\"name\": value, ...}"}
	}
	return w.object(w.st.rec, 1)
}

// object reads the members of an object whose '{' has been read.
func (w *jsonWalker) object(o *object, depth int) error {
	o.records++
	for w.dec.More() {
		at := w.dec.InputOffset()
		tok, err := w.dec.Token()
		if err != nil {
			return w.tokenError(err)
		}
		key, _ := tok.(string) // the decoder allows only strings here
		col, err := o.column(key, 0, w.file)
		if err != nil {
			return &inputError{offset: at, msg: err.Error(), hint: "describe the data as an array of objects with fixed keys, or infer from a smaller sample"}
		}
		if col.lastRecord == o.records {
			return &inputError{offset: at, msg: fmt.Sprintf("key %q appears twice in one object", col.path),
				hint: "remove one of them; JSON readers would keep only one of the values"}
		}
		col.lastRecord = o.records
		col.json = true
		col.present++
		col.lastFile = w.file
		if err := w.value(col, depth); err != nil {
			return err
		}
	}
	_, err := w.dec.Token() // the closing }
	if err != nil {
		return w.tokenError(err)
	}
	return nil
}

// value reads one value of col.
func (w *jsonWalker) value(col *column, depth int) error {
	at := w.dec.InputOffset()
	tok, err := w.dec.Token()
	if err != nil {
		return w.tokenError(err)
	}
	switch t := tok.(type) {
	case nil:
		col.nulls++
	case bool:
		b := []byte("false")
		if t {
			b = []byte("true")
		}
		col.observe(b, shape{class: clsBool, scale: -1}, fromJSONBool, w.file, w.st.o.Enums)
	case json.Number:
		b := []byte(t)
		col.observe(b, classifyJSONNumber(b), fromJSONNumber, w.file, w.st.o.Enums)
	case string:
		b := []byte(t)
		col.observe(b, classifyJSONString(b, &w.st.zones), fromJSONString, w.file, w.st.o.Enums)
	case json.Delim:
		if depth >= maxDepth {
			return &inputError{offset: at, msg: fmt.Sprintf("values are nested more than %d levels deep", maxDepth),
				hint: "a dataset schema describes records, not arbitrarily deep trees; flatten the data"}
		}
		if t == '{' {
			col.objects++
			return w.object(col.object(), depth+1)
		}
		col.arrays++
		elem := col.element()
		n := 0
		for w.dec.More() {
			n++
			if err := w.value(elem, depth+1); err != nil {
				return err
			}
		}
		if n == 0 {
			col.empties++
		}
		if _, err := w.dec.Token(); err != nil { // the closing ]
			return w.tokenError(err)
		}
	}
	return nil
}

// tokenError turns a decoder error into an inputError at its offset.
func (w *jsonWalker) tokenError(err error) error {
	var se *json.SyntaxError
	var ge *gzipError
	switch {
	case errors.As(err, &ge):
		return &inputError{offset: -1, msg: ge.Error(), hint: "check the file with gzip -t; fetch or compress it again"}
	case errors.As(err, &se):
		return &inputError{offset: se.Offset, msg: "invalid JSON: " + se.Error(), hint: "fix the JSON syntax at this spot"}
	case err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF):
		return &inputError{offset: w.dec.InputOffset(), msg: "the file ends in the middle of a JSON value",
			hint: "the file may be cut short; check that every bracket and quote is closed"}
	}
	return err
}

// describe names a JSON token for messages.
func describe(tok json.Token) string {
	switch t := tok.(type) {
	case json.Delim:
		if t == '[' {
			return "an array"
		}
		return "an object"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	}
	return "null"
}

// skipBOM drops a UTF-8 byte order mark, which encoding/json rejects, and
// reports how many bytes it dropped.
func skipBOM(r io.Reader) (io.Reader, int64) {
	br := bufio.NewReader(r)
	if b, _ := br.Peek(3); bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
		return br, 3
	}
	return br, 0
}

// position finds the line and column (1-based, in bytes) of offset in r.
func position(r io.Reader, offset int64) (line, col int, err error) {
	br := bufio.NewReader(r)
	line, col = 1, 1
	for i := int64(0); i < offset; i++ {
		c, err := br.ReadByte()
		if err == io.EOF {
			break
		}
		if err != nil {
			return 0, 0, err
		}
		if c == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return line, col, nil
}
