package natsexec_test

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/ayeaye-go/ayeaye/example/datasets"
	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/natsexec"
	"github.com/ayeaye-go/ayeaye/runtime/partition"
)

// The process tests run this test binary again as a worker or as a
// coordinator: a real program, with real processes to kill, without
// building one.
const (
	roleEnv    = "NATSEXEC_TEST_ROLE"    // worker or coordinator
	urlEnv     = "NATSEXEC_TEST_URL"     // the server, with its settings
	dirEnv     = "NATSEXEC_TEST_DIR"     // a coordinator's data and state
	workersEnv = "NATSEXEC_TEST_WORKERS" // a coordinator's local workers
	sleepEnv   = "NATSEXEC_TEST_SLEEP"   // each partition takes this long
	spinEnv    = "NATSEXEC_TEST_SPIN"    // each partition hashes this many times
	logDirEnv  = "NATSEXEC_TEST_LOGS"    // workers also log to a file here
)

func TestMain(m *testing.M) {
	switch os.Getenv(roleEnv) {
	case "worker":
		os.Exit(workerMain())
	case "coordinator":
		os.Exit(coordinatorMain())
	}
	os.Exit(m.Run())
}

// colourCount counts the people per colour in many survey files, one
// partition per file.
type colourCount struct {
	Answers runtime.Input[datasets.FavouriteColour]
	Out     runtime.Output[datasets.ColourPopularity]
}

func newColourCount() *colourCount {
	return &colourCount{Answers: datasets.FavouriteColoursDataset.Input(), Out: datasets.ColourPopularityDataset.Output()}
}

type tally struct {
	People map[string]int32    `json:"people"`
	Names  map[string][]string `json:"names"`
	Spin   byte                `json:"spin"`
}

func (m *colourCount) Build(ctx context.Context) error {
	return partition.Run(ctx, "colour_count", func(context.Context) ([]string, error) { return m.Answers.Files() }, m.count, m.combine)
}

func (m *colourCount) count(ctx context.Context, file string) (tally, error) {
	t := tally{People: map[string]int32{}, Names: map[string][]string{}}
	if d, _ := time.ParseDuration(os.Getenv(sleepEnv)); d > 0 {
		select {
		case <-time.After(d):
		case <-ctx.Done():
			return t, ctx.Err()
		}
	}
	if n, _ := strconv.Atoi(os.Getenv(spinEnv)); n > 0 {
		sum := sha256.Sum256([]byte(file))
		for range n {
			sum = sha256.Sum256(sum[:])
		}
		t.Spin = sum[0]
	}
	for a, err := range m.Answers.FileAll(file) {
		if err != nil {
			return t, err
		}
		t.People[a.Colour]++
		t.Names[a.Colour] = append(t.Names[a.Colour], a.Name)
	}
	return t, nil
}

func (m *colourCount) combine(ctx context.Context, parts []tally) error {
	people, names := map[string]int32{}, map[string][]string{}
	var total int32
	for _, p := range parts {
		for c, n := range p.People {
			people[c] += n
			total += n
			names[c] = append(names[c], p.Names[c]...)
		}
	}
	colours := slices.SortedFunc(maps.Keys(people), func(a, b string) int {
		return cmp.Or(cmp.Compare(people[b], people[a]), cmp.Compare(a, b))
	})
	for _, c := range colours {
		slices.Sort(names[c])
		if err := m.Out.Write(&datasets.ColourPopularity{Colour: c, People: people[c], Share: float64(people[c]) / float64(total), Names: names[c]}); err != nil {
			return err
		}
	}
	return nil
}

// overrides put the model's datasets in dir.
func overrides(dir, out string) map[string]string {
	return map[string]string{
		"favourite_colours": "csv://" + filepath.Join(dir, "in") + "/*.csv",
		"colour_popularity": "json://" + filepath.Join(dir, out),
	}
}

