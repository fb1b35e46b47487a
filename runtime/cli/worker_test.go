package cli

import (
	"bytes"
	"context"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ayeaye-go/ayeaye/example/datasets"
	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/natsexec" // registers the NATS executor
	"github.com/ayeaye-go/ayeaye/runtime/partition"
	"github.com/ayeaye-go/ayeaye/runtime/provenance"
)

// natsCounts counts the answers per colour, one partition per survey
// file: the partitioned model of the worker tests. Each partition also
// copies its answers to its part of Copy, which the coordinator joins.
type natsCounts struct {
	Answers runtime.Input[datasets.FavouriteColour]
	Out     runtime.Output[datasets.ColourPopularity]
	Copy    runtime.Output[datasets.FavouriteColour]
	panicOn string // a partition file whose build panics after writing to its part
}

// answersCopy is where natsCounts copies the answers.
var answersCopy = &runtime.Dataset[datasets.FavouriteColour]{Name: "answers_copy", EngineURL: "ndjson://{output_root}/copy.ndjson",
	Formats: datasets.FavouriteColoursDataset.Formats}

func (m *natsCounts) Build(ctx context.Context) error {
	name := "nats_counts"
	if m.panicOn != "" {
		name = "nats_cursed"
	}
	return partition.Run(ctx, name,
		func(context.Context) ([]string, error) { return m.Answers.Files() },
		func(ctx context.Context, file string) (map[string]int32, error) {
			n := map[string]int32{}
			copied := m.Copy.Part(ctx)
			for r, err := range m.Answers.FileAll(file) {
				if err != nil {
					return nil, err
				}
				n[r.Colour]++
				if err := copied.Write(&r); err != nil {
					return nil, err
				}
			}
			if m.panicOn != "" && strings.HasSuffix(file, m.panicOn) {
				panic("partition " + file + " is cursed")
			}
			return n, nil
		},
		func(ctx context.Context, parts []map[string]int32) error {
			total := map[string]int32{}
			for _, p := range parts {
				for k, v := range p {
					total[k] += v
				}
			}
			for _, c := range slices.Sorted(maps.Keys(total)) {
				if err := m.Out.Write(&datasets.ColourPopularity{Colour: c, People: total[c], Names: []string{}}); err != nil {
					return err
				}
			}
			return nil
		})
}

const natsConfig = `version: 1
environments:
  default: test
  test:
    vars:
      data_root: @DIR@/data
      output_root: @DIR@/out
`

// natsProgram is the program of the worker tests, over the survey split
// into three files in dir/data/parts.
func natsProgram(dir string) Program {
	return Program{
		Name:   "colours",
		Config: []byte(strings.ReplaceAll(natsConfig, "@DIR@", dir)),
		Dir:    dir,
		Models: []Model{{Name: "nats_counts", New: func() runtime.Model {
			return &natsCounts{Answers: datasets.FavouriteColoursDataset.Input(), Out: datasets.ColourPopularityDataset.Output(), Copy: answersCopy.Output()}
		}}, {Name: "nats_cursed", New: func() runtime.Model {
			return &natsCounts{Answers: datasets.FavouriteColoursDataset.Input(), Out: datasets.ColourPopularityDataset.Output(), Copy: answersCopy.Output(), panicOn: "part-2.csv"}
		}}},
		Code: provenance.Code{Module: "example.com/colours", Revision: "r1"},
	}
}

