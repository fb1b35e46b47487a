package openlineage

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/ayeaye-go/ayeaye/runtime/engine"
	"github.com/ayeaye-go/ayeaye/runtime/provenance"
	"github.com/ayeaye-go/ayeaye/runtime/schema"
)

// Config says how run records become events.
type Config struct {
	// Schemas maps a dataset's name to its JSON Schema (the Schema field of
	// a generated dataset, runtime.Port.Schema). Datasets found here get a
	// schema facet; others are emitted without one.
	Schemas map[string]string
	// Records maps a dataset's name to its record as a value (the Record
	// of a generated dataset, runtime.Port.Record). A dataset found here
	// gets its schema facet from it, without parsing its entry in Schemas.
	Records map[string]*schema.Record
	// Dir is the directory relative file locations are relative to: the
	// run's working directory. "" means this process's working directory.
	Dir string
	// Invocation is the job name of a model run's parent, the invocation
	// (collection run) whose ID is Run.Parent. "" means the program's name.
	Invocation string
	// Registry is the program's engine registry, when it registered its
	// own types or modifiers; nil means the built-in ones.
	Registry *engine.Registry
}

// ErrSkipped is returned by Event for a skipped run: it did no work, and
// the run that produced its outputs is already in the lineage, so no
// event is emitted.
var ErrSkipped = errors.New("openlineage: a skipped run has no event")

// Event maps a run record to an OpenLineage run event:
//
//   - status running is START (at Start), succeeded is COMPLETE and failed
//     or interrupted is FAIL (at End), with an errorMessage run facet;
//     skipped runs return ErrSkipped;
//   - run.runId is the record's ID; a Parent becomes the parent run facet;
//   - the job's namespace is "<project>/<env>", its name the model's; a
//     partition run is a run of the job "<model>.partition", its key a tag;
//   - inputs and outputs are named by DatasetName, with schema (from
//     c.Schemas), dataSource and version (the content fingerprint) facets,
//     and input or output statistics on COMPLETE and FAIL.
func Event(r *provenance.Run, c Config) (RunEvent, error) {
	return newMapper(c).event(r)
}

// mapper turns records into events. The Emitter makes one with every
// schema parsed up front, so that a bad schema is an error of New; Event
// parses only the schemas of the record at hand.
type mapper struct {
	raw        map[string]string
	records    map[string]*schema.Record
	parsed     map[string][]SchemaField
	dir        string
	invocation string
	engine     string // this module's version, for the processing_engine facet
	reg        *engine.Registry
}

func newMapper(c Config) *mapper {
	// The schemas are copied: the caller may change its map while events
	// are made on other goroutines.
	m := &mapper{raw: maps.Clone(c.Schemas), records: maps.Clone(c.Records), dir: c.Dir, invocation: c.Invocation, engine: moduleVersion(), reg: c.Registry}
	if m.reg == nil {
		m.reg = engine.NewRegistry()
	}
	if m.invocation == "" && len(os.Args) > 0 {
		m.invocation = strings.TrimSuffix(filepath.Base(os.Args[0]), ".exe")
	}
	if m.invocation == "" || m.invocation == "." || m.invocation == "/" {
		m.invocation = "ayeaye"
	}
	return m
}

// parseSchemas parses every schema, naming the dataset whose schema is bad.
func (m *mapper) parseSchemas() error {
	m.parsed = make(map[string][]SchemaField, len(m.raw)+len(m.records))
	for name, rec := range m.records {
		if rec != nil {
			m.parsed[name] = RecordFields(rec)
		}
	}
	for _, name := range provenance.SortedKeys(m.raw) {
		if _, done := m.parsed[name]; done {
			continue
		}
		f, err := SchemaFields([]byte(m.raw[name]))
		if err != nil {
			return fmt.Errorf("openlineage: JSON Schema of dataset %q: %w; pass the generated dataset's Schema field", name, err)
		}
		m.parsed[name] = f
	}
	return nil
}