// writeSurvey writes files survey files of rows answers each.
func writeSurvey(t testing.TB, dir string, files, rows int) {
	t.Helper()
	colours := []string{"blue", "green", "red", "yellow", "purple", "orange"}
	if err := os.MkdirAll(filepath.Join(dir, "in"), 0o755); err != nil {
		t.Fatal(err)
	}
	for f := range files {
		b := []byte("person_id,name,colour,surveyed_on,certainty\n")
		for r := range rows {
			id := f*rows + r
			b = fmt.Appendf(b, "%d,Person %d,%s,2026-03-%02d,0.%d\n", id, id, colours[(id*7+f)%len(colours)], 1+r%28, r%10)
		}
		if err := os.WriteFile(filepath.Join(dir, "in", fmt.Sprintf("survey_%02d.csv", f)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// serialOutput runs the model on the serial executor and returns its
// output: what every distributed run must produce.
func serialOutput(t testing.TB, dir string) []byte {
	t.Helper()
	r := &runtime.Runner{Overrides: overrides(dir, "serial.json"), NoManifests: true}
	if _, err := r.Run(partition.WithExecutor(context.Background(), partition.Serial{}), "colour_count", newColourCount()); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "serial.json"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// workerMain is the worker program: natsexec.Worker with the runtime
// building partitions, as the worker command of runtime/cli does.
func workerMain() int {
	cfg, err := natsexec.ParseURL(os.Getenv(urlEnv))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	cfg.Token = os.Getenv(natsexec.TokenEnv)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if os.Getenv(natsexec.ParentEnv) == "1" {
		var cancel context.CancelFunc
		ctx, cancel = natsexec.WatchParent(ctx, os.Stdin)
		defer cancel()
	}
	// A worker also logs to a file of its own, which outlives a killed
	// coordinator reading its standard error.
	var out io.Writer = os.Stderr
	if dir := os.Getenv(logDirEnv); dir != "" {
		f, err := os.OpenFile(filepath.Join(dir, fmt.Sprintf("worker-%d.log", os.Getpid())), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer f.Close()
		out = io.MultiWriter(f, os.Stderr) // the file first: a write to a closed stderr kills the process
	}
	log := slog.New(slog.NewJSONHandler(out, &slog.HandlerOptions{Level: slog.LevelDebug}))
	w := &natsexec.Worker{
		Config: cfg,
		Models: []string{"colour_count"},
		Logger: log,
		Handle: func(ctx context.Context, req *natsexec.Request) (json.RawMessage, error) {
			r := &runtime.Runner{Overrides: req.Env.Sets}
			return r.RunTask(ctx, req.Model, newColourCount(), req.Task, req.Run)
		},
	}
	if err := w.Run(ctx); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// workerCommand re-runs this test binary as a worker, with env added to
// its environment.
func workerCommand(url, token string, env ...string) func(int) *exec.Cmd {
	return func(int) *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(append(os.Environ(), roleEnv+"=worker", urlEnv+"="+url, natsexec.TokenEnv+"="+token), env...)
		return cmd
	}
}

// coordinatorMain is `run -executor nats`: an embedded server in the
// project's directory, local worker processes, and the model run on
// them.
func coordinatorMain() int {
	dir := os.Getenv(dirEnv)
	n, _ := strconv.Atoi(os.Getenv(workersEnv))
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	srv, err := natsexec.StartServer(natsexec.ServerOptions{Dir: filepath.Join(dir, ".ayeaye", "nats")})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer srv.Close()
	url := srv.URL() + "?ack_wait=1s"
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	workers, err := natsexec.Spawn(ctx, natsexec.SpawnOptions{N: n, Command: workerCommand(url, srv.Token()), Output: os.Stderr, Logger: log})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer workers.Close()
	cfg, _ := natsexec.ParseURL(url)
	cfg.Token = srv.Token()
	sets := overrides(dir, "out.json")
	e, err := natsexec.Open(ctx, natsexec.Options{Config: cfg, Env: natsexec.Env{Sets: sets}, Logger: log, Workers: workers, Private: true})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer e.Close()
	r := &runtime.Runner{Overrides: sets, Logger: log, NoManifests: true}
	if _, err := r.Run(partition.WithExecutor(ctx, e), "colour_count", newColourCount()); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}
