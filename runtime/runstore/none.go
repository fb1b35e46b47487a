package runstore

import (
	"context"
	"fmt"

	"github.com/ayeaye-go/ayeaye/runtime/provenance"
)

// noneStore is the store of -store none: it accepts records and keeps
// none of them, so a program runs when no store can be opened.
type noneStore struct{}

func (noneStore) Record(context.Context, *provenance.Run) error { return nil }

func (noneStore) Get(_ context.Context, id string) (*provenance.Run, error) {
	return nil, &Error{Store: "none", Op: "get run " + id,
		Err:  fmt.Errorf("%w: runs are not recorded with -store none", ErrNotFound),
		Hint: "use -store sqlite:" + DefaultPath + " or a postgres:// store to look runs up"}
}

func (noneStore) List(context.Context, Filter) ([]*provenance.Run, error) { return nil, nil }

func (noneStore) Produced(context.Context, string, string) ([]*provenance.Run, error) {
	return nil, nil
}

func (noneStore) LastSuccess(context.Context, string) (*provenance.Run, error) { return nil, nil }

func (noneStore) MarkInterrupted(context.Context) ([]*provenance.Run, error) { return nil, nil }

func (noneStore) Close() error { return nil }
