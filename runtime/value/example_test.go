package value_test

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/ayeaye-go/ayeaye/runtime/value"
)

func ExampleParseDate() {
	d, err := value.ParseDate("2024-02-29")
	fmt.Println(d, err)
	fmt.Println(d.AddDays(1), d.Weekday())

	_, err = value.ParseDate("2023-02-29")
	fmt.Println(err)
	// Output:
	// 2024-02-29 <nil>
	// 2024-03-01 Thursday
	// invalid date "2023-02-29": day 29 is out of range 01-28 for February 2023 (not a leap year); want a date as YYYY-MM-DD, e.g. 2024-02-29
}

func ExampleDate_In() {
	d := value.Date{Year: 2024, Month: time.March, Day: 31}
	fmt.Println(d.In(time.UTC))
	fmt.Println(value.DateOf(time.Date(2024, 3, 31, 23, 59, 0, 0, time.UTC)))
	// Output:
	// 2024-03-31 00:00:00 +0000 UTC
	// 2024-03-31
}

func ExampleDate_Append() {
	// A writer appends into one reused buffer; nothing is allocated per row.
	buf := make([]byte, 0, 64)
	for _, d := range []value.Date{{Year: 2024, Month: 1, Day: 2}, {Year: 2024, Month: 1, Day: 3}} {
		buf = d.Append(buf)
		buf = append(buf, '\n')
	}
	fmt.Print(string(buf))
	// Output:
	// 2024-01-02
	// 2024-01-03
}

func ExampleParseDecimal() {
	for _, s := range []string{"1.50", "-0.00", "1.5e3", "1.5e-3", "123456789012345678901234.5"} {
		d, err := value.ParseDecimal(s)
		fmt.Println(d, d.Scale(), err)
	}
	_, err := value.ParseDecimal("1,234.50")
	fmt.Println(err)
	// Output:
	// 1.50 2 <nil>
	// 0.00 2 <nil>
	// 1500 0 <nil>
	// 0.0015 4 <nil>
	// 123456789012345678901234.5 1 <nil>
	// invalid decimal "1,234.50": unexpected ',' at byte 1; write 1234.5, without thousands separators or a decimal comma; want a decimal number such as 12, -0.50 or 1.5e3
}

func ExampleDecimal_Add() {
	a, b := value.MustParseDecimal("0.1"), value.MustParseDecimal("0.2")
	fmt.Println(a.Add(b), a.Add(b).Equal(value.MustParseDecimal("0.30")))
	x, y := 0.1, 0.2
	fmt.Println(x+y, x+y == 0.3) // float64, for comparison
	// Output:
	// 0.3 true
	// 0.30000000000000004 false
}

func ExampleDecimal_Mul() {
	price := value.MustParseDecimal("19.99")
	total := price.Mul(value.DecimalFromInt(3))
	vat := total.Mul(value.MustParseDecimal("0.2"))
	fmt.Println(total, vat, vat.Round(2))
	// Output: 59.97 11.994 11.99
}

func ExampleDecimal_Round() {
	d := value.MustParseDecimal("2.345")
	fmt.Println(d.Round(2), d.Neg().Round(2), d.Round(4), value.MustParseDecimal("1250").Round(-2))
	// Output: 2.35 -2.35 2.3450 1300
}

func ExampleDecimal_Cmp() {
	a, b := value.MustParseDecimal("1.5"), value.MustParseDecimal("1.50")
	fmt.Println(a.Cmp(b), a.Equal(b), a == b)
	// Output: 0 true false
}

func ExampleDecimal_MarshalJSON() {
	b, _ := json.Marshal(map[string]value.Decimal{"amount": value.MustParseDecimal("1.50")})
	fmt.Println(string(b))

	var v struct{ Amount value.Decimal }
	_ = json.Unmarshal([]byte(`{"Amount":"12345678901234567890.01"}`), &v)
	fmt.Println(v.Amount)
	// Output:
	// {"amount":1.50}
	// 12345678901234567890.01
}

func ExampleNull() {
	type row struct {
		Name  string                    `json:"name"`
		Paid  value.Null[value.Decimal] `json:"paid"`
		Since value.Null[value.Date]    `json:"since,omitzero"`
	}
	var r row
	_ = json.Unmarshal([]byte(`{"name":"ada","paid":null}`), &r)
	fmt.Println(r.Paid.Valid, r.Paid.Or(value.DecimalFromInt(0)))

	r.Paid.Set(value.MustParseDecimal("9.90"))
	if v, ok := r.Paid.Get(); ok {
		fmt.Println(v)
	}
	b, _ := json.Marshal(r)
	fmt.Println(string(b))
	// Output:
	// false 0
	// 9.90
	// {"name":"ada","paid":9.90}
}
