package models_test

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ayeaye-go/ayeaye/example/datasets"
	"github.com/ayeaye-go/ayeaye/example/models"
	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/modeltest"
	"github.com/ayeaye-go/ayeaye/runtime/value"
)

// answer is a survey answer for fixtures; certainty < 0 means "not said".
func answer(id int64, name, colour string, certainty float64) datasets.FavouriteColour {
	a := datasets.FavouriteColour{PersonID: id, Name: name, Colour: colour, SurveyedOn: value.Date{Year: 2026, Month: 3, Day: 1}}
	if certainty >= 0 {
		a.Certainty = value.Some(certainty)
	}
	return a
}

func TestFavouriteColours(t *testing.T) {
	for _, tc := range []struct {
		name    string
		answers []datasets.FavouriteColour
		want    []datasets.ColourPopularity
	}{{
		name:    "one answer",
		answers: []datasets.FavouriteColour{answer(1, "Ada", "blue", 0.9)},
		want:    []datasets.ColourPopularity{{Colour: "blue", People: 1, Share: 1, Names: []string{"Ada"}}},
	}, {
		name: "most popular first, names sorted",
		answers: []datasets.FavouriteColour{
			answer(1, "Zoë", "red", -1), answer(2, "Brian", "green", 0), answer(3, "Ada", "red", 1), answer(4, "Li", "red", 0.5),
		},
		want: []datasets.ColourPopularity{
			{Colour: "red", People: 3, Share: 0.75, Names: []string{"Ada", "Li", "Zoë"}},
			{Colour: "green", People: 1, Share: 0.25, Names: []string{"Brian"}},
		},
	}, {
		name: "ties in colour order",
		answers: []datasets.FavouriteColour{
			answer(1, "Ada", "yellow", -1), answer(2, "Brian", "blue", -1), answer(3, "Chiara", "green", -1), answer(4, "Dee", "blue", -1),
		},
		want: []datasets.ColourPopularity{
			{Colour: "blue", People: 2, Share: 0.5, Names: []string{"Brian", "Dee"}},
			{Colour: "green", People: 1, Share: 0.25, Names: []string{"Chiara"}},
			{Colour: "yellow", People: 1, Share: 0.25, Names: []string{"Ada"}},
		},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			h := modeltest.New(t)
			modeltest.Fixture(h, datasets.FavouriteColoursDataset, tc.answers)
			modeltest.Capture(h, datasets.ColourPopularityDataset)
			rep := h.Run(models.NewFavouriteColours())
			modeltest.Expect(h, datasets.ColourPopularityDataset, tc.want)
			want := map[string]int64{"answers": int64(len(tc.answers)), "colours": int64(len(tc.want))}
			if diff := cmp.Diff(want, rep.Stats); diff != "" {
				t.Errorf("statistics (-want +got):\n%s", diff)
			}
		})
	}
}

// TestFavouriteColoursPreBuild checks that bad answers stop the run before
// anything is written, with an error naming each bad answer.
func TestFavouriteColoursPreBuild(t *testing.T) {
	many := make([]datasets.FavouriteColour, 12)
	for i := range many {
		many[i] = answer(int64(i+1), fmt.Sprint("P", i+1), "blue", 2)
	}
	for _, tc := range []struct {
		name    string
		answers []datasets.FavouriteColour
		want    []string
	}{{
		name: "no answers",
		want: []string{"pre-build check failed", "favourite_colours holds no answers"},
	}, {
		name:    "certainty above 1",
		answers: []datasets.FavouriteColour{answer(1, "Ada", "blue", 0.9), answer(4, "Dee, Jr.", "red", 1.5)},
		want:    []string{"1 problem in 2 answers", "answer 2 (person 4, Dee, Jr.): certainty 1.5 is outside 0..1"},
	}, {
		name:    "negative certainty",
		answers: []datasets.FavouriteColour{{PersonID: 1, Name: "Ada", Colour: "blue", Certainty: value.Some(-0.1)}, answer(2, "Brian", "blue", 0)},
		want:    []string{"1 problem in 2 answers", "answer 1 (person 1, Ada): certainty -0.1 is outside 0..1"},
	}, {
		name:    "NaN certainty",
		answers: []datasets.FavouriteColour{{PersonID: 7, Name: "Gustav", Colour: "green", Certainty: value.Some(math.NaN())}},
		want:    []string{"answer 1 (person 7, Gustav): certainty NaN is outside 0..1"},
	}, {
		name:    "same person twice",
		answers: []datasets.FavouriteColour{answer(1, "Ada", "blue", -1), answer(2, "Brian", "red", -1), answer(1, "Ada", "green", -1)},
		want:    []string{"answer 3 (person 1, Ada): person 1 already answered in answer 1; keep one answer per person"},
	}, {
		name:    "colour case",
		answers: []datasets.FavouriteColour{answer(1, "Ada", "Blue", -1), answer(2, "Brian", "", -1)},
		want: []string{
			`answer 1 (person 1, Ada): colour "Blue" is not lower case; write "blue"`,
			"answer 2 (person 2, Brian): the colour is empty",
		},
	}, {
		name:    "many problems",
		answers: many,
		want:    []string{"12 problems in 12 answers", "answer 10 (person 10, P10)", "… and 2 more"},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			h := modeltest.New(t)
			modeltest.Fixture(h, datasets.FavouriteColoursDataset, tc.answers)
			modeltest.Capture(h, datasets.ColourPopularityDataset)
			err := h.RunFails(models.NewFavouriteColours())
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
			if slices.Contains(h.Runner.Mem.Names(), datasets.ColourPopularityDataset.Name) {
				t.Error("a failed pre-build check published the output")
			}
		})
	}
}

