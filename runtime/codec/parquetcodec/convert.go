package parquetcodec

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"time"
	"unsafe"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/encoding"
	"github.com/parquet-go/parquet-go/format"

	"github.com/ayeaye-go/ayeaye/runtime/value"
)

// A converter turns the count values of one page, as the file stores
// them, into the dataset's Go type, appending them to dst.
type converter[T any] struct {
	conv func(dst []T, v *encoding.Values, count int) ([]T, error)
	// alias is set when conv returns a slice of the page's own memory
	// (valid until the page is released) instead of appending: the file
	// already stores the Go type, so there is nothing to convert.
	alias bool
}

// errShort reports a page holding fewer values than its levels promise.
var errShort = errors.New("a page holds fewer values than its definition levels promise")

// compatible says why a file column of type t cannot be read as tg, or
// returns "" when it can.
func compatible(tg target, t parquet.Type) string {
	lt := logical(t)
	intOK := func(maxSigned, maxUnsigned int8) bool {
		switch v := lt.(type) {
		case nil:
			return true
		case *format.IntType:
			if v.IsSigned {
				return v.BitWidth <= maxSigned
			}
			return v.BitWidth <= maxUnsigned
		}
		return false
	}
	ok := false
	var want string
	switch tg {
	case tBool:
		ok, want = t.Kind() == parquet.Boolean, "BOOLEAN"
	case tInt8:
		ok, want = t.Kind() == parquet.Int32 && lt != nil && intOK(8, 0), "INT32 (INT(8,true))"
	case tInt16:
		ok, want = t.Kind() == parquet.Int32 && lt != nil && intOK(16, 8), "INT32 (INT(8,true), INT(16,true) or INT(8,false))"
	case tInt32:
		ok, want = t.Kind() == parquet.Int32 && intOK(32, 16), "INT32 (none, INT(8|16|32,true) or INT(8|16,false))"
	case tInt64:
		ok = t.Kind() == parquet.Int64 && intOK(64, 0) || t.Kind() == parquet.Int32 && intOK(32, 32)
		want = "INT64 or INT32 integers, signed, or unsigned up to 32 bits"
	case tFloat32:
		ok, want = t.Kind() == parquet.Float, "FLOAT"
	case tFloat64:
		ok, want = t.Kind() == parquet.Double || t.Kind() == parquet.Float, "DOUBLE or FLOAT"
	case tString:
		switch lt.(type) {
		case nil, *format.StringType, *format.EnumType, *format.JsonType:
			ok = t.Kind() == parquet.ByteArray
		}
		want = "BYTE_ARRAY (STRING, ENUM, JSON or none)"
	case tTime:
		_, ts := lt.(*format.TimestampType)
		ok, want = t.Kind() == parquet.Int64 && ts || t.Kind() == parquet.Int96 && lt == nil, "INT64 (TIMESTAMP) or INT96"
	case tDate:
		_, dt := lt.(*format.DateType)
		ok, want = t.Kind() == parquet.Int32 && dt, "INT32 (DATE)"
	case tDecimal:
		if _, dec := lt.(*format.DecimalType); dec {
			ok = true
		} else {
			ok = (t.Kind() == parquet.Int32 || t.Kind() == parquet.Int64) && intOK(64, 32)
		}
		want = "DECIMAL, or INT32 or INT64 integers"
	}
	if ok {
		return ""
	}
	return fmt.Sprintf("the dataset's %s reads %s", tg, want)
}

// logical returns the logical type annotation of t, or nil.
func logical(t parquet.Type) format.LogicalTypeValue {
	if lt := t.LogicalType(); lt != nil {
		return lt.Value
	}
	return nil
}

func unsigned(t parquet.Type) bool {
	it, ok := logical(t).(*format.IntType)
	return ok && !it.IsSigned
}

func kindError(v *encoding.Values, want encoding.Kind) error {
	return fmt.Errorf("a page holds %s values where the column's type says %s", v.Kind(), want)
}