func natsProject(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	survey, err := os.ReadFile("../../example/data/favourite_colours.csv")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(strings.TrimSpace(string(survey)), "\n")
	if err := os.MkdirAll(filepath.Join(dir, "data", "parts"), 0o755); err != nil {
		t.Fatal(err)
	}
	for i, rows := range [][]string{lines[1:4], lines[4:8], lines[8:]} {
		text := lines[0] + strings.Join(rows, "") + "\n"
		if err := os.WriteFile(filepath.Join(dir, "data", "parts", "part-"+string(rune('1'+i))+".csv"), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// embeddedProgram starts an embedded server for a test and returns it
// with the worker tests' program, which reads the server's token.
func embeddedProgram(t *testing.T, dir string) (*natsexec.Server, Program) {
	t.Helper()
	srv, err := natsexec.StartServer(natsexec.ServerOptions{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	prog := natsProgram(dir)
	prog.Getenv = func(k string) string { return map[string]string{natsexec.TokenEnv: srv.Token()}[k] }
	return srv, prog
}

// syncBuffer is a bytes.Buffer for several goroutines.
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

// runNATS runs nats_counts as the run command does with executor, and
// returns the outputs it wrote.
func runNATS(t *testing.T, a *app, s *session, exec partition.Executor, out string) string {
	t.Helper()
	r := &runtime.Runner{Env: s.runner.Env, Overrides: maps.Clone(s.runner.Overrides), NoManifests: true}
	r.Overrides["colour_popularity"] = "json://{output_root}/" + out
	m, _ := a.findModel("nats_counts")
	inst, _ := newModel(m)
	rep, err := r.Run(partition.WithExecutor(a.ctx, exec), "nats_counts", inst)
	if err != nil {
		t.Fatal(err)
	}
	// Workers read the answers; their counts come back with the results.
	if n := rep.Datasets[0].Records; n != 12 {
		t.Errorf("%s: the run counts %d answers read, want the survey's 12", exec.Name(), n)
	}
	b, err := os.ReadFile(filepath.Join(a.prog.Dir, "out", out))
	if err != nil {
		t.Fatal(err)
	}
	// Workers resolve the copy in their own environment: the default.
	copied, err := os.ReadFile(filepath.Join(a.prog.Dir, "out", "copy.ndjson"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(copied), "\n"); n != 12 {
		t.Errorf("the partitions' parts joined into %d answers, want the survey's 12:\n%s", n, copied)
	}
	return string(b) + string(copied)
}

func natsSession(t *testing.T, a *app) (*session, *envFlags) {
	t.Helper()
	ef := &envFlags{sets: assignments{m: map[string]string{"favourite_colours": "csv://{data_root}/parts/part-*.csv"}}}
	s, code, ok := a.open(workerCommand(), ef)
	if !ok {
		t.Fatalf("open: exit %d", code)
	}
	return s, ef
}

// TestWorker runs the worker command against a server, with a run on
// another connection sending it the partitions: the output is the
// serial executor's, and the worker stops cleanly when cancelled.
func TestWorker(t *testing.T) {
	dir := natsProject(t)
	srv, prog := embeddedProgram(t, dir)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	workerOut := &syncBuffer{}
	wa := &app{ctx: ctx, prog: prog, stdout: workerOut, stderr: workerOut}
	done := make(chan int)
	go func() {
		done <- runWorker(wa, workerCommand(), []string{"-executor", srv.URL() + "?ack_wait=1s", "-concurrency", "2"})
	}()

	a := &app{ctx: context.Background(), prog: prog, stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}}
	s, ef := natsSession(t, a)
	exec, stop, err := a.openExecutor(srv.URL()+"?ack_wait=1s", a.executorRun(s, ef, 0, nil))
	if err != nil {
		t.Fatal(err)
	}
	got := runNATS(t, a, s, exec, "nats.json")
	// A coordinator that puts the copy elsewhere than its workers do finds
	// none of their parts: that fails the run instead of losing them.
	r := &runtime.Runner{Env: s.runner.Env, Overrides: maps.Clone(s.runner.Overrides), NoManifests: true}
	r.Overrides["answers_copy"] = "ndjson://{output_root}/elsewhere.ndjson"
	m, _ := a.findModel("nats_counts")
	inst, _ := newModel(m)
	_, err = r.Run(partition.WithExecutor(a.ctx, exec), "nats_counts", inst)
	if err == nil || !strings.Contains(err.Error(), "3 partitions wrote parts, but") || !strings.Contains(err.Error(), "workers resolved the output somewhere else") {
		t.Errorf("parts written elsewhere: error = %v", err)
	}
	stop()
	if want := runNATS(t, a, s, partition.Serial{}, "serial.json"); got != want || !strings.Contains(got, `"colour"`) {
		t.Errorf("output on the worker:\n%s\nserial:\n%s", got, want)
	}
	cancel()
	select {
	case code := <-done:
		if code != ExitOK {
			t.Errorf("worker exit %d:\n%s", code, workerOut)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the worker did not stop when cancelled")
	}
	if log := workerOut.String(); strings.Count(log, `msg="partition committed"`) != 6 /* two runs of three partitions */ || !strings.Contains(log, "model=nats_counts") {
		t.Errorf("worker log:\n%s", log)
	}
}

// TestWorkerUsage: mistakes on the worker's command line are usage
// errors that say what to write.
func TestWorkerUsage(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{nil, "-executor: give the NATS server the run uses, e.g. -executor nats://127.0.0.1:4222"},
		{[]string{"-executor", "nats"}, "-executor: give the NATS server the run uses"},
		{[]string{"-executor", "http://host:4222"}, `unknown scheme "http"; use nats://`},
		{[]string{"-executor", "nats://u:p@host:4222"}, "holds credentials; pass them in $AYEAYE_NATS_TOKEN"},
		{[]string{"-executor", "nats://host:4222?replica=3"}, `unknown setting "replica"`},
		{[]string{"-executor", "nats://host:4222", "nats_counts"}, `unexpected argument "nats_counts"`},
		{[]string{"-executor", "nats://host:4222", "-concurrency", "0"}, "-concurrency 0: build at least one partition at a time"},
	} {
		var errOut bytes.Buffer
		a := &app{ctx: context.Background(), prog: natsProgram(t.TempDir()), stdout: &bytes.Buffer{}, stderr: &errOut}
		if code := runWorker(a, workerCommand(), tt.args); code != ExitUsage || !strings.Contains(errOut.String(), tt.want) {
			t.Errorf("worker %s: exit %d\n%s\nwant %d and %q", strings.Join(tt.args, " "), code, errOut.String(), ExitUsage, tt.want)
		}
	}
}

// TestExecutorSpec: which -executor values select the NATS executor, and
// which of them are well formed.
func TestExecutorSpec(t *testing.T) {
	for _, tt := range []struct {
		spec string
		nats bool
		ok   bool
	}{
		{"nats", true, true},
		{"nats://127.0.0.1:4222", true, true},
		{"nats://a:4222,nats://b:4222?replicas=3&namespace=colours", true, true},
		{"tls://nats.example.com:4222", true, true},
		{"nats://a:4222?replicas=9", true, false},
		{"local", false, true},
		{"serial", false, true},
		{"natz", false, false},
		{"http://host:4222", false, false},
	} {
		e, _ := findExecutor(tt.spec)
		if got := e != nil && e.Name() == "nats"; got != tt.nats {
			t.Errorf("findExecutor(%q) = %v", tt.spec, e)
		}
		if msg := checkExecutor(tt.spec); (msg == "") != tt.ok {
			t.Errorf("checkExecutor(%q) = %q", tt.spec, msg)
		}
	}
	if msg := checkExecutor("natz"); !strings.Contains(msg, `unknown executor; did you mean "nats"?`) {
		t.Errorf("checkExecutor(natz) = %q", msg)
	}
}

// helperEnv makes the test binary a worker process of TestEmbedded.
const helperEnv = "AYEAYE_CLI_HELPER_DIR"

// TestHelperWorker is not a test: TestEmbedded runs the test binary with
// it as a worker process.
func TestHelperWorker(t *testing.T) {
	dir := os.Getenv(helperEnv)
	if dir == "" {
		t.Skip("the worker process of TestEmbedded")
	}
	args := os.Args[slices.Index(os.Args, "--")+1:]
	// Straight to the command: the command table is another file's.
	a := &app{ctx: context.Background(), prog: natsProgram(dir), stdout: os.Stdout, stderr: os.Stderr}
	a.prog.ConfigPath = "ayeaye.yaml"
	os.Exit(runWorker(a, workerCommand(), args[1:]))
}

// TestEmbedded is run -executor nats: a server inside the process with
// its state in .ayeaye/nats, and local worker processes.
func TestEmbedded(t *testing.T) {
	dir := natsProject(t)
	stderr := &syncBuffer{}
	a := &app{ctx: context.Background(), prog: natsProgram(dir), stdout: &bytes.Buffer{}, stderr: stderr}
	s, ef := natsSession(t, a)
	r := a.executorRun(s, ef, 2, nil)
	r.WorkerCommand = func(url string) *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperWorker$", "--", "worker", "-executor", url)
		cmd.Env = []string{helperEnv + "=" + dir}
		return cmd
	}
	ex, stop, err := a.openExecutor("nats", r)
	if err != nil {
		t.Fatal(err)
	}
	got := runNATS(t, a, s, ex, "nats.json")
	// One worker may take every partition before the other is ready: wait
	// for both to say so (closing would stop the second before it logs).
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if log := stderr.String(); strings.Contains(log, "worker 0: ") && strings.Contains(log, "worker 1: ") {
			break
		}
	}
	stop()
	if want := runNATS(t, a, s, partition.Serial{}, "serial.json"); got != want {
		t.Errorf("output on the workers:\n%s\nserial:\n%s", got, want)
	}
	if _, err := os.Stat(filepath.Join(dir, ".ayeaye", "nats", "jetstream")); err != nil {
		t.Errorf("the server kept no state in .ayeaye/nats: %v", err)
	}
	if log := stderr.String(); !strings.Contains(log, "worker 0: ") || !strings.Contains(log, "worker 1: ") || !strings.Contains(log, `msg="partition committed"`) {
		t.Errorf("the workers' log:\n%s", log)
	}
}

// TestNATSFailedRunCleansUp: a distributed run whose partition panics
// after writing to its part fails, and leaves no parts, temporary files
// or output behind, on the coordinator's side or the workers'.
func TestNATSFailedRunCleansUp(t *testing.T) {
	dir := natsProject(t)
	srv, prog := embeddedProgram(t, dir)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	workerOut := &syncBuffer{}
	done := make(chan int)
	go func() {
		wa := &app{ctx: ctx, prog: prog, stdout: workerOut, stderr: workerOut}
		done <- runWorker(wa, workerCommand(), []string{"-executor", srv.URL(), "-concurrency", "2"})
	}()
	a := &app{ctx: context.Background(), prog: prog, stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}}
	s, ef := natsSession(t, a)
	exec, stop, err := a.openExecutor(srv.URL(), a.executorRun(s, ef, 0, nil))
	if err != nil {
		t.Fatal(err)
	}
	r := &runtime.Runner{Env: s.runner.Env, Overrides: maps.Clone(s.runner.Overrides), NoManifests: true}
	m, _ := a.findModel("nats_cursed")
	inst, _ := newModel(m)
	_, err = r.Run(partition.WithExecutor(a.ctx, exec), "nats_cursed", inst)
	if err == nil || !strings.Contains(err.Error(), "cursed") {
		t.Errorf("err = %v, want the partition's panic", err)
	}
	stop()
	cancel()
	<-done
	filepath.WalkDir(filepath.Join(dir, "out"), func(path string, d fs.DirEntry, err error) error {
		if err == nil && path != filepath.Join(dir, "out") {
			t.Errorf("left behind: %s", path)
		}
		return nil
	})
}
