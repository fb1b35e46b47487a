package cli_test

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ayeaye-go/ayeaye/example/datasets"
	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/cli"
)

// newest is the ID of the newest run of model.
func (p *project) newest(t *testing.T, model string) string {
	t.Helper()
	ids, _ := p.listed(t, "-model", model, "-n", "1")
	if len(ids) == 0 {
		t.Fatalf("no run of %s recorded", model)
	}
	return ids[0]
}

// TestVerify compares the outputs of runs: the same content, the same
// records stored differently, different records, and an output
// overwritten since.
func TestVerify(t *testing.T) {
	p := newProject(t)
	run := func(args ...string) string {
		t.Helper()
		p.mustRun(t, append([]string{"run", "-q"}, args...)...)
		return p.newest(t, "popularity")
	}
	a := run("-var", "output_root="+filepath.Join(p.dir, "a"), "popularity")
	b := run("-var", "output_root="+filepath.Join(p.dir, "b"), "popularity")
	csv := run("-set", "colour_popularity=csv://"+filepath.Join(p.dir, "c", "popularity.csv"), "popularity")
	other := filepath.Join(p.dir, "data", "other.csv")
	writeFile(t, other, "person_id,name,colour,surveyed_on,certainty\n1,Ada,blue,2026-03-01,0.9\n2,Bo,teal,2026-03-01,\n")
	diff := run("-var", "output_root="+filepath.Join(p.dir, "d"), "-set", "favourite_colours=csv://"+other, "popularity")

	if out := p.mustRun(t, "verify", a, b); !strings.Contains(out, "colour_popularity: same content (sha256:") {
		t.Errorf("verify A B:\n%s", out)
	}
	if out := p.mustRun(t, "verify", a, csv); !strings.Contains(out, "colour_popularity: same records (5), stored differently") {
		t.Errorf("verify A CSV:\n%s", out)
	}
	out, errOut, code := p.run(t, "verify", "-n", "2", a, diff)
	if code != 1 || !strings.Contains(errOut, "the outputs of the two runs are not the same") {
		t.Errorf("verify A D: exit %d, stderr:\n%s", code, errOut)
	}
	golden(t, "verify_differs.golden", p.stable(out))

	// Both recorded the same content: that settles it, even once b's
	// output has been overwritten.
	p.mustRun(t, "run", "-q", "-var", "output_root="+filepath.Join(p.dir, "b"), "-set", "favourite_colours=csv://"+other, "popularity")
	p.mustRun(t, "verify", a, b)
	// Run again where diff wrote, on the survey: its output is gone.
	p.mustRun(t, "run", "-q", "-var", "output_root="+filepath.Join(p.dir, "d"), "popularity")
	out, _, code = p.run(t, "verify", a, diff)
	if code != 1 || !strings.Contains(out, "no longer holds what run B wrote") || !strings.Contains(out, "overwritten") {
		t.Errorf("verify an overwritten output: exit %d, stdout:\n%s", code, out)
	}

	for _, tt := range []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"verify", a}, 2, "name the two runs to compare"},
		{[]string{"verify", "-store", "none", a, b}, 2, "-store none records no runs"},
		{[]string{"verify", a, "0000000000"}, 1, "run B: run store"},
	} {
		_, errOut, code := p.run(t, tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.stderr) {
			t.Errorf("%s: exit %d, stderr:\n%s\nwant %d and %q", strings.Join(tt.args, " "), code, errOut, tt.code, tt.stderr)
		}
	}
}

