package collection

import (
	"testing"

	"github.com/ayeaye-go/ayeaye/runtime/provenance"
)

func TestDiffers(t *testing.T) {
	d := func(name, loc, fp string) provenance.Dataset {
		return provenance.Dataset{Name: name, Location: loc, Fingerprint: fp}
	}
	then := []provenance.Dataset{d("a", "csv:///a", "sha256:1"), d("b", "csv:///b", "sha256:2")}
	tests := []struct {
		name string
		now  []provenance.Dataset
		want string
	}{
		{"same", []provenance.Dataset{d("b", "csv:///b", "sha256:2"), d("a", "csv:///a", "sha256:1")}, ""},
		{"changed", []provenance.Dataset{d("a", "csv:///a", "sha256:9"), d("b", "csv:///b", "sha256:2")}, "input a has changed"},
		{"moved", []provenance.Dataset{d("a", "csv:///x", "sha256:1"), d("b", "csv:///b", "sha256:2")}, "input a is at csv:///x now"},
		{"missing", []provenance.Dataset{d("a", "csv:///a", ""), d("b", "csv:///b", "sha256:2")}, "input a has no content fingerprint now (it does not exist, or is in memory)"},
		{"fewer", []provenance.Dataset{d("a", "csv:///a", "sha256:1")}, "its inputs are not the ones recorded"},
	}
	for _, tt := range tests {
		if got := differs("input", then, tt.now); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
	code := provenance.Code{Module: "m", Revision: "r1", Schemas: map[string]string{"a": "sha256:s"}}
	for _, tt := range []struct {
		now     provenance.Code
		schemas map[string]string
		want    string
	}{
		{provenance.Code{Module: "m", Revision: "r1"}, map[string]string{"a": "sha256:s"}, ""},
		{provenance.Code{Module: "m", Revision: "r2"}, nil, `its code has changed (revision "r2", then "r1")`},
		{provenance.Code{Module: "m", Revision: "r1"}, map[string]string{"a": "sha256:t"}, "the schema of a has changed"},
	} {
		if got := codeDiffers(code, tt.now, tt.schemas); got != tt.want {
			t.Errorf("codeDiffers(%v) = %q, want %q", tt.now, got, tt.want)
		}
	}
	if unknownCode(provenance.Code{Version: "(devel)"}) == "" || unknownCode(provenance.Code{Revision: "r", Dirty: true}) == "" || unknownCode(provenance.Code{Revision: "r"}) != "" {
		t.Error("unknownCode")
	}
}
