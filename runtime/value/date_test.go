package value

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want Date
	}{
		{"2024-02-29", Date{2024, time.February, 29}}, // leap year
		{"2000-02-29", Date{2000, time.February, 29}}, // divisible by 400
		{"1996-02-29", Date{1996, time.February, 29}},
		{"2023-02-28", Date{2023, time.February, 28}},
		{"0000-01-01", Date{0, time.January, 1}},
		{"0000-02-29", Date{0, time.February, 29}}, // year 0 is a leap year
		{"9999-12-31", Date{9999, time.December, 31}},
		{"1970-01-01", Date{1970, time.January, 1}},
		{"2024-04-30", Date{2024, time.April, 30}},
		{"2024-01-31", Date{2024, time.January, 31}},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in)
		if err != nil {
			t.Errorf("ParseDate(%q): %v", tt.in, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ParseDate(%q) mismatch (-want +got):\n%s", tt.in, diff)
		}
		if s := got.String(); s != tt.in {
			t.Errorf("ParseDate(%q).String() = %q", tt.in, s)
		}
		// time.Parse is the reference for which dates exist.
		if _, err := time.Parse(time.DateOnly, tt.in); err != nil {
			t.Errorf("time.Parse rejects %q, which ParseDate accepts: %v", tt.in, err)
		}
	}
}

func TestParseDateErrors(t *testing.T) {
	tests := []struct {
		in     string
		offset int
		reason string
	}{
		{"", 0, "the text is empty"},
		{"2024", 4, "the text ends after 4 characters"},
		{"2024-02-2", 9, "the text ends after 9 characters"},
		{"2024-02-290", 10, `unexpected '0' at byte 10 after the day`},
		{"2024-02-29T00:00:00Z", 10, `unexpected 'T' at byte 10 after the day`},
		{"2024/02/29", 4, `unexpected '/' at byte 4, want '-'`},
		{"24-02-29", 2, `unexpected '-' at byte 2, want a digit`},
		{"2024-2-29", 6, `unexpected '-' at byte 6, want a digit`},
		{"2024-0a-29", 6, `unexpected 'a' at byte 6, want a digit`},
		{" 2024-02-2", 0, `unexpected ' ' at byte 0, want a digit`},
		{"2024-02-2é", 9, `unexpected 'é' at byte 9, want a digit`},
		{"+024-02-29", 0, `unexpected '+' at byte 0, want a digit`},
		{"2024-00-10", 5, "month 00 is out of range 01-12"},
		{"2024-13-10", 5, "month 13 is out of range 01-12"},
		{"2024-01-00", 8, "day 00 is out of range 01-31 for January 2024"},
		{"2024-01-32", 8, "day 32 is out of range 01-31 for January 2024"},
		{"2024-04-31", 8, "day 31 is out of range 01-30 for April 2024"},
		{"2023-02-29", 8, "day 29 is out of range 01-28 for February 2023 (not a leap year)"},
		{"1900-02-29", 8, "day 29 is out of range 01-28 for February 1900 (not a leap year)"},
		{"2024-02-30", 8, "day 30 is out of range 01-29 for February 2024"},
	}
	for _, tt := range tests {
		_, err := ParseDate(tt.in)
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("ParseDate(%q) error = %v, want a *ParseError", tt.in, err)
			continue
		}
		want := &ParseError{Type: "date", Input: tt.in, Offset: tt.offset, Reason: tt.reason, Want: wantDate}
		if diff := cmp.Diff(want, pe); diff != "" {
			t.Errorf("ParseDate(%q) error mismatch (-want +got):\n%s", tt.in, diff)
		}
		if _, err := time.Parse(time.DateOnly, tt.in); err == nil {
			t.Errorf("time.Parse accepts %q, which ParseDate rejects", tt.in)
		}
	}
}

func TestParseErrorMessage(t *testing.T) {
	_, err := ParseDate("2023-02-29")
	want := `invalid date "2023-02-29": day 29 is out of range 01-28 for February 2023 (not a leap year); want a date as YYYY-MM-DD, e.g. 2024-02-29`
	if err == nil || err.Error() != want {
		t.Errorf("error = %v\nwant    %s", err, want)
	}
	long := strings.Repeat("x", 100)
	_, err = ParseDate(long)
	var pe *ParseError
	if !errors.As(err, &pe) || len(pe.Input) != maxQuoted || !strings.HasSuffix(pe.Input, "...") {
		t.Errorf("long input kept as %q, want it shortened to %d bytes", pe.Input, maxQuoted)
	}
}

