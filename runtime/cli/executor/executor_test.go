package executor

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/ayeaye-go/ayeaye/runtime/partition"
)

type fake struct {
	name    string
	schemes []string
}

func (f fake) Name() string                                { return f.name }
func (f fake) Schemes() []string                           { return f.schemes }
func (f fake) Check(string) error                          { return nil }
func (f fake) Serve(context.Context, string, Worker) error { return nil }
func (f fake) Open(context.Context, string, Run) (partition.Executor, func(), error) {
	return partition.Serial{}, func() {}, nil
}

// TestRegister: executors are listed in registration order, and a second
// executor for a name or a scheme already served is refused loudly.
func TestRegister(t *testing.T) {
	Register(fake{"one", []string{"one"}})
	Register(fake{"two", []string{"two", "twos"}})
	var names []string
	for _, e := range Registered() {
		names = append(names, e.Name())
	}
	if strings.Join(names, ",") != "one,two" {
		t.Errorf("Registered() = %v", names)
	}
	for _, e := range []fake{{"one", nil}, {"three", []string{"twos"}}} {
		func() {
			defer func() {
				if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "already") {
					t.Errorf("Register(%v): recovered %v, want a panic saying it is taken", e, r)
				}
			}()
			Register(e)
		}()
	}
}

func TestPermanent(t *testing.T) {
	err := Permanent(errors.New(`this program has no model "x"`))
	if !errors.Is(err, ErrPermanent) || err.Error() != `this program has no model "x"` {
		t.Errorf("Permanent: %v, errors.Is = %v", err, errors.Is(err, ErrPermanent))
	}
	if errors.Is(errors.New("flaky"), ErrPermanent) {
		t.Error("an unmarked error is permanent")
	}
}