func (m *mapper) fields(dataset string) ([]SchemaField, bool, error) {
	if f, ok := m.parsed[dataset]; ok {
		return f, true, nil
	}
	if rec := m.records[dataset]; rec != nil {
		return RecordFields(rec), true, nil
	}
	s, ok := m.raw[dataset]
	if !ok {
		return nil, false, nil
	}
	f, err := SchemaFields([]byte(s))
	if err != nil {
		return nil, false, fmt.Errorf("JSON Schema of dataset %q: %w", dataset, err)
	}
	return f, true, nil
}

func (m *mapper) event(r *provenance.Run) (RunEvent, error) {
	var ev RunEvent
	if r == nil {
		return ev, errors.New("openlineage: no run record (nil)")
	}
	fail := func(format string, args ...any) (RunEvent, error) {
		return RunEvent{}, fmt.Errorf("openlineage: run %s of model %q: %s", r.ID, r.Model, fmt.Sprintf(format, args...))
	}
	if !isUUID(r.ID) {
		return fail("the ID %q is not a UUID; OpenLineage identifies runs by UUID", r.ID)
	}
	if r.Model == "" {
		return fail("the record names no model")
	}
	if r.Parent != "" && !isUUID(r.Parent) {
		return fail("the parent ID %q is not a UUID; OpenLineage identifies runs by UUID", r.Parent)
	}
	var end bool
	switch r.Status {
	case provenance.Running:
		ev.EventType, ev.EventTime = "START", r.Start
	case provenance.Succeeded:
		ev.EventType, ev.EventTime, end = "COMPLETE", r.End, true
	case provenance.Failed, provenance.Interrupted:
		ev.EventType, ev.EventTime, end = "FAIL", r.End, true
	case provenance.Skipped:
		return RunEvent{}, ErrSkipped
	default:
		return fail("unknown status %q; expected running, succeeded, failed or interrupted", r.Status)
	}
	if ev.EventTime.IsZero() {
		ev.EventTime = r.Start // a record that ended without an end time
	}
	if ev.EventTime.IsZero() {
		return fail("the record has no start time")
	}
	ev.EventTime = ev.EventTime.UTC()
	ev.Producer, ev.SchemaURL = Producer, RunEventSchemaURL

	ns := JobNamespace(r.Project, r.Env)
	ev.Job = Job{Namespace: ns, Name: r.Model}
	jobType := "MODEL"
	if r.Partition != "" {
		ev.Job.Name, jobType = r.Model+".partition", "PARTITION"
	}
	ev.Job.Facets.JobType = &JobTypeFacet{BaseFacet: base(jobTypeFacetURL), ProcessingType: "BATCH", Integration: "AYEAYE", JobType: jobType}

	ev.Run = Run{RunID: strings.ToLower(r.ID), Facets: m.runFacets(r, ns, end)}
	ev.Inputs, ev.Outputs = []InputDataset{}, []OutputDataset{}
	for _, d := range r.Inputs {
		ds, err := m.dataset(r, d, true)
		if err != nil {
			return fail("input %q: %v", d.Name, err)
		}
		in := InputDataset{Dataset: ds}
		if end {
			in.InputFacets.InputStatistics = &StatisticsFacet{BaseFacet: base(inputStatisticsFacetURL), RowCount: d.Records, Size: d.Size}
		}
		ev.Inputs = append(ev.Inputs, in)
	}
	for _, d := range r.Outputs {
		// A failed run commits no output: the previous content stays, so
		// neither its fingerprint nor its counts describe the dataset.
		done := r.Status == provenance.Succeeded
		ds, err := m.dataset(r, d, done)
		if err != nil {
			return fail("output %q: %v", d.Name, err)
		}
		out := OutputDataset{Dataset: ds}
		if done {
			out.OutputFacets.OutputStatistics = &StatisticsFacet{BaseFacet: base(outputStatisticsFacetURL), RowCount: d.Records, Size: d.Size}
		}
		ev.Outputs = append(ev.Outputs, out)
	}
	return ev, nil
}

