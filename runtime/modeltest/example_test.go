package modeltest_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ayeaye-go/ayeaye/example/datasets"
	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/modeltest"
	"github.com/ayeaye-go/ayeaye/runtime/value"
)

// Colours is the model under test in the examples: it copies the answers
// of people who chose blue.
type Colours struct {
	Answers runtime.Input[datasets.FavouriteColour]
	Blue    runtime.Output[datasets.FavouriteColour]
}

func (m *Colours) Build(ctx context.Context) error {
	for a, err := range m.Answers.All() {
		if err != nil {
			return err
		}
		if a.Colour == "blue" {
			if err := m.Blue.Write(&a); err != nil {
				return err
			}
		}
	}
	return nil
}

// blueAnswers is a second dataset of answers, the model's output.
var blueAnswers = renamed(datasets.FavouriteColoursDataset, "blue_answers")

func newColours() *Colours {
	return &Colours{Answers: datasets.FavouriteColoursDataset.Input(), Blue: blueAnswers.Output()}
}

// t stands for the *testing.T of a test function in these examples, which
// are compiled but not run.
var t *testing.T

// A test gives the model records as its input, captures its output in
// memory and compares what the output holds with what it should.
func Example() {
	h := modeltest.New(t)
	modeltest.Fixture(h, datasets.FavouriteColoursDataset, []datasets.FavouriteColour{
		{PersonID: 1, Name: "Ada", Colour: "blue"},
		{PersonID: 2, Name: "Brian", Colour: "green"},
	})
	modeltest.Capture(h, blueAnswers)

	rep := h.Run(newColours())

	modeltest.Expect(h, blueAnswers, []datasets.FavouriteColour{{PersonID: 1, Name: "Ada", Colour: "blue"}})
	if got := rep.Datasets[0].Records; got != 2 {
		t.Errorf("read %d answers, want 2", got)
	}
}

// A fixture file tests reading the stored form: header, quoting, and the
// error a bad line gives.
func ExampleFixtureFile() {
	h := modeltest.New(t)
	modeltest.FixtureFile(h, datasets.FavouriteColoursDataset, "testdata/bad_colours.csv")
	modeltest.Capture(h, blueAnswers)

	err := h.RunFails(newColours())
	if !strings.Contains(err.Error(), "bad_colours.csv:3:") {
		t.Errorf("the error does not say where the bad record is: %v", err)
	}

	// Skipping bad records instead, the run succeeds and sets them aside.
	h.Runner.SkipBadRecords = true
	h.Run(newColours())
	for _, r := range h.Rejects() {
		t.Logf("line %d, field %s: %s", r.Line, r.Field, r.Error)
	}
}

// CaptureFile writes an output to a real file, to test its bytes; Records
// and Expect read it back through the dataset's codec.
func ExampleCaptureFile() {
	h := modeltest.New(t)
	modeltest.Fixture(h, datasets.FavouriteColoursDataset, []datasets.FavouriteColour{{PersonID: 1, Name: "Ada", Colour: "blue"}})
	modeltest.CaptureFile(h, blueAnswers, filepath.Join(t.TempDir(), "blue.csv.gz"))
	h.Run(newColours())

	if got := modeltest.Records(h, blueAnswers); len(got) != 1 {
		t.Errorf("got %d records, want 1", len(got))
	}
}

// Expect takes cmp options for what the default comparison should not
// insist on, such as order or floating-point noise.
func ExampleExpect() {
	h := modeltest.New(t)
	modeltest.Fixture(h, datasets.FavouriteColoursDataset, []datasets.FavouriteColour{
		{PersonID: 2, Colour: "blue", Certainty: value.Some(0.1 + 0.2)},
		{PersonID: 1, Colour: "blue"},
	})
	modeltest.Capture(h, blueAnswers)
	h.Run(newColours())

	modeltest.Expect(h, blueAnswers, []datasets.FavouriteColour{
		{PersonID: 1, Colour: "blue"},
		{PersonID: 2, Colour: "blue", Certainty: value.Some(0.3)},
	},
		cmpopts.SortSlices(func(a, b datasets.FavouriteColour) bool { return a.PersonID < b.PersonID }),
		cmpopts.EquateApprox(0, 1e-9),
	)
}
