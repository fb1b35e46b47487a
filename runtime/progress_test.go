package runtime_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ayeaye-go/ayeaye/example/datasets"
	"github.com/ayeaye-go/ayeaye/runtime"
)

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestProgressIsLogged: off a terminal, progress is a log line with bytes
// read of the total. The model waits for the line instead of sleeping a
// guessed time.
func TestProgressIsLogged(t *testing.T) {
	dir := t.TempDir()
	content := header + "1,Ada,blue,2026-03-01,0.9\n"
	writeFile(t, filepath.Join(dir, "favourite_colours.csv"), content)
	var logs syncBuffer
	r := copyRunner(dir)
	r.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	r.ProgressEvery = time.Millisecond
	m := newCopy()
	m.Out = (&runtime.Dataset[datasets.FavouriteColour]{Name: "copy", EngineURL: "mem://copy", Formats: datasets.FavouriteColoursDataset.Formats}).Output()
	m.pre = func() error {
		for range m.In.All() {
		}
		deadline := time.Now().Add(10 * time.Second)
		for !strings.Contains(logs.String(), "total_bytes=") {
			if time.Now().After(deadline) {
				return errors.New("no progress line was logged")
			}
			time.Sleep(time.Millisecond)
		}
		return nil
	}
	if _, err := r.Run(context.Background(), "copy", m); err != nil {
		t.Fatal(err)
	}
	out := logs.String()
	for _, want := range []string{"msg=progress model=copy", "msg=\"run started\"", "msg=\"run succeeded\""} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
}