func (m *mapper) runFacets(r *provenance.Run, ns string, end bool) RunFacets {
	var f RunFacets
	if r.Parent != "" {
		parent := JobRef{Namespace: ns, Name: m.invocation}
		if r.Partition != "" {
			parent.Name = r.Model
		}
		f.Parent = &ParentRunFacet{BaseFacet: base(parentFacetURL), Run: ParentRun{RunID: strings.ToLower(r.Parent)}, Job: parent}
	}
	if r.Status == provenance.Failed || r.Status == provenance.Interrupted {
		msg := r.Error
		switch {
		case msg == "" && r.Status == provenance.Interrupted:
			msg = "interrupted: the process running it died before the run ended"
		case msg == "":
			msg = "failed (the run record holds no error message)"
		}
		f.ErrorMessage = &ErrorMessageRunFacet{BaseFacet: base(errorMessageFacetURL), Message: msg, ProgrammingLanguage: "GO"}
	}
	f.ProcessingEngine = &ProcessingEngineRunFacet{BaseFacet: base(processingEngineFacetURL), Version: m.engine, Name: "Aye-aye for Go"}
	if tags := runTags(r, end); len(tags) > 0 {
		f.Tags = &TagsRunFacet{BaseFacet: base(tagsRunFacetURL), Tags: tags}
	}
	if len(r.Vars) > 0 {
		p := &ExecutionParametersFacet{BaseFacet: base(executionParametersFacetURL)}
		for _, k := range provenance.SortedKeys(r.Vars) {
			p.Parameters = append(p.Parameters, Parameter{Key: k, Value: r.Vars[k]})
		}
		f.ExecutionParameters = p
	}
	return f
}

// runTags are the facts about a run that no standard facet holds: the
// partition key, the program's code version and, once it ended, the
// model's counters.
func runTags(r *provenance.Run, end bool) []Tag {
	var tags []Tag
	add := func(k, v string) { tags = append(tags, Tag{Key: k, Value: v, Source: "AYEAYE"}) }
	if r.Partition != "" {
		add("partition", r.Partition)
	}
	if r.Code.Module != "" {
		add("code.module", r.Code.Module)
	}
	if r.Code.Version != "" {
		add("code.version", r.Code.Version)
	}
	if r.Code.Revision != "" {
		add("code.revision", r.Code.Revision)
	}
	if r.Code.Dirty {
		add("code.dirty", "true")
	}
	if !end {
		return tags
	}
	if r.Rejected > 0 {
		add("rejected", strconv.FormatInt(r.Rejected, 10))
	}
	for _, k := range provenance.SortedKeys(r.Stats) {
		add("stat."+k, strconv.FormatInt(r.Stats[k], 10))
	}
	return tags
}

// dataset names d and gives it its dataset facets; withVersion adds the
// fingerprint, when the content it describes is the dataset's.
func (m *mapper) dataset(r *provenance.Run, d provenance.Dataset, withVersion bool) (Dataset, error) {
	ns, name, err := datasetName(m.reg, d.Location, r.Host, m.dir)
	if err != nil {
		return Dataset{}, err
	}
	ds := Dataset{Namespace: ns, Name: name}
	ds.Facets.DataSource = &DataSourceFacet{BaseFacet: base(dataSourceFacetURL), Name: ns, URI: dataSourceURI(ns)}
	if withVersion && d.Fingerprint != "" {
		ds.Facets.Version = &VersionFacet{BaseFacet: base(versionFacetURL), DatasetVersion: d.Fingerprint}
	}
	fields, ok, err := m.fields(d.Name)
	if err != nil {
		return Dataset{}, err
	}
	if ok {
		ds.Facets.Schema = &SchemaFacet{BaseFacet: base(schemaFacetURL), Fields: fields}
	}
	return ds, nil
}

// JobNamespace is the namespace of a project's jobs in an environment:
// "<project>/<env>", or just the project without an environment. A run
// without a project is in "ayeaye".
func JobNamespace(project, env string) string {
	if project == "" {
		project = "ayeaye"
	}
	if env == "" {
		return project
	}
	return project + "/" + env
}

// isUUID reports whether s is a UUID in its canonical 8-4-4-4-12 hex form.
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return false
			}
		}
	}
	return true
}

// moduleVersion is the version of Aye-aye's runtime built into this
// program, for the processing_engine facet.
func moduleVersion() string {
	const path = "github.com/ayeaye-go/ayeaye"
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Path == path && bi.Main.Version != "" {
			return bi.Main.Version
		}
		for _, d := range bi.Deps {
			if d.Path == path && d.Version != "" {
				return d.Version
			}
		}
	}
	return "(devel)"
}
