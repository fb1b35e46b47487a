package modeltest

import (
	"context"
	"log/slog"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/value"
)

// Expect checks that dataset d holds exactly want, in order, and reports
// a readable cmp.Diff (-want +got) with Errorf otherwise, so one test can
// report several mismatching datasets. It compares with CmpOptions plus
// opts, for example
//
//	cmpopts.EquateApprox(0, 1e-9)                   // floats within 1e-9
//	cmpopts.SortSlices(func(a, b T) bool { … })     // order does not matter
//	cmpopts.IgnoreFields(T{}, "LoadedAt")           // a field that changes every run
func Expect[T any](h *Harness, d *runtime.Dataset[T], want []T, opts ...cmp.Option) {
	h.TB.Helper()
	got := Records(h, d)
	if diff := cmp.Diff(want, got, append(CmpOptions(), opts...)...); diff != "" {
		loc, ok := h.Runner.Overrides[d.Name]
		if !ok {
			loc = d.EngineURL
		}
		h.TB.Errorf("modeltest: dataset %s (%s) does not hold the expected records (-want +got):\n%s", d.Name, loc, diff)
	}
}

// CmpOptions are the options Expect compares records with: decimals
// compare by value (1.50 equals 1.5, as value.Decimal.Equal says), and a
// nil slice equals an empty one, because whether an empty list comes back
// as nil depends on the storage format, not on the model.
func CmpOptions() []cmp.Option {
	return []cmp.Option{
		cmp.Comparer(func(a, b value.Decimal) bool { return a.Equal(b) }),
		cmpopts.EquateEmpty(),
	}
}

// Records returns the records dataset d holds now: what a model wrote to
// a captured output, or a fixture. It reads files back through the
// dataset's codec, the way the next model would read them. Reading fails
// the test.
func Records[T any](h *Harness, d *runtime.Dataset[T]) []T {
	h.TB.Helper()
	name := datasetName(h, "Records", d)
	// Read with a one-field model through a runner of its own that shares
	// the harness's locations and stores, so reading back follows exactly
	// the rules a model's run follows.
	rd := &reader[T]{In: d.Input()}
	r := &runtime.Runner{
		Env:         h.Runner.Env,
		Overrides:   h.Runner.Overrides,
		Mem:         h.mem(),
		Store:       h.Runner.Store,
		Logger:      slog.New(slog.DiscardHandler),
		NoManifests: h.Runner.NoManifests,
	}
	if _, err := r.Run(h.TB.Context(), "modeltest.Records", rd); err != nil {
		h.TB.Fatalf("modeltest: reading dataset %s: %v\n(a captured output holds records only after a successful run of the model that writes it)", name, err)
	}
	return rd.recs
}

// reader is the model Records runs.
type reader[T any] struct {
	In   runtime.Input[T]
	recs []T
}

func (m *reader[T]) Build(ctx context.Context) error {
	m.recs = []T{}
	for rec, err := range m.In.All() {
		if err != nil {
			return err
		}
		m.recs = append(m.recs, rec)
	}
	return nil
}
