package table

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/ayeaye-go/ayeaye/runtime/value"
)

// A converter turns a non-nil column value, as Table.Values gives it,
// into what the dialect's driver takes. Values stays dialect-neutral so
// that generated code does not depend on the database; only the kinds a
// driver cannot take as they are have a converter.
type converter func(v any) (any, error)

// converters returns each column's converter: the driver's (drv.Convert;
// drv may be nil), which turns a value into the driver's own type (pgx's
// numeric), else this package's, which writes it as the dialect's column
// type stores it (dates as text in SQLite, decimals checked against
// MariaDB's DECIMAL). a is the table being written, or nil when
// it is created from the schema: a MariaDB DECIMAL(p,s) column refuses
// values it would round.
func converters(d Dialect, drv Driver, cols []Column, a *Actual) []converter {
	out := make([]converter, len(cols))
	for i, c := range cols {
		if drv != nil {
			if cv := drv.Convert(c.Kind); cv != nil {
				out[i] = cv
				continue
			}
		}
		switch d {
		case MySQL:
			switch c.Kind {
			case DateTime:
				// DATETIME(6) keeps microseconds and MariaDB rounds finer
				// digits; truncating here makes every dialect agree.
				out[i] = func(v any) (any, error) { return v.(time.Time).UTC().Truncate(time.Microsecond), nil }
			case Date:
				out[i] = dateText
			case Decimal:
				prec, scale := mysqlIntDigits+mysqlFracDigits, mysqlFracDigits
				if a != nil {
					if ac, ok := a.column(c.Name); ok {
						if p, s, ok := mysqlDecimalSize(ac.Type); ok {
							prec, scale = p, s
						}
					}
				}
				out[i] = mysqlDecimal(prec, scale)
			case Float:
				out[i] = finite("MariaDB")
			}
		case SQLite:
			switch c.Kind {
			case DateTime:
				out[i] = func(v any) (any, error) { return sqliteTime(v.(time.Time)), nil }
			case Date:
				out[i] = dateText
			case Decimal:
				out[i] = func(v any) (any, error) { return v.(value.Decimal).String(), nil }
			case Float:
				out[i] = finite("SQLite")
			}
		}
	}
	return out
}

// sqliteTimeLayout writes instants in UTC with all nine fraction digits,
// so that the text sorts in time order.
const sqliteTimeLayout = "2006-01-02T15:04:05.000000000Z"

func sqliteTime(t time.Time) string { return t.UTC().Format(sqliteTimeLayout) }

func dateText(v any) (any, error) {
	d := v.(value.Date)
	if !d.IsValid() {
		return nil, fmt.Errorf("%s is not a valid date", d)
	}
	return d.String(), nil
}

func finite(db string) converter {
	return func(v any) (any, error) {
		if f := v.(float64); math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, fmt.Errorf("%v cannot be stored: %s numbers are finite", f, db)
		}
		return v, nil
	}
}

// MariaDB's widest exact type is DECIMAL(65,30): 35 digits before the
// point and 30 after. A value that does not fit is refused rather than
// rounded, as MariaDB would do silently.
const (
	mysqlIntDigits  = 35
	mysqlFracDigits = 30
)

func mysqlDecimal(prec, scale int) converter {
	return func(v any) (any, error) {
		s := v.(value.Decimal).String()
		digits := strings.TrimLeft(s, "-")
		intPart, frac, _ := strings.Cut(digits, ".")
		intPart = strings.TrimLeft(intPart, "0")
		frac = strings.TrimRight(frac, "0")
		if len(intPart) > prec-scale || len(frac) > scale {
			return nil, fmt.Errorf("%s does not fit DECIMAL(%d,%d) (at most %d digits before the point and %d after) and would be rounded", s, prec, scale, prec-scale, scale)
		}
		return s, nil
	}
}

// EnumError is what a generated Values function returns for an enum
// field holding a value the schema does not allow.
func EnumError(column, val, expected string) error {
	return &ValueError{Column: column, Value: val, Reason: "not " + expected}
}

// ValueError is a record value a table cannot take.
type ValueError struct {
	Column string
	Value  string
	Reason string
}

func (e *ValueError) Error() string {
	return fmt.Sprintf("column %q: value %q is %s", e.Column, e.Value, e.Reason)
}

// JSONError is what a generated Values function returns for an array or
// object field that cannot be written as JSON (a NaN number in it).
func JSONError(column string, err error) error {
	return &ValueError{Column: column, Value: "…", Reason: "not writable as JSON: " + err.Error()}
}