// TestParseDateErrorDoesNotRetainInput checks that the error holds a copy:
// the caller may reuse the buffer a string(b) conversion pointed at.
func TestParseDateErrorDoesNotRetainInput(t *testing.T) {
	b := []byte("2024-13-01")
	var d Date
	err := d.UnmarshalText(b)
	copy(b, "XXXXXXXXXX")
	if !strings.Contains(err.Error(), `"2024-13-01"`) {
		t.Errorf("error changed with the caller's buffer: %v", err)
	}
}

func TestLeapYears(t *testing.T) {
	for y := 0; y <= 2500; y++ {
		want := time.Date(y, time.December, 31, 0, 0, 0, 0, time.UTC).YearDay() == 366
		if got := isLeap(y); got != want {
			t.Errorf("isLeap(%d) = %v, want %v", y, got, want)
		}
		d := Date{y, time.February, 29}
		if got := d.IsValid(); got != want {
			t.Errorf("%v.IsValid() = %v, want %v", d, got, want)
		}
	}
}

func TestDateValidity(t *testing.T) {
	tests := []struct {
		d      Date
		valid  bool
		zero   bool
		str    string
		errMsg string
	}{
		{Date{}, false, true, "0000-00-00", "cannot write invalid date 0000-00-00: month 00 is out of range 01-12"},
		{Date{2024, 2, 29}, true, false, "2024-02-29", ""},
		{Date{2023, 2, 29}, false, false, "2023-02-29", "cannot write invalid date 2023-02-29: day 29 is out of range 01-28 for February 2023 (not a leap year)"},
		{Date{10000, 1, 1}, false, false, "10000-01-01", "cannot write invalid date 10000-01-01: year 10000 is out of range 0000-9999"},
		{Date{-1, 1, 1}, false, false, "-0001-01-01", "cannot write invalid date -0001-01-01: year -1 is out of range 0000-9999"},
		{Date{2024, 13, 1}, false, false, "2024-13-01", "cannot write invalid date 2024-13-01: month 13 is out of range 01-12"},
		{Date{2024, 100, -5}, false, false, "2024-100--05", "cannot write invalid date 2024-100--05: month 100 is out of range 01-12"},
		{Date{2024, 1, 0}, false, false, "2024-01-00", "cannot write invalid date 2024-01-00: day 00 is out of range 01-31 for January 2024"},
	}
	for _, tt := range tests {
		if got := tt.d.IsValid(); got != tt.valid {
			t.Errorf("%#v.IsValid() = %v, want %v", tt.d, got, tt.valid)
		}
		if got := tt.d.IsZero(); got != tt.zero {
			t.Errorf("%#v.IsZero() = %v, want %v", tt.d, got, tt.zero)
		}
		if got := tt.d.String(); got != tt.str {
			t.Errorf("%#v.String() = %q, want %q", tt.d, got, tt.str)
		}
		if got := string(tt.d.Append([]byte("x"))); got != "x"+tt.str {
			t.Errorf("%#v.Append = %q, want %q", tt.d, got, "x"+tt.str)
		}
		b, err := tt.d.AppendText([]byte("x"))
		switch {
		case tt.errMsg == "" && (err != nil || string(b) != "x"+tt.str):
			t.Errorf("%#v.AppendText = %q, %v; want %q", tt.d, b, err, "x"+tt.str)
		case tt.errMsg != "" && (err == nil || err.Error() != tt.errMsg):
			t.Errorf("%#v.AppendText error = %v, want %s", tt.d, err, tt.errMsg)
		}
		if _, err := tt.d.MarshalJSON(); (err == nil) != tt.valid {
			t.Errorf("%#v.MarshalJSON error = %v, want error %v", tt.d, err, !tt.valid)
		}
	}
}

