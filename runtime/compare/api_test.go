package compare_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ayeaye-go/ayeaye/runtime/compare"
	"github.com/ayeaye-go/ayeaye/runtime/engine"
	"github.com/ayeaye-go/ayeaye/runtime/provenance"
)

type score struct {
	Player string  `json:"player"`
	Points float64 `json:"points"`
}

const scoreSchema = `{"type":"object","x-ayeaye":{"name":"scores","keys":["player"]},
"properties":{"player":{"type":"string"},"points":{"type":"number","x-ayeaye":{"tolerance":0.01}}}}`

// TestRecordsTyped compares typed records through the public API: the
// same records in another order within tolerance, then a real difference,
// reported with the corresponding records and the field that differs.
func TestRecordsTyped(t *testing.T) {
	r, err := compare.ParseRules(scoreSchema)
	if err != nil {
		t.Fatal(err)
	}
	if r.Ordered || !r.Tolerant() || len(r.Keys) != 1 {
		t.Fatalf("rules %+v", r)
	}
	a := []score{{"ada", 10}, {"bo", 7.5}}
	res, err := compare.Records(a, []score{{"bo", 7.505}, {"ada", 10}}, r)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Same() || !res.Approx() {
		t.Fatalf("same %v approx %v: %s", res.Same(), res.Approx(), res.Summary())
	}
	var out strings.Builder
	res.Report(&out, "scores", 5, nil)
	if want := "scores: same records (2), equal within the declared tolerances\n"; out.String() != want {
		t.Errorf("got %q, want %q", out.String(), want)
	}

	res, err = compare.Records(a, []score{{"ada", 10}, {"bo", 8}}, r)
	if err != nil {
		t.Fatal(err)
	}
	if res.Same() {
		t.Fatal("7.5 and 8 compare the same with a tolerance of 0.01")
	}
	if got, want := res.Summary(), "1 of 2 records only in A, 1 of 2 only in B"; got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
	out.Reset()
	res.Report(&out, "scores", 5, func(s string) string { return strings.ReplaceAll(s, "bo", "xx") })
	want := `scores: differs: 1 of 2 records only in A, 1 of 2 only in B
  only in A {"player":"xx","points":7.5}
  only in B {"player":"xx","points":8}
      points: 7.5 in A, 8 in B, off by 0.5 (allowed 0.01)
`
	if d := cmp.Diff(want, out.String()); d != "" {
		t.Errorf("report (-want +got):\n%s", d)
	}
}

func TestRecordsUnencodable(t *testing.T) {
	_, err := compare.Records([]any{func() {}}, nil, compare.Rules{})
	if err == nil || !strings.Contains(err.Error(), "run A: record 1 cannot be encoded") {
		t.Fatalf("err = %v", err)
	}
}

func TestPairs(t *testing.T) {
	a := &provenance.Run{Outputs: []provenance.Dataset{{Name: "x", Fingerprint: "sha256:1"}, {Name: "y", Fingerprint: "sha256:2"}}}
	b := &provenance.Run{Outputs: []provenance.Dataset{{Name: "z"}, {Name: "y", Fingerprint: "sha256:2"}, {Name: "x", Fingerprint: "sha256:3"}}}
	var got []string
	for _, p := range compare.Pairs(a, b) {
		got = append(got, p.Name+":"+map[bool]string{true: "A", false: "-"}[p.A != nil]+map[bool]string{true: "B", false: "-"}[p.B != nil]+map[bool]string{true: "=", false: ""}[p.SameContent()])
	}
	if d := cmp.Diff([]string{"x:AB", "y:AB=", "z:-B"}, got); d != "" {
		t.Errorf("pairs (-want +got):\n%s", d)
	}
}

func TestComparable(t *testing.T) {
	for _, tt := range []struct {
		run  provenance.Run
		want string
	}{
		{provenance.Run{ID: "r1", Status: provenance.Succeeded}, ""},
		{provenance.Run{ID: "r2", Status: provenance.Skipped}, ""},
		{provenance.Run{ID: "r3", Status: provenance.Failed}, "r3 failed, so it published no outputs"},
		{provenance.Run{ID: "r4", Status: provenance.Succeeded, Partition: "p1", Parent: "r0"}, "r4 is a partition of run r0"},
	} {
		err := compare.Comparable(&tt.run)
		if (err == nil) != (tt.want == "") || err != nil && !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %q", tt.run.ID, err, tt.want)
		}
	}
}

// TestUnchanged fingerprints a real file and notices that it was
// overwritten since a run recorded it.
func TestUnchanged(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.csv")
	if err := os.WriteFile(path, []byte("a\n1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	u, err := engine.Parse("csv://" + path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	fp, err := compare.ContentFingerprint(ctx, u)
	if err != nil || !strings.HasPrefix(fp, "sha256:") {
		t.Fatalf("fingerprint %q, %v", fp, err)
	}
	d := provenance.Dataset{Name: "out", Location: u.String(), Fingerprint: fp}
	if err := compare.Unchanged(ctx, u, d, "A"); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("a\n2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := compare.Unchanged(ctx, u, d, "B"); err == nil || !strings.Contains(err.Error(), "no longer holds what run B wrote") {
		t.Errorf("overwritten: %v", err)
	}
	mem, _ := engine.Parse("mem://out")
	if err := compare.Unchanged(ctx, mem, d, "A"); err == nil || !strings.Contains(err.Error(), "in memory") {
		t.Errorf("mem: %v", err)
	}
	os.Remove(path)
	if _, err := compare.ContentFingerprint(ctx, u); err == nil {
		t.Errorf("missing file: %v", err)
	}
}

// FuzzParseRules feeds schemas as a user could write them: reading never
// panics, an error says what is wrong, and rules that parse compare a
// record with itself as the same.
func FuzzParseRules(f *testing.F) {
	f.Add(scoreSchema)
	f.Add(`{"$defs":{"L":{"properties":{"km":{"x-ayeaye":{"tolerance":{"absolute":1,"relative":0.5}}}}}},"properties":{"legs":{"items":{"$ref":"#/$defs/L"}}}}`)
	f.Add(`{"$defs":{"A":{"$ref":"#/$defs/A"}},"$ref":"#/$defs/A"}`)
	f.Add(`{"properties":{"x":{"x-ayeaye":{"tolerance":1e999}}}}`)
	f.Add(`[1,2]`)
	f.Fuzz(func(t *testing.T, schema string) {
		r, err := compare.ParseRules(schema)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("an empty error")
			}
			return
		}
		recs := []score{{"ada", 1}, {"bo", 2.5}}
		res, err := compare.Records(recs, recs, r)
		if err != nil || !res.Same() {
			t.Fatalf("a dataset differs from itself under %+v: %v", r, err)
		}
	})
}
