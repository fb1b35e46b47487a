package infer

import (
	"bytes"

	"github.com/ayeaye-go/ayeaye/runtime/codec"
)

// doc is a JSON object whose keys keep the order they were added in, so
// inferred schemas read top-down the way people write them.
type doc []member

type member struct {
	key string
	val any // string, bool, nil, []any, doc
}

func (d doc) add(key string, val any) doc { return append(d, member{key, val}) }

// get returns the value of key, or nil.
func (d doc) get(key string) any {
	for _, m := range d {
		if m.key == key {
			return m.val
		}
	}
	return nil
}

// encode writes d as indented JSON ending in a newline: objects one member
// per line, arrays of scalars on one line.
func (d doc) encode() []byte {
	var buf bytes.Buffer
	writeValue(&buf, d, 0)
	buf.WriteByte('\n')
	return buf.Bytes()
}

func writeValue(buf *bytes.Buffer, v any, depth int) {
	switch v := v.(type) {
	case doc:
		if len(v) == 0 {
			buf.WriteString("{}")
			return
		}
		buf.WriteString("{\n")
		for i, m := range v {
			indent(buf, depth+1)
			buf.Write(codec.AppendJSONString(nil, m.key))
			buf.WriteString(": ")
			writeValue(buf, m.val, depth+1)
			if i < len(v)-1 {
				buf.WriteByte(',')
			}
			buf.WriteByte('\n')
		}
		indent(buf, depth)
		buf.WriteByte('}')
	case []any:
		buf.WriteByte('[')
		for i, e := range v {
			if i > 0 {
				buf.WriteString(", ")
			}
			writeValue(buf, e, depth)
		}
		buf.WriteByte(']')
	case string:
		buf.Write(codec.AppendJSONString(nil, v))
	case bool:
		if v {
			buf.WriteString("true")
		} else {
			buf.WriteString("false")
		}
	case nil:
		buf.WriteString("null")
	}
}

func indent(buf *bytes.Buffer, depth int) {
	for range depth {
		buf.WriteString("  ")
	}
}
