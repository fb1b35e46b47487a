// Package value holds the value types that generated records are made of
// and that generated codecs parse and format: Date, Decimal and Null.
//
// Generated code calls these functions once per field per row, over
// millions of rows, so the common paths do not allocate: ParseDate,
// ParseDecimal, UnmarshalText and the Append methods work on the stack.
// Formatting appends to a caller's buffer (Append, AppendText) so a
// writer can reuse one buffer for a whole file.
//
// # Date
//
// Date is a calendar date with no time zone, the JSON Schema format
// "date". It is three plain fields, so it can be built with a literal and
// compared with ==:
//
//	d, err := value.ParseDate("2024-02-29")     // strict YYYY-MM-DD
//	next := d.AddDays(1)                         // 2024-03-01
//	t := d.In(time.UTC)                          // midnight, as a time.Time
//
// ParseDate accepts exactly ten characters and checks the day against the
// month and leap years. A Date is valid when it is a real day in years
// 0000-9999; writing an invalid Date with AppendText, MarshalText or
// MarshalJSON is an error, so bad dates cannot reach a file that would
// then fail to read back. Append is the error-free variant for writers
// whose values are known to be valid.
//
// # Decimal
//
// Decimal is an exact decimal number, the JSON Schema format "decimal".
// Use it for money and anything else that must add up: it never passes
// through float64. It keeps the number of decimal places it was written
// with, so "1.50" is written back as "1.50", while Cmp and Equal compare
// numerically:
//
//	price := value.MustParseDecimal("19.99")
//	total := price.Mul(value.DecimalFromInt(3))  // 59.97
//	vat := total.Mul(value.MustParseDecimal("0.2")).Round(2)
//
// Values with up to 18 significant digits are an int64 and a scale and
// cost nothing to parse, copy or add. Longer values fall back to math/big
// transparently and stay exact. Arithmetic results that overflow int64 do
// the same. String never uses an exponent, so output reads the same in a
// spreadsheet as in Go; ParseDecimal accepts exponents ("1.5e3") because
// other tools write them.
//
// # Null
//
// Null[T] is a value that may be absent: JSON null or an empty unquoted
// CSV field. Generated records use it for nullable fields instead of
// pointers, because a pointer would cost an allocation per field per row
// and make every reader nil-check:
//
//	var n value.Null[value.Decimal]
//	if v, ok := n.Get(); ok { ... }
//	amount := n.Or(value.Decimal{})
//
// It encodes to and from JSON null, and its IsZero method lets
// `json:",omitzero"` drop absent values.
//
// # Errors
//
// Parse failures are *ParseError values saying what was wrong, where
// (Offset) and what would have been accepted. They hold a copy of the
// input, never the input itself, so passing string(b) for a []byte b does
// not make the conversion escape to the heap.
package value
