package cli_test

import (
	"context"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/ayeaye-go/ayeaye/example/datasets"
	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/engine"
)

// surveyDriver serves the made-up survey:// type: a fixed survey of
// three answers, so a -set can point an input at a source the runtime
// does not know.
type surveyDriver struct{}

func (surveyDriver) Read(context.Context, engine.URL) (runtime.RecordReader, error) {
	return &surveyReader{}, nil
}

func (surveyDriver) Write(context.Context, engine.URL) (runtime.RecordWriter, error) {
	return nil, fmt.Errorf("survey:// is read-only")
}

type surveyReader struct{ n int }

func (r *surveyReader) Next(rec any) error {
	a, ok := rec.(*datasets.FavouriteColour)
	if !ok {
		return fmt.Errorf("survey:// holds FavouriteColour records, not %T", rec)
	}
	if r.n == 3 {
		return io.EOF
	}
	r.n++
	*a = datasets.FavouriteColour{PersonID: int64(r.n), Name: fmt.Sprint("p", r.n), Colour: []string{"red", "blue", "red"}[r.n-1]}
	return nil
}

func (r *surveyReader) Close() error { return nil }

func init() { runtime.Register(engine.Spec{Name: "survey", Kind: engine.KindType}, surveyDriver{}) }

// TestSetRegisteredType: a type the program registers is accepted by -set
// and read through its driver; an unknown one is a usage error.
func TestSetRegisteredType(t *testing.T) {
	p := newProject(t)
	stdout, stderr, code := p.run(t, "run", "-store", "none", "-set", "favourite_colours=survey://three", "popularity")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "3 records") || !strings.Contains(stdout, "survey://three") {
		t.Errorf("the run did not read the survey:\n%s", stdout)
	}
	_, stderr, code = p.run(t, "run", "-store", "none", "-set", "favourite_colours=surveys://three", "popularity")
	if code != 2 || !strings.Contains(stderr, `unknown type "surveys"`) || !strings.Contains(stderr, `did you mean "survey"`) {
		t.Errorf("an unknown type: exit %d, want 2 with a suggestion:\n%s", code, stderr)
	}
}