func TestDateJSONAndText(t *testing.T) {
	type row struct {
		D Date       `json:"d"`
		N Null[Date] `json:"n"`
	}
	in := row{D: Date{2024, 2, 29}, N: Some(Date{1999, 12, 31})}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"d":"2024-02-29","n":"1999-12-31"}`; string(b) != want {
		t.Errorf("json.Marshal = %s, want %s", b, want)
	}
	var out row
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(in, out); diff != "" {
		t.Errorf("JSON round trip (-want +got):\n%s", diff)
	}

	// null leaves a plain Date alone and clears a Null.
	out = row{D: Date{2000, 1, 1}, N: Some(Date{2000, 1, 1})}
	if err := json.Unmarshal([]byte(`{"d":null,"n":null}`), &out); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(row{D: Date{2000, 1, 1}}, out); diff != "" {
		t.Errorf("null (-want +got):\n%s", diff)
	}

	bad := []struct{ in, msg string }{
		{`{"d":20240229}`, `invalid date "20240229": a JSON number is not a date, want a JSON string like "2024-02-29"`},
		{`{"d":true}`, `invalid date "true": a JSON boolean is not a date`},
		{`{"d":"2024-02-30"}`, `invalid date "2024-02-30": day 30 is out of range`},
		{`{"d":"2024\u002d02-29"}`, `escape sequences are not allowed`},
	}
	for _, tt := range bad {
		err := json.Unmarshal([]byte(tt.in), &out)
		if err == nil || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("json.Unmarshal(%s) error = %v, want it to contain %q", tt.in, err, tt.msg)
		}
	}

	text, err := Date{2024, 2, 29}.MarshalText()
	if err != nil || string(text) != "2024-02-29" {
		t.Errorf("MarshalText = %q, %v", text, err)
	}
	var d Date
	if err := d.UnmarshalText([]byte("2024-13-01")); err == nil || d != (Date{}) {
		t.Errorf("UnmarshalText of a bad date: d = %v, err = %v; want d unchanged and an error", d, err)
	}
}

func TestAddDaysAgainstTime(t *testing.T) {
	// Walk every day from year -1 to 2101 and compare with package time.
	start := time.Date(-1, time.January, 1, 12, 0, 0, 0, time.UTC)
	base := DateOf(start)
	for i := 0; i < 770000; i += 7 {
		tm := start.AddDate(0, 0, i)
		want := DateOf(tm)
		if got := base.AddDays(i); got != want {
			t.Fatalf("%v.AddDays(%d) = %v, want %v", base, i, got, want)
		}
		if got := want.AddDays(-i); got != base {
			t.Fatalf("%v.AddDays(%d) = %v, want %v", want, -i, got, base)
		}
		if got := want.DaysSince(base); got != i {
			t.Fatalf("%v.DaysSince(%v) = %d, want %d", want, base, got, i)
		}
		if got := want.Weekday(); got != tm.Weekday() {
			t.Fatalf("%v.Weekday() = %v, want %v", want, got, tm.Weekday())
		}
	}
}

func TestDateArithmetic(t *testing.T) {
	tests := []struct {
		d    Date
		n    int
		want Date
	}{
		{Date{2024, 2, 28}, 1, Date{2024, 2, 29}},
		{Date{2023, 2, 28}, 1, Date{2023, 3, 1}},
		{Date{2024, 12, 31}, 1, Date{2025, 1, 1}},
		{Date{2025, 1, 1}, -1, Date{2024, 12, 31}},
		{Date{1970, 1, 1}, 0, Date{1970, 1, 1}},
		{Date{2023, 2, 30}, 0, Date{2023, 3, 2}}, // normalized like time.Date
		{Date{2023, 13, 1}, 0, Date{2024, 1, 1}},
		{Date{2023, 0, 1}, 0, Date{2022, 12, 1}},
		{Date{2023, -13, 1}, 0, Date{2021, 11, 1}},
		{Date{2023, 1, 0}, 0, Date{2022, 12, 31}},
		{Date{}, 0, Date{-1, 11, 30}},
		{Date{9999, 12, 31}, 1, Date{10000, 1, 1}},
		{Date{2000, 1, 1}, 146097, Date{2400, 1, 1}},
	}
	for _, tt := range tests {
		if got := tt.d.AddDays(tt.n); got != tt.want {
			t.Errorf("%v.AddDays(%d) = %v, want %v", tt.d, tt.n, got, tt.want)
		}
		ref := time.Date(tt.d.Year, tt.d.Month, tt.d.Day+tt.n, 0, 0, 0, 0, time.UTC)
		if got := DateOf(ref); got != tt.want {
			t.Errorf("time.Date disagrees: %v, want %v", got, tt.want)
		}
	}
}

func TestDateCompare(t *testing.T) {
	dates := []Date{{-1, 12, 31}, {}, {0, 1, 1}, {2023, 12, 31}, {2024, 1, 1}, {2024, 1, 2}, {2024, 2, 1}, {10000, 1, 1}}
	for i, a := range dates {
		for j, b := range dates {
			want := cmpInt(i, j)
			if got := a.Compare(b); got != want {
				t.Errorf("%v.Compare(%v) = %d, want %d", a, b, got, want)
			}
			if got := a.Before(b); got != (want < 0) {
				t.Errorf("%v.Before(%v) = %v", a, b, got)
			}
			if got := a.After(b); got != (want > 0) {
				t.Errorf("%v.After(%v) = %v", a, b, got)
			}
		}
	}
}

func TestDateTime(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		paris = time.FixedZone("CET", 3600)
	}
	d := Date{2024, 3, 31}
	if got, want := d.In(paris), time.Date(2024, 3, 31, 0, 0, 0, 0, paris); !got.Equal(want) {
		t.Errorf("In(paris) = %v, want %v", got, want)
	}
	if got, want := d.In(nil), time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("In(nil) = %v, want %v", got, want)
	}
	// DateOf uses t's own location: 23:30 UTC is already the next day in Paris.
	tm := time.Date(2024, 3, 30, 23, 30, 0, 0, time.UTC)
	if got := DateOf(tm); got != (Date{2024, 3, 30}) {
		t.Errorf("DateOf(%v) = %v", tm, got)
	}
	if got := DateOf(tm.In(paris)); got != (Date{2024, 3, 31}) {
		t.Errorf("DateOf(%v) = %v", tm.In(paris), got)
	}
}

func TestDateAllocs(t *testing.T) {
	buf := make([]byte, 0, 64)
	raw := []byte("2024-02-29")
	var sink Date
	tests := []struct {
		name string
		f    func()
	}{
		{"ParseDate", func() { sink, _ = ParseDate("2024-02-29") }},
		{"ParseDate(string(b))", func() { sink, _ = ParseDate(string(raw)) }},
		{"UnmarshalText", func() { _ = sink.UnmarshalText(raw) }},
		{"Append", func() { buf = sink.Append(buf[:0]) }},
		{"AppendText", func() { buf, _ = sink.AppendText(buf[:0]) }},
	}
	for _, tt := range tests {
		if n := testing.AllocsPerRun(100, tt.f); n != 0 {
			t.Errorf("%s: %v allocations, want 0", tt.name, n)
		}
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{
		"2024-02-29", "2023-02-29", "0000-01-01", "9999-12-31", "2024-13-01",
		"2024-1-1", "", "2024-02-29T00:00:00Z", "-001-01-01", "２０２４-01-01",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		ref, refErr := time.Parse(time.DateOnly, s)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Offset < 0 || pe.Offset > len(s) {
				t.Fatalf("ParseDate(%q) error %#v", s, err)
			}
			if refErr == nil && len(s) == 10 {
				t.Fatalf("ParseDate(%q) = %v, but time.Parse accepts it", s, err)
			}
			return
		}
		if !d.IsValid() {
			t.Fatalf("ParseDate(%q) = %#v, which is not valid", s, d)
		}
		if refErr != nil || DateOf(ref) != d {
			t.Fatalf("ParseDate(%q) = %v; time.Parse = %v, %v", s, d, ref, refErr)
		}
		if d.String() != s {
			t.Fatalf("ParseDate(%q).String() = %q", s, d.String())
		}
		again, err := ParseDate(d.String())
		if err != nil || again != d {
			t.Fatalf("round trip of %q: %v, %v", s, again, err)
		}
	})
}

func BenchmarkParseDate(b *testing.B) {
	b.ReportAllocs()
	var d Date
	for b.Loop() {
		d, _ = ParseDate("2024-02-29")
	}
	_ = d
}

func BenchmarkDateAppend(b *testing.B) {
	b.ReportAllocs()
	d := Date{2024, 2, 29}
	buf := make([]byte, 0, 16)
	for b.Loop() {
		buf = d.Append(buf[:0])
	}
}

// BenchmarkTimeParseDate is the baseline a Go programmer would write.
func BenchmarkTimeParseDate(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, _ = time.Parse(time.DateOnly, "2024-02-29")
	}
}
