package models

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/ayeaye-go/ayeaye/example/datasets"
	"github.com/ayeaye-go/ayeaye/runtime"
)

// FavouriteColours summarises the survey: for each colour, how many people
// chose it, their share of all answers and their names, most popular
// first.
type FavouriteColours struct {
	Answers    runtime.Input[datasets.FavouriteColour]
	Popularity runtime.Output[datasets.ColourPopularity]

	// answers is how many answers Build read, for PostBuild to check the
	// summary against.
	answers int64
}

// NewFavouriteColours returns the model wired to the project's datasets.
func NewFavouriteColours() *FavouriteColours {
	return &FavouriteColours{
		Answers:    datasets.FavouriteColoursDataset.Input(),
		Popularity: datasets.ColourPopularityDataset.Output(),
	}
}

// maxProblems caps how many problems a check lists, so a wholly wrong
// file gives a readable error rather than one line per record.
const maxProblems = 10

// PreBuild checks the answers before anything is written: there is at
// least one, each person answered once, each colour is given in lower
// case, and each certainty is within 0..1. It lists every problem (up to
// maxProblems), each naming the answer and the person.
func (m *FavouriteColours) PreBuild(ctx context.Context) error {
	var problems []string
	count, n := 0, 0
	// problem records one, naming the answer and the person; the text is
	// made only for the ones listed, as a check may read millions.
	problem := func(a *datasets.FavouriteColour, format string, args ...any) {
		count++
		if len(problems) < maxProblems {
			problems = append(problems, fmt.Sprintf("answer %d (person %d, %s): ", n, a.PersonID, a.Name)+fmt.Sprintf(format, args...))
		}
	}
	firstAnswer := map[int64]int{} // person -> number of their first answer
	for a, err := range m.Answers.All() {
		if err != nil {
			return err
		}
		n++
		if first, ok := firstAnswer[a.PersonID]; ok {
			problem(&a, "person %d already answered in answer %d; keep one answer per person", a.PersonID, first)
		} else {
			firstAnswer[a.PersonID] = n
		}
		if a.Colour == "" {
			problem(&a, "the colour is empty")
		} else if lower := strings.ToLower(a.Colour); a.Colour != lower {
			problem(&a, "colour %q is not lower case; write %q so that the same colour is counted once", a.Colour, lower)
		}
		if c, ok := a.Certainty.Get(); ok && !(c >= 0 && c <= 1) { // !(…) also catches NaN
			problem(&a, "certainty %v is outside 0..1", c)
		}
	}
	if n == 0 {
		return errors.New("favourite_colours holds no answers; a summary of nothing would have no shares")
	}
	if count == 0 {
		return nil
	}
	if more := count - len(problems); more > 0 {
		problems = append(problems, fmt.Sprintf("… and %d more", more))
	}
	return fmt.Errorf("%s in %s:\n\t%s", plural(count, "problem"), plural(n, "answer"), strings.Join(problems, "\n\t"))
}

// plural says "1 answer" or "2 answers".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// Build counts the answers per colour and writes one popularity record
// per colour: most people first, ties in colour order, names sorted, so
// the output is the same whatever order the answers came in.
func (m *FavouriteColours) Build(ctx context.Context) error {
	names := map[string][]string{}
	var total int64
	for a, err := range m.Answers.All() {
		if err != nil {
			return err
		}
		names[a.Colour] = append(names[a.Colour], a.Name)
		total++
	}
	if total == 0 {
		return errors.New("favourite_colours holds no answers")
	}
	m.answers = total
	runtime.Count(ctx, "answers", total)
	runtime.Count(ctx, "colours", int64(len(names)))

	popularity := make([]datasets.ColourPopularity, 0, len(names))
	for colour, who := range names {
		slices.Sort(who)
		popularity = append(popularity, datasets.ColourPopularity{
			Colour: colour,
			People: int32(len(who)),
			Share:  float64(len(who)) / float64(total),
			Names:  who,
		})
	}
	slices.SortFunc(popularity, func(a, b datasets.ColourPopularity) int {
		return cmp.Or(cmp.Compare(b.People, a.People), cmp.Compare(a.Colour, b.Colour))
	})
	for i := range popularity {
		if err := m.Popularity.Write(&popularity[i]); err != nil {
			return err
		}
	}
	return nil
}

// shareTolerance is how far the shares may sum from 1: each is a float64
// quotient, so the sum carries rounding error, but never this much.
const shareTolerance = 1e-9

// PostBuild reads the written summary back and checks that it adds up:
// the shares sum to 1, the people to the answers read, and each colour
// lists as many names as people.
func (m *FavouriteColours) PostBuild(ctx context.Context) error {
	var shares float64
	var people int64
	var errs []error
	for p, err := range m.Popularity.All() {
		if err != nil {
			return err
		}
		shares += p.Share
		people += int64(p.People)
		if len(p.Names) != int(p.People) {
			errs = append(errs, fmt.Errorf("colour %q: %d people but %d names", p.Colour, p.People, len(p.Names)))
		}
	}
	if math.Abs(shares-1) > shareTolerance {
		errs = append(errs, fmt.Errorf("the shares sum to %v, not 1 (tolerance %g)", shares, shareTolerance))
	}
	if people != m.answers {
		errs = append(errs, fmt.Errorf("the colours count %d people, but %d answers were read", people, m.answers))
	}
	return errors.Join(errs...)
}
