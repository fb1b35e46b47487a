package cli_test

import (
	"context"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/ayeaye-go/ayeaye/example/datasets"
	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/cli"
	"github.com/ayeaye-go/ayeaye/runtime/partition"
)

// counts counts the answers per colour with one partition per survey
// file: a partitioned model.
type counts struct {
	Answers runtime.Input[datasets.FavouriteColour]
	Counts  runtime.Output[datasets.ColourPopularity]
}

func (m *counts) Build(ctx context.Context) error {
	return partition.Run(ctx, "counts",
		func(context.Context) ([]string, error) { return m.Answers.Files() },
		func(ctx context.Context, file string) (map[string]int32, error) {
			n := map[string]int32{}
			for r, err := range m.Answers.FileAll(file) {
				if err != nil {
					return nil, err
				}
				n[r.Colour]++
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
			for _, colour := range slices.Sorted(maps.Keys(total)) {
				if err := m.Counts.Write(&datasets.ColourPopularity{Colour: colour, People: total[colour], Names: []string{}}); err != nil {
					return err
				}
			}
			return nil
		})
}

var colourCounts = &runtime.Dataset[datasets.ColourPopularity]{
	Name: "colour_counts", Fingerprint: datasets.ColourPopularityDataset.Fingerprint, Schema: datasets.ColourPopularityDataset.Schema,
	EngineURL: "csv://{output_root}/colour_counts.csv", Formats: datasets.ColourPopularityDataset.Formats,
}

// TestExecutors runs a partitioned model on both executors, over the
// survey split into three files: the same output, and the partitions in
// the run record.
func TestExecutors(t *testing.T) {
	p := newProject(t)
	p.prog.Models = append(p.prog.Models, cli.Model{Name: "counts", New: func() runtime.Model {
		return &counts{Answers: datasets.FavouriteColoursDataset.Input(), Counts: colourCounts.Output()}
	}})
	lines := strings.SplitAfter(strings.TrimSpace(readFile(t, filepath.Join(p.dir, "data", "favourite_colours.csv"))), "\n")
	header, rows := lines[0], lines[1:]
	for i, part := range [][]string{rows[:4], rows[4:8], rows[8:]} {
		writeFile(t, filepath.Join(p.dir, "data", "parts", "part-"+string(rune('1'+i))+".csv"), header+strings.Join(part, "")+"\n")
	}
	parts := "favourite_colours=csv://{data_root}/parts/part-*.csv"
	output := filepath.Join(p.dir, "out", "colour_counts.csv")

	var outputs []string
	for _, exec := range [][]string{{"-executor", "serial"}, {"-executor", "local", "-workers", "2"}, {"-keep-going"}} {
		out, errOut, code := p.run(t, append(append([]string{"run", "-set", parts}, exec...), "counts")...)
		if code != 0 {
			t.Fatalf("%v: exit %d\nstderr:\n%s", exec, code, errOut)
		}
		if !strings.Contains(out, "read   favourite_colours  12 records") {
			t.Errorf("%v: summary:\n%s", exec, out)
		}
		if !strings.Contains(errOut, `msg=progress model=counts partitions_done=3 partitions=3 records_per_second=`) {
			t.Errorf("%v: no partition progress in the log:\n%s", exec, errOut)
		}
		outputs = append(outputs, readFile(t, output))
	}
	if outputs[0] != outputs[1] || outputs[1] != outputs[2] || !strings.HasPrefix(outputs[0], "colour,people,share,names\nblue,5,") {
		t.Errorf("the executors disagree:\n%q", outputs)
	}
	rec := p.mustRun(t, "runs", p.newest(t, "counts"))
	if got := regexp.MustCompile(`(?m)^  #\d .*1 attempt .* ok$`).FindAllString(rec, -1); len(got) != 3 {
		t.Errorf("the run record does not show 3 partitions:\n%s", rec)
	}

	for _, tt := range []struct {
		args   []string
		stderr string
	}{
		{[]string{"run", "-executor", "serail", "counts"}, `-executor serail: unknown executor; did you mean "serial"?`},
		{[]string{"run", "-executor", "serial", "-workers", "2", "counts"}, "the serial executor has no workers"},
		{[]string{"run", "-workers", "-1", "counts"}, "give a positive number of workers"},
		{[]string{"run", "-parallel", "0", "counts"}, "run at least one model at a time"},
	} {
		_, errOut, code := p.run(t, tt.args...)
		if code != 2 || !strings.Contains(errOut, tt.stderr) {
			t.Errorf("%s: exit %d, stderr:\n%s\nwant 2 and %q", strings.Join(tt.args, " "), code, errOut, tt.stderr)
		}
	}
}

// TestOpenLineage checks that -lineage writes an OpenLineage event at the
// start and the end of each run, linked to the invocation.
func TestOpenLineage(t *testing.T) {
	p := newProject(t)
	events := filepath.Join(p.dir, "lineage", "events.ndjson")
	p.mustRun(t, "run", "-q", "-lineage", events, "popularity", "orders")
	data, err := os.ReadFile(events)
	if err != nil {
		t.Fatal(err)
	}
	var types []string
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var ev struct {
			EventType string `json:"eventType"`
			Run       struct {
				Facets struct {
					Parent *struct{} `json:"parent"`
				} `json:"facets"`
			} `json:"run"`
		}
		if err := json.Unmarshal([]byte(line), &ev); err != nil {
			t.Fatalf("%v: %s", err, line)
		}
		if ev.Run.Facets.Parent == nil {
			t.Errorf("event without a parent facet: %s", line)
		}
		types = append(types, ev.EventType)
	}
	slices.Sort(types)
	if want := []string{"COMPLETE", "COMPLETE", "START", "START"}; !slices.Equal(types, want) {
		t.Errorf("events %v, want %v", types, want)
	}
	_, errOut, code := p.run(t, "run", "-q", "-lineage", "ftp://lineage.example.com", "popularity")
	if code != 1 || !strings.Contains(errOut, "-lineage: openlineage: target") {
		t.Errorf("bad -lineage: exit %d, stderr:\n%s", code, errOut)
	}
}