// fixed converts pages of fixed-size values with f.
func fixed[T, S any](kind encoding.Kind, get func(*encoding.Values) []S, f func(S) T) converter[T] {
	return converter[T]{conv: func(dst []T, v *encoding.Values, count int) ([]T, error) {
		if v.Kind() != kind {
			return nil, kindError(v, kind)
		}
		src := get(v)
		if len(src) < count {
			return nil, errShort
		}
		for _, x := range src[:count] {
			dst = append(dst, f(x))
		}
		return dst, nil
	}}
}

// same returns the page's values as they are.
func same[T any](kind encoding.Kind, get func(*encoding.Values) []T) converter[T] {
	return converter[T]{alias: true, conv: func(_ []T, v *encoding.Values, count int) ([]T, error) {
		if v.Kind() != kind {
			return nil, kindError(v, kind)
		}
		src := get(v)
		if len(src) < count {
			return nil, errShort
		}
		return src[:count], nil
	}}
}

func int32s(v *encoding.Values) []int32     { return v.Int32() }
func uint32s(v *encoding.Values) []uint32   { return v.Uint32() }
func int64s(v *encoding.Values) []int64     { return v.Int64() }
func float32s(v *encoding.Values) []float32 { return v.Float() }
func float64s(v *encoding.Values) []float64 { return v.Double() }

// narrow converts INT32 values to a smaller integer type, refusing values
// out of its range (a file whose values contradict its own annotation).
func narrow[T int8 | int16](bits int) converter[T] {
	lo, hi := int32(-1)<<(bits-1), int32(1)<<(bits-1)-1
	return converter[T]{conv: func(dst []T, v *encoding.Values, count int) ([]T, error) {
		if v.Kind() != encoding.Int32 {
			return nil, kindError(v, encoding.Int32)
		}
		src := v.Int32()
		if len(src) < count {
			return nil, errShort
		}
		for _, x := range src[:count] {
			if x < lo || x > hi {
				return nil, fmt.Errorf("a page holds %d, out of the range of int%d", x, bits)
			}
			dst = append(dst, T(x))
		}
		return dst, nil
	}}
}

func convInt8(parquet.Type) converter[int8]   { return narrow[int8](8) }
func convInt16(parquet.Type) converter[int16] { return narrow[int16](16) }

func convInt32(parquet.Type) converter[int32] { return same(encoding.Int32, int32s) }

func convInt64(t parquet.Type) converter[int64] {
	switch {
	case t.Kind() == parquet.Int64:
		return same(encoding.Int64, int64s)
	case unsigned(t):
		return fixed(encoding.Int32, uint32s, func(x uint32) int64 { return int64(x) })
	}
	return fixed(encoding.Int32, int32s, func(x int32) int64 { return int64(x) })
}

func convFloat32(parquet.Type) converter[float32] { return same(encoding.Float, float32s) }

func convFloat64(t parquet.Type) converter[float64] {
	if t.Kind() == parquet.Float {
		return fixed(encoding.Float, float32s, func(x float32) float64 { return float64(x) })
	}
	return same(encoding.Double, float64s)
}

func convBool(parquet.Type) converter[bool] {
	return converter[bool]{conv: func(dst []bool, v *encoding.Values, count int) ([]bool, error) {
		if v.Kind() != encoding.Boolean {
			return nil, kindError(v, encoding.Boolean)
		}
		bits := v.Boolean()
		if len(bits)*8 < count {
			return nil, errShort
		}
		for i := range count {
			dst = append(dst, bits[i>>3]>>(i&7)&1 != 0)
		}
		return dst, nil
	}}
}