// TestVerifyLock: lock records what the outputs hold; a locked re-run
// elsewhere is verified against it, and one on other inputs differs.
func TestVerifyLock(t *testing.T) {
	p := newProject(t)
	p.mustRun(t, "run", "-q", "popularity")
	if out := p.mustRun(t, "lock", "popularity"); !strings.Contains(out, "colour_popularity (output)") {
		t.Errorf("lock does not list the output:\n%s", out)
	}
	p.mustRun(t, "run", "-q", "-locked", "-var", "output_root="+filepath.Join(p.dir, "again"), "popularity")
	out := p.mustRun(t, "verify", "-lock", p.newest(t, "popularity"))
	if !strings.Contains(out, "A  ayeaye.lock") || !strings.Contains(out, "colour_popularity: same content (sha256:") {
		t.Errorf("verify -lock of a locked re-run:\n%s", out)
	}

	other := filepath.Join(p.dir, "data", "other.csv")
	writeFile(t, other, "person_id,name,colour,surveyed_on,certainty\n1,Ada,blue,2026-03-01,0.9\n")
	p.mustRun(t, "run", "-q", "-var", "output_root="+filepath.Join(p.dir, "other"), "-set", "favourite_colours=csv://"+other, "popularity")
	out, _, code := p.run(t, "verify", "-lock", p.newest(t, "popularity"))
	if code != 1 || !strings.Contains(out, "colour_popularity: differs:") {
		t.Errorf("verify -lock of a run on other inputs: exit %d\n%s", code, out)
	}

	for _, tt := range []struct {
		args   []string
		stderr string
	}{
		{[]string{"verify", "-lock"}, "with -lock, name the one run"},
		{[]string{"verify", "-lock", "a", "b"}, "with -lock, name the one run"},
	} {
		if _, errOut, code := p.run(t, tt.args...); code != 2 || !strings.Contains(errOut, tt.stderr) {
			t.Errorf("%v: exit %d, stderr:\n%s", tt.args, code, errOut)
		}
	}
}

// TestVerifyFailedRun refuses to compare a run that published nothing.
func TestVerifyFailedRun(t *testing.T) {
	p := newProject(t)
	p.mustRun(t, "run", "-q", "popularity")
	p.run(t, "run", "-q", "broken_orders")
	ok, broken := p.newest(t, "popularity"), p.newest(t, "broken_orders")
	_, errOut, code := p.run(t, "verify", ok, broken)
	if code != 1 || !strings.Contains(errOut, "failed, so it published no outputs") {
		t.Errorf("exit %d, stderr:\n%s", code, errOut)
	}
}

// TestLineageRecorded checks the recorded part of lineage: which run
// wrote the content as it is now, from which inputs; and content no run
// wrote.
func TestLineageRecorded(t *testing.T) {
	p := newProject(t)
	p.mustRun(t, "run", "-q", "popularity", "orders")
	golden(t, "lineage_recorded.golden", p.stable(p.mustRun(t, "lineage", "paint_orders")))

	writeFile(t, filepath.Join(p.dir, "out", "paint_orders.ndjson"), "")
	out := p.mustRun(t, "lineage", "paint_orders")
	if !strings.Contains(out, "no recorded run wrote this content") {
		t.Errorf("lineage of a changed output:\n%s", out)
	}
}

// series writes the survey's colour popularity to two datasets whose
// schemas give share a tolerance: colour_series is ordered (most popular
// first), colour_shares is not. mode makes the output of another build:
// "noisy" shares differ in the last bits and colour_shares comes in the
// reverse order, "reversed" reverses both, "off" changes a share by 0.01.
type series struct {
	Answers runtime.Input[datasets.FavouriteColour]
	Series  runtime.Output[datasets.ColourPopularity]
	Shares  runtime.Output[datasets.ColourPopularity]
	mode    string
}

func (m *series) Build(ctx context.Context) error {
	var all []datasets.FavouriteColour
	for rec, err := range m.Answers.All() {
		if err != nil {
			return err
		}
		all = append(all, rec)
	}
	names := map[string][]string{}
	for _, rec := range all {
		names[rec.Colour] = append(names[rec.Colour], rec.Name)
	}
	var out []datasets.ColourPopularity
	for colour, who := range names {
		slices.Sort(who)
		share := float64(len(who)) / float64(len(all))
		switch m.mode {
		case "noisy":
			share *= 1 + 1e-13
		case "off":
			if colour == "green" {
				share += 0.01
			}
		}
		out = append(out, datasets.ColourPopularity{Colour: colour, People: int32(len(who)), Share: share, Names: who})
	}
	slices.SortFunc(out, func(a, b datasets.ColourPopularity) int {
		return cmp.Or(cmp.Compare(b.People, a.People), cmp.Compare(a.Colour, b.Colour))
	})
	shares := slices.Clone(out)
	if m.mode == "reversed" {
		slices.Reverse(out)
	}
	if m.mode == "noisy" || m.mode == "reversed" {
		slices.Reverse(shares)
	}
	for i := range out {
		if err := m.Series.Write(&out[i]); err != nil {
			return err
		}
		if err := m.Shares.Write(&shares[i]); err != nil {
			return err
		}
	}
	return nil
}

