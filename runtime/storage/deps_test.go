package storage

import (
	"testing"

	"github.com/ayeaye-go/ayeaye/runtime/internal/depcheck"
)

// TestLinksNoSDK: object storage (gocloud, and the gRPC and OTel it pulls
// in) is linked only by runtime/storage/blob.
func TestLinksNoSDK(t *testing.T) {
	depcheck.Forbid(t, "github.com/ayeaye-go/ayeaye/runtime/storage", depcheck.Heavy...)
}
