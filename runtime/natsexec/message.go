package natsexec

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ayeaye-go/ayeaye/runtime/partition"
	"github.com/ayeaye-go/ayeaye/runtime/provenance"
)

// Env is the coordinator's choice of environment, which its workers
// build the partitions in. It never holds a secret: a worker fills the
// {secret} templates of Sets and of the engine URLs from its own
// environment.
type Env struct {
	Name string            `json:"name,omitempty"` // -env; "" means the worker's default
	Vars map[string]string `json:"vars,omitempty"` // -var overrides (environments refuse secrets there)
	Sets map[string]string `json:"sets,omitempty"` // -set dataset=engineURL, templates not filled in
}

// Request is one partition a worker is asked to build.
type Request struct {
	Run     string // the distributed run's id, shared by its partitions
	Model   string
	Task    partition.Task
	Env     Env
	Code    provenance.Code // the coordinator's build
	Attempt int             // 1 for the first delivery
}

// format is the version of the messages and records below; a worker
// refuses a message of a version it does not know.
const format = 1

// envelope is the message that carries one partition to a worker.
type envelope struct {
	V       int             `json:"v"`
	Run     string          `json:"run"`
	Slot    string          `json:"slot"`
	Model   string          `json:"model"`
	Index   int             `json:"index"`
	Key     string          `json:"key"`
	Payload json.RawMessage `json:"payload"`
	Env     Env             `json:"env"`
	Code    provenance.Code `json:"code"`
	Retries int             `json:"retries"`
	Backoff time.Duration   `json:"backoff"`
}

var idRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// decodeEnvelope reads and checks a message: it comes from the network,
// so nothing in it is trusted to be well formed.
func decodeEnvelope(data []byte) (*envelope, error) {
	var e envelope
	if err := json.Unmarshal(data, &e); err != nil {
		return nil, fmt.Errorf("the message is not a partition: %w", err)
	}
	switch {
	case e.V != format:
		return &e, fmt.Errorf("the message has format version %d and this worker reads %d; run workers built from the same Aye-aye version as the coordinator", e.V, format)
	case !idRE.MatchString(e.Run) || !idRE.MatchString(e.Slot):
		return &e, fmt.Errorf("the message has a malformed run id %q or slot %q", e.Run, e.Slot)
	case e.Model == "":
		return &e, errors.New("the message names no model")
	case e.Index < 0:
		return &e, fmt.Errorf("the message has a negative partition index %d", e.Index)
	case len(e.Payload) == 0 || !json.Valid(e.Payload):
		return &e, errors.New("the message's partition is not JSON")
	case e.Retries < 0 || e.Backoff < 0:
		return &e, fmt.Errorf("the message has a negative retry budget (%d retries, %s backoff)", e.Retries, e.Backoff)
	}
	return &e, nil
}

// outcome is a partition's result or final failure, kept in the bucket.
// It is written once (KV create), so that two workers that both built a
// partition (one thought dead, then back) cannot both commit it.
type outcome struct {
	OK        bool             `json:"ok"`
	Result    json.RawMessage  `json:"result,omitempty"`
	Error     string           `json:"error,omitempty"`
	Worker    string           `json:"worker,omitempty"` // host:pid
	Host      string           `json:"host,omitempty"`
	Attempts  int              `json:"attempts"`
	Start     time.Time        `json:"start"`
	End       time.Time        `json:"end"`
	Note      string           `json:"note,omitempty"`
	Records   map[string]int64 `json:"records,omitempty"` // read per input dataset
	Written   map[string]int64 `json:"written,omitempty"` // written per output dataset, to its parts
	Commit    string           `json:"commit"`            // unique per attempt: recognises one's own commit after a lost reply
	Permanent bool             `json:"permanent,omitempty"`
}

// Job states.
const (
	stateRunning     = "running"
	stateInterrupted = "interrupted" // the coordinator stopped (Ctrl-C); resumable
	stateDone        = "done"
	stateFailed      = "failed"
)

// jobRecord is a distributed run as the bucket keeps it, under its slot:
// a restarted coordinator finds it there and resumes instead of starting
// over.
type jobRecord struct {
	Run      string    `json:"run"`
	Model    string    `json:"model"`
	Tasks    int       `json:"tasks"`
	State    string    `json:"state"`
	Host     string    `json:"host"`
	PID      int       `json:"pid"`
	Started  time.Time `json:"started"`
	Seen     time.Time `json:"seen"` // the coordinator's last heartbeat
	Sessions int       `json:"sessions"`
}

// Keys of the bucket.
func jobKey(slot string) string                 { return "job." + slot }
func resultKey(run string, index int) string    { return "res." + run + "." + strconv.Itoa(index) }
func attemptKey(run string, index int) string   { return "att." + run + "." + strconv.Itoa(index) }
func resultsOf(run string) string               { return "res." + run + ".>" }
func msgID(run, model string, index int) string { return run + "/" + model + "/" + strconv.Itoa(index) }

// indexOfKey is the partition index at the end of a result key.
func indexOfKey(key string) (int, bool) {
	i := strings.LastIndexByte(key, '.')
	if i < 0 {
		return 0, false
	}
	n, err := strconv.Atoi(key[i+1:])
	return n, err == nil && n >= 0
}

// slotOf identifies a job by what it computes: the model, its partitions,
// the environment and the code. The same run started again (a coordinator
// restarted after a crash) has the same slot and finds its results.
func slotOf(job *partition.Job, env Env, code provenance.Code) string {
	h := sha256.New()
	w := func(s string) { fmt.Fprintf(h, "%d:%s", len(s), s) }
	w(job.Model)
	w(env.Name)
	for _, m := range []map[string]string{env.Vars, env.Sets} {
		for _, k := range slices.Sorted(maps.Keys(m)) {
			w(k)
			w(m[k])
		}
		w("|")
	}
	w(codeString(code))
	for _, t := range job.Tasks {
		w(t.Key)
		w(string(t.Payload))
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// codeString names a build for messages and comparison.
func codeString(c provenance.Code) string {
	s := c.Module
	if c.Version != "" {
		s += "@" + c.Version
	}
	if c.Revision != "" {
		s += " revision " + c.Revision
	}
	if c.Dirty {
		s += " (modified)"
	}
	if s == "" {
		return "an unknown build"
	}
	return strings.TrimSpace(s)
}

// sameCode reports whether two builds are the same program, as far as
// their build information tells. Schema fingerprints are compared when
// both sides have them.
func sameCode(a, b provenance.Code) bool {
	if a.Module != b.Module || a.Version != b.Version || a.Revision != b.Revision || a.Dirty != b.Dirty {
		return false
	}
	for k, v := range a.Schemas {
		if w, ok := b.Schemas[k]; ok && w != v {
			return false
		}
	}
	return true
}