// tolerantSchema is the example's colour_popularity schema with a
// tolerance on share, and ordered when asked.
func tolerantSchema(t *testing.T, name string, ordered bool) (schema, fingerprint string) {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal([]byte(datasets.ColourPopularityDataset.Schema), &doc); err != nil {
		t.Fatal(err)
	}
	x := doc["x-ayeaye"].(map[string]any)
	x["name"] = name
	delete(x, "engine_url")
	if ordered {
		x["ordered"] = true
	}
	share := doc["properties"].(map[string]any)["share"].(map[string]any)
	share["x-ayeaye"] = map[string]any{"tolerance": 1e-9}
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	return string(b), "sha256:" + hex.EncodeToString(sum[:])
}

// TestVerifyOrderAndTolerance runs a model over two datasets, one ordered,
// both with a tolerance on a float, and verifies runs of other "builds":
// last-bit noise and another order where order does not count are the
// same; another order where it does, or a float out of tolerance, differ,
// and verify says where and by how much.
func TestVerifyOrderAndTolerance(t *testing.T) {
	p := newProject(t)
	dataset := func(name, url string, ordered bool) *runtime.Dataset[datasets.ColourPopularity] {
		schema, fp := tolerantSchema(t, name, ordered)
		return &runtime.Dataset[datasets.ColourPopularity]{Name: name, Schema: schema, Fingerprint: fp, EngineURL: url, Formats: datasets.ColourPopularityDataset.Formats}
	}
	seriesDS := dataset("colour_series", "ndjson://{output_root}/colour_series.ndjson", true)
	sharesDS := dataset("colour_shares", "csv://{output_root}/colour_shares.csv", false)
	mode := ""
	p.prog.Models = append(p.prog.Models, cli.Model{Name: "series", Doc: "popularity in order, and shares", New: func() runtime.Model {
		return &series{Answers: datasets.FavouriteColoursDataset.Input(), Series: seriesDS.Output(), Shares: sharesDS.Output(), mode: mode}
	}})
	run := func(m string) string {
		t.Helper()
		mode = m
		p.mustRun(t, "run", "-q", "-var", "output_root="+filepath.Join(p.dir, "out-"+m), "series")
		return p.newest(t, "series")
	}
	base, noisy, reversed, off := run(""), run("noisy"), run("reversed"), run("off")

	out := p.mustRun(t, "verify", base, noisy)
	for _, want := range []string{
		"colour_series: same records (5) in the same order, equal within the declared tolerances",
		"colour_shares: same records (5), equal within the declared tolerances",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("verify base noisy: no %q in\n%s", want, out)
		}
	}
	var got strings.Builder
	for _, other := range []string{reversed, off} {
		out, errOut, code := p.run(t, "verify", "-n", "2", base, other)
		if code != 1 || !strings.Contains(errOut, "the outputs of the two runs are not the same") {
			t.Errorf("verify base %s: exit %d, stderr:\n%s", other, code, errOut)
		}
		got.WriteString("$ verify -n 2 A B\n" + p.stable(out))
	}
	golden(t, "verify_order_tolerance.golden", got.String())

	if out, _, _ := p.run(t, "verify", "-h"); !strings.Contains(out, `"ordered": true`) || !strings.Contains(out, "max(A, R*max(|a|,|b|))") {
		t.Errorf("verify -h does not give the rules:\n%s", out)
	}
}
