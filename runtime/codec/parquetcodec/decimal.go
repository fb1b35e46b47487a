package parquetcodec

import (
	"encoding/binary"
	"fmt"
	"math/big"
	"math/bits"

	"github.com/ayeaye-go/ayeaye/runtime/value"
)

// DecimalScale and DecimalPrecision are the scale and precision of the
// DECIMAL columns the generator emits today: 38 digits, 9 after the
// point, stored in 16 bytes. The schema vocabulary declares no precision
// or scale for a decimal, and Parquet gives a column one scale; 9 holds
// money, rates and measurements exactly, and keeps values below 9.2
// billion on the fast 64-bit path.
const (
	DecimalScale     = 9
	DecimalPrecision = 38
)

// MaxDecimalPrecision is the most digits a DECIMAL column written by
// these functions holds: what 16 bytes hold.
const MaxDecimalPrecision = 38

// DecimalInt32 returns d as the coefficient of a DECIMAL(precision,
// scale) column stored as INT32, as Parquet stores precisions up to 9.
// A value with more than scale digits after the point, or more than
// precision-scale before it, is an error: rounding it would silently
// change the data.
func DecimalInt32(d value.Decimal, precision, scale int) (int32, error) {
	if precision > 9 {
		return 0, fmt.Errorf("DECIMAL(%d,%d) does not fit INT32, which holds 9 digits", precision, scale)
	}
	// The magnitude is below 10^9: the low word, read as signed, is the
	// value, sign included.
	_, lo, err := decimalCoef(d, precision, scale)
	return int32(int64(lo)), err
}

// DecimalInt64 is DecimalInt32 for a column stored as INT64, as Parquet
// stores precisions up to 18.
func DecimalInt64(d value.Decimal, precision, scale int) (int64, error) {
	if precision > 18 {
		return 0, fmt.Errorf("DECIMAL(%d,%d) does not fit INT64, which holds 18 digits", precision, scale)
	}
	_, lo, err := decimalCoef(d, precision, scale)
	return int64(lo), err
}

// DecimalFixed is DecimalInt32 for a column stored as a 16-byte
// FIXED_LEN_BYTE_ARRAY, big-endian two's complement, for precisions up to
// 38.
func DecimalFixed(d value.Decimal, precision, scale int) ([16]byte, error) {
	var out [16]byte
	hi, lo, err := decimalCoef(d, precision, scale)
	if err != nil {
		return out, err
	}
	binary.BigEndian.PutUint64(out[:8], hi)
	binary.BigEndian.PutUint64(out[8:], lo)
	return out, nil
}

// Decimal16 is DecimalFixed for DECIMAL(38,9), the generator's decimals.
func Decimal16(d value.Decimal) ([16]byte, error) {
	return DecimalFixed(d, DecimalPrecision, DecimalScale)
}

// DecimalFits says why d does not fit a DECIMAL(precision, scale) column,
// or returns "" when it does; the generator checks defaults with it.
func DecimalFits(d value.Decimal, precision, scale int) string {
	if _, _, err := decimalCoef(d, precision, scale); err != nil {
		return err.Error()
	}
	return ""
}

// decimalCoef returns d's coefficient at scale as a 128-bit two's
// complement number (hi, lo), checking that it has at most precision
// digits.
func decimalCoef(d value.Decimal, precision, scale int) (hi, lo uint64, err error) {
	if precision < 1 || precision > MaxDecimalPrecision || scale < 0 || scale > precision {
		return 0, 0, fmt.Errorf("DECIMAL(%d,%d) is not a decimal type these columns hold: precision 1 to %d, scale 0 to precision", precision, scale, MaxDecimalPrecision)
	}
	r := d.Round(int32(scale)) // exactly scale digits after the point
	if !r.Equal(d) {
		return 0, 0, fmt.Errorf("%s has more than %d digits after the decimal point, the most a Parquet DECIMAL(%d,%d) column holds; round it with Decimal.Round(%d)",
			d, scale, precision, scale, scale)
	}
	// The coefficient is the text's digits with the point removed.
	var buf [64]byte
	txt := r.Append(buf[:0])
	neg := len(txt) > 0 && txt[0] == '-'
	if neg {
		txt = txt[1:]
	}
	overflow := false
	for _, c := range txt {
		if c == '.' {
			continue
		}
		if c < '0' || c > '9' || hi >= 1<<64/10+1 { // 10 × the value would not fit in 128 bits
			overflow = true
			break
		}
		h, l := bits.Mul64(lo, 10)
		hi = hi*10 + h
		lo = l + uint64(c-'0')
		if lo < l {
			hi++
		}
	}
	if max := pow10s[precision]; overflow || hi > max[0] || hi == max[0] && lo >= max[1] {
		return 0, 0, fmt.Errorf("%s has more than %d digits before the decimal point, the most a Parquet DECIMAL(%d,%d) column holds",
			d, precision-scale, precision, scale)
	}
	if neg {
		lo = ^lo + 1
		hi = ^hi
		if lo == 0 {
			hi++
		}
	}
	return hi, lo, nil
}

// pow10s holds 10^p as 128 bits (high word, low word), for p up to 38.
var pow10s = func() (out [MaxDecimalPrecision + 1][2]uint64) {
	z := big.NewInt(1)
	for p := range out {
		b := z.FillBytes(make([]byte, 16))
		out[p] = [2]uint64{binary.BigEndian.Uint64(b[:8]), binary.BigEndian.Uint64(b[8:])}
		z.Mul(z, big.NewInt(10))
	}
	return out
}()