// byteArrays calls f with each of count values of a BYTE_ARRAY page,
// after checking the offsets so that a corrupt page is an error.
func byteArrays(v *encoding.Values, count int, f func(i int, b []byte)) error {
	if v.Kind() != encoding.ByteArray {
		return kindError(v, encoding.ByteArray)
	}
	data, offsets := v.ByteArray()
	if len(offsets) < count+1 {
		return errShort
	}
	prev := offsets[0]
	for i := range count {
		end := offsets[i+1]
		if end < prev || int(end) > len(data) {
			return errors.New("a page has a value past its end")
		}
		f(i, data[prev:end:end])
		prev = end
	}
	return nil
}

// convString copies a page's bytes into one string and slices the values
// out of it: one allocation per page instead of one per value.
func convString(parquet.Type) converter[string] {
	return converter[string]{conv: func(dst []string, v *encoding.Values, count int) ([]string, error) {
		if v.Kind() != encoding.ByteArray {
			return nil, kindError(v, encoding.ByteArray)
		}
		data, offsets := v.ByteArray()
		if len(offsets) < count+1 {
			return nil, errShort
		}
		all := string(data[offsets[0]:min(int(offsets[count]), len(data))])
		base := offsets[0]
		err := byteArrays(v, count, func(i int, b []byte) {
			if len(b) == 0 {
				dst = append(dst, "")
				return
			}
			s := offsets[i] - base
			dst = append(dst, all[s:s+uint32(len(b))])
		})
		return dst, err
	}}
}

func convTime(t parquet.Type) converter[time.Time] {
	if t.Kind() == parquet.Int96 {
		return converter[time.Time]{conv: func(dst []time.Time, v *encoding.Values, count int) ([]time.Time, error) {
			if v.Kind() != encoding.Int96 {
				return nil, kindError(v, encoding.Int96)
			}
			src := v.Int96()
			if len(src) < count {
				return nil, errShort
			}
			for _, x := range src[:count] {
				// Impala's INT96: nanoseconds of the day, then the Julian
				// day number.
				nanos := int64(uint64(x[1])<<32 | uint64(x[0]))
				days := int64(x[2]) - 2440588
				dst = append(dst, time.Unix(days*86400, nanos).UTC())
			}
			return dst, nil
		}}
	}
	ts, _ := logical(t).(*format.TimestampType)
	var f func(int64) time.Time
	switch ts.Unit.Value.(type) {
	case *format.MilliSeconds:
		f = func(x int64) time.Time { return time.UnixMilli(x).UTC() }
	case *format.MicroSeconds:
		f = func(x int64) time.Time { return time.UnixMicro(x).UTC() }
	default:
		f = func(x int64) time.Time { return time.Unix(0, x).UTC() }
	}
	return fixed(encoding.Int64, int64s, f)
}

// epoch is day 0 of Parquet's DATE type.
var epoch = value.Date{Year: 1970, Month: time.January, Day: 1}

func convDate(parquet.Type) converter[value.Date] {
	return fixed(encoding.Int32, int32s, func(x int32) value.Date { return epoch.AddDays(int(x)) })
}

func convDecimal(t parquet.Type) converter[value.Decimal] {
	var scale int32
	if d, ok := logical(t).(*format.DecimalType); ok {
		scale = d.Scale
	}
	switch t.Kind() {
	case parquet.Int32:
		if unsigned(t) {
			return fixed(encoding.Int32, uint32s, func(x uint32) value.Decimal { return value.NewDecimal(int64(x), scale) })
		}
		return fixed(encoding.Int32, int32s, func(x int32) value.Decimal { return value.NewDecimal(int64(x), scale) })
	case parquet.Int64:
		return fixed(encoding.Int64, int64s, func(x int64) value.Decimal { return value.NewDecimal(x, scale) })
	case parquet.FixedLenByteArray:
		return converter[value.Decimal]{conv: func(dst []value.Decimal, v *encoding.Values, count int) ([]value.Decimal, error) {
			if v.Kind() != encoding.FixedLenByteArray {
				return nil, kindError(v, encoding.FixedLenByteArray)
			}
			data, size := v.FixedLenByteArray()
			if size <= 0 || len(data) < count*size {
				return nil, errShort
			}
			for i := range count {
				d, err := decimalFromBytes(data[i*size:(i+1)*size], scale)
				if err != nil {
					return nil, err
				}
				dst = append(dst, d)
			}
			return dst, nil
		}}
	}
	return converter[value.Decimal]{conv: func(dst []value.Decimal, v *encoding.Values, count int) ([]value.Decimal, error) {
		var derr error
		err := byteArrays(v, count, func(_ int, b []byte) {
			d, err := decimalFromBytes(b, scale)
			if err != nil && derr == nil {
				derr = err
			}
			dst = append(dst, d)
		})
		return dst, errors.Join(err, derr)
	}}
}

