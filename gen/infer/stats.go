package infer

import (
	"fmt"
	"slices"
	"unicode/utf8"
)

// Limits that keep memory constant whatever the sample's size: counts
// grow, nothing else does. Each column keeps a handful of short examples,
// at most Options.Enums distinct values, and its nested columns.
const (
	// maxColumns bounds the columns of one object. More keys than this
	// means the keys are data (a map), which a record schema cannot
	// describe.
	maxColumns = 4096
	// maxDepth bounds the nesting of JSON values.
	maxDepth = 64
	// maxEnumValue is the longest value an enum may have; longer text is
	// prose, not a code.
	maxEnumValue = 64
	// maxExample is the length of examples quoted in notes.
	maxExample = 40
)

// candidate is a type narrower than string that a column may turn out to
// be, in the order they are tried.
type candidate int

const (
	cInteger candidate = iota
	cNumber
	cBoolean
	cDate
	cDateTime
	numCandidates
)

// plural names the candidates in notes ("3 values look like dates").
var candidateNames = [numCandidates][2]string{
	cInteger:  {"an integer", "integers"},
	cNumber:   {"a number", "numbers"},
	cBoolean:  {"a boolean", "booleans"},
	cDate:     {"a date", "dates"},
	cDateTime: {"a date-time", "date-times"},
}

// origin is where a value came from, which decides what a reader of that
// format accepts for it: a JSON reader takes only JSON strings for a
// string field and only JSON numbers for a number field.
type origin uint8

const (
	fromText       origin = iota // a field of a delimited file
	fromJSONString               // a JSON string
	fromJSONNumber               // a JSON number
	fromJSONBool                 // a JSON true or false
)

// fits reports whether a value of class c from origin o can be read as
// candidate k.
func fits(k candidate, c class, o origin) bool {
	switch k {
	case cInteger:
		return c == clsInt
	case cNumber:
		// A JSON integer beyond int64 is still a JSON number; as text it
		// is more likely an identifier, which a float would corrupt.
		return c == clsInt || c == clsNumber || (c == clsBigInt && o == fromJSONNumber)
	case cBoolean:
		return c == clsBool
	case cDate:
		return c == clsDate
	case cDateTime:
		return c == clsDateTime
	}
	return false
}

// example is one value quoted in a note, with the file it came from.
type example struct {
	text string
	file int
	ok   bool
}

func (e *example) set(b []byte, file int) {
	if e.ok {
		return
	}
	*e = example{text: shorten(b), file: file, ok: true}
}

// shorten cuts b to maxExample bytes at a rune boundary.
func shorten(b []byte) string {
	if len(b) <= maxExample {
		return string(b)
	}
	n := maxExample
	for n > 0 && !utf8.RuneStart(b[n]) {
		n--
	}
	return string(b[:n]) + "…"
}

const (
	scaleUnset = -1 // no numeric value seen yet
	scaleMixed = -2 // numeric values with different fraction digits
)

// column is what was seen of one column (or JSON key, or array element).
type column struct {
	key  string // the header or key as written in the sample
	nth  int    // >0 for the nth repeat of a header within one file
	path string // the column's name in notes: "city", "customer.city", "tags[]"

	firstFile   int
	missingFile int // a file with records but without this column; -1 for none
	lastFile    int // the last file the column was present in
	lastRecord  int // the record it was last present in, to catch duplicate keys
	delimited   bool
	json        bool

	present int // records holding the column, null or not
	nulls   int
	values  int // non-null scalar values
	fit     [numCandidates]int
	misfit  [numCandidates]example // the first value that does not fit each candidate
	first   example

	text, jsonStrings, jsonNumbers, jsonBools int
	leadingZero, bigInt, quotedEmpty, yesNo   int
	naive, numericStrings, nullMarkers        int
	leadingZeroEx, bigIntEx, naiveEx          example
	numericEx, quotedEmptyEx, nullMarkerEx    example

	scale   int // fraction digits shared by every numeric value, or scaleUnset/scaleMixed
	scaleEx example

	distinct []string // the distinct text values, while enumOff is false
	enumOff  bool

	objects int
	obj     *object // the union of the object values' keys
	arrays  int
	empties int     // empty arrays
	elem    *column // the union of the arrays' elements
}

