package golang

import (
	"fmt"
	"testing"

	"github.com/ayeaye-go/ayeaye/runtime/codec"
)

// TestGuardMatchesRuntime keeps the guard generated code refers to equal
// to the one runtime/codec defines for its version.
func TestGuardMatchesRuntime(t *testing.T) {
	if want := fmt.Sprintf("GeneratedV%dRunGoGenerate", codec.GeneratedVersion); guardName != want {
		t.Errorf("generated code refers to codec.%s, the runtime defines codec.%s", guardName, want)
	}
	if codec.GeneratedV2RunGoGenerate != codec.GeneratedVersion {
		t.Error("the guard constant is not the version")
	}
}
