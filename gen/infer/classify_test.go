package infer

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ayeaye-go/ayeaye/runtime/codec"
)

func TestClassifyText(t *testing.T) {
	tests := []struct {
		in   string
		want shape
	}{
		{"0", shape{class: clsInt, scale: 0}},
		{"-0", shape{class: clsInt, scale: 0}},
		{"+42", shape{class: clsInt, scale: 0}},
		{"-9223372036854775808", shape{class: clsInt, scale: 0}},
		{"9223372036854775808", shape{class: clsBigInt, scale: 0}},
		{"007", shape{class: clsLeadingZero, scale: 0}},
		{"-01.5", shape{class: clsLeadingZero, scale: 1}},
		{"0.5", shape{class: clsNumber, scale: 1}},
		{"12.50", shape{class: clsNumber, scale: 2}},
		{"5.", shape{class: clsNumber, scale: 0}},
		{".5", shape{class: clsNumber, scale: -1}},
		{"1e3", shape{class: clsNumber, scale: -1}},
		{"1E-3", shape{class: clsNumber, scale: -1}},
		{"1e999", shape{class: clsText, scale: -1}},
		{"1e", shape{class: clsText, scale: -1}},
		{"NaN", shape{class: clsText, scale: -1, nullMarker: true}},
		{"Inf", shape{class: clsText, scale: -1}},
		{"1_000", shape{class: clsText, scale: -1}},
		{"0x1F", shape{class: clsText, scale: -1}},
		{" 1", shape{class: clsText, scale: -1}},
		{"-", shape{class: clsText, scale: -1, nullMarker: true}},
		{"true", shape{class: clsBool, scale: -1}},
		{"FALSE", shape{class: clsBool, scale: -1}},
		{"tRUE", shape{class: clsText, scale: -1}},
		{"1", shape{class: clsInt, scale: 0}},
		{"t", shape{class: clsText, scale: -1}},
		{"yes", shape{class: clsText, scale: -1, yesNo: true}},
		{"N", shape{class: clsText, scale: -1, yesNo: true}},
		{"2024-02-29", shape{class: clsDate, scale: -1}},
		{"2023-02-29", shape{class: clsText, scale: -1}},
		{"2026-1-02", shape{class: clsText, scale: -1}},
		{"2026-01-02T10:00:00Z", shape{class: clsDateTime, scale: -1}},
		{"2026-01-02t10:00:00.123456789+05:30", shape{class: clsDateTime, scale: -1}},
		{"2026-01-02 10:00:00", shape{class: clsText, scale: -1, naive: true}},
		{"2026-01-02T10:00:00", shape{class: clsText, scale: -1, naive: true}},
		{"2026-01-02T25:00:00", shape{class: clsText, scale: -1}},
		{"2026-01-02 10:00:00+01:00", shape{class: clsText, scale: -1}},
		{"hello", shape{class: clsText, scale: -1}},
	}
	for _, tt := range tests {
		var z codec.Zones
		got := classifyText([]byte(tt.in), &z)
		if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(shape{})); diff != "" {
			t.Errorf("classifyText(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestClassifyJSON(t *testing.T) {
	numbers := []struct {
		in   string
		want shape
	}{
		{"1", shape{class: clsInt, scale: 0}},
		{"-1.25", shape{class: clsNumber, scale: 2}},
		{"1e5", shape{class: clsNumber, scale: -1}},
		{"12345678901234567890", shape{class: clsBigInt, scale: 0}},
	}
	for _, tt := range numbers {
		if diff := cmp.Diff(tt.want, classifyJSONNumber([]byte(tt.in)), cmp.AllowUnexported(shape{})); diff != "" {
			t.Errorf("classifyJSONNumber(%s) (-want +got):\n%s", tt.in, diff)
		}
	}
	strings := []struct {
		in   string
		want shape
	}{
		{"42", shape{class: clsText, scale: 0}},
		{"12.50", shape{class: clsText, scale: 2}},
		{"007", shape{class: clsText, scale: -1}},
		{"true", shape{class: clsText, scale: -1}},
		{"2026-01-02", shape{class: clsDate, scale: -1}},
		{"2026-01-02T10:00:00Z", shape{class: clsDateTime, scale: -1}},
		{"2026-01-02 10:00", shape{class: clsText, scale: -1}},
	}
	for _, tt := range strings {
		var z codec.Zones
		if diff := cmp.Diff(tt.want, classifyJSONString([]byte(tt.in), &z), cmp.AllowUnexported(shape{})); diff != "" {
			t.Errorf("classifyJSONString(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestShorten(t *testing.T) {
	long := "ééééééééééééééééééééé" // 42 bytes
	tests := []struct{ in, want string }{
		{"short", "short"},
		{long[:40], long[:40]},
		{long, long[:40] + "…"},
		{"x" + long, "x" + long[:38] + "…"},
	}
	for _, tt := range tests {
		if got := shorten([]byte(tt.in)); got != tt.want {
			t.Errorf("shorten(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
