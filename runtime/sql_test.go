package runtime_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ayeaye-go/ayeaye/example/datasets"
	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/provenance"
	"github.com/ayeaye-go/ayeaye/runtime/table/tabletest"
)

// popularityIn is the popularity dataset at a table of the test's
// database.
func popularityAt(name, url string) *runtime.Dataset[datasets.ColourPopularity] {
	d := *datasets.ColourPopularityDataset
	d.Name, d.EngineURL = name, url
	return &d
}

// loadModel writes its records to Out, failing after them when fail is set.
type loadModel struct {
	Out  runtime.Output[datasets.ColourPopularity]
	recs []datasets.ColourPopularity
	fail bool
}

func (m *loadModel) Build(ctx context.Context) error {
	for i := range m.recs {
		if err := m.Out.Write(&m.recs[i]); err != nil {
			return err
		}
	}
	if m.fail {
		return errors.New("the build broke after writing")
	}
	return nil
}

// queryModel copies the colours at least min people chose, most popular
// first, to a mem output.
type queryModel struct {
	In  runtime.Input[datasets.ColourPopularity]
	Out runtime.Output[datasets.ColourPopularity]
	min int
}

func (m *queryModel) Build(ctx context.Context) error {
	for p, err := range m.In.Where("people >= ?", m.min).OrderBy("people DESC", "colour").All() {
		if err != nil {
			return err
		}
		if err := m.Out.Write(&p); err != nil {
			return err
		}
	}
	return nil
}

type memRecorder struct {
	mu   sync.Mutex
	runs map[string]*provenance.Run
}

func (r *memRecorder) Record(_ context.Context, run *provenance.Run) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.runs == nil {
		r.runs = map[string]*provenance.Run{}
	}
	c := *run
	r.runs[run.Model] = &c
	return nil
}

func colours(n int) []datasets.ColourPopularity {
	out := make([]datasets.ColourPopularity, n)
	for i := range out {
		out[i] = datasets.ColourPopularity{Colour: fmt.Sprintf("colour-%02d", i), People: int32(n - i), Share: 1 / float64(n), Names: []string{"a", "b"}[:i%3%2+1]}
	}
	return out
}

// TestSQLRun runs a load into a table and a query of it in each
// database: outputs are committed with the run, failed runs leave the
// table alone, and run records carry the table's content fingerprint.
func TestSQLRun(t *testing.T) {
	for _, db := range tabletest.Databases(t) {
		t.Run(string(db.Dialect), func(t *testing.T) {
			ctx := context.Background()
			name := tabletest.TableName(t)
			db.Drop(t, name)
			table := popularityAt("popularity_db", db.URL(name))
			rec := &memRecorder{}
			r := &runtime.Runner{Recorders: []provenance.Recorder{rec}}

			want := colours(10)
			if _, err := r.Run(ctx, "load", &loadModel{Out: table.Output(), recs: want}); err != nil {
				t.Fatal(err)
			}
			out := &runtime.Dataset[datasets.ColourPopularity]{Name: "popular", EngineURL: "mem://popular"}
			rep, err := r.Run(ctx, "query", &queryModel{In: table.Input(), Out: out.Output(), min: 4})
			if err != nil {
				t.Fatal(err)
			}
			got, _ := runtime.GetMem[datasets.ColourPopularity](r.Mem, "popular")
			if diff := cmp.Diff(want[:7], got); diff != "" {
				t.Errorf("queried (-want +got):\n%s", diff)
			}
			if rep.Datasets[0].Records != 7 {
				t.Errorf("the input counted %d records, want 7", rep.Datasets[0].Records)
			}
			written, read := rec.runs["load"].Outputs[0], rec.runs["query"].Inputs[0]
			if !strings.HasPrefix(written.Fingerprint, "sha256:") || written.Fingerprint != read.Fingerprint || written.Records != 10 {
				t.Errorf("fingerprints: written %s (%d records), read %s", written.Fingerprint, written.Records, read.Fingerprint)
			}

			// A build that fails after writing leaves the table as it was.
			_, err = r.Run(ctx, "load", &loadModel{Out: table.Output(), recs: colours(3), fail: true})
			if err == nil {
				t.Fatal("the failing build succeeded")
			}
			recs, err := r.ReadAt(ctx, &loadModel{Out: table.Output()}, "popularity_db", "", -1)
			if err != nil || len(recs) != 10 {
				t.Errorf("after the failed build the table holds %d records (%v), want 10", len(recs), err)
			}
			// Fingerprints without running: the table as it is now.
			ins, _, err := r.Fingerprints(ctx, &queryModel{In: table.Input(), Out: out.Output()})
			if err != nil || ins[0].Fingerprint != written.Fingerprint {
				t.Errorf("Fingerprints: %+v, %v; want %s", ins, err, written.Fingerprint)
			}
		})
	}
}

func TestSQLErrors(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	r := &runtime.Runner{Mem: runtime.NewMem()}

	// Where needs a database.
	mem := &runtime.Dataset[datasets.ColourPopularity]{Name: "p", EngineURL: "mem://p"}
	runtime.SetMem(r.Mem, "p", colours(2))
	out := &runtime.Dataset[datasets.ColourPopularity]{Name: "o", EngineURL: "mem://o"}
	_, err := r.Run(ctx, "q", &queryModel{In: mem.Input(), Out: out.Output(), min: 1})
	if err == nil || !strings.Contains(err.Error(), "Where and OrderBy need a database input") {
		t.Errorf("Where on mem: %v", err)
	}

	// A dataset generated without the sql format says how to get it.
	noTable := *datasets.FavouriteColoursDataset
	noTable.Table = nil
	noTable.EngineURL = "sqlite://" + filepath.Join(dir, "x.db") + ";table=answers"
	if _, err := r.Peek(ctx, &struct {
		runtime.Model
		In runtime.Input[datasets.FavouriteColour]
	}{In: noTable.Input()}, "favourite_colours", 1); err == nil || !strings.Contains(err.Error(), "add sql to formats in ayeaye.yaml") {
		t.Errorf("no table code: %v", err)
	}

	// A missing SQLite file is not created by reading it.
	missing := popularityAt("missing", "sqlite://"+filepath.Join(dir, "none.db")+";table=t")
	_, err = r.Run(ctx, "q", &queryModel{In: missing.Input(), Out: out.Output(), min: 1})
	if err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("missing database: %v", err)
	}
}

// TestSQLSecretsAreRedacted checks that a password filled in from a
// secret appears in no location and no error.
func TestSQLSecretsAreRedacted(t *testing.T) {
	const secret = "hunter2-very-secret"
	r := &runtime.Runner{Env: vars{m: map[string]string{"pw": secret}, secrets: []string{secret}}}
	d := popularityAt("remote", "postgres://etl:{pw}@127.0.0.1:1/warehouse;table=public.popularity")
	m := &loadModel{Out: d.Output(), recs: colours(1)}
	reps, err := r.Describe(m)
	if err != nil {
		t.Fatal(err)
	}
	if loc := reps[0].Location; strings.Contains(loc, secret) || !strings.Contains(loc, "etl:xxxxx@127.0.0.1:1") {
		t.Errorf("location %s", loc)
	}
	_, err = r.Run(context.Background(), "load", m)
	if err == nil || strings.Contains(err.Error(), secret) || !strings.Contains(err.Error(), "connecting") {
		t.Errorf("connecting to a closed port: %v", err)
	}
}
