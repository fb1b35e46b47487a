package runstore

import "github.com/ayeaye-go/ayeaye/runtime/internal/owner"

var processAlive = owner.Alive