func TestFavouriteColoursBadRecords(t *testing.T) {
	h := modeltest.New(t)
	modeltest.FixtureFile(h, datasets.FavouriteColoursDataset, "testdata/bad_answers.csv")
	modeltest.Capture(h, datasets.ColourPopularityDataset)
	err := h.RunFails(models.NewFavouriteColours())
	if want := `bad_answers.csv:3:15: field "surveyed_on": cannot read "2026-02-30"`; !strings.Contains(err.Error(), want) {
		t.Errorf("error lacks %q:\n%v", want, err)
	}

	// Skipping them, the summary covers the good answers and still adds up.
	h.Runner.SkipBadRecords = true
	rep := h.Run(models.NewFavouriteColours())
	modeltest.Expect(h, datasets.ColourPopularityDataset, []datasets.ColourPopularity{
		{Colour: "blue", People: 3, Share: 1, Names: []string{"Ada", "Chiara", "Émile"}},
	})
	if rep.Stats["answers"] != 3 {
		t.Errorf("answers = %d, want 3", rep.Stats["answers"])
	}
	var got []string
	for _, r := range h.Rejects() {
		got = append(got, fmt.Sprintf("line %d %s %q", r.Line, r.Field, r.Text))
	}
	if rep.Rejected != int64(len(got)) {
		t.Errorf("Rejected = %d, but %d rejects", rep.Rejected, len(got))
	}
	// The pre-build check and Build both read the input, and the runtime
	// currently sets a bad record aside on each pass; compare the distinct
	// rejects.
	slices.Sort(got)
	got = slices.Compact(got)
	want := []string{`line 3 surveyed_on "2026-02-30"`, `line 5 person_id "four"`}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rejects (-want +got):\n%s", diff)
	}
}

// tampered runs FavouriteColours and then writes one colour too many, so
// that its post-build check has something to find.
type tampered struct {
	Answers    runtime.Input[datasets.FavouriteColour]
	Popularity runtime.Output[datasets.ColourPopularity]
	m          *models.FavouriteColours
}

func (t *tampered) Build(ctx context.Context) error {
	if err := t.m.Build(ctx); err != nil {
		return err
	}
	return t.Popularity.Write(&datasets.ColourPopularity{Colour: "mauve", People: 2, Share: 0.5, Names: []string{"Nobody"}})
}

func (t *tampered) PostBuild(ctx context.Context) error { return t.m.PostBuild(ctx) }

func TestFavouriteColoursPostBuild(t *testing.T) {
	h := modeltest.New(t)
	modeltest.Fixture(h, datasets.FavouriteColoursDataset, []datasets.FavouriteColour{answer(1, "Ada", "blue", -1), answer(2, "Brian", "red", -1)})
	modeltest.Capture(h, datasets.ColourPopularityDataset)
	m := models.NewFavouriteColours()
	// The handles are shared, so m's checks read what tampered writes.
	err := h.RunFails(&tampered{Answers: m.Answers, Popularity: m.Popularity, m: m})
	for _, w := range []string{
		"post-build check failed (the outputs were written)",
		`colour "mauve": 2 people but 1 names`,
		"the shares sum to 1.5, not 1 (tolerance 1e-09)",
		"the colours count 4 people, but 2 answers were read",
	} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error lacks %q:\n%v", w, err)
		}
	}
}