// decimalFromBytes reads a big-endian two's complement coefficient.
func decimalFromBytes(b []byte, scale int32) (value.Decimal, error) {
	if len(b) == 0 {
		return value.NewDecimal(0, scale), nil
	}
	// Drop sign-extension bytes so that values that fit take the int64
	// path whatever the column's byte width.
	neg := b[0]&0x80 != 0
	pad := byte(0)
	if neg {
		pad = 0xff
	}
	for len(b) > 8 && b[0] == pad && (b[1]&0x80 != 0) == neg {
		b = b[1:]
	}
	if len(b) <= 8 {
		var buf [8]byte
		for i := range buf {
			buf[i] = pad
		}
		copy(buf[8-len(b):], b)
		return value.NewDecimal(int64(binary.BigEndian.Uint64(buf[:])), scale), nil
	}
	z := new(big.Int).SetBytes(b)
	if neg {
		z.Sub(z, new(big.Int).Lsh(big.NewInt(1), uint(8*len(b))))
	}
	return decimalFromBig(z, scale)
}

// decimalFromBig formats z × 10^-scale as text and parses it: the value
// package keeps large coefficients exactly but builds them only from text.
func decimalFromBig(z *big.Int, scale int32) (value.Decimal, error) {
	digits := z.Text(10)
	neg := digits[0] == '-'
	if neg {
		digits = digits[1:]
	}
	var b []byte
	if neg {
		b = append(b, '-')
	}
	switch {
	case scale <= 0:
		b = append(b, digits...)
		if scale < 0 {
			b = append(b, 'e')
			b = strconv.AppendInt(b, int64(-scale), 10)
		}
	case int(scale) >= len(digits):
		b = append(b, "0."...)
		for range int(scale) - len(digits) {
			b = append(b, '0')
		}
		b = append(b, digits...)
	default:
		b = append(b, digits[:len(digits)-int(scale)]...)
		b = append(b, '.')
		b = append(b, digits[len(digits)-int(scale):]...)
	}
	return value.ParseDecimal(unsafe.String(unsafe.SliceData(b), len(b)))
}

// Conversions for writing.

// minNanos and maxNanos bound the instants a nanosecond timestamp holds.
var (
	minNanos = time.Unix(0, math.MinInt64)
	maxNanos = time.Unix(0, math.MaxInt64)
)

// TimeNanos returns t as nanoseconds since 1970-01-01T00:00:00Z, the
// representation of Parquet TIMESTAMP(NANOS) columns, which hold instants
// from 1677-09-21 to 2262-04-11.
func TimeNanos(t time.Time) (int64, error) {
	if t.Before(minNanos) || t.After(maxNanos) {
		return 0, fmt.Errorf("%s is outside the range of Parquet nanosecond timestamps, %s to %s",
			t.Format(time.RFC3339Nano), minNanos.UTC().Format(time.RFC3339Nano), maxNanos.UTC().Format(time.RFC3339Nano))
	}
	return t.UnixNano(), nil
}

// DateDays returns d as days since 1970-01-01, the representation of
// Parquet DATE columns.
func DateDays(d value.Date) int32 { return int32(d.DaysSince(epoch)) }