// lineageEvent is what TestOpenLineageFailureBeforeStart reads of an event.
type lineageEvent struct {
	EventType string `json:"eventType"`
	Run       struct {
		RunID  string `json:"runId"`
		Facets struct {
			ErrorMessage *struct {
				Message string `json:"message"`
			} `json:"errorMessage"`
		} `json:"facets"`
	} `json:"run"`
	Job    struct{ Name string }              `json:"job"`
	Inputs []struct{ Namespace, Name string } `json:"inputs"`
}

// TestOpenLineageFailureBeforeStart checks that a model that fails before
// its build starts (its input's wildcard is in a directory that does not
// exist) still gets a run:
// a START and a FAIL event with the same run ID and the redacted error, and
// a failed run in the store.
func TestOpenLineageFailureBeforeStart(t *testing.T) {
	p := newProject(t)
	events := filepath.Join(p.dir, "events.ndjson")
	_, errOut, code := p.run(t, "run", "-q", "-env", "secretive", "-lineage", events,
		"-set", "favourite_colours=csv://{output_root}/nosuch-*/answers.csv", "popularity")
	const why = "/out-xxxxx does not exist"
	if code != 1 || !strings.Contains(errOut, why) {
		t.Fatalf("exit %d, stderr:\n%s\nwant 1 and %q", code, errOut, why)
	}
	data := readFile(t, events)
	if strings.Contains(data, secret) {
		t.Errorf("the secret is in the events:\n%s", data)
	}
	var got []lineageEvent
	for _, line := range strings.Split(strings.TrimSpace(data), "\n") {
		var ev lineageEvent
		if err := json.Unmarshal([]byte(line), &ev); err != nil {
			t.Fatalf("%v: %q", err, line)
		}
		got = append(got, ev)
	}
	if len(got) != 2 || got[0].EventType != "START" || got[1].EventType != "FAIL" || got[0].Run.RunID != got[1].Run.RunID {
		t.Fatalf("want START then FAIL of one run, got %+v", got)
	}
	fail := got[1]
	if fail.Job.Name != "popularity" || fail.Run.Facets.ErrorMessage == nil ||
		!strings.Contains(fail.Run.Facets.ErrorMessage.Message, why) {
		t.Errorf("FAIL event: %+v", fail)
	}
	if len(fail.Inputs) != 1 || !strings.HasSuffix(fail.Inputs[0].Name, "/out-xxxxx/nosuch-*/answers.csv") {
		t.Errorf("FAIL inputs %+v, want the pattern that matched nothing", fail.Inputs)
	}
	ids, _ := p.listed(t, "-model", "popularity")
	if len(ids) != 1 || !strings.HasPrefix(fail.Run.RunID, ids[0]) {
		t.Fatalf("runs: %v, want the run %s", ids, fail.Run.RunID)
	}
	if out := p.mustRun(t, "runs", ids[0]); !strings.Contains(out, "failed") || !strings.Contains(out, why) {
		t.Errorf("the recorded run:\n%s", out)
	}
}
