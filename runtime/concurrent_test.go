package runtime_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// TestAppendChild is the other process of TestConcurrentAppenders: it
// appends the favourite colours in $AYEAYE_APPEND_DIR to $AYEAYE_APPEND_URL.
func TestAppendChild(t *testing.T) {
	dir := os.Getenv("AYEAYE_APPEND_DIR")
	if dir == "" {
		t.Skip("run by TestConcurrentAppenders")
	}
	if _, err := copyRunner(dir).Run(context.Background(), "append", appendTo(os.Getenv("AYEAYE_APPEND_URL"))); err != nil {
		t.Fatal(err)
	}
}

// TestConcurrentAppenders: runs in two processes appending to one output
// at once both keep their records: the second waits for the first.
func TestConcurrentAppenders(t *testing.T) {
	const rows, trials = 5000, 3
	var in strings.Builder
	in.WriteString(header)
	for i := range rows {
		fmt.Fprintf(&in, "%d,P%d,blue,2026-03-01,0.5\n", i, i)
	}
	for _, url := range []string{"csv://{data_root}/log.csv", "gz+ndjson://{data_root}/log.ndjson.gz"} {
		t.Run(url, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "favourite_colours.csv"), in.String())
			for range trials {
				var wg sync.WaitGroup
				for range 2 {
					wg.Go(func() {
						cmd := exec.Command(os.Args[0], "-test.run=^TestAppendChild$", "-test.count=1")
						cmd.Env = append(os.Environ(), "AYEAYE_APPEND_DIR="+dir, "AYEAYE_APPEND_URL="+url)
						if out, err := cmd.CombinedOutput(); err != nil {
							t.Errorf("appending run: %v\n%s", err, out)
						}
					})
				}
				wg.Wait()
			}
			m := appendTo(url)
			got, err := copyRunner(dir).ReadAt(context.Background(), m, "log", "", -1)
			if err != nil {
				t.Fatal(err)
			}
			if want := 2 * rows * trials; len(got) != want {
				t.Errorf("%d records, want %d: a run's appends were lost", len(got), want)
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if strings.HasSuffix(e.Name(), ".lock") || strings.Contains(e.Name(), ".tmp-") {
					t.Errorf("left behind: %s", e.Name())
				}
			}
		})
	}
}