func newColumn(key string, nth int, path string, file int) *column {
	return &column{key: key, nth: nth, path: path, firstFile: file, missingFile: -1, lastFile: -1, lastRecord: -1, scale: scaleUnset}
}

// object is what was seen of the record, or of the values of a nested
// object column: its columns in the order they first appeared.
type object struct {
	path    string // "" for the record
	records int
	cols    []*column
	index   map[colKey]*column
}

type colKey struct {
	key string
	nth int
}

func newObject(path string) *object {
	return &object{path: path, index: map[colKey]*column{}}
}

// column returns the column for key, creating it on first sight.
func (o *object) column(key string, nth, file int) (*column, error) {
	k := colKey{key, nth}
	if c, ok := o.index[k]; ok {
		return c, nil
	}
	if len(o.cols) == maxColumns {
		where := "the records"
		if o.path != "" {
			where = fmt.Sprintf("the objects of %q", o.path)
		}
		return nil, fmt.Errorf("%s have more than %d distinct keys; keys that vary like this are data (a map), which a dataset schema cannot describe", where, maxColumns)
	}
	path := key
	if o.path != "" {
		path = o.path + "." + key
	}
	c := newColumn(key, nth, path, file)
	o.cols = append(o.cols, c)
	o.index[k] = c
	return c, nil
}

// observe counts one non-null scalar value b of shape s.
func (c *column) observe(b []byte, s shape, from origin, file int, enums int) {
	c.values++
	c.first.set(b, file)
	for k := range numCandidates {
		if fits(k, s.class, from) {
			c.fit[k]++
		} else {
			c.misfit[k].set(b, file)
		}
	}
	switch from {
	case fromText:
		c.text++
	case fromJSONString:
		c.jsonStrings++
	case fromJSONNumber:
		c.jsonNumbers++
	case fromJSONBool:
		c.jsonBools++
	}
	switch s.class {
	case clsLeadingZero:
		c.leadingZero++
		c.leadingZeroEx.set(b, file)
	case clsBigInt:
		c.bigInt++
		c.bigIntEx.set(b, file)
	case clsQuotedEmpty:
		c.quotedEmpty++
		c.quotedEmptyEx.set(b, file)
	}
	if s.yesNo {
		c.yesNo++
	}
	if s.naive {
		c.naive++
		c.naiveEx.set(b, file)
	}
	if s.nullMarker {
		c.nullMarkers++
		c.nullMarkerEx.set(b, file)
	}
	numeric := s.class == clsInt || s.class == clsNumber || s.class == clsBigInt || s.class == clsLeadingZero
	if from == fromJSONString && s.scale >= 0 {
		c.numericStrings++
		c.numericEx.set(b, file)
		numeric = true
	}
	if numeric {
		switch {
		case s.scale < 0:
			c.scale = scaleMixed
		case c.scale == scaleUnset:
			c.scale = s.scale
			c.scaleEx.set(b, file)
		case c.scale != s.scale:
			c.scale = scaleMixed
		}
	}
	if enums > 0 && (from == fromText || from == fromJSONString) {
		c.track(b, enums)
	}
}

// track keeps the distinct values of a column while they could still form
// an enum of at most n values.
func (c *column) track(b []byte, n int) {
	if c.enumOff {
		return
	}
	if len(b) == 0 || len(b) > maxEnumValue || !utf8.Valid(b) {
		c.stopEnum()
		return
	}
	if slices.ContainsFunc(c.distinct, func(s string) bool { return s == string(b) }) {
		return
	}
	if len(c.distinct) == n {
		c.stopEnum()
		return
	}
	c.distinct = append(c.distinct, string(b))
}

func (c *column) stopEnum() {
	c.enumOff = true
	c.distinct = nil
}

// nonNull counts the values that are not null, of any kind.
func (c *column) nonNull() int { return c.values + c.objects + c.arrays }

// element returns the column of the elements of c's array values.
func (c *column) element() *column {
	if c.elem == nil {
		c.elem = newColumn("", 0, c.path+"[]", c.firstFile)
		c.elem.json = true
	}
	return c.elem
}

// object returns the object of c's object values.
func (c *column) object() *object {
	if c.obj == nil {
		c.obj = newObject(c.path)
	}
	return c.obj
}
