package schema

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ayeaye-go/ayeaye/gen/ir"
)

// parquetEncodings are the encodings x-ayeaye.parquet_encoding may choose
// for each kind of value. The writer's defaults (dictionary for strings,
// plain for the rest) suit most data; these are for the columns they do
// not: byte_stream_split makes float columns of measurements compress
// well and decompress fast, plain avoids a dictionary for strings that
// rarely repeat, delta stores sorted integers and timestamps as small
// differences.
var parquetEncodings = map[ir.Kind][]string{
	ir.Float:    {"plain", "byte_stream_split"},
	ir.String:   {"dictionary", "plain"},
	ir.Enum:     {"dictionary", "plain"},
	ir.Int:      {"plain", "delta"},
	ir.Date:     {"plain", "delta"},
	ir.DateTime: {"plain", "delta"},
}

// parquetEncoding checks a property's x-ayeaye.parquet_encoding against
// the kind of its values (an array's elements).
func (b *builder) parquetEncoding(f *ir.Field, m *member, path []string) {
	if m.value.kind != stringNode {
		b.errOn(m.value, m.value.pos, `write one of the encodings as a string, e.g. "parquet_encoding": "byte_stream_split"`,
			"%sx-ayeaye.parquet_encoding must be a string, not %s", prefix(path), article(m.value.kind))
		return
	}
	t := f.Type
	if t.Kind == ir.Array {
		t = t.Elem
	}
	valid, ok := parquetEncodings[t.Kind]
	if !ok {
		b.errOn(m.value, m.keyPos, "remove it: the Parquet writer chooses how such values are stored",
			"%sx-ayeaye.parquet_encoding applies to number, string, integer, date and date-time values (or arrays of them), and this property holds %s values", prefix(path), t.Kind)
		return
	}
	known := false
	for _, encs := range parquetEncodings {
		known = known || slices.Contains(encs, m.value.text)
	}
	if !known {
		b.errOn(m.value, m.value.pos, fmt.Sprintf("use %s for %s values", strings.Join(quoteAll(valid), " or "), t.Kind),
			"%sx-ayeaye.parquet_encoding %q is not an encoding ayeaye-gen writes", prefix(path), m.value.text)
		return
	}
	if !slices.Contains(valid, m.value.text) {
		b.errOn(m.value, m.value.pos, fmt.Sprintf("use %s", strings.Join(quoteAll(valid), " or ")),
			"%sx-ayeaye.parquet_encoding %q does not apply to %s values", prefix(path), m.value.text, t.Kind)
		return
	}
	f.ParquetEncoding = m.value.text
}

func quoteAll(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = fmt.Sprintf("%q", v)
	}
	return out
}
